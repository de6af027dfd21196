// Polls the sections of the bootable view every interval, but only while at least one of their views is visible,
// and only the visible ones. No timer runs while the view is closed or after dispose().
import * as vscode from 'vscode';
import type { Section } from './section';

export interface PolledView {
  view: vscode.TreeView<unknown>;
  section: Section;
}

export class VisiblePoller implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly views: PolledView[], private readonly intervalMs = 2000) {
    for (const { view, section } of views) {
      this.subscriptions.push(view.onDidChangeVisibility((e) => {
        if (e.visible) void section.refresh();
        this.update();
      }));
    }
    this.update();
  }

  /** True while a timer is armed (exposed so tests can check that closing the view stops polling). */
  get running(): boolean {
    return this.timer !== undefined;
  }

  private update(): void {
    const anyVisible = this.views.some(({ view }) => view.visible);
    if (anyVisible && !this.timer) {
      this.timer = setInterval(() => this.tick(), this.intervalMs);
    } else if (!anyVisible && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private tick(): void {
    for (const { view, section } of this.views) if (view.visible) void section.refresh();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const s of this.subscriptions) s.dispose();
  }
}
