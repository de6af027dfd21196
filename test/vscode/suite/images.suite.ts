// The image commands on the tiny image the launcher imported (BOOTABLE_VSCODE_TEST_IMAGE), with real podman:
// Inspect Image opens podman's JSON, Lint Image runs the image checks, Remove Image asks first (answered by the test) and
// removes that name only; Refresh View reloads every section; Show Output Log shows the log.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Finding } from '../../../core/lint/types';
import { api } from './activation.suite';
import { answerWarning, uiExpect, waitFor } from './helpers';
import { test } from './runner';

const image = () => process.env.BOOTABLE_VSCODE_TEST_IMAGE!;

test('images: Inspect Image opens podman\'s JSON for the image', async () => {
  const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('bootable.inspectImage', { ref: image() });
  assert.ok(doc, 'Inspect Image returned no document (see the bootable output)');
  assert.equal(vscode.window.activeTextEditor?.document, doc, 'the JSON is the active editor');
  assert.equal(doc.languageId, 'json');
  const [inspected] = JSON.parse(doc.getText()) as { Id: string; RepoTags: string[] }[];
  assert.ok(inspected.RepoTags.includes(image()), `RepoTags ${JSON.stringify(inspected.RepoTags)}`);
  const id = execFileSync('podman', ['image', 'inspect', '--format', '{{.Id}}', image()], { encoding: 'utf8' }).trim();
  assert.equal(inspected.Id, id);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

test('images: Lint Image checks the image (no kernel in it), Show Output Log shows the findings', async () => {
  const findings = await vscode.commands.executeCommand<Finding[] | undefined>('bootable.lintImage', image());
  assert.ok(findings, 'Lint Image did not run (see the bootable output)');
  assert.ok(findings.some((f) => f.ruleId === 'no-kernel'), `no no-kernel finding: ${JSON.stringify(findings.map((f) => f.ruleId))}`);
  await vscode.commands.executeCommand('bootable.showOutput');
  // The log ends with the findings, one a line, and the output view scrolls to its end.
  await uiExpect('output-log', '.output-view', [`${image()} error no-kernel`]);
});

test('images: Remove Image asks first (modal); dismissed it keeps the image, answered Remove it removes that name only', async () => {
  const extra = `${image()}-remove-${randomBytes(3).toString('hex')}`;
  execFileSync('podman', ['tag', image(), extra]);
  try {
    const dismissed = await answerWarning(undefined, () => vscode.commands.executeCommand('bootable.removeImage', { ref: extra }));
    assert.deepEqual(dismissed.asked.map((a) => [a.message, a.modal, a.buttons]), [[`Remove image ${extra}?`, true, ['Remove']]]);
    assert.equal(dismissed.result, undefined);
    assert.equal(spawnSync('podman', ['image', 'exists', extra]).status, 0, `${extra} removed although the question was dismissed`);

    const answered = await answerWarning('Remove', () => vscode.commands.executeCommand<string | undefined>('bootable.removeImage', { ref: extra }));
    assert.equal(answered.asked.length, 1);
    assert.equal(answered.result, extra);
    assert.equal(spawnSync('podman', ['image', 'exists', extra]).status, 1, `${extra} still exists`);
    assert.equal(spawnSync('podman', ['image', 'exists', image()]).status, 0, 'the image\'s other name was removed too');
  } finally {
    spawnSync('podman', ['rmi', '--ignore', extra]);
  }
});

test('images: Refresh View reloads the sections (a container made outside the editor appears)', async () => {
  // With the view hidden nothing polls, so only the command can bring the new container in.
  await vscode.commands.executeCommand('workbench.view.explorer');
  await waitFor('the view poller to stop', () => !api().pollerRunning() || undefined, 10_000);
  const section = api().sections.get('containers')!;
  const name = `bootable-test-vscode-refresh-${randomBytes(4).toString('hex')}`;
  const listed = async () => (await section.getChildren()).map((n) => section.getTreeItem(n).label);
  await section.refresh();
  execFileSync('podman', ['create', '--name', name, image(), '/hello']);
  try {
    assert.ok(!(await listed()).includes(name), 'listed before any refresh');
    await vscode.commands.executeCommand('bootable.refresh');
    assert.ok((await listed()).includes(name), `${name} not listed after Refresh View`);
  } finally {
    spawnSync('podman', ['rm', '--force', '--ignore', name]);
  }
});
