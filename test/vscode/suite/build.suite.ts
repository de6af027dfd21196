// Build Image through the command, with real podman: a good build tags the image and the Images section shows it;
// a failing build puts a diagnostic on the failing instruction's line. The launcher wrote both Containerfiles
// FROM the tiny image it imported (BOOTABLE_VSCODE_TEST_IMAGE).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api } from './activation.suite';
import { codeOf, fixtureUri, waitFor } from './helpers';
import { test } from './runner';

test('build: Build Image builds, checks the image and the image appears in the view', async () => {
  const tag = `${process.env.BOOTABLE_VSCODE_TEST_IMAGE}-built`;
  const uri = fixtureUri('build', 'Containerfile.good');
  const result = await vscode.commands.executeCommand<{ image: string; id: string } | undefined>('bootable.buildImage', uri, { tag });
  assert.ok(result, 'the build did not succeed (see the bootable output)');
  assert.equal(result.image, tag);
  // The image has no kernel and no bootc label: image-level checks put that on the FROM line.
  const doc = await vscode.workspace.openTextDocument(uri);
  for (const code of ['no-kernel', 'bootc-label']) {
    const d = await waitFor(`image finding ${code}`, () => vscode.languages.getDiagnostics(uri).find((x) => codeOf(x) === code), 10_000);
    assert.match(doc.lineAt(d.range.start.line).text, /^FROM /, `${code} is not on the FROM line`);
  }
  const section = api().sections.get('images')!;
  await waitFor(`${tag} in the Images section`, async () => {
    const nodes = await section.refresh();
    return nodes.map((n) => section.getTreeItem(n).label).includes(tag) || undefined;
  }, 15_000);
}, 120_000);

test('build: a failing build puts a diagnostic on the failing line', async () => {
  const uri = fixtureUri('build', 'Containerfile.broken');
  const result = await vscode.commands.executeCommand('bootable.buildImage', uri, { tag: `${process.env.BOOTABLE_VSCODE_TEST_IMAGE}-broken` });
  assert.equal(result, undefined);
  const diag = await waitFor('the build-failed diagnostic', () =>
    vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'build-failed'), 10_000);
  const doc = await vscode.workspace.openTextDocument(uri);
  assert.match(doc.lineAt(diag.range.start.line).text, /^COPY does-not-exist/);
  assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
}, 120_000);

test('codelens: Build · Run · Disk · Boot above the final FROM', async () => {
  const uri = fixtureUri('Containerfile.lint');
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  const ours = lenses.filter((l) => l.command?.command.startsWith('bootable.'));
  assert.deepEqual(ours.map((l) => l.command!.title), ['Build', 'Run', 'Disk', 'Boot']);
  const doc = await vscode.workspace.openTextDocument(uri);
  assert.match(doc.lineAt(ours[0].range.start.line).text, /^FROM /);
});
