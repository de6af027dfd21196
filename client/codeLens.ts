// "Build · Run · Disk · Boot" above the final stage's FROM line of a bootc Containerfile (trusted workspaces only;
// an ordinary Dockerfile gets none). Run and Disk act on the tag Build gives (localhost/bootable/<dir>:latest);
// Boot is the whole Build and Boot chain. "Update <vm>" follows for each VM that Build and Boot made from this file.
import * as vscode from 'vscode';
import { BASE_IMAGE } from '../core/base/recipe';
import { localBaseFromLine } from './local-base';
import { imageExists } from '../core/podman/exec';
import { defaultImageTag as defaultTag } from '../core/names';
import { isBootcDocument, registerBootcContext } from './bootc-editor';
import { listVmRecords } from '../core/vm/state-dir';
import type { VmRecord } from '../core/vm/types';
import { defaultLibvirtUri } from '../core/vm/uri';
import { readConfig } from './config';

/** 0-based line of the last FROM instruction (the stage that becomes the OS), or undefined. */
export function finalFromLine(text: string): number | undefined {
  let found: number | undefined;
  let continued = false;
  text.split(/\r?\n/).forEach((line, i) => {
    if (!continued && /^\s*FROM\s/i.test(line)) found = i;
    continued = /\\\s*$/.test(line) && !/^\s*#/.test(line);
  });
  return found;
}

/** Whether the local base image exists: asked of podman at most every 10 s (CodeLenses are asked for often). */
let baseKnown: { exists: Promise<boolean>; at: number } | undefined;
const lensProviders = new Set<FromCodeLensProvider>();
function localBaseExists(): Promise<boolean> {
  if (!baseKnown || Date.now() - baseKnown.at > 10_000) {
    // A podman failure counts as present: no offer to build what may well be there.
    baseKnown = { exists: imageExists({}, BASE_IMAGE).catch(() => true), at: Date.now() };
  }
  return baseKnown.exists;
}

/** The base image was built (or removed): ask podman again and redraw the lenses. */
export function baseImageChanged(): void {
  baseKnown = undefined;
  for (const p of lensProviders) p.refresh();
}

/** The VMs' records (files only, no virsh), re-read at most every 5 s: which VM each Containerfile made. */
let vmsKnown: { records: Promise<VmRecord[]>; at: number } | undefined;
function vmRecords(): Promise<VmRecord[]> {
  if (!vmsKnown || Date.now() - vmsKnown.at > 5_000) vmsKnown = { records: listVmRecords().catch(() => []), at: Date.now() };
  return vmsKnown.records;
}

/** A VM was made, updated or deleted: read the records again and redraw the lenses. */
export function vmsChanged(): void {
  vmsKnown = undefined;
  for (const p of lensProviders) p.refresh();
}

/** The VMs (in the configured libvirt) whose Build and Boot used this Containerfile, by name. */
async function vmsMadeFrom(file: string): Promise<string[]> {
  const uri = readConfig().vm.uri?.trim() || defaultLibvirtUri();
  return (await vmRecords()).filter((r) => r.project === file && r.uri === uri).map((r) => r.name).sort();
}

export class FromCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor() {
    lensProviders.add(this);
  }

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.isTrusted || doc.uri.scheme !== 'file' || !isBootcDocument(doc)) return [];
    const text = doc.getText();
    const line = finalFromLine(text);
    if (line === undefined) return [];
    const range = new vscode.Range(line, 0, line, 0);
    const tag = defaultTag(doc.uri.fsPath);
    // FROM the local base while it is missing: the first thing to do is to build it (nothing else creates it).
    const baseLine = localBaseFromLine(text);
    const missingBase = baseLine !== undefined && !(await localBaseExists()) ? [new vscode.CodeLens(new vscode.Range(baseLine, 0, baseLine, 0), {
      title: '$(warning) Build the local base image', tooltip: `${BASE_IMAGE} is not in podman's storage: build it (bootable base, a few minutes)`,
      command: 'bootable.buildBase', arguments: [],
    })] : [];
    return [...missingBase,
      new vscode.CodeLens(range, { title: 'Build', tooltip: `Build ${tag} with podman`, command: 'bootable.buildImage', arguments: [doc.uri] }),
      new vscode.CodeLens(range, { title: 'Run', tooltip: `Run ${tag} as a container with /sbin/init`, command: 'bootable.runContainer', arguments: [tag, { containerfile: doc.uri }] }),
      new vscode.CodeLens(range, { title: 'Disk', tooltip: `Make a ${vscode.workspace.getConfiguration('bootable').get('disk.type', 'qcow2')} disk of ${tag}`, command: 'bootable.buildDisk', arguments: [tag, { containerfile: doc.uri }] }),
      new vscode.CodeLens(range, { title: 'Boot', tooltip: 'Build and Boot: lint, build, test-run, disk, boot (updates the VM in place when it exists)', command: 'bootable.up', arguments: [doc.uri] }),
      ...(await vmsMadeFrom(doc.uri.fsPath)).map((name) => new vscode.CodeLens(range, {
        title: `Update ${name}`,
        tooltip: `Update VM ${name} from this Containerfile: build, stage a new deployment, reboot into it (/etc and /var are kept; Roll Back VM returns)`,
        command: 'bootable.updateVm', arguments: [name, { containerfile: doc.uri.fsPath }],
      })),
    ];
  }

  dispose(): void {
    lensProviders.delete(this);
    this.changed.dispose();
  }
}

export function registerCodeLens(ctx: { own<T extends vscode.Disposable>(d: T): T }): FromCodeLensProvider {
  const provider = ctx.own(new FromCodeLensProvider());
  ctx.own(vscode.languages.registerCodeLensProvider({ language: 'dockerfile', scheme: 'file' }, provider));
  ctx.own(vscode.workspace.onDidGrantWorkspaceTrust(() => provider.refresh()));
  registerBootcContext(ctx, () => provider.refresh());
  return provider;
}
