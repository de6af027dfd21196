// Typed view of the `bootable.*` settings. Paths are resolved against the workspace folder here, so commands
// never deal with raw setting strings. None of these need a restart: every command reads them afresh.
import * as path from 'node:path';
import * as vscode from 'vscode';

export type DiskType = 'qcow2' | 'raw' | 'vmdk' | 'vhd';
export type RootFs = 'ext4' | 'xfs' | 'btrfs';

export interface Config {
  /** `podman --connection NAME`; undefined = the local podman. */
  podmanConnection?: string;
  /** libvirt URI; undefined = core's default (qemu:///system as root, qemu:///session otherwise). */
  libvirtUri?: string;
  /** Absolute directory for disk images. */
  outputDir: string;
  diskType: DiskType;
  /** undefined = from the image's install config, else the builder's default. */
  rootfs?: RootFs;
  /** Absolute path of a bootc-image-builder config, or undefined. */
  diskConfig?: string;
  vmMemoryMiB: number;
  vmCpus: number;
  /** Seconds to wait for a booted VM's ssh. */
  vmReadyTimeout: number;
}

const diskTypes: readonly DiskType[] = ['qcow2', 'raw', 'vmdk', 'vhd'];
const rootfsTypes: readonly RootFs[] = ['ext4', 'xfs', 'btrfs'];

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/** The folder settings and relative paths refer to: the given resource's folder, else the first one. */
export function baseFolder(resource?: vscode.Uri): string {
  const folder = (resource && vscode.workspace.getWorkspaceFolder(resource)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.fsPath ?? process.cwd();
}

export function readConfig(resource?: vscode.Uri): Config {
  const c = vscode.workspace.getConfiguration('bootable', resource);
  const base = baseFolder(resource);
  const abs = (p: string) => (path.isAbsolute(p) ? p : path.join(base, p));
  const diskType = c.get<string>('disk.type', 'qcow2');
  const rootfs = c.get<string>('disk.rootfs', '');
  const diskConfig = nonEmpty(c.get<string>('disk.config', ''));
  return {
    podmanConnection: nonEmpty(c.get<string>('podman.connection', '')),
    libvirtUri: nonEmpty(c.get<string>('libvirt.uri', '')),
    outputDir: abs(nonEmpty(c.get<string>('builder.outputDir', 'output')) ?? 'output'),
    diskType: (diskTypes as readonly string[]).includes(diskType) ? (diskType as DiskType) : 'qcow2',
    rootfs: (rootfsTypes as readonly string[]).includes(rootfs) ? (rootfs as RootFs) : undefined,
    diskConfig: diskConfig ? abs(diskConfig) : undefined,
    vmMemoryMiB: Math.max(256, Math.floor(c.get<number>('vm.memory', 2048))),
    vmCpus: Math.max(1, Math.floor(c.get<number>('vm.cpus', 2))),
    vmReadyTimeout: Math.max(10, Math.floor(c.get<number>('vm.readyTimeout', 300))),
  };
}
