// Diagnostics, quick fixes and hover from the bootable language server, through the real VS Code API.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bootableDiagnostics, codeOf, fixtureUri, openDocument, uiExpect, waitFor, waitForDiagnostic } from './helpers';
import { test } from './runner';

const expected = ['pkg-cache', 'useradd', 'var-content', 'systemctl-start', 'lint-missing'];

test('lint: bootc diagnostics appear with the right codes, source and doc links', async () => {
  const uri = fixtureUri('Containerfile.lint');
  await openDocument(uri);
  for (const code of expected) await waitForDiagnostic(uri, code);
  const diags = bootableDiagnostics(uri);
  for (const d of diags) {
    const code = d.code as { value: string | number; target: vscode.Uri } | string;
    assert.equal(typeof code, 'object', `diagnostic ${d.message} has no codeDescription`);
    if (typeof code === 'object') assert.match(code.target.toString(), /rules/, `doc link of ${code.value}`);
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const useradd = diags.find((d) => codeOf(d) === 'useradd')!;
  const line = doc.lineAt(useradd.range.start.line);
  assert.ok(!useradd.range.isEmpty, 'useradd range is empty');
  assert.ok(useradd.range.end.character - useradd.range.start.character < line.text.length,
    'the range covers the whole line, not the offending words');
});

test('ui: the Problems panel lists the bootable diagnostics', async () => {
  await openDocument(fixtureUri('Containerfile.lint'));
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  await uiExpect('problems-panel', '.markers-panel .monaco-list-row', ['useradd', 'pkg-cache', 'var-content', 'bootable']);
});

test('lint: a quick fix applies and its diagnostic goes away', async () => {
  const uri = fixtureUri('Containerfile.fix');
  await openDocument(uri);
  const diag = await waitForDiagnostic(uri, 'ostree-commit-obsolete');
  // itemResolveCount 10: servers may leave the edit to codeAction/resolve.
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value, 10);
  const fix = actions.find((a) => a.edit && !/^Disable /.test(a.title));
  assert.ok(fix, `no quick fix with an edit for ostree-commit-obsolete; got ${JSON.stringify(actions.map((a) => ({ title: a.title, kind: a.kind?.value, edit: !!a.edit, diagnostics: a.diagnostics?.map(codeOf) })))}`);
  assert.equal(fix.title, 'Replace with "bootc container lint"', 'a plain-text title, no literal backticks');
  assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'applyEdit refused the fix');
  await waitFor('ostree-commit-obsolete to disappear', () => bootableDiagnostics(uri).every((d) => codeOf(d) !== 'ostree-commit-obsolete') || undefined);
  const text = (await vscode.workspace.openTextDocument(uri)).getText();
  assert.doesNotMatch(text, /ostree container commit/);
});

test('lint: hover on a diagnostic shows the rule docs', async () => {
  const uri = fixtureUri('Containerfile.lint');
  const diag = await waitForDiagnostic(uri, 'useradd');
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, diag.range.start);
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(text, /useradd/);
  assert.match(text, /sysusers/i, `hover text does not explain the rule: ${text.slice(0, 300)}`);
});

test('lint: hover on an instruction shows its documentation', async () => {
  const uri = fixtureUri('Containerfile.lint');
  const doc = await vscode.workspace.openTextDocument(uri);
  const line = doc.getText().split('\n').findIndex((l) => l.startsWith('COPY'));
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 1));
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(text, /cop(y|ies)/i, `no instruction docs on COPY: ${text.slice(0, 200)}`);
});

test('lint: bootc kargs.d TOML gets its language and diagnostics', async () => {
  const uri = fixtureUri('usr', 'lib', 'bootc', 'kargs.d', '10-bad.toml');
  const editor = await openDocument(uri);
  assert.equal(editor.document.languageId, 'bootc-toml');
  await waitForDiagnostic(uri, 'bootc-kargs');
});

test('lint: turning a rule off in the settings removes its diagnostics', async () => {
  const uri = fixtureUri('Containerfile.lint');
  await waitForDiagnostic(uri, 'useradd');
  const config = vscode.workspace.getConfiguration('bootable');
  await config.update('lint.rules', { useradd: 'off' }, vscode.ConfigurationTarget.Workspace);
  try {
    await waitFor('useradd to disappear', () => bootableDiagnostics(uri).every((d) => codeOf(d) !== 'useradd') || undefined);
    assert.ok(bootableDiagnostics(uri).some((d) => codeOf(d) === 'pkg-cache'), 'other rules must keep reporting');
  } finally {
    await config.update('lint.rules', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await waitForDiagnostic(uri, 'useradd');
});
