// Safety of the disk builder as a process: SIGKILL at several points leaves no disk at the output path, and the
// next run cleans what a killed one left (work dir, image mount, orphan tools) and succeeds; SIGTERM cancels
// cleanly with exit code 130. Runs the real CLI bundle (dist/cli.cjs) on an image of its own, made FROM the local
// base image with one more layer: its ID and top layer are this file's alone, so another build of the base
// image running meanwhile cannot hide or fake a mount.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { run } from '../../core/util/process';
import { buildImage } from '../../core/podman/build';
import { cleanStaleWorkDirs } from '../../core/builder/workspace';
import { waitUntil } from '../wait';
import { imageId, mountedImageIds } from './image-mounts';

const root = process.env.BOOTABLE_ROOT ?? new URL('../..', import.meta.url).pathname;
const cli = join(root, 'dist/cli.cjs');
const BASE = 'localhost/bootable/debian-bootc:12';
const IMAGE = `localhost/bootable-builder-test/kill:${randomBytes(3).toString('hex')}`;
let dir: string;
let id: string;

before(async () => {
  assert.ok(existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
  // Fails loudly when the base image is missing (made by `npm run setup` / `bootable base`).
  await run(['podman', 'image', 'exists', BASE], { hint: `build the base image first: node ${cli} base` });
  dir = mkdtempSync(join(tmpdir(), 'bootable-builder-kill-'));
  writeFileSync(join(dir, 'marker'), `${IMAGE}\n`);
  writeFileSync(join(dir, 'Containerfile'), `FROM ${BASE}\nCOPY marker /usr/share/bootable-builder-kill\n`);
  await buildImage({ containerfile: join(dir, 'Containerfile'), tag: IMAGE });
  id = await imageId(IMAGE);
});

after(async () => {
  // Killed builds leave work dirs (with running tools, ostree's immutable files): the builder's own cleanup
  // removes them, as the next run would.
  for (const out of dir ? readdirSync(dir) : []) await cleanStaleWorkDirs(join(dir, out)).catch(() => undefined);
  while (id && (await mountedImageIds()).includes(id)) await run(['podman', 'image', 'unmount', id]);
  await run(['podman', 'rmi', '--force', IMAGE], { okExitCodes: [0, 1, 2, 125] });
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
});

interface Started { exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; pid: number; reached: Promise<void> }

/** Starts `bootable disk --json` and resolves `reached` once the progress event `stepName` arrives. */
function startBuild(output: string, stepName: string | undefined): Started {
  const child = spawn(process.execPath, [cli, 'disk', IMAGE, '--json', '--no-cache', '--output', output], {
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

/** Processes whose command line names a work dir in `output`: the builder's tools. */
function toolsOf(output: string): string[] {
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

const workDirs = (output: string) => readdirSync(output).filter((n) => n.startsWith('.bootable-build-'));
const disk = (output: string) => join(output, 'qcow2/disk.qcow2');

/** Starts a build and SIGKILLs it while one of its tools runs in step `point`. */
async function killDuring(output: string, point: string): Promise<void> {
  const b = startBuild(output, point);
  await b.reached;
  await waitUntil(`a tool of step ${point}`, () => toolsOf(output).length > 0, 10 * 60_000, 20);
  process.kill(b.pid, 'SIGKILL');
  const { signal } = await b.exit;
  assert.equal(signal, 'SIGKILL');
}

for (const point of ['mkfs-root', 'convert-qcow2']) {
  test(`SIGKILL during ${point}: no disk at the output path`, { timeout: 20 * 60_000 }, async () => {
    const output = join(dir, `out-${point}`);
    await killDuring(output, point);
    assert.ok(!existsSync(disk(output)), 'a killed build must never leave a disk at the output path');
    assert.equal(workDirs(output).length, 1, 'the killed build left its work dir (a SIGKILL cannot clean up)');
  });
}

test('SIGKILL during prepare-ostree leaves its work dir and image mount; the next run cleans them and succeeds', { timeout: 40 * 60_000 }, async () => {
  const output = join(dir, 'next');
  await killDuring(output, 'prepare-ostree');
  assert.ok(!existsSync(disk(output)));
  // What the kill left, so that the next run has something to clean.
  const left = workDirs(output);
  assert.equal(left.length, 1, `one work dir left: ${left.join(', ')}`);
  assert.ok((await mountedImageIds()).includes(id), 'the killed build left the image mounted');
  const tools = toolsOf(output);
  console.log(`# tools of the killed build still running: ${tools.length ? tools.join('; ') : 'none (they had finished)'}`);

  const b = startBuild(output, undefined);
  const { code } = await b.exit;
  assert.equal(code, 0);
  assert.ok(existsSync(disk(output)));
  assert.deepEqual(workDirs(output), [], 'stale work dir removed');
  assert.deepEqual(toolsOf(output), [], 'no tool of the killed build still runs');
  assert.ok(!(await mountedImageIds()).includes(id), `the image must not stay mounted: ${(await mountedImageIds()).join(', ')}`);
  const { stdout: info } = await run(['qemu-img', 'info', disk(output)]);
  assert.match(info, /file format: qcow2/);
});

test('SIGTERM cancels: exit 130, no disk, no work dir, no image mount', { timeout: 20 * 60_000 }, async () => {
  const output = join(dir, 'cancel');
  const b = startBuild(output, 'prepare-ostree');
  await b.reached;
  // Cancel while the image is mounted and a tool runs: both must be undone.
  await waitUntil('a tool of step prepare-ostree', () => toolsOf(output).length > 0, 10 * 60_000, 20);
  assert.ok((await mountedImageIds()).includes(id), 'the build has the image mounted');
  process.kill(b.pid, 'SIGTERM');
  const { code } = await b.exit;
  assert.equal(code, 130);
  assert.ok(!existsSync(disk(output)));
  assert.deepEqual(workDirs(output), []);
  assert.deepEqual(toolsOf(output), []);
  assert.ok(!(await mountedImageIds()).includes(id), 'the image must not stay mounted');
});
