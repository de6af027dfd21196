import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseMode, partitionTable, planDisk, cacheKeyOf, DEFAULT_DISK_SIZE } from '../../../core/builder/plan';
import type { ImageInfo } from '../../../core/builder/types';
import { emptyConfig, type BuilderConfig } from '../../../core/builder/config/types';
import { UsageError } from '../../../core/errors';

const MiB = 2 ** 20, GiB = 2 ** 30;
const image: ImageInfo = {
  ref: 'localhost/test:1', id: 'a'.repeat(64), digest: 'sha256:' + 'b'.repeat(64), sizeBytes: 780e6,
  kernelVersion: '6.1.0-56-amd64', hasBootc: false, hasOstree: true,
};
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl t@e';

test('default table: BIOS boot 1 MiB, ESP 501 MiB, /boot 1 GiB, root the rest of 10 GiB', () => {
  const t = partitionTable(emptyConfig, image.sizeBytes);
  assert.equal(t.sizeBytes, DEFAULT_DISK_SIZE);
  const [bios, esp, boot, root] = t.partitions;
  assert.deepEqual([bios.typeCode, esp.typeCode, boot.typeCode, root.typeCode], ['EF02', 'EF00', 'EA00', '8304']);
  assert.equal(bios.startSector, 2048);
  assert.equal(bios.sizeSectors * 512, 1 * MiB);
  assert.equal(esp.sizeSectors * 512, 501 * MiB);
  assert.equal(boot.sizeSectors * 512, 1 * GiB);
  // contiguous, 1 MiB aligned, and the root ends before the backup GPT
  for (let i = 1; i < 4; i++) assert.equal(t.partitions[i].startSector, t.partitions[i - 1].startSector + t.partitions[i - 1].sizeSectors);
  for (const p of t.partitions) assert.equal(p.startSector % 2048, 0);
  const end = root.startSector + root.sizeSectors;
  assert.ok(end <= t.sizeBytes / 512 - 33);
  assert.ok(t.sizeBytes / 512 - end < 2048 + 33);
});

test('root is at least 2× the image: a big image grows the disk beyond 10 GiB', () => {
  const t = partitionTable(emptyConfig, 6 * GiB);
  const root = t.partitions[3];
  assert.ok(root.sizeSectors * 512 >= 12 * GiB);
  assert.ok(t.sizeBytes > DEFAULT_DISK_SIZE);
  assert.equal(t.sizeBytes % MiB, 0);
});

test('filesystem minsize for / and /boot is honoured; /var/* adds to root', () => {
  const config: BuilderConfig = { ...emptyConfig, filesystems: [
    { mountpoint: '/', minsize: 20 * GiB }, { mountpoint: '/boot', minsize: 2 * GiB }, { mountpoint: '/var/lib/db', minsize: 5 * GiB }] };
  const t = partitionTable(config, image.sizeBytes);
  assert.equal(t.partitions[2].sizeSectors * 512, 2 * GiB);
  assert.ok(t.partitions[3].sizeSectors * 512 >= 25 * GiB);
});

test('an explicit disk size that is too small is refused', () => {
  assert.throws(() => partitionTable(emptyConfig, 4 * GiB, 5 * GiB), UsageError);
  assert.equal(partitionTable(emptyConfig, image.sizeBytes, 20 * GiB).sizeBytes, 20 * GiB);
});

test('mode: bootc when the image has bootc, else ostree when it can boot it, else plain; overrides checked', () => {
  assert.equal(chooseMode(image), 'ostree');
  assert.equal(chooseMode({ ...image, hasBootc: true }), 'bootc');
  assert.equal(chooseMode({ ...image, hasOstree: false }), 'plain');
  assert.equal(chooseMode(image, 'plain'), 'plain');
  assert.throws(() => chooseMode(image, 'bootc'), /no \/usr\/bin\/bootc/);
  assert.throws(() => chooseMode({ ...image, hasOstree: false }, 'ostree'), /cannot boot an ostree/);
});

test('planDisk: kernel args, users hashed, outputs laid out like bootc-image-builder, JSON round trip', () => {
  const config: BuilderConfig = { ...emptyConfig, kernelAppend: ['quiet'], users: [
    { name: 'cloud-user', password: 'changeme', keys: [KEY], groups: ['wheel'] }] };
  const plan = planDisk({ image, config, types: ['qcow2', 'raw', 'vmdk', 'vhd'] });
  assert.deepEqual(plan.kernelArgs, [`root=UUID=${plan.filesystems.root.uuid}`, 'rw', 'console=tty0', 'console=ttyS0', 'quiet']);
  assert.deepEqual(plan.outputs.map((o) => o.path), ['qcow2/disk.qcow2', 'image/disk.raw', 'vmdk/disk.vmdk', 'vpc/disk.vhd']);
  assert.equal(plan.mode, 'ostree');
  assert.equal(plan.users[0].home, '/var/home/cloud-user');
  assert.match(plan.users[0].passwordHash ?? '', /^\$6\$/);
  const text = JSON.stringify(plan);
  assert.ok(!text.includes('changeme'), 'the plaintext password never enters the plan');
  const back = JSON.parse(text);
  assert.deepEqual(back.disk, plan.disk);
  assert.deepEqual(back.filesystems, plan.filesystems);
  assert.deepEqual(back.steps, plan.steps);
  assert.match(plan.filesystems.esp.uuid, /^[0-9A-F]{4}-[0-9A-F]{4}$/);
  assert.equal(plan.filesystems.root.type, 'ext4');
  assert.deepEqual(plan.bootloaders, ['grub-bios', 'systemd-boot-uefi']);
  assert.ok(!plan.steps.some((s) => s.name === 'export-rootfs'), 'ostree mode commits from the image mount');
  assert.ok(planDisk({ image, config, types: ['qcow2'], mode: 'plain' }).steps.some((s) => s.name === 'export-rootfs'));
});

test('step ids hash their inputs: same inputs same ids, other config other ids', () => {
  const a = planDisk({ image, config: emptyConfig, types: ['qcow2'] });
  const b = planDisk({ image, config: emptyConfig, types: ['qcow2'] });
  const ids = (p: typeof a) => p.steps.map((s) => s.id);
  // UUIDs are fresh per plan, so only steps that do not depend on them are stable.
  assert.equal(ids(a)[0], ids(b)[0]);
  for (const s of a.steps) assert.match(s.id, new RegExp(`^${s.name}-[0-9a-f]{12}$`));
});

test('cache key: same request same key; config, image, types or secret change it', () => {
  const base = { image, config: emptyConfig, types: ['qcow2' as const], cacheSecret: 's' };
  const k = cacheKeyOf(base);
  assert.equal(cacheKeyOf({ ...base }), k);
  assert.notEqual(cacheKeyOf({ ...base, config: { ...emptyConfig, kernelAppend: ['quiet'] } }), k);
  assert.notEqual(cacheKeyOf({ ...base, image: { ...image, id: 'c'.repeat(64) } }), k);
  assert.notEqual(cacheKeyOf({ ...base, types: ['raw'] }), k);
  assert.notEqual(cacheKeyOf({ ...base, cacheSecret: 't' }), k);
  assert.notEqual(cacheKeyOf({ ...base, mode: 'plain' }), k);
});

test('no output type and no kernel are refused', () => {
  assert.throws(() => planDisk({ image, config: emptyConfig, types: [] }), /no output type/);
  assert.throws(() => planDisk({ image: { ...image, kernelVersion: '' }, config: emptyConfig, types: ['qcow2'] }), /no kernel/);
});
