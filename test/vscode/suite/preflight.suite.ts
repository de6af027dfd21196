// The check before long work (client/preflight.ts): a machine that cannot do the work says so in seconds, naming
// the failed check, with the report and Run Anyway, and the work never starts; on a machine that can, the command
// goes on to its own work.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { uiExpect, workspaceDir } from './helpers';
import { test } from './runner';

const missingDisk = () => path.join(workspaceDir(), 'preflight-no-such-disk.qcow2');

test('preflight: a libvirt URI that does not answer stops Boot VM before any work, naming the check, with the report', async () => {
  const config = vscode.workspace.getConfiguration('bootable');
  await config.update('libvirt.uri', 'qemu:///nonexistent', vscode.ConfigurationTarget.Workspace);
  try {
    const result = await vscode.commands.executeCommand('bootable.bootVm', missingDisk());
    assert.equal(result, undefined);
    await vscode.commands.executeCommand('notifications.showList');
    // Stopped by the check: the disk was never looked at (no "disk not found").
    await uiExpect('preflight-failed', '.notifications-center .notification-list-item',
      ['Boot VM: this machine is not ready', 'libvirt: qemu:///nonexistent does not answer', 'Open Report', 'Run Anyway'],
      ['.notifications-center .notification-list-item:has-text("disk not found")'], { notifications: true });
  } finally {
    await vscode.commands.executeCommand('notifications.clearAll');
    await config.update('libvirt.uri', undefined, vscode.ConfigurationTarget.Workspace);
  }
});

test('preflight: with the default libvirt URI the check passes and Boot VM goes on to its own work', async () => {
  const result = await vscode.commands.executeCommand('bootable.bootVm', missingDisk());
  assert.equal(result, undefined);
  await vscode.commands.executeCommand('notifications.showList');
  try {
    // Past the check, bootDisk itself refuses the missing disk.
    await uiExpect('preflight-passed', '.notifications-center .notification-list-item', ['disk not found'],
      ['.notifications-center .notification-list-item:has-text("this machine is not ready")'], { notifications: true });
  } finally {
    await vscode.commands.executeCommand('notifications.clearAll');
  }
});
