// Safety of the disk builder as a process: SIGKILL at several points leaves no disk at the output path and the
// next run succeeds (cleaning what the killed one left: work dir, orphan tools, image mount); SIGTERM cancels
// cleanly with exit code 130. Runs the real CLI bundle (dist/cli.cjs) on the local base image.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { run } from '../../core/util/process';

const root = process.env.BOOTABLE_ROOT ?? new URL('../..', import.meta.url).pathname;
const cli = join(root, 'dist/cli.cjs');
const BASE = 'localhost/bootable/debian-bootc:12';
let dir: string;

before(async () => {
  assert.ok(existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
  // Fails loudly when the base image is missing (made by `npm run setup` / `bootable base`).
  await run(['podman', 'image', 'exists', BASE], { hint: `build the base image first: node ${cli} base` });
  dir = mkdtempSync(join(tmpdir(), 'bootable-builder-kill-'));
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

interface Started { exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; pid: number; reached: Promise<void> }

/** Starts `bootable disk --json` and resolves `reached` once the progress event `stepName` arrives. */
function startBuild(output: string, stepName: string | undefined): Started {
  const child = spawn(process.execPath, [cli, 'disk', BASE, '--json', '--no-cache', '--output', output], {
    env: { ...process.env, BOOTABLE_CACHE_DIR: join(dir, 'cache') }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })));
  const reached = new Promise<void>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      try { if ((JSON.parse(line) as { id?: string }).id === stepName) resolve(); } catch { /* not JSON */ }
    });
    void exit.then(({ code }) => reject(new Error(`builder exited (${code}) before step ${stepName}: ${stderr}`)));
  });
  reached.catch(() => undefined);
  return { exit, pid: child.pid!, reached };
}

function orphansOf(output: string): string[] {
  const found: string[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      if (cmd.includes(join(output, '.bootable-build-'))) found.push(`${p}: ${cmd.replace(/\0/g, ' ')}`);
    } catch { /* gone */ }
  }
  return found;
}

const disk = (output: string) => join(output, 'qcow2/disk.qcow2');

for (const [point, delayMs] of [['prepare-ostree', 3000], ['mkfs-root', 1500], ['convert-qcow2', 300]] as const) {
  test(`SIGKILL during ${point}: no disk at the output path`, { timeout: 20 * 60_000 }, async () => {
    const output = join(dir, 'out');
    const b = startBuild(output, point);
    await b.reached;
    await new Promise((r) => setTimeout(r, delayMs));
    process.kill(b.pid, 'SIGKILL');
    const { signal } = await b.exit;
    assert.equal(signal, 'SIGKILL');
    assert.ok(!existsSync(disk(output)), 'a killed build must never leave a disk at the output path');
  });
}

test('the next run after the kills succeeds and cleans what they left', { timeout: 30 * 60_000 }, async () => {
  const output = join(dir, 'out');
  const b = startBuild(output, undefined);
  const { code } = await b.exit;
  assert.equal(code, 0);
  assert.ok(existsSync(disk(output)));
  assert.deepEqual(readdirSync(output).filter((n) => n.startsWith('.bootable-build-')), [], 'stale work dirs removed');
  assert.deepEqual(orphansOf(output), [], 'no tool of a killed build still runs');
  const { stdout: id } = await run(['podman', 'image', 'inspect', '--format', '{{.Id}}', BASE]);
  const { stdout: mounts } = await run(['podman', 'image', 'mount']);
  assert.ok(!mounts.includes(id.trim().slice(0, 12)), `the base image must not stay mounted:\n${mounts}`);
  const { stdout: info } = await run(['qemu-img', 'info', disk(output)]);
  assert.match(info, /file format: qcow2/);
});

test('SIGTERM cancels: exit 130, no disk, no work dir, no image mount', { timeout: 20 * 60_000 }, async () => {
  const output = join(dir, 'cancel');
  const b = startBuild(output, 'mkfs-root');
  await b.reached;
  await new Promise((r) => setTimeout(r, 1000));
  process.kill(b.pid, 'SIGTERM');
  const { code } = await b.exit;
  assert.equal(code, 130);
  assert.ok(!existsSync(disk(output)));
  assert.deepEqual(readdirSync(output).filter((n) => n.startsWith('.bootable-build-')), []);
  assert.deepEqual(orphansOf(output), []);
  const { stdout: id } = await run(['podman', 'image', 'inspect', '--format', '{{.Id}}', BASE]);
  const { stdout: mounts } = await run(['podman', 'image', 'mount']);
  assert.ok(!mounts.includes(id.trim().slice(0, 12)), `the base image must not stay mounted:\n${mounts}`);
});
