import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIOS_BOOT_GUID, ESP_GUID, guidToString, readBootLayout } from '../../../core/vm/partition-table';
import { firmwareFromLayout, firmwareFromManifest } from '../../../core/vm/firmware';

// Heads of real disks partitioned by sgdisk/sfdisk (see the commands in test/fixtures/vm/README.md).
const fx = (n: string) => readFileSync(join(process.env.BOOTABLE_ROOT ?? process.cwd(), 'test/fixtures/vm', n));

test('GUIDs are decoded in GPT mixed-endian order', () => {
  const onDisk = Buffer.from('28732ac11ff8d211ba4b00a0c93ec93b', 'hex');
  assert.equal(guidToString(onDisk), ESP_GUID);
});

test('GPT with BIOS boot partition, ESP and boot code: both firmwares, UEFI preferred', () => {
  const l = readBootLayout(fx('gpt-esp-biosboot.head'));
  assert.deepEqual(l, { table: 'gpt', hasEsp: true, hasBiosBootPartition: true, hasMbrBootCode: true });
  assert.equal(firmwareFromLayout(l), 'uefi');
});

test('GPT with only a BIOS boot partition and boot code: BIOS', () => {
  const l = readBootLayout(fx('gpt-bios-only.head'));
  assert.deepEqual(l, { table: 'gpt', hasEsp: false, hasBiosBootPartition: true, hasMbrBootCode: true });
  assert.equal(firmwareFromLayout(l), 'bios');
});

test('GPT without ESP or boot code: no firmware can boot it', () => {
  const l = readBootLayout(fx('gpt-no-boot.head'));
  assert.equal(l.table, 'gpt');
  assert.equal(firmwareFromLayout(l), undefined);
});

test('MBR with an active partition and boot code: BIOS', () => {
  const l = readBootLayout(fx('mbr-active.head'));
  assert.deepEqual(l, { table: 'mbr', hasEsp: false, hasBiosBootPartition: true, hasMbrBootCode: true });
  assert.equal(firmwareFromLayout(l), 'bios');
});

test('blank and truncated disks have no partition table', () => {
  assert.equal(readBootLayout(Buffer.alloc(17408)).table, 'none');
  assert.equal(readBootLayout(Buffer.alloc(100)).table, 'none');
  assert.equal(firmwareFromLayout(readBootLayout(Buffer.alloc(17408))), undefined);
});

test('GPT entry table pointing past the buffer is read safely', () => {
  const head = Buffer.from(fx('gpt-esp-biosboot.head'));
  head.writeBigUInt64LE(10_000n, 512 + 72);
  const l = readBootLayout(head);
  assert.equal(l.table, 'gpt');
  assert.equal(l.hasEsp, false);
});

test('the builder manifest decides the firmware when present', () => {
  const m = (bootloaders: string[]) => ({ path: 'm.json', bootloaders, users: [] });
  assert.equal(firmwareFromManifest(m(['grub-bios', 'systemd-boot-uefi'])), 'uefi');
  assert.equal(firmwareFromManifest(m(['grub-bios'])), 'bios');
  assert.equal(firmwareFromManifest(m([])), undefined);
  assert.equal(BIOS_BOOT_GUID.length, 36);
});
