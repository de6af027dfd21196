// The bootable view: sections list real podman images and disk files; polling runs only while the view is visible.
// The node:test side prepares the state: a tiny image imported into podman (BOOTABLE_VSCODE_TEST_IMAGE) and a
// qcow2 made by qemu-img in the workspace's output directory.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api } from './activation.suite';
import { execFileSync } from 'node:child_process';
import type { Node } from '../../../client/tree/section';
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

/** Every row of a section, depth first (repositories and their tags in Images). */
async function allItems(id: string): Promise<vscode.TreeItem[]> {
  const section = api().sections.get(id)!;
  const out: vscode.TreeItem[] = [];
  const walk = async (nodes: Node[]) => {
    for (const n of nodes) {
      out.push(section.getTreeItem(n));
      await walk(await section.getChildren(n));
    }
  };
  await walk(await section.refresh());
  return out;
}

test('tree: Images lists the podman image the test imported, under its repository, each name once', async () => {
  const image = process.env.BOOTABLE_VSCODE_TEST_IMAGE;
  assert.ok(image, 'BOOTABLE_VSCODE_TEST_IMAGE not set by the test launcher');
  // A second name for the same image: podman then lists the image twice, each entry with both names.
  const second = `${image}-second`;
  execFileSync('podman', ['tag', image, second]);
  try {
    const items = await allItems('images');
    const ids = items.map((i) => i.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'duplicate TreeItem ids');
    const refs = items.filter((i) => i.contextValue === 'image').map((i) => String(i.tooltip).split('\n')[0]);
    assert.equal(refs.filter((r) => r === image).length, 1, `${image} once in ${JSON.stringify(refs)}`);
    assert.equal(refs.filter((r) => r === second).length, 1, `${second} once in ${JSON.stringify(refs)}`);
    const [repository, tag] = [image.slice(0, image.lastIndexOf(':')), image.slice(image.lastIndexOf(':') + 1)];
    const repoRow = items.find((i) => i.label === repository);
    assert.ok(repoRow, `a ${repository} row in ${JSON.stringify(items.map((i) => i.label))}`);
    assert.match(String(repoRow.description), /^\d+ tags$/, 'a repository with several tags says how many');
    const tagRow = items.find((i) => i.label === tag && i.contextValue === 'image');
    assert.ok(tagRow, `the tag ${tag} is visible as a row of its own`);
  } finally {
    execFileSync('podman', ['rmi', second]);
  }
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
  const image = process.env.BOOTABLE_VSCODE_TEST_IMAGE!;
  await uiExpect('bootable-view', '.pane-body .monaco-list-row', [image.slice(0, image.lastIndexOf(':')), image.slice(image.lastIndexOf(':') + 1), 'qcow2/disk.qcow2']);
  await vscode.commands.executeCommand('workbench.action.closeSidebar');
  await waitFor('the poller to stop when the view is hidden', () => !api().pollerRunning() || undefined, 10_000);
});
