// The one status bar item: the VM that was last booted and its state. Clicking it shows the VM in the view.
// The name survives restarts (workspace state); the state comes from the VM section whenever it loads.
import * as vscode from 'vscode';
import { UsageError } from '../core/errors';

const KEY = 'bootable.lastVm';

export const stateIcons: Record<string, string> = {
  defined: 'circle-outline',
  starting: 'loading~spin',
  ready: 'pass-filled',
  running: 'play-circle',
  stopped: 'circle-slash',
  failed: 'error',
};

export class VmStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('bootable.vm', vscode.StatusBarAlignment.Left, 10);

  constructor(private readonly memento: vscode.Memento) {
    this.item.name = 'bootable VM';
    this.item.command = 'bootable.vms.focus';
    const last = this.lastVm;
    if (last) this.show(last, undefined);
  }

  get lastVm(): string | undefined {
    return this.memento.get<string>(KEY);
  }

  /** Remember `name` as the last booted VM. */
  async setLastVm(name: string, state?: string): Promise<void> {
    await this.memento.update(KEY, name);
    this.show(name, state);
  }

  /** Update the state shown, if `name` is the VM this item follows. */
  update(name: string, state: string | undefined, detail?: string): void {
    if (name === this.lastVm) this.show(name, state, detail);
  }

  /** Asks core for the followed VM's state now (at activation and after commands, view visible or not). */
  async refreshFromCore(): Promise<void> {
    const name = this.lastVm;
    if (!name) return;
    try {
      const { vmStatus } = await import('../core/vm/index');
      const vm = await vmStatus(name);
      this.update(name, vm.state, vm.address);
    } catch (err) {
      if (err instanceof UsageError) await this.forget(name); // deleted outside the editor
      else this.show(name, undefined, err instanceof Error ? err.message : String(err));
    }
  }

  /** The VM this item follows no longer exists. */
  async forget(name: string): Promise<void> {
    if (name !== this.lastVm) return;
    await this.memento.update(KEY, undefined);
    this.item.hide();
  }

  private show(name: string, state: string | undefined, detail?: string): void {
    const icon = state ? stateIcons[state] ?? 'vm' : 'vm';
    this.item.text = `$(${icon}) ${name}${state ? `: ${state}` : ''}`;
    this.item.tooltip = `bootable VM ${name}${state ? ` — ${state}` : ''}${detail ? `\n${detail}` : ''}`;
    this.item.backgroundColor = state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  /** What the item shows now (for tests and the status command). */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
