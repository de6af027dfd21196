// The bootc-image-builder config as a language in the real editor (issue 17 part 2): a config.toml with a
// `customizations` key gets the builder validator's diagnostics on the exact key, hover docs, key completion and the
// Preview Disk Layout CodeLens, whose command plans the disk (`bootable disk --plan`, no build) and opens the layout.
// And Build the Local Base Image, which finds the base image setup built and current, and says so.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BASE_IMAGE, RECIPE_LABEL, recipeHash } from '../../../core/base/recipe';
import type { Plan } from '../../../core/builder/types';
import { bootableDiagnostics, codeOf, EXTENSION_ID, openDocument, uiExpect, waitFor, workspaceDir } from './helpers';
import { test } from './runner';

const configText = [
  '[customizations]',
  '',
  '[customizations.kernel]',
  'append = "console=ttyS0"',
  'apend = "quiet"',
  '',
  '[[customizations.user]]',
  'name = "alice"',
  'password = "secret"',
  '',
  '[[customizations.disk.partitions]]',
  'type = "plain"',
  'mountpoint = "/"',
  'fs_type = "ext4"',
  'minsize = "12 GiB"',
  '',
].join('\n');

let configUri: vscode.Uri | undefined;

/** The config.toml, written once and opened in an editor (the extension is active: the earlier suites opened a
 * Containerfile; run alone through BOOTABLE_VSCODE_GREP, it is activated here). */
async function configEditor(): Promise<vscode.TextEditor> {
  if (!configUri) {
    const dir = path.join(workspaceDir(), 'disk-config');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'config.toml'), configText);
    configUri = vscode.Uri.file(path.join(dir, 'config.toml'));
    // code-server saves edits after a second by default: off, so that the preview is of text the file does not have.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  }
  return openDocument(configUri);
}

/** The range of `word` on the first line that starts with it (computed from the text, not from the server). */
function keyRange(doc: vscode.TextDocument, word: string): vscode.Range {
  for (let line = 0; line < doc.lineCount; line++) {
    if (doc.lineAt(line).text.startsWith(`${word} `)) return new vscode.Range(line, 0, line, word.length);
  }
  throw new Error(`no line starts with ${word}`);
}

const builderDiagnostics = (uri: vscode.Uri) => bootableDiagnostics(uri).filter((d) => codeOf(d) === 'builder-config');

test('disk-config: an unknown key in config.toml is an error on exactly that key', async () => {
  const editor = await configEditor();
  const uri = editor.document.uri;
  const where = keyRange(editor.document, 'apend');
  const diag = await waitFor('the unknown-key diagnostic on apend', () => builderDiagnostics(uri).find((d) => d.range.isEqual(where)), 30_000)
    .catch((err: Error) => { throw new Error(`${err.message}; diagnostics: ${JSON.stringify(builderDiagnostics(uri).map((d) => [d.range, d.message]))}`); });
  assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
  assert.match(diag.message, /apend/);
  assert.match(diag.message, /unknown key/i);
});

test('disk-config: with the key fixed (unsaved), a plain-text password is a hint to hash it, on the password key', async () => {
  const editor = await configEditor();
  const uri = editor.document.uri;
  const line = keyRange(editor.document, 'apend').start.line;
  await editor.edit((e) => e.delete(editor.document.lineAt(line).rangeIncludingLineBreak));
  const where = keyRange(editor.document, 'password');
  const hint = await waitFor('the plain-text password hint', () => builderDiagnostics(uri).find((d) => d.range.isEqual(where)), 30_000)
    .catch((err: Error) => { throw new Error(`${err.message}; diagnostics: ${JSON.stringify(builderDiagnostics(uri).map((d) => [d.range, d.message]))}`); });
  assert.equal(hint.severity, vscode.DiagnosticSeverity.Information);
  assert.match(hint.message, /plain text/);
  assert.match(hint.message, /hash/);
  assert.deepEqual(builderDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), [],
    'the fixed key is no error any more');
});

test('disk-config: hover on a known key shows its documentation', async () => {
  const editor = await configEditor();
  const at = keyRange(editor.document, 'mountpoint').start.translate(0, 3);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at);
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(text, /customizations\.disk\.partitions\.mountpoint/, text);
  assert.match(text, /where the filesystem is mounted/, text);
});

