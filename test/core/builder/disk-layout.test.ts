// Disk layouts from bootc-image-builder configs: /var/* filesystems and customizations.disk partitions become
// their own partitions (root last, growing), mounted from fstab; what bootable cannot build is refused naming the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planDisk } from '../../../core/builder/plan';
import { parseConfigText } from '../../../core/builder/config/load';
import { fstabText } from '../../../core/builder/steps/boot-entries';
import { grubMkimageArgs } from '../../../core/builder/boot/grub-bios-images';
import type { ImageFacts, Plan, RootFsType } from '../../../core/builder/types';
import { ConfigError } from '../../../core/errors';
import { ConfigErrors } from '../../../core/builder/config/check';
import { checkRootOnlyOptions } from '../../../core/builder/preflight';

const MiB = 2 ** 20, GiB = 2 ** 30;
const image: ImageFacts = {
  ref: 'localhost/test:1', id: 'a'.repeat(64), digest: 'sha256:' + 'b'.repeat(64), sizeBytes: 780e6,
  kernelVersion: '6.1.0-56-amd64', hasBootc: false, hasOstree: true,
};
const plan = (config: unknown, rootfs?: RootFsType, extra: Partial<Parameters<typeof planDisk>[0]> = {}): Plan =>
  planDisk({ image, config: parseConfigText(JSON.stringify(config), 'config.json'), types: ['qcow2'], rootfs, cacheSecret: 's', ...extra });
const sizes = (p: Plan) => p.disk.partitions.map((x) => [x.name, x.typeCode, x.sizeSectors * 512]);
/** Refused: the first problem is at `path`; every problem (`key: problem`, joined by "; ") matches `re`. */
const refusedAt = (fn: () => unknown, path: string, re: RegExp) => assert.throws(fn, (e: unknown) => {
  assert.ok(e instanceof ConfigError, String(e));
  assert.equal(e.path, path);
  assert.match(e instanceof ConfigErrors ? e.problems.map((p) => `${p.path}: ${p.problem}`).join('; ') : e.message, re);
  return true;
});

test('bootc-image-builder\'s filesystem test config: /var/data, /var/data/test, /var/opt are partitions; fstab mounts parents first', () => {
  const p = plan({ customizations: { filesystem: [
    { mountpoint: '/', minsize: '12 GiB' }, { mountpoint: '/var/data', minsize: '3 GiB' },
    { mountpoint: '/var/data/test', minsize: '1 GiB' }, { mountpoint: '/var/opt', minsize: '2 GiB' }] } });
  const s = sizes(p);
  assert.deepEqual(s.slice(0, 6), [['BIOS-BOOT', 'EF02', MiB], ['EFI-SYSTEM', 'EF00', 501 * MiB], ['boot', 'EA00', GiB],
    ['var-data', '8300', 3 * GiB], ['var-data-test', '8300', GiB], ['var-opt', '8300', 2 * GiB]]);
  assert.equal(s[6][0], 'root');
  assert.ok((s[6][2] as number) >= 12 * GiB);
  assert.equal(p.filesystems.root.partition, 7);
  assert.ok(p.kernelArgs.includes(`root=UUID=${p.filesystems.root.uuid}`));
  assert.deepEqual(p.dataFilesystems.map((f) => [f.mountpoint, f.type, f.partition]), [['/var/data', 'ext4', 4], ['/var/opt', 'ext4', 6], ['/var/data/test', 'ext4', 5]]);
  assert.equal(new Set([p.filesystems.root.uuid, ...p.dataFilesystems.map((f) => f.uuid)]).size, 4, 'every filesystem has its own UUID');
  const fstab = fstabText(p).split('\n');
  const data = fstab.filter((l) => l.includes('/var/'));
  assert.deepEqual(data, p.dataFilesystems.map((f) => `UUID=${f.uuid} ${f.mountpoint} ext4 defaults 0 2`));
  assert.ok(fstab.findIndex((l) => l.includes(' /var/data ')) < fstab.findIndex((l) => l.includes(' /var/data/test ')));
  const steps = p.steps.map((x) => x.name);
  assert.deepEqual(steps.filter((n) => /data/.test(n)), ['split-data', 'mkfs-data-4', 'mkfs-data-6', 'mkfs-data-5']);
  assert.ok(steps.indexOf('mkfs-data-5') < steps.indexOf('mkfs-root'), 'content leaves the root tree before the root filesystem is made');
  assert.deepEqual(p.warnings, ['customizations.filesystem: not supported for disk images (applied: minimum sizes for /, /boot; /var/* become their own partitions (bootc-image-builder warns "not supported" and applies it; prefer customizations.disk))']);
});

