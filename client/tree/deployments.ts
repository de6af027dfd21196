// A VM's ostree deployments (staged, ● booted, rollback) as children of its row in the Virtual Machines section.
// They are read from the guest over ssh (core/update vmDeployments), so: only for a ready VM, once per VM and boot
// (the view's 2 s polling reuses the answer), again after an update, a rollback or Refresh View. A failure is one
// row with the message; nothing here rejects.
import * as vscode from 'vscode';
import type { Deployment } from '../../core/update/index';
import type { VmStatus } from '../../core/vm/index';
import { errorText } from '../task';
import { deploymentDescription, deploymentLabel, deploymentTooltip, sortDeployments } from './format';
import { MessageNode, type Node } from './section';

export class DeploymentNode implements Node {
  constructor(readonly vm: VmStatus, readonly deployment: Deployment) {}
  item(): vscode.TreeItem {
    const d = this.deployment;
    const item = new vscode.TreeItem(deploymentLabel(d), vscode.TreeItemCollapsibleState.None);
    item.id = `vm:${this.vm.name}:deployment:${d.id}`;
    item.description = deploymentDescription(d);
    item.tooltip = deploymentTooltip(d);
    item.iconPath = new vscode.ThemeIcon(d.role === 'booted' ? 'pass-filled' : d.role === 'staged' ? 'arrow-circle-up' : 'history');
    item.contextValue = `deployment:${d.role}`;
    return item;
  }
}

interface Entry { boot: string; nodes: Promise<Node[]> }

/** Per VM name: the rows for one boot of it (a new start gives a new startedAt, hence a new read). */
const cache = new Map<string, Entry>();
/** VMs an editor command is updating or rolling back: their rows say so instead of asking the guest mid-change. */
const busy = new Map<string, string>();

/** Forget what was read (one VM, or all for Refresh View): the next expand asks the guest again. */
export function forgetDeployments(name?: string): void {
  if (name === undefined) cache.clear();
  else cache.delete(name);
}

/** Runs `work` with the VM's rows showing `what` (e.g. "updating…"), and forgets its deployments after. */
export async function whileChanging<T>(name: string, what: string, work: () => Promise<T>): Promise<T> {
  busy.set(name, what);
  forgetDeployments(name);
  try {
    return await work();
  } finally {
    busy.delete(name);
    forgetDeployments(name);
  }
}

/** The deployment rows of a ready VM (resolved from the cache when this boot was read already). */
export function deploymentNodes(vm: VmStatus): Promise<Node[]> {
  const what = busy.get(vm.name);
  if (what) return Promise.resolve([new MessageNode(what)]);
  const boot = vm.startedAt ?? '';
  let entry = cache.get(vm.name);
  if (!entry || entry.boot !== boot) {
    entry = { boot, nodes: readDeployments(vm) };
    cache.set(vm.name, entry);
  }
  return entry.nodes;
}

async function readDeployments(vm: VmStatus): Promise<Node[]> {
  try {
    const { vmDeployments } = await import('../../core/update/index');
    const state = await vmDeployments(vm.name);
    if (state.deployments.length === 0) return [new MessageNode('no ostree deployment (a plain-mode disk cannot be updated)')];
    return sortDeployments(state.deployments).map((d) => new DeploymentNode(vm, d));
  } catch (err) {
    return [new MessageNode(`deployments unknown: ${errorText(err)}`, 'error')];
  }
}