test('disk-config: completion inside [customizations] offers its keys (not those of other tables)', async () => {
  const editor = await configEditor();
  assert.equal(editor.document.lineAt(0).text, '[customizations]');
  assert.equal(editor.document.lineAt(1).text, '');
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(1, 0));
  const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  for (const key of ['user', 'group', 'kernel', 'disk', 'filesystem']) assert.ok(labels.includes(key), `no ${key} in ${labels.join(', ')}`);
  for (const other of ['mountpoint', 'append', 'password']) assert.ok(!labels.includes(other), `${other} (another table's key) offered: ${labels.join(', ')}`);
});

test('disk-config: the Preview Disk Layout lens plans the disk of the unsaved config and opens the partitions', async () => {
  const editor = await configEditor();
  const uri = editor.document.uri;
  try {
    assert.ok(editor.document.isDirty, 'the fixed key is not saved: the preview must use the text in the editor');
    const lenses = await waitFor('the Preview disk layout lens', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      const ours = all.filter((l) => l.command?.command === 'bootable.previewDiskLayout');
      return ours.length ? ours : undefined;
    }, 15_000);
    assert.equal(lenses.length, 1);
    const lens = lenses[0]!.command!;
    assert.equal(lens.title, 'Preview disk layout');
    // The lens gives the config; the image is the local base image (the lens alone would ask with a quick pick).
    const plan = await vscode.commands.executeCommand<Plan | undefined>(lens.command, ...(lens.arguments ?? []), BASE_IMAGE);
    assert.ok(plan, 'Preview Disk Layout returned no plan (see the output above)');
    const root = plan.disk.partitions.find((p) => p.number === plan.filesystems.root.partition)!;
    assert.equal(root.sizeSectors * plan.disk.sectorSize, 12 * 1024 ** 3, 'the root partition has the config\'s minsize');
    const preview = vscode.window.activeTextEditor?.document;
    assert.ok(preview && preview.languageId === 'markdown', `the preview is not the active editor: ${preview?.uri.toString()}`);
    // A read-only document in one editor beside the config: not a dirty untitled one (the workbench opens those a
    // second time in the active group, and asks to save them on close).
    assert.equal(preview.isDirty, false);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === preview.uri.toString());
    assert.equal(tabs.length, 1, `the preview is open in ${tabs.length} tabs`);
    const text = preview.getText();
    assert.match(text, /^# Disk layout: config\.toml on localhost\/bootable\/debian-bootc:12$/m, text);
    assert.match(text, /^\| \d+ \| root \| 12 GiB \| ext4 \| \/ \|$/m, text);
    assert.match(text, /^\| \d+ \| boot \| 1 GiB \| ext4 \| \/boot \|$/m, text);
    assert.match(text, /^Users: alice \(0 keys, password\)/m, text);
    await uiExpect('disk-layout-preview', '.monaco-editor .view-lines', ['Disk layout: config.toml', 'root | 12 GiB | ext4']);
  } finally {
    // The edited config closes unsaved (no save prompt for the later suites), the preview with it.
    const previews = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'bootable-disk-layout');
    await vscode.window.tabGroups.close(previews);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Workspace);
  }
});

test('disk-config: Build the Local Base Image finds the base image current and says so', async () => {
  // Setup built it from this recipe: were it not, the command would start a long build (fail instead, with why).
  const label = execFileSync('podman', ['image', 'inspect', '--format', `{{index .Labels "${RECIPE_LABEL}"}}`, BASE_IMAGE], { encoding: 'utf8' }).trim();
  assert.equal(label, recipeHash(), `${BASE_IMAGE} is not built from the current recipe: run \`npm run setup\``);
  await vscode.commands.executeCommand('notifications.clearAll');
  const result = await vscode.commands.executeCommand<{ image: string; built: boolean } | undefined>('bootable.buildBase');
  assert.ok(result, 'Build the Local Base Image returned nothing (see the output above)');
  assert.equal(result.built, false);
  assert.equal(result.image, BASE_IMAGE);
  await vscode.commands.executeCommand('notifications.showList');
  try {
    await uiExpect('base-up-to-date', '.notifications-center .notification-list-item', [`${BASE_IMAGE} is up to date.`], [], { notifications: true });
  } finally {
    await vscode.commands.executeCommand('notifications.clearAll');
  }
});
