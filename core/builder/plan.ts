// planDisk: image facts + validated config + options → a Plan (plain data). Pure apart from password salts: UUIDs
// are derived from the (keyed) cache key, so `--plan` shows exactly what the build will make, with the same ids.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { BuilderError, UsageError } from '../errors';
import { version } from '../version';
import { hashPassword } from './crypt';
import type { BuilderConfig } from './config/types';
import { GiB, MiB, formatSize } from './config/size';
import type {
  DeployMode, DiskType, FilesystemPlan, ImageFacts, OutputPlan, PartitionPlan, Plan, RootFsType, StepPlan, UserPlan,
} from './types';
import { stepId } from './step-id';
import type { PlanDraft } from './step';
import { steps as registry } from './steps/index';

export interface PlanInput {
  image: ImageFacts;
  config: BuilderConfig;
  types: DiskType[];
  rootfs?: RootFsType;
  mode?: DeployMode;
  /** Total disk size in bytes; default: bootc-image-builder's 10 GiB, grown to fit. */
  diskSize?: number;
  /** The per-machine secret (cache.ts): keys the cache key and step ids, so they reveal nothing about the config. */
  cacheSecret: string;
}

export const SECTOR = 512;
const ALIGN = 2048; // sectors = 1 MiB
export const DEFAULT_DISK_SIZE = 10 * GiB;
const BIOS_BOOT_SIZE = 1 * MiB;
const ESP_SIZE = 501 * MiB;
const BOOT_SIZE = 1 * GiB;
/** Primary GPT at the start (34 sectors) and backup at the end (33 sectors). */
const GPT_TAIL_SECTORS = 33;

export const outputPaths: Record<DiskType, string> = {
  qcow2: 'qcow2/disk.qcow2',
  raw: 'image/disk.raw',
  vmdk: 'vmdk/disk.vmdk',
  vhd: 'vpc/disk.vhd',
};

export const baseKernelArgs = ['rw', 'console=tty0', 'console=ttyS0'];

export function chooseMode(image: ImageFacts, requested?: DeployMode): DeployMode {
  if (requested === 'bootc' && !image.hasBootc) {
    throw new UsageError(`--mode bootc: the image ${image.ref} has no /usr/bin/bootc`, {
      hint: 'use --mode ostree (needs ostree in the image\'s initramfs) or --mode plain',
    });
  }
  if (requested === 'ostree' && !image.hasOstree) {
    throw new UsageError(`--mode ostree: the image ${image.ref} cannot boot an ostree deployment`, {
      hint: 'install ostree and ostree-boot in the image and build its initramfs with `dracut --add ostree`, or use --mode plain',
    });
  }
  if (requested) return requested;
  if (image.hasBootc) return 'bootc';
  return image.hasOstree ? 'ostree' : 'plain';
}

export function chooseRootFs(image: ImageFacts, requested?: RootFsType): RootFsType {
  if (requested) return requested;
  const declared = image.declaredRootFs;
  if (declared === 'ext4' || declared === 'xfs' || declared === 'btrfs') return declared;
  return 'ext4';
}

const alignUp = (sectors: number) => Math.ceil(sectors / ALIGN) * ALIGN;
const alignDown = (sectors: number) => Math.floor(sectors / ALIGN) * ALIGN;

/** bootc-image-builder's x86_64 table: BIOS boot 1 MiB, ESP 501 MiB, /boot 1 GiB, root the rest. */
export function partitionTable(config: BuilderConfig, imageSize: number, diskSize?: number, uuid: (label: string) => string = () => randomUUID()) {
  const minOf = (mp: string) => config.filesystems.find((f) => f.mountpoint === mp)?.minsize ?? 0;
  const bootSize = Math.max(BOOT_SIZE, minOf('/boot'));
  // /var/* filesystems from the config live on the root filesystem here: their minimum sizes add to root's.
  const varMin = config.filesystems.filter((f) => f.mountpoint.startsWith('/var/')).reduce((s, f) => s + f.minsize, 0);
  const rootMin = Math.max(2 * imageSize, minOf('/')) + varMin;
  const sectorsOf = (bytes: number) => alignUp(Math.ceil(bytes / SECTOR));
  const fixed = ALIGN + sectorsOf(BIOS_BOOT_SIZE) + sectorsOf(ESP_SIZE) + sectorsOf(bootSize);
  const needed = (fixed + sectorsOf(rootMin) + ALIGN) * SECTOR;
  if (diskSize !== undefined && diskSize < needed) {
    throw new UsageError(`disk size ${formatSize(diskSize)} is too small: this image and config need at least ${formatSize(Math.ceil(needed / MiB) * MiB)}`);
  }
  const size = diskSize ?? Math.max(DEFAULT_DISK_SIZE, Math.ceil(needed / MiB) * MiB);
  const totalSectors = size / SECTOR;
  const parts: PartitionPlan[] = [];
  let next = ALIGN;
  const add = (name: string, typeCode: string, sizeSectors: number) => {
    parts.push({ number: parts.length + 1, name, typeCode, partUuid: uuid(`partition-${name}`), startSector: next, sizeSectors });
    next += sizeSectors;
  };
  add('BIOS-BOOT', 'EF02', sectorsOf(BIOS_BOOT_SIZE));
  add('EFI-SYSTEM', 'EF00', sectorsOf(ESP_SIZE));
  add('boot', 'EA00', sectorsOf(bootSize));
  add('root', '8304', alignDown(totalSectors - GPT_TAIL_SECTORS) - next);
  return { sizeBytes: size, sectorSize: 512 as const, partitions: parts };
}

