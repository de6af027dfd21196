// Cancel and failure with real podman: nothing left behind (no containers, no build containers, no temp
// dirs), and a failing build names the failing instruction's line.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildImage, PodmanBuildError } from '../../core/podman/build';
import { runContainer } from '../../core/podman/run';
import { runPodman } from '../../core/podman/exec';
import { isCancelled, PodmanError } from '../../core/errors';
import { BASE_IMAGE } from '../../core/base/recipe';
import { waitUntil } from '../wait';

const root = process.env.BOOTABLE_ROOT ?? process.cwd();
const fixtures = join(root, 'test/fixtures/images');
const suffix = randomBytes(3).toString('hex');
const images: string[] = [];

after(async () => {
  for (const i of images) await runPodman(['podman', 'rmi', '--force', i], { okExitCodes: [0, 1, 2, 125] });
});

/** Processes running `sleep 120` (the slow-build fixture's RUN): build containers share the host's /proc. */
function sleepingPids(): string[] {
  return readdirSync('/proc').filter((p) => {
    if (!/^\d+$/.test(p)) return false;
    try { return readFileSync(`/proc/${p}/cmdline`, 'utf8') === 'sleep\u0000120\u0000'; } catch { return false; }
  });
}

const ourTempDirs = () => readdirSync(tmpdir()).filter((n) => /^bootable-(build|image-check)-/.test(n));

interface Ctr { Id: string; ImageID: string; Status: string }
async function allContainers(): Promise<Ctr[]> {
  return JSON.parse((await runPodman(['podman', 'ps', '-a', '--external', '--format', 'json'])).stdout || '[]') as Ctr[];
}
async function imageIds(): Promise<Set<string>> {
  const r = await runPodman(['podman', 'images', '-a', '--no-trunc', '--format', '{{.ID}}']);
  return new Set(r.stdout.split('\n').map((l) => l.trim().replace(/^sha256:/, '')).filter(Boolean));
}

test('cancel in the middle of a build: rejects as cancelled, no build containers or temp dirs left', async () => {
  const baseId = (await runPodman(['podman', 'image', 'inspect', '--format', '{{.Id}}', BASE_IMAGE])).stdout.trim();
  const before = new Set((await allContainers()).map((c) => c.Id));
  const imagesBefore = await imageIds();
  const tempBefore = ourTempDirs();
  const ac = new AbortController();
  const tag = `localhost/bootable-test-cancel:${suffix}`;
  images.push(tag);
  let step3 = false;
  const build = buildImage({ containerfile: join(fixtures, 'slow-build/Containerfile'), tag }, {
    signal: ac.signal,
    onLine: (l) => { if (/^STEP 3\/3: RUN sleep 120/.test(l)) step3 = true; },
  });
  build.catch(() => undefined);
  // Abort while the RUN really runs: its `sleep 120` is a process and its build container exists.
  await waitUntil('the RUN sleep 120 of the build', () => step3 && sleepingPids().length > 0, 5 * 60_000);
  const working = (await allContainers()).filter((c) => !before.has(c.Id));
  assert.ok(working.length > 0, 'the build has a working container to clean up');
  const abortedAt = Date.now();
  ac.abort();
  await assert.rejects(build, (err) => isCancelled(err));
  assert.ok(Date.now() - abortedAt < 20_000, 'cancel took effect promptly');
  await waitUntil('the RUN sleep 120 stopped', () => sleepingPids().length === 0, 10_000);
  const imagesAfter = await imageIds();
  const ours = (c: Ctr) => c.ImageID.startsWith(baseId) || (!imagesBefore.has(c.ImageID) && imagesAfter.has(c.ImageID));
  const left = (await allContainers()).filter((c) => !before.has(c.Id) && ours(c));
  assert.deepEqual(left, [], 'no working containers left by the cancelled build');
  assert.deepEqual(ourTempDirs().filter((d) => !tempBefore.includes(d)), []);
  const tagged = await runPodman(['podman', 'image', 'exists', tag], { okExitCodes: [0, 1] });
  assert.equal(tagged.exitCode, 1, 'a cancelled build tags nothing');
});

test('cancel in the middle of a run: the container is removed', async () => {
  const tag = `localhost/bootable-test-minimal:${suffix}`;
  images.push(tag);
  await buildImage({ containerfile: join(root, 'examples/minimal/Containerfile'), tag });
  const name = `bootable-test-cancel-run-${suffix}`;
  const ac = new AbortController();
  let booting = false;
  const started = runContainer({ image: tag, name, ports: [] }, {
    signal: ac.signal,
    progress: (e) => { if (e.id === 'boot') booting = true; },
  });
  started.catch(() => undefined);
  // Abort while it waits for systemd: the container exists and runs then.
  await waitUntil('the container running', async () => booting &&
    (await runPodman(['podman', 'container', 'inspect', '--format', '{{.State.Status}}', name], { okExitCodes: [0, 125] })).stdout.trim() === 'running', 120_000);
  ac.abort();
  await assert.rejects(started, (err) => isCancelled(err));
  const exists = await runPodman(['podman', 'container', 'exists', name], { okExitCodes: [0, 1] });
  assert.equal(exists.exitCode, 1, 'the cancelled container is gone');
});

test('a failing build reports the failing instruction\'s line and podman\'s message, and leaves nothing', async () => {
  const before = new Set((await allContainers()).map((c) => c.Id));
  const tempBefore = ourTempDirs();
  const containerfile = join(fixtures, 'failing-build/Containerfile');
  const err = await buildImage({ containerfile, tag: `localhost/bootable-test-failing:${suffix}` }).then(
    () => assert.fail('the build should fail'), (e: unknown) => e);
  assert.ok(err instanceof PodmanBuildError, String(err));
  assert.equal(err.containerfile, containerfile);
  assert.equal(err.range?.start.line, 3, 'the RUN on line 4 (0-based 3) failed');
  assert.equal(err.range?.end.line, 4, 'the instruction spans its continuation line');
  assert.match(err.podmanMessage, /exit status 7/);
  assert.match(err.message, /failing-build\/Containerfile:4 \(RUN\)/);
  const left = (await allContainers()).filter((c) => !before.has(c.Id) && c.Status === 'Storage');
  assert.deepEqual(left, []);
  assert.deepEqual(ourTempDirs().filter((d) => !tempBefore.includes(d)), []);
});

test('CLI: bootable build of the failing Containerfile exits 1 with FILE:LINE on stderr', () => {
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'build', '-q', join(fixtures, 'failing-build/Containerfile')],
    { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /bootable: error: build failed at .*failing-build\/Containerfile:4 \(RUN\): .*exit status 7/);
});

test('running an image that does not exist: a PodmanError that says what to do', async () => {
  const err = await runContainer({ image: `localhost/bootable-test-no-such-image:${suffix}`, ports: [] }).then(
    () => assert.fail('should fail'), (e: unknown) => e);
  assert.ok(err instanceof PodmanError, String(err));
  assert.match(err.hint ?? '', /build it first|podman images/);
});
