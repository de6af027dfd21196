// A bootc-image-builder config with its own disk layout, end to end (issue 15): customizations.disk with a
// /var/data partition and swap, customizations.files and directories; the local base image (no rebuild) as an
// ostree deployment, booted once under TCG with BIOS. Inside: /var/data is mounted from its own partition of the
// planned size, the swap area is on, the file and directory have their content, owner and mode.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDisk, type BuildDiskResult } from '../../core/builder';
import { bootDisk, makeSshKey, sshRun, type Vm } from './builder-qemu';

const BASE = 'localhost/bootable/debian-bootc:12';
const BOOT_TIMEOUT = 15 * 60_000;

let dir: string;
let key: string;
let built: BuildDiskResult;
let vm: Vm | undefined;
let guest = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bootable-e2e-disk-layout-'));
  const k = await makeSshKey(dir);
  key = k.key;
  const config = join(dir, 'config.toml');
  writeFileSync(config, [
    '[[customizations.user]]', 'name = "tester"', `key = "${k.pub}"`,
    '[[customizations.disk.partitions]]', 'mountpoint = "/var/data"', 'fs_type = "ext4"', 'minsize = "1 GiB"',
    '[[customizations.disk.partitions]]', 'fs_type = "swap"', 'minsize = "64 MiB"',
    '[[customizations.files]]', 'path = "/etc/bootable-e2e.conf"', 'data = "secret=1\\n"', 'mode = "0600"', 'user = "tester"',
    '[[customizations.directories]]', 'path = "/etc/bootable-e2e.d"', 'mode = "0750"',
  ].join('\n') + '\n');
  const t0 = Date.now();
  built = await buildDisk({ image: BASE, types: ['qcow2'], config, output: join(dir, 'output'), cacheDir: join(dir, 'cache') });
  console.log(`# disk with a /var/data partition and swap: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  vm = await bootDisk(built.outputs[0].path, 'bios', 'disk-layout');
  const t1 = Date.now();
  guest = await sshRun(vm, key, 'tester', [
    'echo "DATA=$(findmnt -n -o SOURCE,FSTYPE /var/data)"',
    'echo "DATASIZE=$(lsblk -b -n -d -o SIZE "$(findmnt -n -o SOURCE /var/data)")"',
    'echo "SWAPS=$(tail -n +2 /proc/swaps | tr -s " \\t" " " | cut -d" " -f1,3 | tr "\\n" ";")"',
    'echo "FILE=$(stat -c "%a %U %G" /etc/bootable-e2e.conf)"',
    'echo "DIR=$(stat -c "%a %U %G %F" /etc/bootable-e2e.d)"',
    'echo "ROOTDEV=$(findmnt -n -o SOURCE /sysroot)"',
  ].join('; '), BOOT_TIMEOUT);
  console.log(`# BIOS boot to ssh: ${((Date.now() - t1) / 1000).toFixed(0)} s`);
}, { timeout: 30 * 60_000 });

after(async () => {
  await vm?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const field = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(guest)?.[1] ?? '';
const partition = (n: number) => built.plan.disk.partitions.find((p) => p.number === n)!;

test('the plan has /var/data and swap as partitions 4 and 5, before root', () => {
  assert.deepEqual(built.plan.dataFilesystems.map((f) => [f.mountpoint, f.type, f.partition]), [['/var/data', 'ext4', 4], ['', 'swap', 5]]);
  assert.equal(built.plan.filesystems.root.partition, 6);
});

test('/var/data is mounted from its own partition, of the planned size', () => {
  const [source, fstype] = field('DATA').split(/\s+/);
  assert.equal(source, '/dev/vda4');
  assert.equal(fstype, 'ext4');
  assert.equal(Number(field('DATASIZE')), partition(4).sizeSectors * 512);
  assert.equal(Number(field('DATASIZE')), 2 ** 30);
  assert.match(field('ROOTDEV'), /^\/dev\/vda6\b/, 'the root is the last partition');
});

test('the swap partition is on, with the planned size', () => {
  // /proc/swaps: size in KiB, the first page holds the header.
  assert.equal(field('SWAPS'), `/dev/vda5 ${(partition(5).sizeSectors * 512 - 4096) / 1024};`);
});

test('the config\'s file and directory are in /etc with their owner and mode', () => {
  assert.equal(field('FILE'), '600 tester root');
  assert.equal(field('DIR'), '750 root root directory');
});
