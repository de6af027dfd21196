// The extension's context: owns the language client, the output channel, the build diagnostics, the status bar
// item, the view sections and every disposable, so deactivate() releases everything in one place.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Node, Section } from './tree/section';
import { BuildDiagnostics } from './build-diagnostics';
import { VmStatusItem } from './statusBar';

export type SectionId = 'images' | 'containers' | 'disks' | 'vms';

export class Ctx implements vscode.Disposable {
  readonly output: vscode.OutputChannel;
  /** Diagnostics from builds and image checks (the language server owns the live lint diagnostics). */
  readonly buildDiagnostics: BuildDiagnostics;
  readonly status: VmStatusItem;
  readonly sections = new Map<SectionId, Section>();
  readonly views = new Map<SectionId, vscode.TreeView<Node>>();
  client: LanguageClient | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = this.own(mirrored(vscode.window.createOutputChannel('bootable')));
    this.buildDiagnostics = this.own(new BuildDiagnostics());
    this.status = this.own(new VmStatusItem(extension.workspaceState));
  }

  own<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  section(id: SectionId): Section | undefined {
    return this.sections.get(id);
  }

  /** Reload the sections whose content a command changed, if they are visible (a hidden one reloads when shown). */
  refresh(...ids: SectionId[]): void {
    for (const id of ids) if (this.views.get(id)?.visible) void this.sections.get(id)?.refresh();
  }

  async dispose(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    // Stop the server first (it is a child process), then release the rest in reverse order of creation.
    if (client) await client.stop().catch(() => undefined);
    for (const d of this.disposables.splice(0).reverse()) {
      try { d.dispose(); } catch { /* keep releasing the others */ }
    }
  }
}

/** With BOOTABLE_OUTPUT_TO_CONSOLE=1 (the in-editor tests set it) output lines also go to the extension host's
 *  console, so a failing test's log shows what the command printed. */
function mirrored(channel: vscode.OutputChannel): vscode.OutputChannel {
  if (process.env.BOOTABLE_OUTPUT_TO_CONSOLE !== '1') return channel;
  const appendLine = channel.appendLine.bind(channel);
  channel.appendLine = (line: string) => { console.log(`[bootable] ${line}`); appendLine(line); };
  return channel;
}
