import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkfsBtrfsArgs, mkfsBtrfsDeviceArgs, mkfsExt4Args, mkfsVfatArgs, mtoolsImage, qemuImgConvertArgs, sgdiskArgs } from '../../../core/builder/disk-args';
import { bootcInstallArgs } from '../../../core/builder/steps/prepare-bootc';
import { ostreeArgs } from '../../../core/builder/steps/prepare-ostree';
import { copyTreeArgs } from '../../../core/builder/steps/export-rootfs';
import { espDirs } from '../../../core/builder/steps/esp';
import type { FilesystemPlan, PartitionPlan } from '../../../core/builder/types';

const part: PartitionPlan = { number: 4, name: 'root', typeCode: '8304', partUuid: 'u-4', startSector: 3127296, sizeSectors: 17842176 };
const rootFs: FilesystemPlan = { type: 'ext4', label: 'root', uuid: 'f-uuid', partition: 4, mountpoint: '/' };

test('sgdisk: explicit start/end sectors, type codes, names and partition UUIDs', () => {
  const esp: PartitionPlan = { number: 2, name: 'EFI-SYSTEM', typeCode: 'EF00', partUuid: 'u-2', startSector: 4096, sizeSectors: 1026048 };
  assert.deepEqual(sgdiskArgs('/w/disk.raw', [esp, part]), [
    'sgdisk', '-a', '2048',
    '-n2:4096:1030143', '-t2:EF00', '-c2:EFI-SYSTEM', '-u2:u-2',
    '-n4:3127296:20969471', '-t4:8304', '-c4:root', '-u4:u-4',
    '/w/disk.raw',
  ]);
});

test('mkfs.ext4 populates from the tree straight into the disk at the partition offset', () => {
  assert.deepEqual(mkfsExt4Args('/w/disk.raw', rootFs, part, '/w/sysroot'), [
    'mkfs.ext4', '-q', '-F', '-b', '4096', '-U', 'f-uuid', '-L', 'root', '-d', '/w/sysroot',
    '-E', `offset=${3127296 * 512}`, '/w/disk.raw', `${17842176 / 2}k`,
  ]);
  assert.deepEqual(mkfsBtrfsArgs('/w/p.btrfs', { ...rootFs, type: 'btrfs' }, '/w/t'),
    ['mkfs.btrfs', '-q', '-f', '-U', 'f-uuid', '-L', 'root', '--rootdir', '/w/t', '/w/p.btrfs']);
  // As root: an empty btrfs on the partition's loop device, filled through a mount (subvolumes, hard links).
  assert.deepEqual(mkfsBtrfsDeviceArgs('/dev/loop7', { ...rootFs, type: 'btrfs' }), ['mkfs.btrfs', '-q', '-f', '-U', 'f-uuid', '-L', 'root', '/dev/loop7']);
});

test('mkfs.vfat: FAT32, one sector per cluster, volume id, offset in sectors, size in KiB', () => {
  const esp: PartitionPlan = { number: 2, name: 'EFI-SYSTEM', typeCode: 'EF00', partUuid: 'u', startSector: 4096, sizeSectors: 1026048 };
  assert.deepEqual(mkfsVfatArgs('/d', { type: 'vfat', label: 'EFI-SYSTEM', uuid: 'ABCD-1234', partition: 2, mountpoint: '/boot/efi' }, esp),
    ['mkfs.vfat', '-F', '32', '-s', '1', '-n', 'EFI-SYSTEM', '-i', 'ABCD1234', '--offset=4096', '/d', '513024']);
  assert.equal(mtoolsImage('/d', esp), '/d@@2097152');
});

test('qemu-img convert per type', () => {
  assert.deepEqual(qemuImgConvertArgs('a', 'b', 'qcow2'), ['qemu-img', 'convert', '-f', 'raw', '-O', 'qcow2', 'a', 'b']);
  assert.deepEqual(qemuImgConvertArgs('a', 'b', 'vhd'), ['qemu-img', 'convert', '-f', 'raw', '-O', 'vpc', '-o', 'subformat=fixed,force_size=on', 'a', 'b']);
  assert.deepEqual(qemuImgConvertArgs('a', 'b', 'vmdk').slice(4, 8), ['-O', 'vmdk', '-o', 'subformat=streamOptimized']);
});

