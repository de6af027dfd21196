import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatBls, grubConfig, parseBls, systemdBootLoaderConf } from '../../../core/builder/boot/bls';
import {
  BOOT_DRIVE_CHECK_OFFSET, BOOT_KERNEL_SECTOR_OFFSET, CORE_BLOCKLIST_OFFSET, GRUB_I386_DIR, MBR_CODE_BYTES, grubMkimageArgs, patchGrubImages,
} from '../../../core/builder/boot/grub-bios-images';
import { fstabText, plainBlsEntry } from '../../../core/builder/steps/boot-entries';
import { planDisk } from '../../../core/builder/plan';
import { emptyConfig } from '../../../core/builder/config/types';

const ostreeEntry = `title Debian GNU/Linux 12 (bookworm) (ostree:default:0)
version 1
options root=UUID=abc rw console=tty0 console=ttyS0 ostree=/ostree/boot.1/default/0123/0
linux /ostree/default-0123/vmlinuz-6.1.0-56-amd64
initrd /ostree/default-0123/initramfs-6.1.0-56-amd64.img
`;

test('BLS entries parse and format back', () => {
  const e = parseBls(ostreeEntry, 'ostree-1-default.conf');
  assert.equal(e.linux, '/ostree/default-0123/vmlinuz-6.1.0-56-amd64');
  assert.deepEqual(e.options, ['root=UUID=abc', 'rw', 'console=tty0', 'console=ttyS0', 'ostree=/ostree/boot.1/default/0123/0']);
  assert.deepEqual(parseBls(formatBls(e), e.fileName), e);
  assert.throws(() => parseBls('title x\n', 'x.conf'), /no linux or initrd/);
});

