// The partition table of a disk, from the config's `filesystem` or `disk` customizations, as bootc-image-builder
// lays it out for x86_64: BIOS boot 1 MiB, ESP 501 MiB, /boot (≥ 1 GiB), then the config's own partitions in its
// order (`/var/*` filesystems, swap, raw), and the root partition last, growing to fill the disk (bootc-image-
// builder's relayout also moves the partition holding / to the end). Sizes are minimums, rounded up to MiB.
// A "dos" table has no BIOS boot partition (GRUB's core image goes in the gap after the MBR) and 4 primaries.
// A btrfs volume's subvolumes (`type = "btrfs"`): the volume is the root partition when one subvolume is `/`
// (root= with rootflags=subvol=), else one more partition; every subvolume but `/` is mounted from fstab.
// What bootable cannot build is refused here, every problem at once, naming the key and why (docs/disk-images.md).
import { randomUUID } from 'node:crypto';
import { UsageError } from '../errors';
import { type ConfigProblem, ConfigErrors } from './config/check';
import type { BuilderConfig, ConfigPlainPartition } from './config/types';
import type { Subvolume } from './types';
import { GiB, MiB, formatSize } from './config/size';
import { mountpointAllowed, mountpointPolicyText } from './config/validate';
import type { PartitionPlan, RootFsType } from './types';

export const SECTOR = 512;
const ALIGN = 2048; // sectors = 1 MiB
export const DEFAULT_DISK_SIZE = 10 * GiB;
const BIOS_BOOT_SIZE = 1 * MiB;
const ESP_SIZE = 501 * MiB;
const BOOT_SIZE = 1 * GiB;
/** Primary GPT at the start (34 sectors) and backup at the end (33 sectors). */
const GPT_TAIL_SECTORS = 33;

/** A filesystem (or swap area) on one of the config's own partitions. */
export interface DataFilesystem {
  partition: number;
  type: 'ext4' | 'xfs' | 'swap' | 'btrfs';
  /** '' for swap and for a btrfs volume (its subvolumes are mounted). */
  mountpoint: string;
  label: string;
  subvolumes?: Subvolume[];
}

/** Subvolume names become paths in the volume and fstab's `subvol=` option: one plain path component. */
const subvolumeNameRe = /^[A-Za-z0-9@_+-][A-Za-z0-9@._+-]{0,63}$/;

export interface Layout {
  disk: { sizeBytes: number; sectorSize: 512; partitions: PartitionPlan[]; table: 'gpt' | 'dos' };
  rootType: RootFsType;
  espPartition: number;
  bootPartition: number;
  rootPartition: number;
  /** The root volume's subvolumes (one of them `/`) when the root is a btrfs volume of `customizations.disk`. */
  rootSubvolumes?: Subvolume[];
  data: DataFilesystem[];
}

interface Extra {
  name: string;
  typeCode: string;
  partUuid?: string;
  minsize: number;
  fs?: Omit<DataFilesystem, 'partition'>;
}

const alignUp = (sectors: number) => Math.ceil(sectors / ALIGN) * ALIGN;
const alignDown = (sectors: number) => Math.floor(sectors / ALIGN) * ALIGN;
const sectorsOf = (bytes: number) => alignUp(Math.ceil(bytes / SECTOR));

