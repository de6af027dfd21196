// Registers the four sections of the bootable view container and the poller that refreshes them while visible.
import * as vscode from 'vscode';
import type { Ctx, SectionId } from '../ctx';
import { loadContainers } from './containers';
import { loadDisks } from './disks';
import { loadImages } from './images';
import { VisiblePoller, type PolledView } from './poller';
import { Section, type Node } from './section';
import { loadVms } from './vms';

export function registerViews(ctx: Ctx): VisiblePoller {
  const loaders: [SectionId, () => Promise<Node[]>, string][] = [
    ['images', loadImages, ''],
    ['containers', loadContainers, 'no containers'],
    ['disks', loadDisks, 'no disk images in the output directory'],
    ['vms', () => loadVms(ctx), ''],
  ];
  const polled: PolledView[] = [];
  for (const [id, load, empty] of loaders) {
    const section = ctx.own(new Section(id, load, empty || undefined));
    ctx.sections.set(id, section);
    const view = ctx.own(vscode.window.createTreeView(`bootable.${id}`, { treeDataProvider: section, showCollapseAll: id === 'vms' }));
    polled.push({ view: view as vscode.TreeView<unknown>, section });
  }
  return ctx.own(new VisiblePoller(polled, 2000));
}
