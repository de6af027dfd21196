// GRUB for BIOS without grub-install (which wants a block device): build core.img with grub-mkimage, put it in
// the BIOS boot partition, and put boot.img in the MBR, patching the sector pointers grub-setup would patch.

export const GRUB_I386_DIR = '/usr/lib/grub/i386-pc';

/** Byte offsets inside boot.img and the first sector of core.img (grub's i386/pc/boot.h and diskboot.S). */
export const BOOT_KERNEL_SECTOR_OFFSET = 0x5c; // GRUB_BOOT_MACHINE_KERNEL_SECTOR: 64-bit LBA of core.img
export const BOOT_DRIVE_CHECK_OFFSET = 0x66; // GRUB_BOOT_MACHINE_DRIVE_CHECK: 2-byte jump, NOP'd for hard disks
/** diskboot.img's first blocklist entry sits in the last 12 bytes of its sector: LBA (u64), count (u16), segment. */
export const CORE_BLOCKLIST_OFFSET = 0x200 - 12;
/** boot.img code only: the rest of sector 0 is the disk signature and the protective MBR written by sgdisk. */
export const MBR_CODE_BYTES = 440;

export function grubMkimageArgs(coreImg: string, bootPartition: number, table: 'gpt' | 'dos' = 'gpt'): string[] {
  const part = table === 'dos' ? 'msdos' : 'gpt';
  return [
    'grub-mkimage', '-O', 'i386-pc', '-d', GRUB_I386_DIR,
    '-p', `(hd0,${part}${bootPartition})/grub`,
    '-o', coreImg,
    'biosdisk', `part_${part}`, 'ext2',
  ];
}

/**
 * Returns the patched copies: boot.img (first 440 bytes, to write at LBA 0) and core.img (to write at
 * `coreSector`, the first sector of the BIOS boot partition, which must hold `partitionSectors`).
 */
export function patchGrubImages(bootImg: Buffer, coreImg: Buffer, coreSector: number, partitionSectors: number) {
  if (bootImg.length !== 512) throw new Error(`boot.img is ${bootImg.length} bytes, expected 512`);
  const sectors = Math.ceil(coreImg.length / 512);
  if (sectors > partitionSectors) {
    throw new Error(`core.img needs ${sectors} sectors but the BIOS boot partition has ${partitionSectors}`);
  }
  const boot = Buffer.from(bootImg);
  const core = Buffer.alloc(sectors * 512);
  coreImg.copy(core);
  core.writeBigUInt64LE(BigInt(coreSector + 1), CORE_BLOCKLIST_OFFSET);
  core.writeUInt16LE(sectors - 1, CORE_BLOCKLIST_OFFSET + 8);
  boot.writeBigUInt64LE(BigInt(coreSector), BOOT_KERNEL_SECTOR_OFFSET);
  boot[BOOT_DRIVE_CHECK_OFFSET] = 0x90;
  boot[BOOT_DRIVE_CHECK_OFFSET + 1] = 0x90;
  return { mbrCode: boot.subarray(0, MBR_CODE_BYTES), core };
}
