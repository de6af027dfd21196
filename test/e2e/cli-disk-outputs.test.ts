// `bootable disk` outputs beyond qcow2, and `bootable run`, through the CLI on the minimal example (random tag).
// One build makes raw, vmdk and vhd with a btrfs root on subvolumes (bootc-image-builder's `customizations.disk`
// btrfs volume: `root` at /, `vardata` at /var/data): the root partition of the raw disk is a btrfs with the
// planned UUID, both subvolumes, the image's files in `root`, the boot entry's rootflags=subvol=root, the
// deployment's fstab mounting `vardata`, and it passes `btrfs check` (ostree's hard links counted right: bootable
// fills btrfs through a loop mount); not booted (the disk-layout e2e boots the /var/data layout); vmdk passes
// `qemu-img check`; the fixed VHD has its footer and the raw size (qemu-img has no check for vpc); both convert
// back to raw byte-for-byte equal to the raw output. `bootable run` starts the image with systemd, `--stop`
// leaves nothing.
// Everything (image, container, loop device, files) is removed in after(), also when a step failed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { root } from './vm-helpers';

const PREFIX = 'bootable-test-outputs-';
const id = randomBytes(3).toString('hex');
const image = `localhost/${PREFIX}${id}:e2e`;
const container = `${PREFIX}${id}`;
const dir = mkdtempSync(join(tmpdir(), PREFIX));
const out = join(dir, 'output');
const config = join(dir, 'config.toml');
const mnt = join(dir, 'mnt');
const env = { ...process.env, BOOTABLE_CACHE_DIR: join(dir, 'cache') };
const sh = (argv: string[], timeoutMs = 10 * 60_000) => spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
const cli = (args: string[], timeoutMs = 10 * 60_000) =>
  spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), ...args], { cwd: dir, env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
const ok = (r: ReturnType<typeof sh>, what: string) => assert.equal(r.status, 0, `${what} failed (${r.status}):\n${r.stderr}\n${String(r.stdout).slice(-2000)}`);

let raw = '';
let loop = '';
/** Loop devices still attached (a failed test leaves its own): after() detaches them, and only them. */
const loops: string[] = [];

before(() => {
  writeFileSync(config, ['[[customizations.disk.partitions]]', 'type = "btrfs"', 'minsize = "4 GiB"',
    '[[customizations.disk.partitions.subvolumes]]', 'name = "root"', 'mountpoint = "/"',
    '[[customizations.disk.partitions.subvolumes]]', 'name = "vardata"', 'mountpoint = "/var/data"', ''].join('\n'));
  ok(cli(['build', join(root, 'examples/minimal/Containerfile'), '-t', image, '--quiet'], 20 * 60_000), 'bootable build');
});

after(() => {
  if (existsSync(mnt)) sh(['umount', mnt]);
  for (const l of loops) sh(['losetup', '-d', l]);
  sh(['podman', 'rm', '-f', '-t', '0', container], 120_000);
  sh(['podman', 'rmi', '-f', image], 120_000);
  rmSync(dir, { recursive: true, force: true });
});

test('raw, vmdk and vhd from one build; the raw disk has a btrfs root on subvolumes holding the image', { timeout: 40 * 60_000 }, () => {
  const args = [image, '--config', config, '--type', 'raw', '--type', 'vmdk', '--type', 'vhd', '--output', out];
  const planRun = cli(['disk', ...args, '--plan']);
  ok(planRun, 'bootable disk --plan');
  const plan = JSON.parse(planRun.stdout) as { disk: { partitions: { startSector: number; sizeSectors?: number }[] }; kernelArgs: string[];
    filesystems: { root: { type: string; uuid: string; subvolumes?: unknown } } };
  assert.equal(plan.filesystems.root.type, 'btrfs');
  assert.deepEqual(plan.filesystems.root.subvolumes, [{ name: 'root', mountpoint: '/' }, { name: 'vardata', mountpoint: '/var/data' }], 'the plan shows the subvolumes');
  assert.ok(plan.kernelArgs.includes('rootflags=subvol=root'), plan.kernelArgs.join(' '));

  const r = cli(['disk', ...args, '--json'], 35 * 60_000);
  ok(r, 'bootable disk');
  const result = r.stdout.trim().split('\n').map((l) => JSON.parse(l)).find((l) => l.type === 'result');
  assert.deepEqual(result.outputs.map((o: { path: string }) => o.path).sort(),
    [join(out, 'image/disk.raw'), join(out, 'vmdk/disk.vmdk'), join(out, 'vpc/disk.vhd')]);
  raw = join(out, 'image/disk.raw');

  const rootPart = plan.disk.partitions[3]!;
  const offset = rootPart.startSector * 512;
  const probe = sh(['blkid', '-p', '-O', String(offset), '-o', 'export', raw]);
  ok(probe, 'blkid');
  assert.match(probe.stdout, /^TYPE=btrfs$/m);
  assert.match(probe.stdout, new RegExp(`^UUID=${plan.filesystems.root.uuid}$`, 'm'));
  // The boot entry ostree wrote on /boot (ext4, read with debugfs) mounts the root subvolume.
  const bootAt = `${raw}?offset=${plan.disk.partitions[2]!.startSector * 512}`;
  const entries = sh(['debugfs', '-R', 'ls -p /loader/entries', bootAt]);
  ok(entries, 'debugfs ls');
  const conf = entries.stdout.split('\n').map((l) => l.split('/')[5]).find((n) => n?.endsWith('.conf'));
  assert.ok(conf, entries.stdout);
  const entry = sh(['debugfs', '-R', `cat /loader/entries/${conf}`, bootAt]);
  ok(entry, 'debugfs cat');
  assert.match(entry.stdout, new RegExp(`^options .*root=UUID=${plan.filesystems.root.uuid} rootflags=subvol=root `, 'm'));

  // The filesystem itself, read-only through a loop device of just the partition: consistent, and the image's
  // own files are in it (the example's unit and motd).
  const sectors = sh(['sfdisk', '--json', raw]);
  ok(sectors, 'sfdisk --json');
  const parts = (JSON.parse(sectors.stdout) as { partitiontable: { partitions: { start: number; size: number }[] } }).partitiontable.partitions;
  const p = parts.find((x) => x.start === rootPart.startSector);
  assert.ok(p, `no partition starts at sector ${rootPart.startSector}`);
  const lo = sh(['losetup', '--find', '--show', '--read-only', '--offset', String(offset), '--sizelimit', String(p.size * 512), raw]);
  ok(lo, 'losetup');
  loop = lo.stdout.trim();
  loops.push(loop);
  mkdirSync(mnt);
  ok(sh(['mount', '-t', 'btrfs', '-o', 'ro', loop, mnt]), 'mount');
  const subvolumes = sh(['btrfs', 'subvolume', 'list', mnt]);
  ok(subvolumes, 'btrfs subvolume list');
  assert.deepEqual(subvolumes.stdout.trim().split('\n').map((l) => l.split(' path ')[1]), ['root', 'vardata']);
  const found = sh(['find', join(mnt, 'root'), '-path', '*/usr/lib/systemd/system/hello.service', '-type', 'f']);
  ok(found, 'find');
  assert.notEqual(found.stdout.trim(), '', 'the image\'s hello.service is in the root subvolume');
  const fstabs = sh(['find', join(mnt, 'root/ostree/deploy'), '-path', '*/deploy/*/etc/fstab']).stdout.trim().split('\n')
    .filter((f) => f && !f.includes('/usr/etc/'));
  assert.equal(fstabs.length, 1, `fstab: ${fstabs.join(', ')}`);
  assert.match(readFileSync(fstabs[0]!, 'utf8'), new RegExp(`^UUID=${plan.filesystems.root.uuid} /var/data btrfs subvol=vardata 0 0$`, 'm'));
  const motd = sh(['find', mnt, '-path', '*/usr/etc/motd', '-o', '-path', '*/etc/motd']);
  const motds = motd.stdout.trim().split('\n').filter(Boolean);
  assert.ok(motds.some((m) => readFileSync(m, 'utf8') === readFileSync(join(root, 'examples/minimal/motd'), 'utf8')), `motd: ${motds.join(', ')}`);
  ok(sh(['umount', mnt]), 'umount');
  rmSync(mnt, { recursive: true });
  ok(sh(['losetup', '-d', loop]), 'losetup -d');
  loops.splice(loops.indexOf(loop), 1);
  loop = '';
});

// Debian 12's mkfs.btrfs (btrfs-progs 6.2) --rootdir gets hard links wrong ("link count wrong" on the hard links
// of ostree's objects); as root the builder fills btrfs through a loop mount with cp -a instead, which keeps them.
test('the btrfs root passes btrfs check', { timeout: 20 * 60_000 }, () => {
  assert.ok(raw, 'the build test made the raw disk');
  const probe = sh(['sfdisk', '--json', raw]);
  ok(probe, 'sfdisk --json');
  const p = (JSON.parse(probe.stdout) as { partitiontable: { partitions: { start: number; size: number }[] } }).partitiontable.partitions[3]!;
  const lo = sh(['losetup', '--find', '--show', '--read-only', '--offset', String(p.start * 512), '--sizelimit', String(p.size * 512), raw]);
  ok(lo, 'losetup');
  loop = lo.stdout.trim();
  loops.push(loop);
  const check = sh(['btrfs', 'check', '--readonly', loop], 15 * 60_000);
  ok(sh(['losetup', '-d', loop]), 'losetup -d');
  loops.splice(loops.indexOf(loop), 1);
  loop = '';
  ok(check, 'btrfs check --readonly');
});

test('vmdk passes qemu-img check and converts back to the raw disk, byte for byte', { timeout: 20 * 60_000 }, () => {
  assert.ok(raw, 'the build test made the raw disk');
  const vmdk = join(out, 'vmdk/disk.vmdk');
  const check = sh(['qemu-img', 'check', '-f', 'vmdk', vmdk]);
  ok(check, 'qemu-img check');
  assert.match(check.stdout, /No errors were found/);
  const info = JSON.parse(sh(['qemu-img', 'info', '--output', 'json', vmdk]).stdout) as { format: string; 'virtual-size': number; 'format-specific'?: { data?: { 'create-type'?: string } } };
  assert.equal(info.format, 'vmdk');
  assert.equal(info['format-specific']?.data?.['create-type'], 'streamOptimized');
  assert.equal(info['virtual-size'], statSync(raw).size);
  const back = join(dir, 'vmdk-back.raw');
  ok(sh(['qemu-img', 'convert', '-f', 'vmdk', '-O', 'raw', vmdk, back], 15 * 60_000), 'qemu-img convert');
  ok(sh(['cmp', raw, back]), 'cmp raw vmdk→raw');
  rmSync(back);
});

test('vhd is a fixed VHD of the raw disk: its footer, its size, and converts back byte for byte', { timeout: 20 * 60_000 }, () => {
  assert.ok(raw, 'the build test made the raw disk');
  const vhd = join(out, 'vpc/disk.vhd');
  const size = statSync(raw).size;
  // A fixed VHD is the raw data followed by a 512-byte footer that starts with "conectix", disk type 2 (fixed).
  assert.equal(statSync(vhd).size, size + 512);
  const footer = Buffer.alloc(512);
  const fd = openSync(vhd, 'r');
  try { readSync(fd, footer, 0, 512, size); } finally { closeSync(fd); }
  assert.equal(footer.subarray(0, 8).toString('latin1'), 'conectix');
  assert.equal(footer.readUInt32BE(60), 2, 'disk type fixed');
  assert.equal(Number(footer.readBigUInt64BE(48)), size, 'current size = the raw disk size');
  // qemu-img has no consistency check for vpc (exit 63), and probes a fixed VHD as raw: the format is given.
  const info = JSON.parse(sh(['qemu-img', 'info', '-f', 'vpc', '--output', 'json', vhd]).stdout) as { 'virtual-size': number };
  assert.equal(info['virtual-size'], size);
  const back = join(dir, 'vhd-back.raw');
  ok(sh(['qemu-img', 'convert', '-f', 'vpc', '-O', 'raw', vhd, back], 15 * 60_000), 'qemu-img convert');
  ok(sh(['cmp', raw, back]), 'cmp raw vhd→raw');
  rmSync(back);
});

test('bootable run starts the image with systemd up; --stop leaves no container', { timeout: 10 * 60_000 }, () => {
  const r = cli(['run', image, '--name', container], 5 * 60_000);
  ok(r, 'bootable run');
  assert.match(r.stdout, new RegExp(`^${container} is (running|degraded)$`, 'm'));
  assert.match(r.stdout, new RegExp(`^stop it with: bootable run --stop ${container}$`, 'm'));
  const state = sh(['podman', 'exec', container, 'systemctl', 'is-system-running']);
  assert.match(state.stdout.trim(), /^(running|degraded)$/, state.stderr);
  const pid1 = sh(['podman', 'exec', container, 'cat', '/proc/1/comm']);
  assert.equal(pid1.stdout.trim(), 'systemd');
  const hello = sh(['podman', 'exec', container, 'systemctl', 'is-enabled', 'hello.service']);
  assert.equal(hello.stdout.trim(), 'enabled', hello.stderr);

  const stop = cli(['run', '--stop', container], 3 * 60_000);
  ok(stop, 'bootable run --stop');
  assert.equal(stop.stdout, `stopped ${container}\n`);
  const left = sh(['podman', 'ps', '-a', '--format', '{{.Names}}']);
  ok(left, 'podman ps');
  assert.ok(!left.stdout.split('\n').includes(container), `left: ${left.stdout}`);
  assert.equal(sh(['podman', 'container', 'exists', container]).status, 1, 'no container of that name');
});
