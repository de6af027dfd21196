// planDisk: image facts + validated config + options → a Plan (plain data). Pure apart from password salts: UUIDs
// are derived from the (keyed) cache key, so `--plan` shows exactly what the build will make, with the same ids.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { BuilderError, UsageError } from '../errors';
import { version } from '../version';
import { hashPassword } from './crypt';
import type { BuilderConfig } from './config/types';
import { diskLayout } from './partition-layout';
import { ConfigError } from '../errors';
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

export { DEFAULT_DISK_SIZE, SECTOR } from './partition-layout';

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

/** The disk's partition table for an ext4 root (see partition-layout.ts for the rules). */
export function partitionTable(config: BuilderConfig, imageSize: number, diskSize?: number, uuid: (label: string) => string = () => randomUUID()) {
  return diskLayout(config, imageSize, 'ext4', diskSize, uuid).disk;
}

/**
 * `customizations.kernel.name` names the kernel package to install; a bootc image has exactly one kernel, so the
 * name must mean that one: "kernel" (Fedora's package), its version, or Debian's linux-image-<version|flavour>.
 */
export function kernelNameMatches(name: string, kver: string): boolean {
  const flavour = kver.split('-').at(-1);
  return ['kernel', 'kernel-core', kver, `linux-image-${kver}`, `linux-image-${flavour}`].includes(name);
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
    expiredate: u.expiredate,
    forcePasswordReset: u.forcePasswordReset,
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
  const { kernelName } = input.config;
  if (kernelName !== undefined && !kernelNameMatches(kernelName, input.image.kernelVersion)) {
    throw new ConfigError('customizations.kernel.name', `"${kernelName.slice(0, 60)}" is not the image's kernel (${input.image.kernelVersion}): `
      + 'a bootc image has exactly one kernel, and the disk boots it', { hint: 'remove kernel.name, or install that kernel in the Containerfile instead' });
  }
  const cacheKey = cacheKeyOf(input);
  const uuid = (label: string) => derivedUuid(cacheKey, label);
  const layout = diskLayout(input.config, input.image.sizeBytes, rootfsType, input.diskSize, uuid);
  const disk = layout.disk;
  const fs = (type: FilesystemPlan['type'], label: string, partition: number, mountpoint: string, uuidLabel = `fs-${label}`): FilesystemPlan =>
    ({ type, label, partition, mountpoint, uuid: type === 'vfat' ? vfatVolumeId(cacheKey, uuidLabel) : uuid(uuidLabel) });
  const filesystems = {
    esp: fs('vfat', 'EFI-SYSTEM', layout.espPartition, '/boot/efi'),
    boot: fs('ext4', 'boot', layout.bootPartition, '/boot'),
    root: { ...fs(layout.rootType, 'root', layout.rootPartition, '/'), ...(layout.rootSubvolumes ? { subvolumes: layout.rootSubvolumes } : {}) },
  };
  const dataFilesystems = layout.data.map((d) => ({
    ...fs(d.type, d.label, d.partition, d.mountpoint, `fs-${d.partition}-${d.label}`), ...(d.subvolumes ? { subvolumes: d.subvolumes } : {}),
  }));
  const rootSubvolume = layout.rootSubvolumes?.find((sv) => sv.mountpoint === '/');
  const kernelArgs = [`root=UUID=${filesystems.root.uuid}`, ...(rootSubvolume ? [`rootflags=subvol=${rootSubvolume.name}`] : []),
    ...baseKernelArgs, ...input.config.kernelAppend];
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
    dataFilesystems,
    configFiles: input.config.files.map((f) => ({ ...f })),
    configDirectories: input.config.directories.map((d) => ({ ...d })),
    warnings: input.config.warnings.map((w) => `${w.path}: ${w.message}`),
    bootloaders: ['grub-bios', 'systemd-boot-uefi'],
    kernelArgs,
    users,
    groups,
    outputs,
    cacheKey,
  };
  return { ...draft, steps: planSteps(draft, input.cacheSecret) };
}
