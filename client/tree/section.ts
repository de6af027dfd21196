// One section of the bootable view (Images, Containers, Disks, Virtual Machines): a TreeDataProvider over nodes
// that a loader function returns. Loading never throws into VS Code: a failure (podman missing, libvirtd down)
// becomes one node that shows the message and the hint, so the user sees what to do.
import * as vscode from 'vscode';
import { errorText } from '../task';

export interface Node {
  item(): vscode.TreeItem;
  /** May ask a tool (a VM's deployments come from the guest); a rejection becomes one MessageNode. */
  children?(): Node[] | Promise<Node[]>;
}

export class MessageNode implements Node {
  constructor(private readonly text: string, private readonly kind: 'info' | 'error' = 'info', private readonly tooltip?: string) {}
  item(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(this.kind === 'error' ? 'warning' : 'info');
    item.tooltip = this.tooltip ?? this.text;
    item.contextValue = this.kind === 'error' ? 'error' : 'message';
    return item;
  }
}

export class Section implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: Node[] | undefined;
  private loading: Promise<Node[]> | undefined;
  private readonly parents = new WeakMap<Node, Node>();

  constructor(readonly id: string, private readonly load: () => Promise<Node[]>, private readonly emptyText?: string) {}

  /** Reloads (joining a load already in flight, so polling never stacks up processes) and redraws. */
  refresh(): Promise<Node[]> {
    this.loading ??= this.load()
      .catch((err: unknown) => [new MessageNode(errorText(err), 'error')] as Node[])
      .then((nodes) => {
        // `bootable.<section>.none`: palette entries that need one (a VM, a container) hide when there is none.
        void vscode.commands.executeCommand('setContext', `bootable.${this.id}.none`, nodes.length === 0);
        this.nodes = nodes.length || !this.emptyText ? nodes : [new MessageNode(this.emptyText)];
        this.changed.fire(undefined);
        return this.nodes;
      })
      .finally(() => { this.loading = undefined; });
    return this.loading;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return node.item();
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.nodes ?? this.refresh();
    const children = await Promise.resolve().then(() => node.children?.() ?? [])
      .catch((err: unknown) => [new MessageNode(errorText(err), 'error')] as Node[]);
    for (const child of children) this.parents.set(child, node);
    return children;
  }

  /** Needed by TreeView.reveal. */
  getParent(node: Node): Node | undefined {
    return this.parents.get(node);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
