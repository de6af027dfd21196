// UEFI or BIOS, matching the disk: the builder's manifest says which bootloaders it installed; without one the
// partition table tells (an ESP → UEFI, preferred because it boots faster; else BIOS boot code → BIOS).
import { VmError } from '../errors';
import type { DiskManifest } from './disk-manifest';
import { readDiskHead } from './disk';
import { readBootLayout, type BootLayout } from './partition-table';
import type { Firmware } from './types';

export function firmwareFromManifest(m: DiskManifest): Firmware | undefined {
  if (m.bootloaders.some((b) => /uefi|efi/i.test(b))) return 'uefi';
  if (m.bootloaders.some((b) => /bios/i.test(b))) return 'bios';
  return undefined;
}

export function firmwareFromLayout(layout: BootLayout): Firmware | undefined {
  if (layout.hasEsp) return 'uefi';
  if (layout.hasMbrBootCode && (layout.hasBiosBootPartition || layout.table === 'mbr')) return 'bios';
  return undefined;
}

export async function detectFirmware(disk: string, format: string, manifest?: DiskManifest, signal?: AbortSignal): Promise<Firmware> {
  const fromManifest = manifest && firmwareFromManifest(manifest);
  if (fromManifest) return fromManifest;
  const layout = readBootLayout(await readDiskHead(disk, format, 1024 * 1024, signal));
  const fw = firmwareFromLayout(layout);
  if (fw) return fw;
  const what = layout.table === 'none' ? 'has no partition table' : `has a ${layout.table.toUpperCase()} partition table but no EFI system partition and no BIOS boot code`;
  throw new VmError(`${disk} ${what}: it cannot boot`, {
    hint: 'make a bootable disk with `bootable disk IMAGE`, or pass --firmware uefi|bios to try it anyway',
  });
}
