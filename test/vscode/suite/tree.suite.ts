// The bootable view: sections list real podman images and disk files; polling runs only while the view is visible.
// The node:test side prepares the state: a tiny image imported into podman (BOOTABLE_VSCODE_TEST_IMAGE) and a
// qcow2 made by qemu-img in the workspace's output directory.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api } from './activation.suite';
import { uiExpect, waitFor } from './helpers';
import { test } from './runner';

async function labels(id: string): Promise<{ label: string; description: string; context: string }[]> {
  const section = api().sections.get(id);
  assert.ok(section, `no section ${id}`);
  const nodes = await section.refresh();
  return nodes.map((n) => section.getTreeItem(n)).map((item) => ({
    label: typeof item.label === 'string' ? item.label : item.label?.label ?? '',
    description: String(item.description ?? ''),
    context: item.contextValue ?? '',
  }));
}

test('tree: Images lists the podman image the test imported', async () => {
  const image = process.env.BOOTABLE_VSCODE_TEST_IMAGE;
  assert.ok(image, 'BOOTABLE_VSCODE_TEST_IMAGE not set by the test launcher');
  const items = await labels('images');
  const found = items.find((i) => i.label === image);
  assert.ok(found, `image ${image} not in ${JSON.stringify(items.map((i) => i.label))}`);
  assert.equal(found.context, 'image');
});

test('tree: Disks lists the qcow2 in the output directory', async () => {
  const items = await labels('disks');
  const found = items.find((i) => i.label === 'qcow2/disk.qcow2');
  assert.ok(found, `no qcow2/disk.qcow2 in ${JSON.stringify(items)}`);
  assert.equal(found.context, 'disk');
});

test('tree: Containers and Virtual Machines load without error', async () => {
  for (const id of ['containers', 'vms']) {
    const items = await labels(id);
    const broken = items.filter((i) => i.context === 'error');
    assert.deepEqual(broken, [], `${id} section shows an error`);
  }
});

test('tree: polling runs only while the bootable view is visible', async () => {
  await vscode.commands.executeCommand('bootable.vms.focus');
  await waitFor('the poller to start when the view is shown', () => api().pollerRunning() || undefined, 10_000);
  assert.ok(await api().reveal('images', process.env.BOOTABLE_VSCODE_TEST_IMAGE!), 'test image not in the Images section');
  await uiExpect('bootable-view', '.pane-body .monaco-list-row', [process.env.BOOTABLE_VSCODE_TEST_IMAGE!, 'qcow2/disk.qcow2']);
  await vscode.commands.executeCommand('workbench.action.closeSidebar');
  await waitFor('the poller to stop when the view is hidden', () => !api().pollerRunning() || undefined, 10_000);
});
