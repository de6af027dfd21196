// Build Image through the command, with real podman: a good build tags the image and the Images section shows it;
// a failing build puts a diagnostic on the failing instruction's line. The launcher wrote both Containerfiles
// FROM the tiny image it imported (BOOTABLE_VSCODE_TEST_IMAGE).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api } from './activation.suite';
import { codeOf, fixtureUri, openDocument, screenshot, uiExpect, waitFor } from './helpers';
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
    // (Findings of the base image may come as one base-image summary that names them.)
    const d = await waitFor(`image finding ${code}`, () => vscode.languages.getDiagnostics(uri).find((x) =>
      codeOf(x) === code || (codeOf(x) === 'base-image' && x.message.includes(code))), 10_000);
    assert.match(doc.lineAt(d.range.start.line).text, /^FROM /, `${code} is not on the FROM line`);
  }
  const section = api().sections.get('images')!;
  await waitFor(`${tag} in the Images section`, async () => {
    const repositories = await section.refresh();
    const tags = (await Promise.all(repositories.map((n) => section.getChildren(n)))).flat();
    return tags.some((n) => section.getTreeItem(n).id === `image:${tag}`) || undefined;
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

test('build: a failing RUN shows why (its last output lines) in the diagnostic and the notification, as plain text', async () => {
  const uri = fixtureUri('build', 'Containerfile.failing');
  const result = await vscode.commands.executeCommand('bootable.buildImage', uri, { tag: `${process.env.BOOTABLE_VSCODE_TEST_IMAGE}-failing` });
  assert.equal(result, undefined);
  const diag = await waitFor('the build-failed diagnostic', () =>
    vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'build-failed'), 10_000);
  assert.equal(diag.range.start.line, 1, 'on the RUN line');
  assert.match(diag.message, /dnf: not found/, `the reason is in the diagnostic: ${diag.message}`);
  assert.match(diag.message, /installing httpd/, 'and the lines before it');
  // The step printed a markdown command link on stderr: the notification shows it as text, not as a link.
  // (Toasts are not drawn while extension tests run: the notification center lists the same message.)
  await vscode.commands.executeCommand('notifications.showList');
  await uiExpect('build-failed-notification', '.notifications-center .notification-list-item-message',
    ['dnf: not found', '[x]', '(command:bootable.showOutput)'], ['.notifications-center .notification-list-item-message a']);
  await screenshot('build-failed');
}, 180_000);

test('build: a failed build\'s diagnostic moves with its line and goes away when that line is edited', async () => {
  const uri = fixtureUri('build', 'Containerfile.failing');
  const editor = await openDocument(uri);
  const original = editor.document.getText();
  await waitFor('the build-failed diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'build-failed'), 10_000);
  await editor.edit((e) => e.insert(new vscode.Position(1, 0), '# about the next line\n'));
  const moved = await waitFor('the diagnostic on line 3', () =>
    vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'build-failed' && d.range.start.line === 2), 5_000);
  assert.match(editor.document.lineAt(moved.range.start.line).text, /^RUN /);
  await editor.edit((e) => e.replace(editor.document.lineAt(2).range, 'RUN echo fixed'));
  await waitFor('the stale diagnostic to go', () => vscode.languages.getDiagnostics(uri).every((d) => codeOf(d) !== 'build-failed') || undefined, 5_000);
  await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), original));
  await editor.document.save();
});
