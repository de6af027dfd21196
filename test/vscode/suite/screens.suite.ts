// What a user sees, checked in the real window and saved as screenshots (test-results/vscode/): the quick-fix menu
// on the bad example (titles as plain text, no literal backticks) and the Getting Started walkthrough.
import * as vscode from 'vscode';
import { uiExpect, waitForDiagnostic } from './helpers';
import { test } from './runner';

test('screens: the quick-fix menu lists the fixes with plain-text titles', async () => {
  // Its own document: the lint suite's quick-fix test has already fixed Containerfile.fix. A base with a bootc
  // binary, so the fix is the replacement (on bootable's Debian base it is a removal).
  const doc = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: 'FROM quay.io/fedora/fedora-bootc:42\nRUN ostree container commit\n' });
  const editor = await vscode.window.showTextDocument(doc);
  const diag = await waitForDiagnostic(doc.uri, 'ostree-commit-obsolete');
  editor.selection = new vscode.Selection(diag.range.start, diag.range.start);
  // The harness opens the menu through the light bulb, once the window shows it at this cursor.
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  try {
    await uiExpect('quick-fix', '.action-widget', ['Replace with "bootc container lint"', 'Disable ostree-commit-obsolete for this line'], [], { quickFix: true });
  } finally {
    await vscode.commands.executeCommand('hideCodeActionWidget');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
});

test('screens: the Getting Started walkthrough opens with its steps', async () => {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'bootable.bootable#gettingStarted', false);
  try {
    await uiExpect('walkthrough', '.gettingStartedContainer', ['Get started with bootable', 'Write a Containerfile', 'Build the image', 'Boot it']);
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  }
});
