// Build and Boot on the minimal example, end to end with real podman, the embedded builder and libvirt (TCG):
// the command returns a ready VM, the Virtual Machines section shows it ready, the status bar follows it. Then every
// VM command runs on that one VM (serial log, address, browser, SSH, restart, stop, start), then the image-mode loop
// on it: the Update <vm> CodeLens, Update VM from the changed Containerfile (a new deployment, two rows in the view),
// Build and Boot on the unchanged file (up to date: no reboot, not recreated) and Roll Back VM (after its
// confirmation), each checked inside the guest over ssh. Create Disk Image makes a raw disk of the same image
// (revealed, then deleted after its confirmation), and Delete VM, confirmed (a dismissed question keeps it), removes
// the VM but keeps the built disk.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UpResult } from '../../../core/up';
import type { BuildDiskResult } from '../../../core/builder/index';
import type { RollbackResult, UpdateResult } from '../../../core/update/index';
import { sshArgv, type VmStatus } from '../../../core/vm/index';
import type { Node } from '../../../client/tree/section';
import { shortDigest } from '../../../client/tree/format';
import { api } from './activation.suite';
import { answerWarning, exitCodeAfter, fixtureUri, uiExpect, waitFor, waitForTerminal } from './helpers';
import { afterAll, test } from './runner';

let up: UpResult | undefined;

const virsh = (...args: string[]) => spawnSync('virsh', ['-c', up!.vm.status.uri, ...args], { encoding: 'utf8' });
const domstate = () => virsh('domstate', up!.vm.name).stdout.trim();
const domid = () => virsh('domid', up!.vm.name).stdout.trim();