test('ostree: commit layers the image mount and the overlay with a skip list; kargs appended (repeatable)', () => {
  const a = ostreeArgs('/w/sysroot', 'default', { image: '/m', overlay: '/w/o', skipList: '/w/s' }, ['root=UUID=x', 'console=tty0', 'console=ttyS0']);
  assert.deepEqual(a.commit, ['ostree', 'commit', '--repo=/w/sysroot/ostree/repo', '--branch=bootable/default/x86_64',
    '--tree=dir=/m', '--tree=dir=/w/o', '--skip-list=/w/s', '--subject=bootable disk build']);
  assert.deepEqual(a.deploy, ['ostree', 'admin', 'deploy', '--sysroot=/w/sysroot', '--os=default',
    '--karg-append=root=UUID=x', '--karg-append=console=tty0', '--karg-append=console=ttyS0', 'bootable/default/x86_64']);
  assert.deepEqual(a.readonly.slice(-2), ['sysroot.readonly', 'true']);
});

test('bootc install to-filesystem as bootc-image-builder runs it', () => {
  const argv = bootcInstallArgs({ image: 'quay.io/fedora/fedora-bootc:40', target: '/w/sysroot', rootUuid: 'R', bootUuid: 'B',
    stateroot: 'default', kargs: ['root=UUID=R', 'rw', 'console=ttyS0'], rootKeysFile: '/w/keys' });
  assert.deepEqual(argv.slice(0, 5), ['podman', 'run', '--rm', '--privileged', '--pid=host']);
  const i = argv.indexOf('quay.io/fedora/fedora-bootc:40');
  assert.deepEqual(argv.slice(i + 1, i + 4), ['bootc', 'install', 'to-filesystem']);
  for (const pair of [['--root-mount-spec', 'UUID=R'], ['--boot-mount-spec', 'UUID=B'], ['--stateroot', 'default'],
    ['--source-imgref', 'containers-storage:quay.io/fedora/fedora-bootc:40'], ['--root-ssh-authorized-keys', '/run/bootable/root-keys']]) {
    assert.equal(argv[argv.indexOf(pair[0]) + 1], pair[1], pair[0]);
  }
  assert.ok(argv.includes('/w/sysroot:/target'));
  assert.ok(!argv.includes('root=UUID=R'), 'bootc derives root= from --root-mount-spec');
  assert.deepEqual(argv.filter((a, j) => argv[j - 1] === '--karg'), ['rw', 'console=ttyS0']);
  assert.equal(argv[argv.length - 1], '/target');
});

test('rootfs copy keeps hardlinks/owners and ESP dirs are created parents first', () => {
  assert.deepEqual(copyTreeArgs('/m', '/w/rootfs'), ['cp', '-a', '--reflink=auto', '/m/.', '/w/rootfs']);
  assert.deepEqual(espDirs(['/ostree/default-abc/vmlinuz', '/ostree/default-abc/initramfs.img']),
    ['/EFI', '/loader', '/ostree', '/EFI/BOOT', '/loader/entries', '/ostree/default-abc']);
});

test('xfs: loop device over exactly the root partition, mkfs.xfs with the planned uuid and label', async () => {
  const { losetupArgs, mkfsXfsArgs } = await import('../../../core/builder/disk-args');
  assert.deepEqual(losetupArgs('/w/disk.raw', part),
    ['losetup', '-o', String(3127296 * 512), '--sizelimit', String(17842176 * 512), '--show', '-f', '/w/disk.raw']);
  assert.deepEqual(mkfsXfsArgs('/dev/loop3', { ...rootFs, type: 'xfs' }), ['mkfs.xfs', '-q', '-f', '-L', 'root', '-m', 'uuid=f-uuid', '/dev/loop3']);
});
