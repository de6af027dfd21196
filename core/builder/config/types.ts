// The part of bootc-image-builder's config (a blueprint's `customizations`) that a disk build uses,
// after validation: every field has the type it claims, every path was checked.

export interface ConfigUser {
  name: string;
  /** Plaintext, or an existing crypt hash (`$6$…`, `$y$…`), exactly as the user wrote it. */
  password?: string;
  /** One or more SSH public keys (a config may give several lines). */
  keys: string[];
  groups: string[];
  home?: string;
  shell?: string;
  uid?: number;
  gid?: number;
  description?: string;
  /** shadow's account expiry field: days since 1970-01-01. */
  expiredate?: number;
  /** The password must be changed at the first login (shadow's "last changed" = 0). */
  forcePasswordReset?: boolean;
}

export interface ConfigGroup {
  name: string;
  gid?: number;
}

export interface ConfigFilesystem {
  mountpoint: string;
  /** Bytes. */
  minsize: number;
  /** The key path it came from (`customizations.filesystem[1]`), for errors found when planning. */
  key?: string;
}

/** A filesystem type bootc-image-builder's `customizations.disk` knows for plain partitions. */
export type ConfigFsType = 'ext4' | 'xfs' | 'vfat' | 'swap' | 'none';

export interface ConfigPlainPartition {
  type: 'plain';
  minsize: number;
  /** Absent for swap and none. */
  mountpoint?: string;
  fsType: ConfigFsType;
  label?: string;
  partType?: string;
  partLabel?: string;
  partUuid?: string;
  key: string;
}

export interface ConfigBtrfsPartition {
  type: 'btrfs';
  minsize: number;
  subvolumes: { name: string; mountpoint: string }[];
  partType?: string;
  partLabel?: string;
  partUuid?: string;
  key: string;
}

export type ConfigPartition = ConfigPlainPartition | ConfigBtrfsPartition;

export interface ConfigDisk {
  /** Partition table type; default gpt. */
  type: 'gpt' | 'dos';
  /** Bytes; 0 = no minimum. */
  minsize: number;
  partitions: ConfigPartition[];
}

/** Owner as the config gives it: a name (resolved in the image's passwd/group) or a numeric id. */
export type ConfigOwner = string | number;

export interface ConfigFile {
  path: string;
  /** The file's content (UTF-8 text, as bootc-image-builder's `data`). */
  data: string;
  mode?: number;
  user?: ConfigOwner;
  group?: ConfigOwner;
}

export interface ConfigDirectory {
  path: string;
  mode?: number;
  user?: ConfigOwner;
  group?: ConfigOwner;
  ensureParents: boolean;
}

/** A key bootc-image-builder accepts with a warning; bootable warns the same way. */
export interface ConfigWarning {
  /** The exact key path (`customizations.hostname`). */
  path: string;
  message: string;
}

export interface BuilderConfig {
  users: ConfigUser[];
  groups: ConfigGroup[];
  /** Extra kernel arguments from `customizations.kernel.append`, split on whitespace. */
  kernelAppend: string[];
  /** `customizations.kernel.name`: checked against the image's only kernel when planning. */
  kernelName?: string;
  filesystems: ConfigFilesystem[];
  disk?: ConfigDisk;
  files: ConfigFile[];
  directories: ConfigDirectory[];
  warnings: ConfigWarning[];
}

export const emptyConfig: BuilderConfig = {
  users: [], groups: [], kernelAppend: [], filesystems: [], files: [], directories: [], warnings: [],
};
