// Input gathering for commands: a target from the argument the menu passed (a tree node or a URI), else from the
// active editor, else a quick pick. Returns undefined when the user dismisses the pick.
import * as vscode from 'vscode';
import { listContainers, listImages } from '../core/podman/inspect';
import { listVms, type VmStatus } from '../core/vm/index';
import { readConfig } from './config';
import { findDisks } from './tree/disks';
import { uniqueRefs } from './image-refs';
import { isInternalContainer } from './tree/containers';

const CONTAINERFILE_GLOB = '**/{Containerfile,Dockerfile,*.containerfile,*.dockerfile,Containerfile.*,Dockerfile.*}';

export async function pickContainerfile(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.languageId === 'dockerfile' && doc.uri.scheme === 'file') return doc.uri;
  const files = await vscode.workspace.findFiles(CONTAINERFILE_GLOB, '**/node_modules/**', 200);
  if (files.length === 1) return files[0];
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: 'Containerfile', placeHolder: files.length ? 'Which Containerfile?' : 'No Containerfile in this workspace' },
  );
  return picked?.uri;
}

/** Nothing to pick: say so, with the command that makes one, instead of an empty pick. */
async function nothingYet(text: string, button: string, command: string): Promise<undefined> {
  const choice = await vscode.window.showInformationMessage(text, button);
  if (choice) void vscode.commands.executeCommand(command);
  return undefined;
}
const noImageYet = () => nothingYet('No podman image yet: build one from a Containerfile first.', 'Build Image', 'bootable.buildImage');

function field(arg: unknown, name: string): unknown {
  return typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>)[name] : undefined;
}

export async function pickImage(arg: unknown): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  const ref = field(arg, 'ref');
  if (typeof ref === 'string') return ref;
  const images = await listImages({ connection: readConfig().podman.connection });
  const refs = uniqueRefs(images).map((r) => r.ref);
  if (refs.length === 0) return noImageYet();
  return vscode.window.showQuickPick(refs, { title: 'Image', placeHolder: 'Which image?' });
}

export async function pickContainer(arg: unknown, running: boolean): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  const container = field(arg, 'container');
  if (container && typeof field(container, 'name') === 'string') return field(container, 'name') as string;
  const all = await listContainers({ connection: readConfig().podman.connection });
  const names = all.filter((c) => !running || c.state === 'running').filter((c) => !isInternalContainer(c.name)).map((c) => c.name).sort();
  if (names.length === 0) return nothingYet(running ? 'No running container.' : 'No container yet.', 'Run as Container', 'bootable.runContainer');
  return vscode.window.showQuickPick(names, { title: 'Container', placeHolder: 'Which container?' });
}

export async function pickDisk(arg: unknown): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri) return arg.fsPath;
  const disk = field(arg, 'disk');
  if (disk && typeof field(disk, 'path') === 'string') return field(disk, 'path') as string;
  const disks = await findDisks(readConfig().disk.output);
  if (disks.length === 0) {
    const choice = await vscode.window.showInformationMessage('No disk image in the output directory yet.', 'Create Disk Image', 'Browse…');
    if (choice === 'Create Disk Image') void vscode.commands.executeCommand('bootable.buildDisk');
    if (choice !== 'Browse…') return undefined;
  }
  const picked = disks.length === 0 ? { label: 'Browse…' } : await vscode.window.showQuickPick(
    [...disks.map((d) => ({ label: d.path, description: d.type })), { label: 'Browse…', description: '' }],
    { title: 'Disk image', placeHolder: 'Which disk?' },
  );
  if (!picked) return undefined;
  if (picked.label !== 'Browse…') return picked.label;
  const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Disk images': ['qcow2', 'raw', 'img', 'vmdk', 'vhd'] } });
  return chosen?.[0]?.fsPath;
}

/** A VM node (or a child node of one) carries its status; else pick one by name. */
export async function pickVm(arg: unknown): Promise<VmStatus | undefined> {
  const vm = field(arg, 'vm');
  if (vm && typeof field(vm, 'name') === 'string') return vm as VmStatus;
  const all = await listVms({ uri: readConfig().vm.uri });
  if (typeof arg === 'string') return all.find((v) => v.name === arg);
  if (all.length === 0) return nothingYet('No virtual machine yet.', 'Build and Boot', 'bootable.up');
  const picked = await vscode.window.showQuickPick(
    all.map((v) => ({ label: v.name, description: v.state, vm: v })),
    { title: 'Virtual machine', placeHolder: all.length ? 'Which VM?' : 'No VMs' },
  );
  return picked?.vm;
}
