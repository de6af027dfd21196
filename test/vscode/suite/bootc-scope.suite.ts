// bootc features only where they apply: an ordinary application Dockerfile gets the generic Dockerfile checks but
// no bootc finding, no bootc CodeLens and no Build and Boot button; a bootc Containerfile gets all of them.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, fixtureUri, openDocument, uiExpect, waitFor, waitForDiagnostic } from './helpers';
import { test } from './runner';

const rocket = '.editor-actions .action-label[aria-label^="Build and Boot"]';

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.filter((l) => l.command?.command.startsWith('bootable.')).map((l) => l.command!.title);
}

test('bootc scope: a bootc Containerfile has the CodeLens and the Build and Boot button', async () => {
  const uri = fixtureUri('Containerfile.lint');
  await openDocument(uri);
  await waitForDiagnostic(uri, 'useradd');
  assert.deepEqual(await lensTitles(uri), ['Build', 'Run', 'Disk', 'Boot']);
  await uiExpect('bootc-editor-title', rocket, ['']);
});

test('bootc scope: a plain app Dockerfile gets generic checks only, no bootc CodeLens, no Build and Boot button', async () => {
  const uri = fixtureUri('app', 'Dockerfile');
  await openDocument(uri);
  // dockerfile-utils' deprecation warning on MAINTAINER proves the server linted the file.
  await waitFor('the generic MAINTAINER warning', () => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'dockerfile-utils'));
  const bootc = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'bootable');
  assert.deepEqual(bootc.map(codeOf), [], 'no bootc findings on an application Dockerfile');
  assert.deepEqual(await lensTitles(uri), [], 'no bootc CodeLens');
  await uiExpect('app-editor-title', '.editor-actions', [''], [rocket]);
});

test('bootc scope: `# bootable: bootc` turns the bootc features on for that file', async () => {
  const uri = fixtureUri('app', 'Dockerfile');
  const editor = await openDocument(uri);
  await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# bootable: bootc\n'));
  try {
    await waitForDiagnostic(uri, 'useradd');
    await waitFor('the bootc CodeLens', async () => ((await lensTitles(uri)).length === 4) || undefined, 10_000);
  } finally {
    await editor.edit((e) => e.delete(new vscode.Range(0, 0, 1, 0)));
    await editor.document.save();
  }
  await waitFor('the bootc findings to go again', () => vscode.languages.getDiagnostics(uri).every((d) => d.source !== 'bootable') || undefined);
});
