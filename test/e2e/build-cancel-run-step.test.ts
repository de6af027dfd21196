// Cancelling a build stops its RUN step's processes too (issue 16 item 7): podman dies on cancel, but the RUN runs
// in an OCI runtime container of its own (`buildah-buildah<N>`), re-parented to PID 1, and `RUN sleep` slept on.
// Real podman and runc: the build is aborted while its shell-form RUN runs, then nothing of it may be running.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage } from '../../core/podman/build';
import { runStepContainers } from '../../core/podman/run-step-containers';
import { isCancelled } from '../../core/errors';
import { BASE_IMAGE } from '../../core/base/recipe';
import { waitUntil } from '../wait';

const seconds = 200 + Math.floor(Math.random() * 700); // a duration no other test sleeps
const dir = mkdtempSync(join(tmpdir(), 'bootable-cancel-run-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Processes of this test's RUN: `/bin/sh -c sleep N` and its `sleep N`. */
function runStepPids(): string[] {
  return readdirSync('/proc').filter((p) => {
    if (!/^\d+$/.test(p)) return false;
    try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ').includes(`sleep ${seconds}`); } catch { return false; }
  });
}

test('a build cancelled during a shell-form RUN leaves none of its processes running', async () => {
  writeFileSync(join(dir, 'Containerfile'), `FROM ${BASE_IMAGE}\nRUN sleep ${seconds}\n`);
  const runtimeBefore = await runStepContainers({});
  assert.ok(runtimeBefore, 'podman reports its OCI runtime');
  const ac = new AbortController();
  let running = false;
  const build = buildImage({ containerfile: join(dir, 'Containerfile'), tag: `localhost/bootable-test-cancel-run:${seconds}` }, {
    signal: ac.signal,
    onLine: (l) => { if (l.includes(`RUN sleep ${seconds}`)) running = true; },
  });
  build.catch(() => undefined);
  await waitUntil('the RUN step to run', () => running && runStepPids().length >= 2, 5 * 60_000);
  // Let the step settle into the runtime (podman's abort in the first instants races its own setup).
  await waitUntil('the RUN step in its runtime container', async () =>
    [...((await runStepContainers({}))?.ids ?? [])].some((id) => !runtimeBefore.ids.has(id)), 30_000);
  ac.abort();
  await assert.rejects(build, (err) => isCancelled(err));
  await waitUntil('every process of the RUN step to be gone', () => runStepPids().length === 0, 15_000)
    .catch((err) => { throw new Error(`${err.message}; still running: ${runStepPids().map((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ')).join(', ')}`); });
  const runtimeAfter = await runStepContainers({});
  assert.deepEqual([...runtimeAfter!.ids].filter((id) => !runtimeBefore.ids.has(id)), [], 'its runtime container is deleted');
});
