// Build and Boot on the minimal example, end to end with real podman, the embedded builder and libvirt (TCG):
// the command returns a ready VM, the Virtual Machines section shows it ready, the status bar follows it, and
// Delete VM removes it but keeps the built disk.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { api } from './activation.suite';
import { fixtureUri, uiExpect } from './helpers';
import { test } from './runner';

interface UpResult { vm: { name: string; state: string }; disk: string }

test('up: Build and Boot reaches a ready VM and the view shows it', async () => {
  // A tag and VM name of this run's own, so parallel runs never replace each other's VM.
  const suffix = String(process.env.BOOTABLE_VSCODE_TEST_IMAGE).split(':').pop();
  const result = await vscode.commands.executeCommand<UpResult | undefined>('bootable.up', fixtureUri('up', 'Containerfile.up'),
    { tag: `${process.env.BOOTABLE_VSCODE_TEST_IMAGE}-up`, vmName: `bootable-test-vscode-${suffix}` });
  assert.ok(result, 'Build and Boot did not complete (see the bootable output above)');
  const { name } = result.vm;
  try {
    assert.equal(result.vm.state, 'ready');
    const section = api().sections.get('vms')!;
    const nodes = await section.refresh();
    const item = nodes.map((n) => section.getTreeItem(n)).find((i) => i.label === name);
    assert.ok(item, `VM ${name} not in the Virtual Machines section`);
    assert.equal(item.contextValue, 'vm:ready');
    assert.match(String(item.description), /ready/);
    assert.match(String(item.tooltip), /acceleration: (tcg|kvm)/);
    assert.match(api().statusText(), new RegExp(`${name}: ready`));
    await vscode.commands.executeCommand('bootable.vms.focus');
    assert.ok(await api().reveal('vms', name), `${name} not revealable in the view`);
    await uiExpect('vm-ready', `.pane-body .monaco-list-row:has-text("${name}")`, ['ready']);
  } finally {
    await vscode.commands.executeCommand('bootable.deleteVm', name, { confirmed: true });
  }
  const section = api().sections.get('vms')!;
  const after = await section.refresh();
  assert.ok(!after.map((n) => section.getTreeItem(n).label).includes(name), 'VM still listed after Delete VM');
  assert.ok(existsSync(result.disk), 'Delete VM removed the built disk');
}, 25 * 60_000);
