// The data a disk build is made of. A Plan is plain, JSON-serialisable data: printed by `bootable disk --plan`,
// saved as output/manifest-<type>.json, and executed by the steps in core/builder/steps/.
import type { ConfigDirectory, ConfigFile } from './config/types';

export type DiskType = 'qcow2' | 'raw' | 'vmdk' | 'vhd';
export const diskTypes: readonly DiskType[] = ['qcow2', 'raw', 'vmdk', 'vhd'];

export type RootFsType = 'ext4' | 'xfs' | 'btrfs';
export const rootFsTypes: readonly RootFsType[] = ['ext4', 'xfs', 'btrfs'];

/** ostree: bootc layout made with the host's ostree; bootc: the image's own `bootc install`; plain: rootfs as is. */
export type DeployMode = 'ostree' | 'bootc' | 'plain';
export const deployModes: readonly DeployMode[] = ['ostree', 'bootc', 'plain'];

/** What the builder learnt about the image before planning (core/builder/image.ts). */
export interface ImageFacts {
  /** As the user named it. */
  ref: string;
  /** podman's image id (sha256 hex). */
  id: string;
  /** Repo digest when the image has one, else the id. */
  digest: string;
  sizeBytes: number;
  /** Directory name under /usr/lib/modules holding vmlinuz + initramfs.img. */
  kernelVersion: string;
  hasBootc: boolean;
  /** The image can boot an ostree deployment (ostree + ostree-prepare-root in its initramfs tooling). */
  hasOstree: boolean;
  /** Root filesystem the image declares in /usr/lib/bootc/install/*.toml, if any. */
  declaredRootFs?: string;
}

export interface PartitionPlan {
  number: number;
  name: string;
  /** gpt: sgdisk type code (EF02 BIOS boot, EF00 ESP, EA00 XBOOTLDR, 8304 Linux x86-64 root) or a type GUID;
   *  dos: the 2-hex-digit MBR type (ef ESP, 83 Linux, 82 swap). */
  typeCode: string;
  partUuid: string;
  startSector: number;
  sizeSectors: number;
}

/** A btrfs subvolume (`customizations.disk` partitions of type btrfs): made at the volume's top level. */
export interface Subvolume {
  name: string;
  /** `/`: the root (root= with rootflags=subvol=); else mounted from fstab with subvol=. */
  mountpoint: string;
}

export interface FilesystemPlan {
  /** swap: a swap area (mkswap), mounted by fstab as swap. */
  type: RootFsType | 'vfat' | 'swap';
  label: string;
  /** ext4/xfs/btrfs: a UUID; vfat: the volume id as XXXX-XXXX. */
  uuid: string;
  partition: number;
  /** '' for swap and for a btrfs volume that is mounted through its subvolumes. */
  mountpoint: string;
  /** btrfs only: subvolumes to create, each filled with what the tree has at its mount point. */
  subvolumes?: Subvolume[];
}

export interface UserPlan {
  name: string;
  /** Already hashed (crypt): the plaintext never enters a plan. */
  passwordHash?: string;
  keys: string[];
  groups: string[];
  home: string;
  shell: string;
  uid?: number;
  gid?: number;
  description?: string;
  /** shadow's account expiry (days since 1970-01-01). */
  expiredate?: number;
  /** shadow's "last changed" = 0: the password must be changed at the first login. */
  forcePasswordReset?: boolean;
}

export interface OutputPlan {
  type: DiskType;
  /** Relative to the output directory, as bootc-image-builder lays it out. */
  path: string;
}

export interface StepPlan {
  /** `<name>-<keyed hash of the step's inputs>`: the same in `--plan` and in the build, stable across runs. */
  id: string;
  /** The step's name, with its label when it runs more than once (`convert-qcow2`). */
  name: string;
  /** The registry's step (core/builder/steps/index.ts) that runs it. */
  step: string;
  title: string;
  /** What the step works from, as plain data. */
  inputs: unknown;
}

export interface Plan {
  builderVersion: string;
  image: ImageFacts;
  mode: DeployMode;
  /** ostree stateroot (bootc and bootc-image-builder use "default"). */
  stateroot: string;
  /** `table`: the partition table type (default gpt; dos from `customizations.disk.type`). */
  disk: { sizeBytes: number; sectorSize: 512; partitions: PartitionPlan[]; table?: 'gpt' | 'dos' };
  filesystems: { esp: FilesystemPlan; boot: FilesystemPlan; root: FilesystemPlan };
  /**
   * Filesystems on their own partitions besides those three, mounted at boot from the system's fstab: `/var/*`
   * from the config's `filesystem` or `disk` customizations, and swap areas. Parents before children.
   */
  dataFilesystems: FilesystemPlan[];
  /** The config's `customizations.files` and `directories`, written into the booted system's tree. */
  configFiles: ConfigFile[];
  configDirectories: ConfigDirectory[];
  /** What bootc-image-builder would warn about in this config (keys it ignores for disks, legacy keys). */
  warnings: string[];
  bootloaders: ('grub-bios' | 'systemd-boot-uefi')[];
  kernelArgs: string[];
  users: UserPlan[];
  groups: { name: string; gid?: number }[];
  outputs: OutputPlan[];
  steps: StepPlan[];
  /** Hash of everything that decides the disk's content: the cache key. */
  cacheKey: string;
}
