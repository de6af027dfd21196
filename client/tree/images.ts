// Images section: the local podman images that have a name (dangling layers are noise here), one row per
// repository with its tags as children, each name once (see image-refs.ts).
import * as vscode from 'vscode';
import { listImages } from '../../core/podman/inspect';
import { readConfig } from '../config';
import { byRepository, uniqueRefs, type TaggedImage } from '../image-refs';
import type { Node } from './section';
import { formatBytes } from './format';

/** One tag of a repository: what the image commands act on (its `ref`). */
export class ImageNode implements Node {
  constructor(readonly tagged: TaggedImage) {}
  get ref(): string {
    return this.tagged.ref;
  }
  item(): vscode.TreeItem {
    const { ref, tag, image } = this.tagged;
    const item = new vscode.TreeItem(tag, vscode.TreeItemCollapsibleState.None);
    item.id = `image:${ref}`;
    item.description = `${image.id.slice(0, 12)} · ${formatBytes(image.size)}`;
    item.tooltip = `${ref}\nid ${image.id}\ncreated ${image.created}\nsize ${formatBytes(image.size)}`;
    item.iconPath = new vscode.ThemeIcon('tag');
    item.contextValue = 'image';
    return item;
  }
}

export class RepositoryNode implements Node {
  private readonly nodes: ImageNode[];
  constructor(readonly repository: string, tags: TaggedImage[]) {
    this.nodes = tags.map((t) => new ImageNode(t));
  }
  item(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.repository, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `repository:${this.repository}`;
    item.description = this.nodes.length === 1 ? this.nodes[0].tagged.tag : `${this.nodes.length} tags`;
    item.iconPath = new vscode.ThemeIcon('package');
    item.contextValue = 'repository';
    return item;
  }
  children(): Node[] {
    return this.nodes;
  }
}

export async function loadImages(): Promise<Node[]> {
  const images = await listImages({ connection: readConfig().podman.connection });
  return [...byRepository(uniqueRefs(images))].map(([repository, tags]) => new RepositoryNode(repository, tags));
}
