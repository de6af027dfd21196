// Images section: the local podman images that have a name (dangling layers are noise here).
import * as vscode from 'vscode';
import { listImages, type ImageSummary } from '../../core/podman/inspect';
import { readConfig } from '../config';
import type { Node } from './section';
import { formatBytes } from './format';

export class ImageNode implements Node {
  constructor(readonly image: ImageSummary, readonly ref: string) {}
  item(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.ref, vscode.TreeItemCollapsibleState.None);
    item.id = `image:${this.ref}`;
    item.description = `${this.image.id.slice(0, 12)} · ${formatBytes(this.image.size)}`;
    item.tooltip = `${this.ref}\nid ${this.image.id}\ncreated ${this.image.created}\nsize ${formatBytes(this.image.size)}`;
    item.iconPath = new vscode.ThemeIcon('package');
    item.contextValue = 'image';
    return item;
  }
}

export async function loadImages(): Promise<Node[]> {
  const config = readConfig();
  const images = await listImages({ connection: config.podman.connection });
  return images
    .flatMap((image) => image.names.filter((n) => !n.includes('<none>')).map((ref) => new ImageNode(image, ref)))
    .sort((a, b) => a.ref.localeCompare(b.ref));
}
