// The view and the palette as a user meets them: no fake rows, the internal image-check container hidden, context
// menus for images and disks, distinct titles, and a message with a button where a pick would be empty; Run from the
// CodeLens before any build offers Build first.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api } from './activation.suite';
import { answerWarning, EXTENSION_ID, fixtureUri, uiExpect, workspaceDir } from './helpers';
import { test } from './runner';

const manifest = () => vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes;

test('view: titles are distinct and say what they act on; Build Image sorts before the disk command; no floppy icon', () => {
  const commands = manifest().commands as { command: string; title: string; icon?: string }[];
  const titles = commands.map((c) => c.title);
  assert.deepEqual(titles.filter((t, i) => titles.indexOf(t) !== i), [], 'duplicate titles');
  for (const vague of ['Refresh', 'Copy Address', 'Open in Browser', 'Show Output']) assert.ok(!titles.includes(vague), `vague title ${vague}`);
  const sorted = [...titles].sort();
  assert.ok(sorted.indexOf('Build Image') < sorted.indexOf(commands.find((c) => c.command === 'bootable.buildDisk')!.title), 'Build Image ranks first');
  assert.ok(commands.every((c) => c.icon !== '$(save)'), 'no save icon');
});

test('view: palette entries that need a VM or a container hide when there is none', () => {
  const palette = manifest().menus.commandPalette as { command: string; when?: string }[];
  const when = (id: string) => palette.find((p) => p.command === `bootable.${id}`)?.when ?? '';
  for (const id of ['startVm', 'stopVm', 'restartVm', 'deleteVm', 'updateVm', 'rollbackVm', 'sshVm', 'openSerialLog', 'openInBrowser', 'copyAddress']) assert.match(when(id), /!bootable\.vms\.none/, id);
  for (const id of ['stopContainer', 'containerLogs', 'containerShell']) assert.match(when(id), /!bootable\.containers\.none/, id);
});

test('view: images and disks have context menus; empty Containers and Disks show a welcome view, not a row', () => {
  const items = manifest().menus['view/item/context'] as { command: string; when: string }[];
  const on = (view: string, item: string) => items.filter((i) => i.when.includes(`view == bootable.${view}`) && i.when.includes(item)).map((i) => i.command.replace('bootable.', ''));
  for (const id of ['runContainer', 'buildDisk', 'lintImage', 'inspectImage', 'copyImageName', 'removeImage']) assert.ok(on('images', 'viewItem == image').includes(id), `image menu: ${id}`);
  for (const id of ['bootVm', 'revealDisk', 'deleteDisk']) assert.ok(on('disks', 'viewItem == disk').includes(id), `disk menu: ${id}`);
  const welcome = manifest().viewsWelcome as { view: string }[];
  for (const view of ['bootable.containers', 'bootable.disks']) assert.ok(welcome.some((w) => w.view === view), `welcome view for ${view}`);
});

test('view: the internal image-check container is not listed under Containers; the user\'s are', async () => {
  const image = process.env.BOOTABLE_VSCODE_TEST_IMAGE!;
  const suffix = Math.random().toString(16).slice(2, 10).padEnd(8, '0');
  const internal = `bootable-image-check-${suffix}`;
  const mine = `bootable-test-visible-${suffix}`;
  await vscode.extensions.getExtension(EXTENSION_ID)!.activate(); // (when this suite runs alone)
  for (const name of [internal, mine]) execFileSync('podman', ['create', '--name', name, image, '/hello']);
  try {
    const section = api().sections.get('containers')!;
    const labels = (await section.refresh()).map((n) => section.getTreeItem(n).label);
    assert.ok(labels.includes(mine), `${mine} listed: ${JSON.stringify(labels)}`);
    assert.ok(!labels.includes(internal), `${internal} hidden`);
    assert.ok(labels.every((l) => !/^no /.test(String(l))), 'no fake lowercase rows');
  } finally {
    execFileSync('podman', ['rm', '--force', internal, mine]);
  }
});

test('view: Copy Image Name and Delete Disk Image act on the node they are given', async () => {
  const image = process.env.BOOTABLE_VSCODE_TEST_IMAGE!;
  await vscode.commands.executeCommand('bootable.copyImageName', { ref: image });
  assert.equal(await vscode.env.clipboard.readText(), image);
  const dir = path.join(workspaceDir(), 'scratch-output', 'raw');
  mkdirSync(dir, { recursive: true });
  const disk = path.join(dir, 'disk.raw');
  writeFileSync(disk, 'not really a disk');
  const { asked } = await answerWarning('Delete', () => vscode.commands.executeCommand('bootable.deleteDisk', { disk: { path: disk } }));
  assert.deepEqual(asked.map((a) => a.message), [`Delete disk image ${disk}?`]);
  assert.ok(!existsSync(disk), 'the disk file is gone');
});

test('view: with no disk in the output directory, Boot VM says so with a button instead of an empty pick', async () => {
  const config = vscode.workspace.getConfiguration('bootable');
  await config.update('builder.outputDir', 'empty-output', vscode.ConfigurationTarget.Workspace);
  try {
    void vscode.commands.executeCommand('bootable.bootVm'); // waits for the message: not awaited
    await vscode.commands.executeCommand('notifications.showList');
    await uiExpect('no-disk-message', '.notifications-center .notification-list-item', ['No disk image in the output directory yet.', 'Create Disk Image'], [], { notifications: true });
  } finally {
    await vscode.commands.executeCommand('notifications.clearAll');
    await config.update('builder.outputDir', undefined, vscode.ConfigurationTarget.Workspace);
  }
});

test('view: Run from the CodeLens before any build offers to build first (no raw podman error)', async () => {
  const uri = fixtureUri('Containerfile.lint');
  const tag = `${process.env.BOOTABLE_VSCODE_TEST_IMAGE}-never-built`;
  void vscode.commands.executeCommand('bootable.runContainer', tag, { containerfile: uri });
  await vscode.commands.executeCommand('notifications.showList');
  try {
    await uiExpect('run-before-build', '.notifications-center .notification-list-item', ['is not built yet', 'Build and Run', 'Build Only'], [], { notifications: true });
  } finally {
    await vscode.commands.executeCommand('notifications.clearAll');
  }
});
