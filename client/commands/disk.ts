// Create Disk Image (the embedded image builder, with the disk settings), Reveal and Delete Disk Image.
import * as vscode from 'vscode';
import { buildDisk, type BuildDiskResult } from '../../core/builder/index';
import { planForImage } from '../../core/builder/build';
import { parseConfigText } from '../../core/builder/config/load';
import { diskLayoutMarkdown } from '../disk-layout';
import { diskOptions } from '../../core/builder/options';
import { diskConfigWithDefaultKey } from '../../core/vm/default-key';
import { readConfig } from '../config';
import type { Ctx } from '../ctx';
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import { ensureBuilt, type FromContainerfile } from '../not-built';
import { pickDisk, pickImage } from '../pick';
import { plainText } from '../plain-text';
import { runTask } from '../task';
import type { CommandFactory } from './index';

export async function buildDiskFor(ctx: Ctx, image: string): Promise<BuildDiskResult | undefined> {
  const settings = readConfig();
  const { type = diskOptions.type.default!, ...disk } = settings.disk;
  const outcome = await runTask(ctx.output, `Build disk of ${image}`, async (io) => {
    // Like Build and Boot: a config that gives no user a key gets bootable's default key for root.
    const { config } = await diskConfigWithDefaultKey(disk.config, settings.vm.noDefaultKey, io.signal);
    return buildDisk({ ...disk, config, image, types: [type] }, { signal: io.signal, progress: io.progress });
  });
  ctx.refresh('disks');
  return outcome.value;
}

/** Disk layout previews as read-only documents of their own scheme: an untitled document would be dirty, which makes
 * the workbench open it a second time in the active group and ask to save it on close. */
const LAYOUT_SCHEME = 'bootable-disk-layout';

function layoutDocuments(ctx: Ctx): (uri: vscode.Uri, text: string) => void {
  const texts = new Map<string, string>();
  const changed = ctx.own(new vscode.EventEmitter<vscode.Uri>());
  ctx.own(vscode.workspace.registerTextDocumentContentProvider(LAYOUT_SCHEME,
    { onDidChange: changed.event, provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? '' }));
  return (uri, text) => { texts.set(uri.toString(), text); changed.fire(uri); };
}

export const factories: Record<string, CommandFactory> = {
  // From a disk-builder config's CodeLens (the language server's, with the document's URI) or the palette.
  previewDiskLayout: (ctx: Ctx) => {
    const setLayout = layoutDocuments(ctx);
    return async (arg?: unknown, imageArg?: unknown) => {
      const uri = typeof arg === 'string' ? vscode.Uri.parse(arg) : arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      if (!uri || uri.scheme !== 'file') {
        void vscode.window.showInformationMessage('Open a disk-builder config (config.toml, config.json or *.bib.toml) to preview its disk layout.');
        return undefined;
      }
      const image = await pickImage(imageArg);
      if (!image) return undefined;
      const settings = readConfig(uri);
      const { type = diskOptions.type.default!, ...disk } = settings.disk;
      const name = path.basename(uri.fsPath);
      // The config as the editor shows it, saved or not (the CodeLens is clicked while editing); else the file.
      const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === uri.fsPath);
      const outcome = await runTask(ctx.output, `Plan the disk of ${image} with ${name}`, async (io) => {
        const source = open ? parseConfigText(open.getText(), name) : uri.fsPath;
        // As Create Disk Image would: a config that gives no user a key gets bootable's default key for root.
        const { config } = await diskConfigWithDefaultKey(source, settings.vm.noDefaultKey, io.signal);
        return planForImage({ ...disk, config, image, types: [type] }, { signal: io.signal });
      });
      if (!outcome.value) return undefined;
      // One preview per config and image (the .md name makes it Markdown); previewing again updates it.
      const layout = vscode.Uri.from({ scheme: LAYOUT_SCHEME, path: `/${name} disk layout.md`, query: new URLSearchParams({ config: uri.toString(), image }).toString() });
      setLayout(layout, diskLayoutMarkdown(outcome.value, name));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(layout), { viewColumn: vscode.ViewColumn.Beside, preview: true });
      return outcome.value;
    };
  },
  buildDisk: (ctx: Ctx) => async (arg?: unknown, from?: FromContainerfile | unknown[]) => {
      const image = await pickImage(arg);
      if (!image) return undefined;
      if (!(await ensureBuilt(image, Array.isArray(from) ? undefined : from, 'Create Disk'))) return undefined;
      const result = await buildDiskFor(ctx, image);
      if (!result) return undefined;
      const disk = result.outputs[0].path;
      void vscode.window.showInformationMessage(plainText(`Disk ${result.cached ? 'reused from cache' : 'built'}: ${disk}`), 'Boot VM')
        .then((choice) => { if (choice) void vscode.commands.executeCommand('bootable.bootVm', disk); });
      return result;
    },
  revealDisk: () => async (arg?: unknown) => {
      const disk = await pickDisk(arg);
      if (!disk) return undefined;
      const uri = vscode.Uri.file(disk);
      // Inside the workspace the Explorer shows it; elsewhere the OS file manager (desktop VS Code only).
      await vscode.commands.executeCommand(vscode.workspace.getWorkspaceFolder(uri) ? 'revealInExplorer' : 'revealFileInOS', uri);
      return disk;
    },
  deleteDisk: (ctx: Ctx) => async (arg?: unknown, opts?: { confirmed?: boolean }) => {
      const disk = await pickDisk(arg);
      if (!disk) return undefined;
      if (!opts?.confirmed) {
        const answer = await vscode.window.showWarningMessage(plainText(`Delete disk image ${disk}?`),
          { modal: true, detail: 'VMs booted from it keep their own overlay but cannot start again without it.' }, 'Delete');
        if (answer !== 'Delete') return undefined;
      }
      await rm(disk, { force: true });
      ctx.refresh('disks');
      return disk;
    },
};