test('grub.cfg is generated from the BLS entry, serial console, values quoted', () => {
  const cfg = grubConfig(parseBls(ostreeEntry, 'ostree-1-default.conf'));
  assert.match(cfg, /^serial --unit=0 --speed=115200$/m);
  assert.match(cfg, /^terminal_output serial console$/m);
  assert.match(cfg, /^menuentry 'Debian GNU\/Linux 12 \(bookworm\) \(ostree:default:0\)' \{$/m);
  assert.match(cfg, /^  linux '\/ostree\/default-0123\/vmlinuz-6.1.0-56-amd64' 'root=UUID=abc' 'rw' 'console=tty0' 'console=ttyS0' 'ostree=\/ostree\/boot.1\/default\/0123\/0'$/m);
  assert.match(cfg, /^  initrd '\/ostree\/default-0123\/initramfs-6.1.0-56-amd64.img'$/m);
  const tricky = grubConfig({ ...parseBls(ostreeEntry, 'a.conf'), title: "it's", options: ['x=$y;z'] });
  assert.match(tricky, /menuentry 'it'\\''s'/);
  assert.match(tricky, / 'x=\$y;z'$/m);
});

test('systemd-boot loader.conf defaults to the entry', () => {
  assert.equal(systemdBootLoaderConf(parseBls(ostreeEntry, 'ostree-1-default.conf')),
    'timeout 1\ndefault ostree-1-default.conf\nconsole-mode keep\n');
});

test('grub-mkimage argv: i386-pc, prefix on the /boot partition, the modules to read it', () => {
  assert.deepEqual(grubMkimageArgs('/w/core.img', 3), ['grub-mkimage', '-O', 'i386-pc', '-d', GRUB_I386_DIR,
    '-p', '(hd0,gpt3)/grub', '-o', '/w/core.img', 'biosdisk', 'part_gpt', 'ext2']);
});

test('GRUB boot.img/core.img patch: sector pointers and drive-check NOPs at the right offsets', () => {
  const boot = readFileSync(`${GRUB_I386_DIR}/boot.img`);
  const core = Buffer.alloc(512 * 60 + 100, 0xaa);
  const { mbrCode, core: patched } = patchGrubImages(boot, core, 2048, 2048);
  assert.equal(mbrCode.length, MBR_CODE_BYTES);
  assert.equal(mbrCode.readBigUInt64LE(BOOT_KERNEL_SECTOR_OFFSET), 2048n);
  assert.deepEqual([...mbrCode.subarray(BOOT_DRIVE_CHECK_OFFSET, BOOT_DRIVE_CHECK_OFFSET + 2)], [0x90, 0x90]);
  assert.equal(patched.length, 61 * 512, 'padded to whole sectors');
  assert.equal(patched.readBigUInt64LE(CORE_BLOCKLIST_OFFSET), 2049n, 'the rest of core.img starts after its first sector');
  assert.equal(patched.readUInt16LE(CORE_BLOCKLIST_OFFSET + 8), 60);
  // everything else untouched
  assert.equal(mbrCode.subarray(0, BOOT_KERNEL_SECTOR_OFFSET).compare(boot.subarray(0, BOOT_KERNEL_SECTOR_OFFSET)), 0);
  assert.equal(patched[CORE_BLOCKLIST_OFFSET - 1], 0xaa);
  assert.equal(boot.readBigUInt64LE(BOOT_KERNEL_SECTOR_OFFSET) === 2048n, false, 'the input buffer is not modified');
  assert.throws(() => patchGrubImages(boot, Buffer.alloc(512 * 3000), 2048, 2048), /needs 3000 sectors/);
});

const SECRET = 'test-secret';

test('fstab and plain-mode boot entry', () => {
  const image = { ref: 'r', id: 'i', digest: 'd', sizeBytes: 1e9, kernelVersion: '6.1.0-56-amd64', hasBootc: false, hasOstree: true };
  const ostree = planDisk({ image, config: emptyConfig, types: ['qcow2'], cacheSecret: SECRET });
  const f = fstabText(ostree);
  assert.ok(!f.includes(' / '), 'ostree mounts / itself');
  assert.match(f, new RegExp(`^UUID=${ostree.filesystems.boot.uuid} /boot ext4 defaults 0 2$`, 'm'));
  assert.match(f, new RegExp(`^UUID=${ostree.filesystems.esp.uuid} /boot/efi vfat .*nofail 0 2$`, 'm'));
  const plain = planDisk({ image, config: emptyConfig, types: ['qcow2'], mode: 'plain', cacheSecret: SECRET });
  assert.match(fstabText(plain), new RegExp(`^UUID=${plain.filesystems.root.uuid} / ext4 defaults 0 1$`, 'm'));
  const e = plainBlsEntry(plain);
  assert.equal(e.linux, '/vmlinuz-6.1.0-56-amd64');
  assert.equal(e.initrd, '/initramfs-6.1.0-56-amd64.img');
  assert.deepEqual(e.options, plain.kernelArgs);
});

test('ostree mode: a unit remounts / read-only per mount, /tmp becomes tmpfs', async () => {
  const { readonlyRootFiles, readonlyRootUnit, READONLY_ROOT_UNIT } = await import('../../../core/builder/boot/readonly-root');
  assert.match(readonlyRootUnit(), /^ExecStart=\/bin\/mount -o remount,bind,ro \/$/m);
  assert.match(readonlyRootUnit(), /^ConditionPathExists=\/run\/ostree-booted$/m);
  const { files, links } = readonlyRootFiles('/usr/share/systemd/tmp.mount');
  assert.deepEqual(files.map((f) => f.path), [`systemd/system/${READONLY_ROOT_UNIT}`]);
  assert.deepEqual(links, [
    { path: `systemd/system/local-fs.target.wants/${READONLY_ROOT_UNIT}`, target: `../${READONLY_ROOT_UNIT}` },
    { path: 'systemd/system/tmp.mount', target: '/usr/share/systemd/tmp.mount' },
    { path: 'systemd/system/local-fs.target.wants/tmp.mount', target: '../tmp.mount' },
  ]);
  assert.equal(readonlyRootFiles(undefined).links.length, 1);
});
