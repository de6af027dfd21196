// Virtual Machines section: each VM with its state icon, address and forwarded ports, and children for its ostree
// deployments (when it is ready: deployments.ts), its disk and serial log. The status bar item follows the last
// booted VM through this section's loads.
import * as vscode from 'vscode';
import { listVms, type VmStatus } from '../../core/vm/index';
import { readConfig } from '../config';
import type { Ctx } from '../ctx';
import { stateIcons } from '../statusBar';
import { vmsChanged } from '../codeLens';
import { deploymentNodes } from './deployments';
import { formatDuration } from './format';
import type { Node } from './section';

export function endpointsText(vm: VmStatus): string {
  if (vm.network === 'user') return vm.endpoints.map((e) => `${e.port}→${e.guestPort}`).join(', ');
  return vm.endpoints.map((e) => String(e.guestPort)).join(', ');
}

export function vmDescription(vm: VmStatus): string {
  const where = vm.address ? `${vm.address}${vm.endpoints.length ? ` (${endpointsText(vm)})` : ''}` : '';
  return [vm.state, where].filter(Boolean).join(' · ');
}

export function vmTooltip(vm: VmStatus): string {
  const lines = [
    `${vm.name} — ${vm.state} (libvirt: ${vm.libvirtState})`,
    `acceleration: ${vm.accel}${vm.accelNote ? ` (${vm.accelNote})` : ''}`,
    `firmware: ${vm.firmware}, network: ${vm.network}`,
  ];
  if (vm.address) lines.push(`address: ${vm.address}${vm.endpoints.length ? `, ports ${endpointsText(vm)}` : ''}`);
  if (vm.image?.ref || vm.image?.digest) lines.push(`image: ${vm.image.ref ?? ''}${vm.image.digest ? ` @ ${vm.image.digest}` : ''}`);
  if (vm.uptimeSeconds !== undefined) lines.push(`uptime: ${formatDuration(vm.uptimeSeconds * 1000)}`);
  lines.push(`disk: ${vm.disk}`, `overlay: ${vm.overlay}`);
  if (vm.message) lines.push(vm.message);
  return lines.join('\n');
}

export class VmFileNode implements Node {
  constructor(readonly vm: VmStatus, readonly kind: 'disk' | 'serial-log') {}
  item(): vscode.TreeItem {
    const file = this.kind === 'disk' ? this.vm.disk : this.vm.serialLog;
    const item = new vscode.TreeItem(this.kind === 'disk' ? 'disk' : 'serial log', vscode.TreeItemCollapsibleState.None);
    item.id = `vm:${this.vm.name}:${this.kind}`;
    item.description = file;
    item.tooltip = file;
    item.iconPath = new vscode.ThemeIcon(this.kind === 'disk' ? 'database' : 'output');
    item.contextValue = this.kind;
    if (this.kind === 'serial-log') item.command = { command: 'bootable.openSerialLog', title: 'Open Serial Log', arguments: [this] };
    return item;
  }
}

export class VmNode implements Node {
  constructor(readonly vm: VmStatus) {}
  item(): vscode.TreeItem {
    const vm = this.vm;
    const item = new vscode.TreeItem(vm.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `vm:${vm.name}`;
    item.description = vmDescription(vm);
    item.tooltip = vmTooltip(vm);
    item.iconPath = new vscode.ThemeIcon(stateIcons[vm.state] ?? 'vm',
      vm.state === 'failed' ? new vscode.ThemeColor('errorForeground')
        : vm.state === 'ready' ? new vscode.ThemeColor('testing.iconPassed') : undefined);
    item.contextValue = `vm:${vm.state}`;
    return item;
  }
  async children(): Promise<Node[]> {
    const files = [new VmFileNode(this.vm, 'disk'), new VmFileNode(this.vm, 'serial-log')];
    return this.vm.state === 'ready' ? [...await deploymentNodes(this.vm), ...files] : files;
  }
}

/** VM nodes from statuses, and the status bar kept in step. */
export function vmNodes(ctx: Ctx, statuses: VmStatus[]): Node[] {
  for (const vm of statuses) ctx.status.update(vm.name, vm.state, vmDescription(vm));
  return statuses.map((vm) => new VmNode(vm)).sort((a, b) => a.vm.name.localeCompare(b.vm.name));
}

/** Which VM each Containerfile made, as last seen: the Update CodeLens redraws when it changes. */
let lastProjects = '';

export async function loadVms(ctx: Ctx): Promise<Node[]> {
  const statuses = await listVms({ uri: readConfig().vm.uri });
  const projects = statuses.map((vm) => `${vm.name}\0${vm.project ?? ''}`).sort().join('\n');
  if (projects !== lastProjects) {
    lastProjects = projects;
    vmsChanged();
  }
  return vmNodes(ctx, statuses);
}
