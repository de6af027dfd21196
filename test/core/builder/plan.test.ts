import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseMode, partitionTable, planDisk, cacheKeyOf, DEFAULT_DISK_SIZE } from '../../../core/builder/plan';
import type { ImageFacts } from '../../../core/builder/types';
import { emptyConfig, type BuilderConfig } from '../../../core/builder/config/types';
import { UsageError } from '../../../core/errors';

const SECRET = 'test-secret';
const MiB = 2 ** 20, GiB = 2 ** 30;
const image: ImageFacts = {
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

test('filesystem minsize for / and /boot is honoured; /var/* is its own partition before root', () => {
  const config: BuilderConfig = { ...emptyConfig, filesystems: [
    { mountpoint: '/', minsize: 20 * GiB }, { mountpoint: '/boot', minsize: 2 * GiB }, { mountpoint: '/var/lib/db', minsize: 5 * GiB }] };
  const t = partitionTable(config, image.sizeBytes);
  assert.equal(t.partitions[2].sizeSectors * 512, 2 * GiB);
  assert.deepEqual([t.partitions[3].name, t.partitions[3].sizeSectors * 512], ['var-lib-db', 5 * GiB]);
  assert.equal(t.partitions[4].name, 'root');
  assert.ok(t.partitions[4].sizeSectors * 512 >= 20 * GiB);
  assert.ok(t.partitions[4].sizeSectors * 512 < 21 * GiB, 'the /var partition no longer adds to root');
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
  const plan = planDisk({ image, config, types: ['qcow2', 'raw', 'vmdk', 'vhd'], cacheSecret: SECRET });
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
  assert.ok(planDisk({ image, config, types: ['qcow2'], mode: 'plain', cacheSecret: SECRET }).steps.some((s) => s.name === 'export-rootfs'));
});

test('step ids hash their inputs: same inputs same ids, other config other ids', () => {
  const a = planDisk({ image, config: emptyConfig, types: ['qcow2'], cacheSecret: SECRET });
  const b = planDisk({ image, config: emptyConfig, types: ['qcow2'], cacheSecret: SECRET });
  const ids = (p: typeof a) => p.steps.map((s) => s.id);
  assert.equal(ids(a)[0], ids(b)[0]);
  for (const s of a.steps) assert.match(s.id, new RegExp(`^${s.name}-[0-9a-f]{12}$`));
  // UUIDs derive from the keyed cache key: the same request plans the same disk, so every id is the same
  // (`--plan` shows the ids the build will use); another machine's secret gives other ids and UUIDs.
  assert.deepEqual(ids(a), ids(b));
  assert.equal(a.filesystems.root.uuid, b.filesystems.root.uuid);
  const c = planDisk({ image, config: emptyConfig, types: ['qcow2'], cacheSecret: 'another machine' });
  assert.ok(ids(c).every((id, i) => id !== ids(a)[i]));
  assert.notEqual(c.filesystems.root.uuid, a.filesystems.root.uuid);
  assert.match(a.filesystems.root.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const d = planDisk({ image, config: { ...emptyConfig, kernelAppend: ['quiet'] }, types: ['qcow2'], cacheSecret: SECRET });
  assert.notEqual(d.filesystems.root.uuid, a.filesystems.root.uuid, 'another request, other UUIDs');
});

test('the plan lists each registered step that applies, with its inputs; no step input holds a password hash', () => {
  const config: BuilderConfig = { ...emptyConfig, users: [{ name: 'u', password: 'pw', keys: [], groups: [] }] };
  const p = planDisk({ image, config, types: ['qcow2', 'raw'], cacheSecret: SECRET });
  assert.deepEqual(p.steps.map((s) => s.name), ['prepare-ostree', 'users', 'boot-entries', 'partition', 'mkfs-root', 'mkfs-boot', 'esp', 'grub-bios', 'convert-qcow2', 'convert-raw']);
  assert.deepEqual(p.steps.map((s) => s.step).slice(-2), ['convert', 'convert']);
  assert.deepEqual(p.steps.at(-1)?.inputs, { cacheKey: p.cacheKey, type: 'raw', path: 'image/disk.raw', last: true });
  assert.equal(p.steps.find((s) => s.name === 'mkfs-root')?.title, 'Make the ext4 root filesystem');
  assert.ok(!JSON.stringify(p.steps).includes('$6$'), 'no hash in step inputs');
  assert.equal((p.steps[1].inputs as { users: { password: boolean }[] }).users[0].password, true);
  const plain = planDisk({ image, config, types: ['qcow2'], mode: 'plain', cacheSecret: SECRET });
  assert.deepEqual(plain.steps.slice(0, 2).map((s) => s.name), ['export-rootfs', 'prepare-plain']);
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
  assert.throws(() => planDisk({ image, config: emptyConfig, types: [], cacheSecret: SECRET }), /no output type/);
  assert.throws(() => planDisk({ image: { ...image, kernelVersion: '' }, config: emptyConfig, types: ['qcow2'], cacheSecret: SECRET }), /no kernel/);
});
