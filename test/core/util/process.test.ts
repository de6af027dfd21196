import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, formatArgv } from '../../../core/util/process';
import { CommandError } from '../../../core/errors';
import { waitUntil } from '../../wait';

/** True once a process no longer exists (or is a zombie waiting for a reaper). */
function gone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch { return true; }
}

test('run passes arguments verbatim, never through a shell', async () => {
  const r = await run(['printf', '%s|', 'a b', '$(echo x)', "it's"]);
  assert.equal(r.stdout, "a b|$(echo x)|it's|");
});

test('run streams lines to onLine', async () => {
  const lines: string[] = [];
  await run(['sh', '-c', 'echo one; echo two >&2; printf three'], { onLine: (l) => lines.push(l) });
  assert.deepEqual(lines.sort(), ['one', 'three', 'two']);
});

test('a failing command gives argv, exit code and stderr tail', async () => {
  await assert.rejects(run(['sh', '-c', 'echo boom >&2; exit 3'], { hint: 'do X' }), (e: unknown) => {
    assert.ok(e instanceof CommandError);
    assert.equal(e.reason, 'failed');
    assert.equal(e.exitCodeOfCommand, 3);
    assert.match(e.message, /boom/);
    assert.equal(e.hint, 'do X');
    return true;
  });
});

test('a missing program is reported as not installed', async () => {
  await assert.rejects(run(['bootable-no-such-program']), (e: unknown) =>
    e instanceof CommandError && e.reason === 'not-found' && /not installed/.test(e.message));
});

test('abort kills the whole process group', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-proc-'));
  try {
    const pidFile = join(dir, 'child.pid');
    const ac = new AbortController();
    const p = run(['sh', '-c', 'sleep 30 & echo $! > "$1"; wait', 'sh', pidFile], { signal: ac.signal });
    // Abort once the grandchild runs: its pid is written in full (echo writes it with the newline at once).
    const pid = await waitUntil('the grandchild pid file', () => {
      const m = /^(\d+)\n$/.exec(readFileSync(pidFile, 'utf8'));
      return m ? Number(m[1]) : undefined;
    }, 10_000);
    assert.ok(!gone(pid), 'the grandchild runs before the abort');
    ac.abort();
    await assert.rejects(p, (e: unknown) => e instanceof CommandError && e.reason === 'aborted');
    await waitUntil(`grandchild ${pid} gone`, () => gone(pid), 3000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('timeout stops the command', async () => {
  const t0 = Date.now();
  await assert.rejects(run(['sleep', '10'], { timeoutMs: 200 }), (e: unknown) =>
    e instanceof CommandError && e.reason === 'timeout');
  // Stopped long before sleep's own 10 s: the timeout killed it.
  assert.ok(Date.now() - t0 < 8000, `${Date.now() - t0} ms`);
});

test('formatArgv quotes what a shell would split', () => {
  assert.equal(formatArgv(['podman', 'build', '-t', 'a b', "x'y"]), `podman build -t 'a b' 'x'\\''y'`);
});
