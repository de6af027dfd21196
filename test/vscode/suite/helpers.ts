// Helpers for in-editor tests: wait for real events (diagnostics published, a tree node appearing) instead of
// sleeping a fixed time.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitUntil } from '../../wait';

export const EXTENSION_ID = 'bootable.bootable';

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder');
  return folder.uri.fsPath;
}

export function fixtureUri(...parts: string[]): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceDir(), ...parts));
}

/** test/wait.ts's waitUntil, polling every 100 ms: one wait loop for node tests and in-editor tests. */
export function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  return waitUntil(what, probe, timeoutMs, everyMs);
}

export function bootableDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'bootable');
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** Waits until the document has a bootable diagnostic with this code and returns it. */
export function waitForDiagnostic(uri: vscode.Uri, code: string, timeoutMs = 30_000): Promise<vscode.Diagnostic> {
  return waitFor(`diagnostic ${code} on ${path.basename(uri.fsPath)}`,
    () => bootableDiagnostics(uri).find((d) => codeOf(d) === code), timeoutMs);
}

export async function openDocument(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc);
}

/** Prints a line the harness turns into a screenshot of the live window. */
export async function screenshot(name: string): Promise<void> {
  console.log(`@@screenshot:${name}`);
  await new Promise((r) => setTimeout(r, 1500));
}

/** What else a UI check does: keep the notification center open, open the quick-fix menu, wait for the window to
 * request a URL containing `request` (or one of them). */
export interface UiOptions { notifications?: boolean; quickFix?: boolean; request?: string | string[] }

/**
 * Asks the harness for a Playwright check of the real window: some element matching `within` must show each of
 * `texts`, and nothing may match a selector of `absent`. Resolves with the harness's verdict (it also saves test-results/vscode/ui-NAME.png).
 */
export async function uiExpect(name: string, within: string, texts: string[], absent: string[] = [], opts: UiOptions = {}): Promise<void> {
  const file = process.env.BOOTABLE_VSCODE_RESULTS && `${process.env.BOOTABLE_VSCODE_RESULTS}.ui.json`;
  if (!file) throw new Error('BOOTABLE_VSCODE_RESULTS not set: UI checks need the bootable harness');
  if (process.env.BOOTABLE_VSCODE_UI !== '1') {
    // Desktop VS Code through @vscode/test-electron has no Playwright page to look at: recorded as a skip, so the
    // summary counts it (no harness writes this file in desktop mode).
    const skipped = 'needs the code-server harness (desktop VS Code has no Playwright page)';
    const earlier = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as unknown[] : [];
    writeFileSync(file, JSON.stringify([...earlier, { name, ok: true, durationMs: 0, skipped }]));
    console.log(`  (UI check ${name} skipped: ${skipped})`);
    return;
  }
  console.log(`@@ui:${JSON.stringify({ name, within, texts, absent, ...opts })}`);
  const verdict = await waitFor(`the harness's UI check ${name}`, () => {
    if (!existsSync(file)) return undefined;
    return (JSON.parse(readFileSync(file, 'utf8')) as { name: string; ok: boolean; error?: string }[]).find((r) => r.name === name);
  }, 60_000, 250);
  if (!verdict.ok) throw new Error(`UI check ${name} failed: ${verdict.error}`);
}

export interface Asked { message: string; modal: boolean; detail?: string; buttons: string[] }

/**
 * Runs a command that asks for confirmation with a modal `showWarningMessage`, and answers it with `button`
 * (undefined: dismissed). VS Code refuses to draw modal dialogs while extension tests run (its dialog service
 * throws "refused to show dialog in tests"), so the answer goes in at the API the extension calls: the extension's
 * own `vscode.window.showWarningMessage` (the same object its bundle gets) is replaced for the duration of `run`.
 * Resolves with what was asked and the command's result.
 */
export async function answerWarning<T>(button: string | undefined, run: () => Thenable<T>): Promise<{ asked: Asked[]; result: T }> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  // VS Code hands each extension its own API object, chosen by the requiring file's path: this is the extension's.
  const extVscode = createRequire(path.join(ext.extensionPath, 'dist', 'extension.cjs'))('vscode') as typeof vscode;
  assert.notEqual(extVscode, vscode, 'expected the extension\'s own API object');
  const win = extVscode.window as { showWarningMessage: (...args: unknown[]) => Thenable<unknown> };
  const original = win.showWarningMessage;
  const asked: Asked[] = [];
  win.showWarningMessage = async (message: unknown, ...rest: unknown[]) => {
    const options = typeof rest[0] === 'object' && rest[0] !== null ? rest[0] as vscode.MessageOptions : {};
    const buttons = rest.filter((r): r is string => typeof r === 'string');
    asked.push({ message: String(message), modal: !!options.modal, detail: options.detail, buttons });
    assert.ok(button === undefined || buttons.includes(button), `no ${button} button in ${JSON.stringify(buttons)}`);
    return button;
  };
  try {
    return { asked, result: await run() };
  } finally {
    win.showWarningMessage = original;
  }
}

/** Waits until `vscode.window.terminals` has a terminal with this name. */
export function waitForTerminal(name: string): Promise<vscode.Terminal> {
  return waitFor(`terminal "${name}"`, () => vscode.window.terminals.find((t) => t.name === name), 15_000);
}

/**
 * Sends a command line to a terminal and resolves with the exit code once its process ends and the terminal closes.
 * (A non-zero exit leaves the terminal open with a message: the test then fails on the deadline.)
 */
export function exitCodeAfter(term: vscode.Terminal, line: string, timeoutMs = 60_000): Promise<number | undefined> {
  const closed = new Promise<number | undefined>((resolve) => {
    const sub = vscode.window.onDidCloseTerminal((t) => { if (t === term) { sub.dispose(); resolve(t.exitStatus?.code); } });
  });
  term.sendText(line);
  return Promise.race([closed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`terminal "${term.name}" still open ${timeoutMs} ms after: ${line} (a failed command keeps it open)`)), timeoutMs))]);
}
