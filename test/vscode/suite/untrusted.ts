// Entry module for the untrusted-workspace run (the harness opens the folder in restricted mode): linting works,
// everything that runs podman/libvirt is refused, the CodeLens offers nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import { fixtureUri, openDocument, waitForDiagnostic, EXTENSION_ID } from './helpers';
import { runAll, test } from './runner';

test('untrusted: the workspace is in restricted mode and the extension is active', async () => {
  assert.equal(vscode.workspace.isTrusted, false);
  await openDocument(fixtureUri('Containerfile.lint'));
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  for (let i = 0; i < 200 && !ext.isActive; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(ext.isActive, 'a limited-support extension must activate in restricted mode');
});

test('untrusted: linting still works', async () => {
  await waitForDiagnostic(fixtureUri('Containerfile.lint'), 'useradd');
});

test('untrusted: Build Image is refused and builds nothing', async () => {
  const tag = `${process.env.BOOTABLE_VSCODE_TEST_IMAGE}-untrusted`;
  const result = await vscode.commands.executeCommand('bootable.buildImage', fixtureUri('build', 'Containerfile.good'), { tag });
  assert.equal(result, undefined);
  const exists = spawnSync('podman', ['image', 'exists', tag]);
  assert.equal(exists.status, 1, `${tag} was built in an untrusted workspace`);
});

test('untrusted: no Build · Run · Disk · Boot CodeLens', async () => {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', fixtureUri('Containerfile.lint'));
  assert.deepEqual(lenses.filter((l) => l.command?.command.startsWith('bootable.')), []);
});

export function run(): Promise<void> {
  return runAll();
}
