// Registers the four sections of the bootable view container and the poller that refreshes them while visible.
import * as vscode from 'vscode';
import type { Ctx, SectionId } from '../ctx';
import { VisiblePoller, type PolledView } from './poller';
import { Section, type Node } from './section';

export function registerViews(ctx: Ctx): VisiblePoller {
  // Loaders import their module on first use, so activation does not load podman or libvirt code.
  // An empty section shows its welcome view (package.json viewsWelcome), not a row.
  const loaders: [SectionId, () => Promise<Node[]>][] = [
    ['images', () => import('./images').then((m) => m.loadImages())],
    ['containers', () => import('./containers').then((m) => m.loadContainers())],
    ['disks', () => import('./disks').then((m) => m.loadDisks())],
    ['vms', () => import('./vms').then((m) => m.loadVms(ctx))],
  ];
  const polled: PolledView[] = [];
  for (const [id, load] of loaders) {
    const section = ctx.own(new Section(id, load));
    ctx.sections.set(id, section);
    const view = ctx.own(vscode.window.createTreeView(`bootable.${id}`, { treeDataProvider: section, showCollapseAll: id === 'vms' }));
    ctx.views.set(id, view);
    polled.push({ view: view as vscode.TreeView<unknown>, section });
  }
  return ctx.own(new VisiblePoller(polled, 2000));
}
