// Whether a Containerfile is a bootc image (core/lint/bootc-detect.ts, the same decision the language server makes
// for its rules): only then do the bootc CodeLens, the Build and Boot button and the image checks apply. The active
// editor's answer is the context key `bootable.bootcEditor`, for menus.
import * as vscode from 'vscode';
import { bootcModes, detectBootc, type BootcMode } from '../core/lint/bootc-detect';
import { bootcImages, onDidChangeBootcImages } from './bootc-images';

const contextKey = 'bootable.bootcEditor';

function mode(resource: vscode.Uri): BootcMode {
  const value = vscode.workspace.getConfiguration('bootable', resource).get<string>('lint.bootc', 'auto');
  return (bootcModes as readonly string[]).includes(value) ? value as BootcMode : 'auto';
}

const cache = new WeakMap<vscode.TextDocument, { version: number; mode: BootcMode; images: readonly string[]; bootc: boolean }>();

export function isBootcDocument(doc: vscode.TextDocument): boolean {
  const force = mode(doc.uri);
  const hit = cache.get(doc);
  const images = bootcImages();
  if (hit && hit.version === doc.version && hit.mode === force && hit.images === images) return hit.bootc;
  const bootc = detectBootc(doc.getText(), { force, bootcImages: images }).bootc;
  cache.set(doc, { version: doc.version, mode: force, images, bootc });
  return bootc;
}

/** A Containerfile on disk: open documents decide from their current text, others from the file. */
export async function isBootcFile(uri: vscode.Uri): Promise<boolean> {
  return isBootcDocument(await vscode.workspace.openTextDocument(uri));
}

/** Keeps the context key in step with the active editor; `changed` fires when a document's answer may differ. */
export function registerBootcContext(ctx: { own<T extends vscode.Disposable>(d: T): T }, changed: () => void): void {
  let timer: NodeJS.Timeout | undefined;
  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand('setContext', contextKey, doc !== undefined && doc.languageId === 'dockerfile' && isBootcDocument(doc));
  };
  update();
  ctx.own(vscode.window.onDidChangeActiveTextEditor(update));
  ctx.own(vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.document !== vscode.window.activeTextEditor?.document || e.document.languageId !== 'dockerfile') return;
    clearTimeout(timer);
    timer = setTimeout(update, 300); // typing: decide once the burst is over
  }));
  ctx.own(vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration('bootable.lint.bootc')) return;
    update();
    changed();
  }));
  ctx.own(onDidChangeBootcImages(() => { update(); changed(); }));
  ctx.own({ dispose: () => clearTimeout(timer) });
}