/** A command in the guest over its ssh forward (bootable's default key, as SSH into VM uses): its stdout. */
function inGuest(vm: VmStatus, command: string): string {
  const argv = sshArgv(vm, { extra: [command] });
  const r = spawnSync(argv[0], ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=30', ...argv.slice(1)], { encoding: 'utf8', timeout: 90_000 });
  assert.equal(r.status, 0, `ssh ${command}: exit ${r.status}\n${r.stderr}`);
  return r.stdout.trim();
}

/** The VM's row in the view, freshly loaded, with its current status, and its child rows (deployments first). */
async function vmRows(name: string): Promise<{ vm: VmStatus; item: vscode.TreeItem; children: vscode.TreeItem[] }> {
  const section = api().sections.get('vms')!;
  const node = (await section.refresh()).find((n) => section.getTreeItem(n).label === name) as (Node & { vm: VmStatus }) | undefined;
  assert.ok(node, `VM ${name} not in the Virtual Machines section`);
  const children = (await section.getChildren(node)).map((n) => section.getTreeItem(n));
  return { vm: node.vm, item: section.getTreeItem(node), children };
}
const deploymentRows = (children: vscode.TreeItem[]) => children.filter((c) => String(c.contextValue).startsWith('deployment:'));
const rowsText = (children: vscode.TreeItem[]) => JSON.stringify(children.map((c) => [c.label, c.description]));

const MARKER = '/usr/share/bootable-editor-update';
let updated: UpdateResult | undefined;

test('up: Build and Boot reaches a ready VM and the view shows it', async () => {
  // A tag and VM name of this run's own, so parallel runs never replace each other's VM.
  const suffix = String(process.env.BOOTABLE_VSCODE_TEST_IMAGE).split(':').pop();
  up = await vscode.commands.executeCommand<UpResult | undefined>('bootable.up', fixtureUri('up', 'Containerfile.up'),
    { tag: `${process.env.BOOTABLE_VSCODE_TEST_IMAGE}-up`, vmName: `bootable-test-vscode-${suffix}` });
  assert.ok(up, 'Build and Boot did not complete (see the bootable output above)');
  const { name } = up.vm;
  assert.equal(up.vm.state, 'ready');
  assert.equal(domstate(), 'running');
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
}, 25 * 60_000);

test('vm commands: Open Serial Log opens the VM\'s console log', async () => {
  assert.ok(up, 'no VM (Build and Boot failed)');
  await vscode.commands.executeCommand('bootable.openSerialLog', up.vm.name);
  const doc = vscode.window.activeTextEditor?.document;
  assert.equal(doc?.uri.fsPath, up.vm.status.serialLog);
  assert.match(doc.getText(), /Linux version \d|Debian GNU\/Linux/, 'the guest\'s boot messages are in the log');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
});

test('vm commands: Copy VM Address and Open VM in Browser use the forwarded web port (EXPOSE 80)', async () => {
  assert.ok(up, 'no VM (Build and Boot failed)');
  const web = up.vm.status.endpoints.find((e) => e.guestPort === 80);
  assert.ok(web, `no forward for the exposed port 80: ${JSON.stringify(up.vm.status.endpoints)}`);
  const url = `http://127.0.0.1:${web.port}/`;
  assert.equal(await vscode.commands.executeCommand('bootable.copyAddress', up.vm.name), url);
  assert.equal(await vscode.env.clipboard.readText(), url);
  // The window opens a page on that URL (the harness sees the browser request it; code-server may route a
  // loopback port through its own /proxy/PORT/).
  const opened = vscode.commands.executeCommand('bootable.openInBrowser', up.vm.name);
  await uiExpect('open-in-browser', 'body', [], [], { request: [`127.0.0.1:${web.port}/`, `localhost:${web.port}/`, `/proxy/${web.port}/`] });
  assert.equal(await opened, url);
});

test('vm commands: SSH into VM opens a terminal logged in to the guest', async () => {
  assert.ok(up, 'no VM (Build and Boot failed)');
  await vscode.commands.executeCommand('bootable.sshVm', up.vm.name);
  const term = await waitForTerminal(`ssh: ${up.vm.name}`);
  // Exits 0 only on a booted bootc guest: its ostree deployment is mounted at /sysroot.
  assert.equal(await exitCodeAfter(term, 'test -d /sysroot/ostree/deploy && exit 0 || exit 3'), 0);
});

test('vm commands: Restart VM, Stop VM and Start VM, checked with virsh', async () => {
  assert.ok(up, 'no VM (Build and Boot failed)');
  const before = domid();
  await vscode.commands.executeCommand('bootable.restartVm', up.vm.name);
  assert.equal(domstate(), 'running');
  assert.notEqual(domid(), before, 'the domain did not restart (same domain id)');
  await vscode.commands.executeCommand('bootable.stopVm', up.vm.name);
  assert.equal(domstate(), 'shut off');
  await vscode.commands.executeCommand('bootable.startVm', up.vm.name);
  assert.equal(domstate(), 'running');
}, 5 * 60_000);

test('update: the Update <vm> CodeLens; Update VM builds the changed Containerfile and reboots into it; the view shows booted and rollback', async () => {
  assert.ok(up, 'no VM (Build and Boot failed)');
  const { name } = up.vm;
  const file = fixtureUri('up', 'Containerfile.up');
  await vscode.workspace.openTextDocument(file); // CodeLenses are asked of an open document's model
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file);
  const lens = lenses.find((l) => l.command?.title === `Update ${name}`);
  assert.ok(lens, `no Update ${name} lens in ${JSON.stringify(lenses.map((l) => l.command?.title))}`);
  assert.deepEqual([lens.command!.command, lens.command!.arguments], ['bootable.updateVm', [name, { containerfile: file.fsPath }]]);
  // Before (once Start VM above reached ready): one deployment, the disk's.
  const section = api().sections.get('vms')!;
  await waitFor(`${name} ready again after Start VM`, async () => (await section.refresh())
    .some((n) => section.getTreeItem(n).label === name && section.getTreeItem(n).contextValue === 'vm:ready') || undefined, 8 * 60_000, 3000);
  const before = await vmRows(name);
  assert.deepEqual(deploymentRows(before.children).map((c) => c.contextValue), ['deployment:booted'], rowsText(before.children));

  appendFileSync(file.fsPath, `RUN echo v2 > ${MARKER}\n`);
  updated = await vscode.commands.executeCommand<UpdateResult | undefined>('bootable.updateVm', name, { tag: up.image });
  assert.ok(updated, 'Update VM did not complete (see the bootable output above)');
  assert.equal(updated.upToDate, false);
  assert.notEqual(updated.deployment?.id, updated.previous?.id);
  const after = await vmRows(name);
  assert.equal(after.item.contextValue, 'vm:ready');
  assert.equal(inGuest(after.vm, `cat ${MARKER}`), 'v2');
  const rows = deploymentRows(after.children);
  assert.deepEqual(rows.map((c) => [c.label, c.contextValue]), [['● booted', 'deployment:booted'], ['rollback', 'deployment:rollback']], rowsText(after.children));
  assert.ok(String(rows[0].description).startsWith(`${up.image} · ${shortDigest(updated.image.digest)}`), rowsText(after.children));
  assert.match(String(rows[0].tooltip), new RegExp(`deployment: ${updated.deployment!.id.replace('.', '\\.')}`));
  if (up.vm.status.image?.digest) assert.match(String(rows[1].description), new RegExp(shortDigest(up.vm.status.image.digest)), rowsText(after.children));
}, 25 * 60_000);

test('update: Build and Boot on the unchanged Containerfile finds the VM up to date: no reboot, not recreated', async () => {
  assert.ok(up && updated, 'no updated VM (see above)');
  const id = domid();
  const again = await vscode.commands.executeCommand<UpResult | undefined>('bootable.up', fixtureUri('up', 'Containerfile.up'),
    { tag: up.image, vmName: up.vm.name, skipRunCheck: true });
  assert.ok(again?.update, `Build and Boot did not update in place: ${JSON.stringify(again && { disk: again.disk, state: again.vm.state })}`);
  assert.equal(again.update.upToDate, true);
  assert.equal(again.vm.status.createdAt, up.vm.status.createdAt, 'the VM was recreated');
  assert.equal(domid(), id, 'the VM was restarted');
}, 10 * 60_000);

