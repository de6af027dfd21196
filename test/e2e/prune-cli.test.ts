// `bootable prune` against real libvirt and podman, in a private cache dir and VM state root: what it lists, that
// the dry run removes nothing, and that removing takes exactly what was listed. Images are scoped to this run's own
// tags (tags of the base image: untagging frees nothing and costs nothing), so a developer's images are never touched.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { BASE_IMAGE } from '../../core/base/recipe';
import { findPrunable, removePrunable } from '../../core/prune/prune';
import { run } from '../../core/util/process';

const root = process.env.BOOTABLE_ROOT ?? new URL('../..', import.meta.url).pathname;
const URI = 'qemu:///system';
const tag = randomBytes(3).toString('hex');
const prefix = `localhost/bootable-test-prune-${tag}/`;
const usedImage = `${prefix}used:latest`;
const unusedImage = `${prefix}unused:latest`;
const liveVm = `bootable-test-prune-${tag}-live`;
const goneVm = `bootable-test-prune-${tag}-gone`;
const dir = mkdtempSync(join(tmpdir(), 'bootable-test-prune-'));
const cacheDir = join(dir, 'cache');
const vmRoot = join(dir, 'vms');
const MiB = 2 ** 20;

function writeFileOf(path: string, bytes: number): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, Buffer.alloc(bytes, 1));
}

function vmRecord(name: string, image: string): void {
  mkdirSync(join(vmRoot, name), { recursive: true });
  writeFileSync(join(vmRoot, name, 'vm.json'), JSON.stringify({ name, uri: URI, image: { ref: image }, disk: '/nonexistent', forwards: [] }));
  writeFileOf(join(vmRoot, name, 'overlay.qcow2'), 2 * MiB);
}

after(async () => {
  await run(['virsh', '--connect', URI, 'undefine', liveVm], { okExitCodes: [0, 1] });
  await run(['podman', 'rmi', '--ignore', usedImage, unusedImage]);
  rmSync(dir, { recursive: true, force: true });
});

test('prune lists unused cache entries, VM directories libvirt lost and unused images; --yes-less removes nothing', async () => {
  // A cache entry only the cache holds, and one whose disk an output directory also links (frees ~nothing).
  writeFileOf(join(cacheDir, 'disks', 'a'.repeat(64), 'qcow2/disk.qcow2'), 3 * MiB);
  writeFileOf(join(cacheDir, 'disks', 'b'.repeat(64), 'qcow2/disk.qcow2'), 3 * MiB);
  mkdirSync(join(dir, 'output'));
  linkSync(join(cacheDir, 'disks', 'b'.repeat(64), 'qcow2/disk.qcow2'), join(dir, 'output', 'disk.qcow2'));
  // A store's temporary directory: a young one is a disk build still writing it, an old one a killed build's.
  writeFileOf(join(cacheDir, 'disks', '.tmp-young', 'qcow2/disk.qcow2'), MiB);
  writeFileOf(join(cacheDir, 'disks', '.tmp-old', 'qcow2/disk.qcow2'), MiB);
  const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
  utimesSync(join(cacheDir, 'disks', '.tmp-old'), twoHoursAgo, twoHoursAgo);
  // A VM libvirt has (defined, never started) using one image, and one it no longer has.
  const xml = join(dir, 'live.xml');
  writeFileSync(xml, `<domain type='qemu'><name>${liveVm}</name><memory unit='MiB'>256</memory><os><type arch='x86_64' machine='q35'>hvm</type></os></domain>`);
  await run(['virsh', '--connect', URI, 'define', xml]);
  vmRecord(liveVm, usedImage);
  vmRecord(goneVm, unusedImage);
  await run(['podman', 'tag', BASE_IMAGE, usedImage, unusedImage]);

  const items = await findPrunable({ cacheDir, vmRoot, imagePrefix: prefix });
  const byTarget = new Map(items.map((i) => [i.target, i]));
  assert.deepEqual(items.map((i) => [i.kind, i.target]).sort(), [
    ['disk-cache', join(cacheDir, 'disks', '.tmp-old')],
    ['disk-cache', join(cacheDir, 'disks', 'a'.repeat(64))],
    ['disk-cache', join(cacheDir, 'disks', 'b'.repeat(64))],
    ['image', unusedImage],
    ['vm-dir', join(vmRoot, goneVm)],
  ].sort());
  assert.ok(byTarget.get(join(cacheDir, 'disks', 'a'.repeat(64)))!.bytes >= 3 * MiB);
  assert.ok(byTarget.get(join(cacheDir, 'disks', 'b'.repeat(64)))!.bytes < MiB, 'a disk also linked elsewhere frees nothing');
  assert.ok(byTarget.get(join(vmRoot, goneVm))!.bytes >= 2 * MiB);
  assert.equal(byTarget.get(unusedImage)!.bytes, 0, 'a tag of an image with other names frees nothing');

  // The CLI's dry run (default scope for images, this run's cache and VM root) lists the same files and removes nothing.
  const cli = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'prune', '--json'], {
    encoding: 'utf8', env: { ...process.env, BOOTABLE_CACHE_DIR: cacheDir, BOOTABLE_VM_DIR: vmRoot },
  });
  assert.equal(cli.status, 0, cli.stderr);
  const listed = (JSON.parse(cli.stdout) as { items: { kind: string; target: string }[] }).items.filter((i) => i.kind !== 'image');
  assert.deepEqual(listed.map((i) => i.target).sort(), items.filter((i) => i.kind !== 'image').map((i) => i.target).sort());
  for (const i of items.filter((x) => x.kind !== 'image')) assert.ok(existsSync(i.target), `${i.target} kept by the dry run`);
  assert.equal((await run(['podman', 'image', 'exists', unusedImage], { okExitCodes: [0, 1] })).exitCode, 0);
});

test('removing takes what was listed and nothing else: the live VM, its image and the output link stay', async () => {
  const items = await findPrunable({ cacheDir, vmRoot, imagePrefix: prefix });
  const outcomes = await removePrunable(items, { vmRoot });
  assert.deepEqual(outcomes.filter((o) => o.error), []);
  for (const i of items) if (i.kind !== 'image') assert.ok(!existsSync(i.target), `${i.target} removed`);
  assert.equal((await run(['podman', 'image', 'exists', unusedImage], { okExitCodes: [0, 1] })).exitCode, 1);
  assert.equal((await run(['podman', 'image', 'exists', usedImage], { okExitCodes: [0, 1] })).exitCode, 0);
  assert.equal((await run(['podman', 'image', 'exists', BASE_IMAGE], { okExitCodes: [0, 1] })).exitCode, 0);
  assert.ok(existsSync(join(vmRoot, liveVm, 'vm.json')));
  assert.ok(existsSync(join(dir, 'output', 'disk.qcow2')));
  assert.ok(existsSync(join(cacheDir, 'disks', '.tmp-young')), 'a running build\'s temporary directory stays');
  assert.deepEqual(await findPrunable({ cacheDir, vmRoot, imagePrefix: prefix }), []);
});

test('bootable prune refuses an unknown argument with exit 2', () => {
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'prune', '--all'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown argument --all/);
});
