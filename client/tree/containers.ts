// Containers section: podman containers, with state and published ports; running ones can be stopped,
// logged or shelled into.
import * as vscode from 'vscode';
import { listContainers, type ContainerSummary } from '../../core/podman/inspect';
import { readConfig } from '../config';
import type { Node } from './section';

export class ContainerNode implements Node {
  constructor(readonly container: ContainerSummary) {}
  item(): vscode.TreeItem {
    const c = this.container;
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
    item.id = `container:${c.id}`;
    const ports = c.ports.map((p) => `${p.host}→${p.guest}`).join(', ');
    item.description = [c.state, ports].filter(Boolean).join(' · ');
    item.tooltip = `${c.name}\nimage ${c.image}\nstate ${c.state}${ports ? `\nports ${ports}` : ''}`;
    item.iconPath = new vscode.ThemeIcon(c.state === 'running' ? 'play-circle' : 'circle-outline');
    item.contextValue = `container:${c.state}`;
    return item;
  }
}

/** The throw-away containers bootable itself creates to read an image (image checks, disk export): not the user's. */
export function isInternalContainer(name: string): boolean {
  return /^bootable-(image-check|export)-[0-9a-f]{8}$/.test(name);
}

export async function loadContainers(): Promise<Node[]> {
  const config = readConfig();
  const containers = await listContainers({ connection: config.podman.connection });
  return containers.filter((c) => !isInternalContainer(c.name)).map((c) => new ContainerNode(c)).sort((a, b) => a.container.name.localeCompare(b.container.name));
}