test('the data filesystems take the root filesystem\'s type; with a btrfs root only / and /boot (every other listed)', () => {
  const cfg = { customizations: { filesystem: [{ mountpoint: '/var/data', minsize: '1 GiB' }, { mountpoint: '/', minsize: '5 GiB' }, { mountpoint: '/var/log', minsize: '1 GiB' }] } };
  assert.deepEqual(plan(cfg, 'xfs').dataFilesystems.map((f) => [f.type, f.label]), [['xfs', 'var-data'], ['xfs', 'var-log']]);
  refusedAt(() => plan(cfg, 'btrfs'), 'customizations.filesystem[0].mountpoint',
    /path "\/var\/data" is not allowed \(with a btrfs root[^;]*; customizations.filesystem\[2\].mountpoint: path "\/var\/log" is not allowed \(with a btrfs root filesystem only \/ and \/boot/);
  assert.equal(plan({ customizations: { filesystem: [{ mountpoint: '/', minsize: '12 GiB' }, { mountpoint: '/boot', minsize: '2 GiB' }] } }, 'btrfs').filesystems.root.type, 'btrfs');
});

test('customizations.disk: bootc-image-builder\'s swap test config, a plain /var/data, a root partition with its own type and ids', () => {
  const swap = plan({ customizations: { disk: { partitions: [{ minsize: '123 MiB', fs_type: 'swap' }] } } });
  assert.deepEqual(sizes(swap)[3], ['swap', '8200', 123 * MiB]);
  assert.deepEqual(swap.dataFilesystems.map((f) => [f.type, f.partition, f.label]), [['swap', 4, 'swap']]);
  assert.ok(fstabText(swap).includes(`UUID=${swap.dataFilesystems[0].uuid} none swap defaults 0 0\n`));
  assert.deepEqual(swap.steps.filter((s) => s.step === 'mkfs-data').map((s) => s.title), ['Make the swap area (partition 4)']);
  assert.ok(!swap.steps.some((s) => s.name === 'split-data'), 'swap has no content to move');

  const GUID = '0fc63daf-8483-4772-8e79-3d69d8477de4';
  const p = plan({ customizations: { disk: { minsize: '30 GiB', partitions: [
    { mountpoint: '/var/data', fs_type: 'xfs', minsize: '2 GiB', label: 'data', part_label: 'widget-data', part_type: GUID },
    { mountpoint: '/', fs_type: 'xfs', minsize: '8 GiB', part_uuid: '6264d520-3fb9-423f-8ab8-7a0a8e3d3562' },
    { fs_type: 'none', minsize: '16 MiB', part_label: 'raw' },
    { mountpoint: '/boot', fs_type: 'ext4', minsize: '2 GiB' },
  ] } } });
  assert.equal(p.disk.sizeBytes, 30 * GiB, 'disk.minsize grows the disk');
  assert.deepEqual(sizes(p).slice(2, 5), [['boot', 'EA00', 2 * GiB], ['widget-data', GUID, 2 * GiB], ['raw', '8300', 16 * MiB]]);
  const root = p.disk.partitions.at(-1)!;
  assert.deepEqual([root.name, root.partUuid, p.filesystems.root.type, p.filesystems.root.partition], ['root', '6264d520-3fb9-423f-8ab8-7a0a8e3d3562', 'xfs', 6]);
  assert.deepEqual(p.dataFilesystems.map((f) => [f.mountpoint, f.type, f.label, f.partition]), [['/var/data', 'xfs', 'data', 4]]);
});

test('customizations.disk: what bootable cannot build is refused naming the key and why', () => {
  const disk = (partitions: unknown[], extra = {}) => ({ customizations: { disk: { ...extra, partitions } } });
  refusedAt(() => plan(disk([{ type: 'btrfs', minsize: '10 GiB', subvolumes: [{ name: '../up', mountpoint: '/var/log' }, { name: 'home', mountpoint: '/home' }] }])),
    'customizations.disk.partitions[0].subvolumes[0].name', /"..\/up" is not a usable subvolume name.*; customizations.disk.partitions\[0\].subvolumes\[1\].mountpoint: path "\/home" is not allowed \(bootable mounts/);
  refusedAt(() => plan(disk([{ fs_type: 'swap', minsize: '1 GiB' }, { mountpoint: '/var/x', fs_type: 'ext4', minsize: '1 GiB' }], { type: 'dos' })),
    'customizations.disk.partitions', /a "dos" table holds 4 primary partitions: the ESP, \/boot and root leave room for 1 of yours, not 2/);
  refusedAt(() => plan(disk([{ mountpoint: '/boot', fs_type: 'xfs', minsize: '1 GiB' }])), 'customizations.disk.partitions[0].fs_type', /\/boot is ext4/);
  refusedAt(() => plan(disk([{ mountpoint: '/var/x', fs_type: 'vfat', minsize: '1 GiB' }])), 'customizations.disk.partitions[0].fs_type', /vfat is only for the EFI system partition/);
  refusedAt(() => plan(disk([{ mountpoint: '/usr', fs_type: 'ext4', minsize: '1 GiB' }, { mountpoint: '/var/ok', fs_type: 'ext4', minsize: '1 GiB' }, { mountpoint: '/home', fs_type: 'ext4', minsize: '1 GiB' }])),
    'customizations.disk.partitions[0].mountpoint', /path "\/usr" is not allowed \(bootable mounts[^;]*; customizations.disk.partitions\[2\].mountpoint: path "\/home" is not allowed/);
  assert.throws(() => plan(disk([{ mountpoint: '/var/x', fs_type: 'ext4', minsize: '20 GiB' }]), undefined, { diskSize: 10 * GiB }), /disk size 10 GiB is too small/);
});

test('customizations.disk type "dos": no BIOS boot partition (GRUB goes after the MBR), MBR type codes, PARTUUIDs id-NN', () => {
  const p = plan({ customizations: { disk: { type: 'dos', partitions: [{ mountpoint: '/var/data', fs_type: 'ext4', minsize: '1 GiB' }] } } });
  assert.equal(p.disk.table, 'dos');
  assert.deepEqual(sizes(p), [['EFI-SYSTEM', 'ef', 501 * MiB], ['boot', '83', GiB], ['var-data', '83', GiB], ['root', '83', p.disk.partitions[3].sizeSectors * 512]]);
  assert.equal(p.disk.partitions[0].startSector, 2048);
  assert.deepEqual([p.filesystems.esp.partition, p.filesystems.boot.partition, p.filesystems.root.partition], [1, 2, 4]);
  const id = p.disk.partitions[0].partUuid.split('-')[0];
  assert.match(id, /^[0-9a-f]{8}$/);
  assert.deepEqual(p.disk.partitions.map((x) => x.partUuid), ['01', '02', '03', '04'].map((n) => `${id}-${n}`));
  assert.equal(p.steps.find((s) => s.name === 'partition')?.title, 'Write the MBR (dos) partition table');
  assert.equal(plan({}).disk.table, 'gpt');
  const grub = grubMkimageArgs('/w/core.img', p.filesystems.boot.partition, 'dos');
  assert.ok(grub.includes('(hd0,msdos2)/grub') && grub.includes('part_msdos') && !grub.includes('part_gpt'), grub.join(' '));
});

test('kernel.name must name the image\'s only kernel', () => {
  for (const name of ['kernel', '6.1.0-56-amd64', 'linux-image-amd64', 'linux-image-6.1.0-56-amd64']) {
    assert.equal(plan({ customizations: { kernel: { name } } }).image.kernelVersion, '6.1.0-56-amd64', name);
  }
  refusedAt(() => plan({ customizations: { kernel: { name: 'kernel-rt' } } }), 'customizations.kernel.name', /"kernel-rt" is not the image's kernel \(6.1.0-56-amd64\)/);
});

test('files and directories are in the plan and the files step; the users step keeps expiry and reset', () => {
  const p = plan({ customizations: {
    files: [{ path: '/etc/widget.conf', data: 'a=1\n', mode: '0600' }], directories: [{ path: '/etc/widget.d' }],
    user: [{ name: 'alice', password: 'x', expiredate: 20000, force_password_reset: true }] } });
  assert.deepEqual(p.configFiles, [{ path: '/etc/widget.conf', data: 'a=1\n', mode: 0o600, user: undefined, group: undefined }]);
  const step = p.steps.find((s) => s.name === 'files')!;
  assert.equal(step.title, 'Write 1 file(s) and 1 directory(ies) from the config');
  assert.ok(p.steps.findIndex((s) => s.name === 'users') < p.steps.indexOf(step), 'files after users: config users can own them');
  assert.deepEqual([p.users[0].expiredate, p.users[0].forcePasswordReset], [20000, true]);
  assert.ok(!plan({}).steps.some((s) => s.name === 'files'));
});

test('btrfs subvolumes: a volume with / is the root (rootflags=subvol=), others are mounted from fstab with subvol=; root only', () => {
  const p = plan({ customizations: { disk: { partitions: [
    { mountpoint: '/var/data', fs_type: 'ext4', minsize: '1 GiB' },
    { type: 'btrfs', minsize: '12 GiB', part_label: 'system', subvolumes: [{ name: 'root', mountpoint: '/' }, { name: 'varlog', mountpoint: '/var/log' }] },
  ] } } });
  const root = p.filesystems.root;
  assert.deepEqual([root.type, root.partition, p.disk.partitions.at(-1)!.name], ['btrfs', 5, 'system'], 'the btrfs volume is the root partition, last');
  assert.ok(p.disk.partitions.at(-1)!.sizeSectors * 512 >= 12 * GiB);
  assert.deepEqual(root.subvolumes, [{ name: 'root', mountpoint: '/' }, { name: 'varlog', mountpoint: '/var/log' }]);
  assert.deepEqual(p.kernelArgs.slice(0, 2), [`root=UUID=${root.uuid}`, 'rootflags=subvol=root']);
  assert.deepEqual((p.steps.find((s) => s.name === 'split-data')!.inputs as { mountpoints: string[] }).mountpoints, ['/var/log', '/var/data']);
  assert.deepEqual((p.steps.find((s) => s.name === 'mkfs-root')!.inputs as { root: unknown }).root, root, '--plan shows the subvolumes');
  const fstab = fstabText(p).split('\n');
  assert.ok(fstab.includes(`UUID=${root.uuid} /var/log btrfs subvol=varlog 0 0`), fstab.join('\n'));
  assert.ok(!fstab.some((l) => / \/ btrfs/.test(l)), 'ostree mounts / itself');
  assert.ok(fstabText({ ...p, mode: 'plain' }).includes(`UUID=${root.uuid} / btrfs subvol=root 0 1`));

  // Without /, the volume is one more partition whose subvolumes are mounted; the root keeps its own type.
  const d = plan({ customizations: { disk: { partitions: [{ type: 'btrfs', minsize: '2 GiB', subvolumes: [{ name: 'data', mountpoint: '/var/data' }, { name: 'logs', mountpoint: '/var/log' }] }] } } });
  assert.equal(d.filesystems.root.type, 'ext4');
  assert.ok(!d.kernelArgs.some((a) => a.startsWith('rootflags=')));
  const vol = d.dataFilesystems[0]!;
  assert.deepEqual([vol.type, vol.mountpoint, vol.subvolumes!.map((sv) => sv.name)], ['btrfs', '', ['data', 'logs']]);
  assert.match(fstabText(d), new RegExp(`UUID=${vol.uuid} /var/data btrfs subvol=data 0 0\nUUID=${vol.uuid} /var/log btrfs subvol=logs 0 0\n`));
  assert.match(d.steps.find((s) => s.name === `mkfs-data-${vol.partition}`)!.title, /btrfs volume with subvolumes data \(\/var\/data\), logs \(\/var\/log\)/);

  // A normal user cannot make subvolumes (a loop device and a mount): refused before any slow step.
  assert.throws(() => checkRootOnlyOptions(p, false), /the btrfs subvolumes root \(\/\), varlog \(\/var\/log\) need root to build/);
  assert.throws(() => checkRootOnlyOptions(d, false), /the btrfs subvolumes data \(\/var\/data\), logs \(\/var\/log\) need root/);
  checkRootOnlyOptions(p, true);
  checkRootOnlyOptions(plan({}, 'btrfs'), false);
});