test('update: Roll Back VM asks first; confirmed, it reboots into the previous deployment and the change is gone', async () => {
  assert.ok(up && updated, 'no updated VM (see above)');
  const { name } = up.vm;
  const dismissed = await answerWarning(undefined, () => vscode.commands.executeCommand('bootable.rollbackVm', name));
  assert.deepEqual(dismissed.asked.map((a) => [a.message, a.modal, a.buttons]), [[`Roll back VM ${name}?`, true, ['Roll Back']]]);
  assert.equal(dismissed.result, undefined);
  const rolled = await answerWarning('Roll Back', () => vscode.commands.executeCommand<RollbackResult | undefined>('bootable.rollbackVm', name));
  assert.equal(rolled.asked.length, 1);
  assert.ok(rolled.result, 'Roll Back VM did not complete (see the bootable output above)');
  assert.equal(rolled.result.deployment?.id, updated.previous?.id);
  const after = await vmRows(name);
  assert.equal(after.item.contextValue, 'vm:ready');
  assert.equal(inGuest(after.vm, `cat ${MARKER} 2>/dev/null || echo gone`), 'gone');
  const rows = deploymentRows(after.children);
  assert.deepEqual(rows.map((c) => c.contextValue), ['deployment:booted', 'deployment:rollback'], rowsText(after.children));
  assert.match(String(rows[1].description), new RegExp(shortDigest(updated.image.digest)), 'the update is the rollback now');
}, 20 * 60_000);

test('disk commands: Create Disk Image makes a raw disk; Reveal shows it; Delete, confirmed, removes it', async () => {
  assert.ok(up, 'no image (Build and Boot failed)');
  const config = vscode.workspace.getConfiguration('bootable');
  await config.update('disk.type', 'raw', vscode.ConfigurationTarget.Workspace);
  let result: BuildDiskResult | undefined;
  try {
    result = await vscode.commands.executeCommand<BuildDiskResult | undefined>('bootable.buildDisk', up.image);
  } finally {
    await config.update('disk.type', undefined, vscode.ConfigurationTarget.Workspace);
  }
  assert.ok(result, 'Create Disk Image failed (see the bootable output)');
  const disk = result.outputs[0].path;
  assert.equal(path.extname(disk), '.raw');
  assert.ok(statSync(disk).size > 100 * 1024 * 1024, 'a raw disk of a real size');
  // A GPT disk: the header signature at LBA 1.
  const fd = openSync(disk, 'r');
  const sig = Buffer.alloc(8);
  readSync(fd, sig, 0, 8, 512);
  closeSync(fd);
  assert.equal(sig.toString('latin1'), 'EFI PART');
  assert.equal(await vscode.commands.executeCommand('bootable.revealDisk', disk), disk);
  await uiExpect('reveal-disk', '.explorer-folders-view .monaco-list-row.selected', [path.basename(disk)]);
  const deleted = await answerWarning('Delete', () => vscode.commands.executeCommand<string | undefined>('bootable.deleteDisk', disk));
  assert.deepEqual(deleted.asked.map((a) => [a.message, a.modal]), [[`Delete disk image ${disk}?`, true]]);
  assert.equal(deleted.result, disk);
  assert.ok(!existsSync(disk), 'the disk file is still there');
}, 10 * 60_000);

test('vm commands: Delete VM asks first; dismissed it keeps the VM, confirmed it removes the VM and keeps the built disk', async () => {
  assert.ok(up, 'no VM (Build and Boot failed)');
  const { name } = up.vm;
  const kept = await answerWarning(undefined, () => vscode.commands.executeCommand('bootable.deleteVm', name));
  assert.deepEqual(kept.asked.map((a) => [a.message, a.modal, a.buttons]), [[`Delete VM ${name}?`, true, ['Delete']]]);
  assert.equal(virsh('dominfo', name).status, 0, 'the VM went although the question was dismissed');
  const deleted = await answerWarning('Delete', () => vscode.commands.executeCommand('bootable.deleteVm', name));
  assert.equal(deleted.asked.length, 1);
  assert.notEqual(virsh('dominfo', name).status, 0, 'libvirt still has the domain');
  const section = api().sections.get('vms')!;
  const after = await section.refresh();
  assert.ok(!after.map((n) => section.getTreeItem(n).label).includes(name), 'VM still listed after Delete VM');
  assert.ok(existsSync(up.disk), 'Delete VM removed the built disk');
  up = undefined;
});

// Whatever failed above, the VM goes.
afterAll(async () => {
  if (up) await vscode.commands.executeCommand('bootable.deleteVm', up.vm.name, { confirmed: true });
});
