// VS Code extension entry point: builds the context, starts the language server, registers commands, the view
// sections, the CodeLens and the status bar item. Activation does no I/O of its own and does not wait for the
// server to start, so it stays fast; the returned API is what the in-editor tests inspect.
import * as vscode from 'vscode';
import { refreshBootcImages } from './bootc-images';
import { registerCodeLens } from './codeLens';
import { registerCommands } from './commands/index';
import { Ctx, type SectionId } from './ctx';
import { createLanguageClient } from './languageClient';
import { registerViews } from './tree/views';
import type { Section } from './tree/section';

export interface BootableApi {
  /** How long activate() took, in milliseconds. */
  activationMs: number;
  /** Resolves when the language server is up (rejects if it could not start). */
  serverReady: Promise<void>;
  sections: ReadonlyMap<string, Section>;
  /** True while the view poller has a timer armed. */
  pollerRunning: () => boolean;
  /** The status bar item's text. */
  statusText: () => string;
  /** Scrolls a section to the node with this label (or this image reference) and selects it; false if there is none. */
  reveal: (section: string, label: string) => Promise<boolean>;
}

let ctx: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): BootableApi {
  const started = performance.now();
  ctx = new Ctx(context);
  const client = createLanguageClient(context);
  ctx.client = client;
  const serverReady = client.start().catch((err: unknown) => {
    ctx?.output.appendLine(`language server failed to start: ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  });
  serverReady.catch(() => undefined); // shown in the output; the tests await it themselves
  // In the background: which local images are labelled bootc (for the CodeLens and the server's rules).
  void serverReady.then(() => refreshBootcImages(client), () => undefined);
  registerCommands(ctx);
  registerCodeLens(ctx);
  const poller = registerViews(ctx);
  void ctx.status.refreshFromCore(); // in the background: activation does not wait for virsh
  const current = ctx;
  return {
    activationMs: performance.now() - started,
    serverReady,
    sections: current.sections,
    pollerRunning: () => poller.running,
    statusText: () => current.status.text,
    reveal: async (id, label) => {
      const section = current.sections.get(id as SectionId);
      const view = current.views.get(id as SectionId);
      if (!section || !view) return false;
      const top = await section.getChildren();
      const nodes = [...top, ...(await Promise.all(top.map((n) => section.getChildren(n)))).flat()];
      const node = nodes.find((n) => { const item = section.getTreeItem(n); return item.label === label || item.id === `image:${label}`; });
      if (!node) return false;
      await view.reveal(node, { select: true, focus: false });
      return true;
    },
  };
}

export async function deactivate(): Promise<void> {
  const current = ctx;
  ctx = undefined;
  await current?.dispose();
}