function planUsers(config: BuilderConfig, mode: DeployMode): UserPlan[] {
  return config.users.map((u) => ({
    name: u.name,
    passwordHash: u.password === undefined ? undefined : hashPassword(u.password),
    keys: u.keys,
    groups: u.groups,
    // On ostree systems /home is a symlink to /var/home; passwd says /var/home like bootc-image-builder does.
    home: u.home ?? (u.name === 'root' ? '/root' : mode === 'plain' ? `/home/${u.name}` : `/var/home/${u.name}`),
    shell: u.shell ?? '/bin/bash',
    uid: u.uid,
    gid: u.gid,
    description: u.description,
  }));
}

/** 16 bytes derived from the plan's seed and a label: UUIDs that are the same for the same request. */
function derivedBytes(seed: string, label: string): Buffer {
  return createHash('sha256').update(`${seed}\0${label}`).digest().subarray(0, 16);
}

/** A version-4-shaped UUID derived from the seed. */
export function derivedUuid(seed: string, label: string): string {
  const b = derivedBytes(seed, label);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = b.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** A 32-bit FAT volume id as mkfs.vfat wants it (hex) and as fstab shows it (XXXX-XXXX). */
function vfatVolumeId(seed: string, label: string): string {
  const hex = derivedBytes(seed, label).subarray(0, 4).toString('hex').toUpperCase();
  return `${hex.slice(0, 4)}-${hex.slice(4)}`;
}

/** Output types without duplicates, raw last (the raw disk can then be moved instead of copied). */
export function orderTypes(types: readonly DiskType[]): DiskType[] {
  return [...new Set(types)].sort((a, b) => Number(a === 'raw') - Number(b === 'raw'));
}

/** Known before the image is even mounted: what was asked for, of which image, by which builder version. */
export function cacheKeyOf(input: Omit<PlanInput, 'image'> & { image: { id: string; digest: string } }): string {
  const material = JSON.stringify({
    builder: version, image: input.image.digest, imageId: input.image.id, config: input.config,
    types: [...new Set(input.types)].sort(), rootfs: input.rootfs ?? null, mode: input.mode ?? null,
    diskSize: input.diskSize ?? null,
  });
  return createHmac('sha256', input.cacheSecret).update(material).digest('hex');
}

/** Every registered step that applies to this plan, with its inputs, in registry order. */
export function planSteps(draft: PlanDraft, secret: string): StepPlan[] {
  return registry.flatMap((step) => step.inputs(draft).map((raw) => {
    // Plain JSON (undefined fields dropped): what --plan prints and the manifest saves is what the id hashes.
    const inputs: unknown = JSON.parse(JSON.stringify(raw));
    const name = step.label ? `${step.name}-${step.label(raw)}` : step.name;
    return { id: stepId(name, inputs, secret), name, step: step.name, title: step.title(raw), inputs };
  }));
}

export function planDisk(input: PlanInput): Plan {
  if (input.types.length === 0) throw new UsageError('no output type: give at least one --type');
  const types = [...new Set(input.types)];
  const mode = chooseMode(input.image, input.mode);
  const rootfsType = chooseRootFs(input.image, input.rootfs);
  if (!input.image.kernelVersion) {
    throw new BuilderError(`the image ${input.image.ref} has no kernel in /usr/lib/modules/*/vmlinuz`, {
      hint: 'install a kernel in the image and put vmlinuz and initramfs.img in /usr/lib/modules/$KVER/',
    });
  }
  const cacheKey = cacheKeyOf(input);
  const uuid = (label: string) => derivedUuid(cacheKey, label);
  const disk = partitionTable(input.config, input.image.sizeBytes, input.diskSize, uuid);
  const fs = (type: FilesystemPlan['type'], label: string, partition: number, mountpoint: string): FilesystemPlan =>
    ({ type, label, partition, mountpoint, uuid: type === 'vfat' ? vfatVolumeId(cacheKey, `fs-${label}`) : uuid(`fs-${label}`) });
  const filesystems = {
    esp: fs('vfat', 'EFI-SYSTEM', 2, '/boot/efi'),
    boot: fs('ext4', 'boot', 3, '/boot'),
    root: fs(rootfsType, 'root', 4, '/'),
  };
  const kernelArgs = [`root=UUID=${filesystems.root.uuid}`, ...baseKernelArgs, ...input.config.kernelAppend];
  const outputs: OutputPlan[] = types.map((type) => ({ type, path: outputPaths[type] }));
  const users = planUsers(input.config, mode);
  const groups = input.config.groups.map((g) => ({ ...g }));
  const draft: PlanDraft = {
    builderVersion: version,
    image: input.image,
    mode,
    stateroot: 'default',
    disk,
    filesystems,
    bootloaders: ['grub-bios', 'systemd-boot-uefi'],
    kernelArgs,
    users,
    groups,
    outputs,
    cacheKey,
  };
  return { ...draft, steps: planSteps(draft, input.cacheSecret) };
}