/** A name from a mount point: /var/lib/data → var-lib-data (GPT names take 36, xfs labels 12 characters). */
const nameOf = (mountpoint: string, max: number) => mountpoint.slice(1).replace(/\//g, '-').slice(0, max) || 'root';

export function diskLayout(config: BuilderConfig, imageSize: number, rootfs: RootFsType, diskSize?: number,
  uuid: (label: string) => string = () => randomUUID()): Layout {
  let rootMin = 0;
  let bootMin = 0;
  let rootType = rootfs;
  let root: { name?: string; typeCode?: string; partUuid?: string } = {};
  let rootSubvolumes: Subvolume[] | undefined;
  const extras: Extra[] = [];
  const problems: ConfigProblem[] = [];
  const refuse = (path: string, problem: string) => { problems.push({ path, problem }); };
  const policy = ` (bootable mounts the config's partitions at ${mountpointPolicyText.replace(/^allowed: /, '')})`;

  for (const f of config.filesystems) {
    if (f.mountpoint === '/') rootMin = Math.max(rootMin, f.minsize);
    else if (f.mountpoint === '/boot') bootMin = Math.max(bootMin, f.minsize);
    else if (rootfs === 'btrfs') {
      // bootc-image-builder's minimal policy for btrfs roots (no subvolumes at build time).
      refuse(`${f.key ?? 'customizations.filesystem'}.mountpoint`, `path "${f.mountpoint}" is not allowed (with a btrfs root `
        + 'filesystem only / and /boot may be customized, as in bootc-image-builder)');
    } else {
      extras.push({ name: nameOf(f.mountpoint, 36), typeCode: '8300', minsize: f.minsize, fs: { type: rootfs, mountpoint: f.mountpoint, label: nameOf(f.mountpoint, 12) } });
    }
  }

  const disk = config.disk;
  // dos: no BIOS boot partition (GRUB's core image goes in the gap after the MBR) and MBR type codes.
  const dos = disk?.type === 'dos';
  const code = (gpt: string, mbr: string) => (dos ? mbr : gpt);
  for (const p of disk?.partitions ?? []) {
    if (p.type === 'btrfs') {
      p.subvolumes.forEach((sv, j) => {
        const at = `${p.key}.subvolumes[${j}]`;
        if (!subvolumeNameRe.test(sv.name) || sv.name === '..') refuse(`${at}.name`, `"${sv.name.slice(0, 40)}" is not a usable subvolume name in bootable (one path component: letters, digits, @ . _ + -, at most 64)`);
        if (sv.mountpoint !== '/' && !mountpointAllowed(sv.mountpoint)) refuse(`${at}.mountpoint`, `path "${sv.mountpoint}" is not allowed${policy}`);
      });
      const subvolumes = p.subvolumes.map((sv) => ({ ...sv }));
      if (subvolumes.some((sv) => sv.mountpoint === '/')) {
        rootMin = Math.max(rootMin, p.minsize);
        rootType = 'btrfs';
        root = { name: p.partLabel, typeCode: p.partType, partUuid: p.partUuid };
        rootSubvolumes = subvolumes;
      } else {
        extras.push({ name: p.partLabel ?? 'btrfs', typeCode: p.partType ?? code('8300', '83'), partUuid: p.partUuid, minsize: p.minsize,
          fs: { type: 'btrfs', mountpoint: '', label: 'btrfs', subvolumes } });
      }
      continue;
    }
    const plain = p as ConfigPlainPartition;
    const ids = { name: plain.partLabel, typeCode: plain.partType, partUuid: plain.partUuid };
    if (plain.fsType === 'swap' || plain.fsType === 'none') {
      const swap = plain.fsType === 'swap';
      extras.push({ name: plain.partLabel ?? (swap ? 'swap' : 'data'), typeCode: plain.partType ?? (swap ? code('8200', '82') : code('8300', '83')), partUuid: plain.partUuid,
        minsize: plain.minsize, fs: swap ? { type: 'swap', mountpoint: '', label: plain.label ?? 'swap' } : undefined });
      continue;
    }
    const mp = plain.mountpoint!;
    if (mp === '/') {
      if (plain.fsType === 'vfat') { refuse(`${p.key}.fs_type`, 'the root filesystem cannot be vfat'); continue; }
      rootMin = Math.max(rootMin, plain.minsize);
      rootType = plain.fsType as RootFsType;
      root = ids;
      continue;
    }
    if (mp === '/boot') {
      if (plain.fsType !== 'ext4') refuse(`${p.key}.fs_type`, 'bootable\'s /boot is ext4 (its GRUB core image reads /boot as ext4); use fs_type "ext4"');
      bootMin = Math.max(bootMin, plain.minsize);
      continue;
    }
    if (!mountpointAllowed(mp)) { refuse(`${p.key}.mountpoint`, `path "${mp}" is not allowed${policy}`); continue; }
    if (plain.fsType === 'vfat') { refuse(`${p.key}.fs_type`, 'vfat is only for the EFI system partition in bootable (it cannot fill a vfat filesystem from the tree); use ext4 or xfs'); continue; }
    const label = plain.label ?? nameOf(mp, 12);
    if (plain.fsType === 'xfs' && label.length > 12) { refuse(`${p.key}.label`, 'xfs labels have at most 12 characters'); continue; }
    extras.push({ name: plain.partLabel ?? nameOf(mp, 36), typeCode: plain.partType ?? code('8300', '83'), partUuid: plain.partUuid,
      minsize: plain.minsize, fs: { type: plain.fsType as 'ext4' | 'xfs', mountpoint: mp, label } });
  }
  if (dos && extras.length > 1) {
    refuse('customizations.disk.partitions', `a "dos" table holds 4 primary partitions: the ESP, /boot and root leave room for 1 of yours, not ${extras.length}`);
  }
  if (problems.length) throw new ConfigErrors(problems);
  const bootSize = Math.max(BOOT_SIZE, bootMin);
  const rootSize = Math.max(2 * imageSize, rootMin);
  const fixed = ALIGN + (dos ? 0 : sectorsOf(BIOS_BOOT_SIZE)) + sectorsOf(ESP_SIZE) + sectorsOf(bootSize)
    + extras.reduce((s, e) => s + sectorsOf(e.minsize), 0);
  const needed = (fixed + sectorsOf(rootSize) + ALIGN) * SECTOR;
  const atLeast = Math.max(needed, disk?.minsize ?? 0);
  if (diskSize !== undefined && diskSize < atLeast) {
    throw new UsageError(`disk size ${formatSize(diskSize)} is too small: this image and config need at least ${formatSize(Math.ceil(atLeast / MiB) * MiB)}`);
  }
  const size = diskSize ?? Math.max(DEFAULT_DISK_SIZE, Math.ceil(atLeast / MiB) * MiB);
  const totalSectors = size / SECTOR;
  const parts: PartitionPlan[] = [];
  const data: DataFilesystem[] = [];
  let next = ALIGN;
  const add = (name: string, typeCode: string, sizeSectors: number, partUuid?: string, uuidLabel = `partition-${name}`) => {
    parts.push({ number: parts.length + 1, name, typeCode, partUuid: partUuid ?? uuid(uuidLabel), startSector: next, sizeSectors });
    next += sizeSectors;
    return parts.length;
  };
  if (!dos) add('BIOS-BOOT', 'EF02', sectorsOf(BIOS_BOOT_SIZE));
  const espPartition = add('EFI-SYSTEM', code('EF00', 'ef'), sectorsOf(ESP_SIZE));
  const bootPartition = add('boot', code('EA00', '83'), sectorsOf(bootSize));
  for (const e of extras) {
    const n = add(e.name, e.typeCode, sectorsOf(e.minsize), e.partUuid, `partition-${parts.length + 1}-${e.name}`);
    if (e.fs) data.push({ partition: n, ...e.fs });
  }
  const rootPartition = add(root.name ?? 'root', root.typeCode ?? code('8304', '83'), alignDown(totalSectors - GPT_TAIL_SECTORS) - next, root.partUuid, 'partition-root');
  // Parents are mounted before their children (/var/data before /var/data/test); swap areas last.
  data.sort((a, b) => depth(a.mountpoint) - depth(b.mountpoint));
  if (dos) {
    // An MBR partition is known by the disk's 32-bit id and its number (PARTUUID=1a2b3c4d-02), as Linux names it.
    const id = uuid('dos-disk-id').slice(0, 8);
    for (const p of parts) p.partUuid = `${id}-${String(p.number).padStart(2, '0')}`;
  }
  return { disk: { sizeBytes: size, sectorSize: 512, partitions: parts, table: dos ? 'dos' : 'gpt' }, rootType, espPartition, bootPartition, rootPartition, rootSubvolumes, data };
}

const depth = (mp: string) => (mp === '' ? 1000 : mp.split('/').length);
