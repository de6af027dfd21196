import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOverlay, diskInfo, overlayArgv, parseQemuImgInfo, readDiskHead } from '../../../core/vm/disk';
import { findDiskManifest } from '../../../core/vm/disk-manifest';
import { detectFirmware } from '../../../core/vm/firmware';
import { run } from '../../../core/util/process';
import { VmError } from '../../../core/errors';

const fixtures = join(process.env.BOOTABLE_ROOT ?? process.cwd(), 'test/fixtures/vm');

test('overlay argv names the backing file and its format', () => {
  assert.deepEqual(overlayArgv('/out/disk.qcow2', 'qcow2', '/s/overlay.qcow2'),
    ['qemu-img', 'create', '-q', '-f', 'qcow2', '-b', '/out/disk.qcow2', '-F', 'qcow2', '/s/overlay.qcow2']);
});

test('qemu-img info JSON', () => {
  assert.deepEqual(parseQemuImgInfo('{"format":"qcow2","virtual-size":4294967296,"backing-filename":"/d"}'),
    { format: 'qcow2', virtualSize: 4294967296, backingFile: '/d' });
  assert.throws(() => parseQemuImgInfo('{}'), /no format/);
});

test('real qemu-img: overlay on a qcow2 made from a partitioned head; firmware detected through the overlay', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-test-vmdisk-'));
  try {
    const raw = join(dir, 'disk.raw');
    writeFileSync(raw, Buffer.concat([readFileSync(join(fixtures, 'gpt-bios-only.head')), Buffer.alloc(64 * 1024 * 1024 - 17408)]));
    const qcow = join(dir, 'disk.qcow2');
    await run(['qemu-img', 'convert', '-f', 'raw', '-O', 'qcow2', raw, qcow]);
    assert.equal((await diskInfo(qcow)).format, 'qcow2');
    const overlay = join(dir, 'overlay.qcow2');
    await createOverlay(qcow, 'qcow2', overlay);
    const info = await diskInfo(overlay);
    assert.equal(info.backingFile, qcow);
    assert.equal((await readDiskHead(overlay, 'qcow2', 17408)).subarray(512, 520).toString(), 'EFI PART');
    assert.equal(await detectFirmware(overlay, 'qcow2'), 'bios');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a blank disk is refused before any VM exists, with what to do', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-test-vmdisk-'));
  try {
    const blank = join(dir, 'blank.qcow2');
    await run(['qemu-img', 'create', '-q', '-f', 'qcow2', blank, '64M']);
    await assert.rejects(detectFirmware(blank, 'qcow2'),
      (e: unknown) => e instanceof VmError && /has no partition table: it cannot boot/.test(e.message) && /--firmware/.test(e.hint ?? ''));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the builder manifest beside the disk is found by its outputs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-test-vmmanifest-'));
  try {
    mkdirSync(join(dir, 'qcow2'));
    const disk = join(dir, 'qcow2', 'disk.qcow2');
    writeFileSync(disk, '');
    writeFileSync(join(dir, 'manifest-raw.json'), JSON.stringify({ outputs: [{ type: 'raw', path: 'image/disk.raw' }], bootloaders: ['grub-bios'] }));
    writeFileSync(join(dir, 'manifest-qcow2.json'), JSON.stringify({
      image: { ref: 'localhost/bootable/lamp:latest', digest: 'sha256:ab' },
      bootloaders: ['grub-bios', 'systemd-boot-uefi'],
      users: [{ name: 'alice', keys: [] }, { name: 'cloud-user', keys: ['ssh-ed25519 AAAA'] }],
      outputs: [{ type: 'qcow2', path: 'qcow2/disk.qcow2' }],
    }));
    const m = await findDiskManifest(disk);
    assert.equal(m?.imageRef, 'localhost/bootable/lamp:latest');
    assert.deepEqual(m?.bootloaders, ['grub-bios', 'systemd-boot-uefi']);
    assert.deepEqual(m?.users, [{ name: 'alice', hasKeys: false }, { name: 'cloud-user', hasKeys: true }]);
    assert.equal(await findDiskManifest(join(dir, 'other.qcow2')), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
