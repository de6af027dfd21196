// Disks section: disk images in the builder's output directory, in bootc-image-builder's layout
// (qcow2/disk.qcow2, image/disk.raw, vmdk/disk.vmdk, vpc/disk.vhd).
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { outputPaths } from '../../core/builder/plan';
import type { DiskType } from '../../core/builder/types';
import { readConfig } from '../config';
import type { Node } from './section';
import { formatBytes } from './format';

export interface DiskFile { path: string; type: DiskType; size: number; modified: Date }

export class DiskNode implements Node {
  constructor(readonly disk: DiskFile) {}
  item(): vscode.TreeItem {
    const d = this.disk;
    const item = new vscode.TreeItem(path.basename(path.dirname(d.path)) + '/' + path.basename(d.path), vscode.TreeItemCollapsibleState.None);
    item.id = `disk:${d.path}`;
    item.description = `${formatBytes(d.size)} · ${d.modified.toLocaleString()}`;
    item.tooltip = `${d.path}\n${d.type}, ${formatBytes(d.size)} on disk\nbuilt ${d.modified.toLocaleString()}`;
    item.iconPath = new vscode.ThemeIcon('database');
    item.resourceUri = vscode.Uri.file(d.path);
    item.contextValue = 'disk';
    return item;
  }
}

export async function findDisks(outputDir: string): Promise<DiskFile[]> {
  const found: DiskFile[] = [];
  for (const [type, rel] of Object.entries(outputPaths) as [DiskType, string][]) {
    const file = path.join(outputDir, rel);
    try {
      const st = await stat(file);
      if (st.isFile()) found.push({ path: file, type, size: st.blocks * 512, modified: st.mtime });
    } catch { /* not built */ }
  }
  return found;
}

export async function loadDisks(): Promise<Node[]> {
  return (await findDisks(readConfig().disk.output)).map((d) => new DiskNode(d));
}
