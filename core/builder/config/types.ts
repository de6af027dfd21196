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
}

export interface ConfigGroup {
  name: string;
  gid?: number;
}

export interface ConfigFilesystem {
  mountpoint: string;
  /** Bytes. */
  minsize: number;
}

export interface BuilderConfig {
  users: ConfigUser[];
  groups: ConfigGroup[];
  /** Extra kernel arguments from `customizations.kernel.append`, split on whitespace. */
  kernelAppend: string[];
  filesystems: ConfigFilesystem[];
}

export const emptyConfig: BuilderConfig = { users: [], groups: [], kernelAppend: [], filesystems: [] };
