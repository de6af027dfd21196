// Pure argv builders for the disk tools: sgdisk, mkfs.*, mtools, qemu-img. Unit-tested; the steps only run them.
import type { DiskType, FilesystemPlan, PartitionPlan } from './types';

export function sgdiskArgs(disk: string, partitions: PartitionPlan[]): string[] {
  const args = ['sgdisk', '-a', '2048'];
  for (const p of partitions) {
    const end = p.startSector + p.sizeSectors - 1;
    args.push(`-n${p.number}:${p.startSector}:${end}`, `-t${p.number}:${p.typeCode}`,
      `-c${p.number}:${p.name}`, `-u${p.number}:${p.partUuid}`);
  }
  args.push(disk);
  return args;
}

/** ext4 written straight into the disk file at the partition's offset (`-E offset`), populated from `tree`. */
export function mkfsExt4Args(disk: string, fs: FilesystemPlan, part: PartitionPlan, tree: string): string[] {
  return [
    'mkfs.ext4', '-q', '-F', '-b', '4096', '-U', fs.uuid, '-L', fs.label, '-d', tree,
    '-E', `offset=${part.startSector * 512}`, disk, `${(part.sizeSectors * 512) / 1024}k`,
  ];
}

/** btrfs cannot write at an offset: it is made in its own file, then copied in (sparse). */
export function mkfsBtrfsArgs(image: string, fs: FilesystemPlan, tree: string): string[] {
  return ['mkfs.btrfs', '-q', '-f', '-U', fs.uuid, '-L', fs.label, '--rootdir', tree, image];
}

/** btrfs on a loop device (root): filled through a mount, subvolumes and all. */
export function mkfsBtrfsDeviceArgs(device: string, fs: FilesystemPlan): string[] {
  return ['mkfs.btrfs', '-q', '-f', '-U', fs.uuid, '-L', fs.label, device];
}

/** xfs and btrfs as root: a loop device over the partition (the documented exception to "no loop devices"). */
export function losetupArgs(disk: string, part: PartitionPlan): string[] {
  return ['losetup', '-o', String(part.startSector * 512), '--sizelimit', String(part.sizeSectors * 512), '--show', '-f', disk];
}

export function mkfsXfsArgs(device: string, fs: FilesystemPlan): string[] {
  return ['mkfs.xfs', '-q', '-f', '-L', fs.label, '-m', `uuid=${fs.uuid}`, device];
}

export function mkfsVfatArgs(disk: string, fs: FilesystemPlan, part: PartitionPlan): string[] {
  return [
    // One sector per cluster: a 501 MiB FAT32 with bigger clusters has too few clusters to be FAT32 (mtools
    // then reads it as FAT16 and fails).
    'mkfs.vfat', '-F', '32', '-s', '1', '-n', fs.label.slice(0, 11).toUpperCase(), '-i', fs.uuid.replace('-', ''),
    `--offset=${part.startSector}`, disk, String((part.sizeSectors * 512) / 1024),
  ];
}

/** mtools' "image@@offset" syntax addresses a filesystem inside a disk file. */
export function mtoolsImage(disk: string, part: PartitionPlan): string {
  return `${disk}@@${part.startSector * 512}`;
}

export function qemuImgConvertArgs(src: string, dest: string, type: DiskType): string[] {
  const fmt: Record<DiskType, string[]> = {
    qcow2: ['-O', 'qcow2'],
    raw: ['-O', 'raw'],
    vmdk: ['-O', 'vmdk', '-o', 'subformat=streamOptimized'],
    // Fixed-size VHD with the exact size: what Azure and Hyper-V accept.
    vhd: ['-O', 'vpc', '-o', 'subformat=fixed,force_size=on'],
  };
  return ['qemu-img', 'convert', '-f', 'raw', ...fmt[type], src, dest];
}
