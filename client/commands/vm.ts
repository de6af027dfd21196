// VM commands: Boot VM (create + start + wait for ready), Start/Stop/Restart/Delete, serial log, SSH, browser,
// address. They act on a VM node from the view, a name, or a quick pick.
import * as vscode from 'vscode';
import { bootDisk, removeVm, restartVm, sshArgv, startVm, stopVm, type BootResult, type VmStatus } from '../../core/vm/index';
import { UsageError } from '../../core/errors';
import { readConfig } from '../config';
import type { Ctx } from '../ctx';
import { pickDisk, pickVm } from '../pick';
import { plainText } from '../plain-text';
import { runTask } from '../task';
import { vmsChanged } from '../codeLens';
import { forgetDeployments } from '../tree/deployments';
import type { CommandFactory } from './index';

export async function bootDiskFile(ctx: Ctx, disk: string): Promise<BootResult | undefined> {
  const config = readConfig();
  const outcome = await runTask(ctx.output, `Boot ${disk}`, (io) =>
    bootDisk({ ...config.vm, disk },
      { signal: io.signal, progress: io.progress }));
  ctx.refresh('vms');
  if (outcome.value) await ctx.status.setLastVm(outcome.value.name, outcome.value.state);
  return outcome.value;
}

/** The web endpoint of a VM: the first forwarded guest port that is not ssh (80 and 443 first). */
export function webEndpoint(vm: VmStatus): { url: string } | undefined {
  const web = [...vm.endpoints].filter((e) => e.guestPort !== 22)
    .sort((a, b) => Number(![80, 443].includes(a.guestPort)) - Number(![80, 443].includes(b.guestPort)))[0];
  if (!web) return undefined;
  return { url: `${web.guestPort === 443 ? 'https' : 'http'}://${web.host}:${web.port}/` };
}

/** "Open in Browser" / "SSH" after a VM is ready. */
export function offerVmActions(vm: VmStatus, text: string): void {
  const web = webEndpoint(vm);
  const buttons = [...(web ? ['Open in Browser'] : []), 'SSH'];
  void vscode.window.showInformationMessage(plainText(text), ...buttons).then((choice) => {
    if (choice === 'Open in Browser') void vscode.commands.executeCommand('bootable.openInBrowser', vm.name);
    if (choice === 'SSH') void vscode.commands.executeCommand('bootable.sshVm', vm.name);
  });
}

function vmAction(title: string, act: (vm: VmStatus, signal: AbortSignal) => Promise<unknown>): CommandFactory {
  return (ctx: Ctx) => async (arg?: unknown) => {
    const vm = await pickVm(arg);
    if (!vm) return undefined;
    const outcome = await runTask(ctx.output, `${title} ${vm.name}`, (io) => act(vm, io.signal));
    ctx.refresh('vms');
    void ctx.status.refreshFromCore();
    return outcome.value;
  };
}

export const factories: Record<string, CommandFactory> = {
  bootVm: (ctx: Ctx) => async (arg?: unknown) => {
      const disk = await pickDisk(arg);
      if (!disk) return undefined;
      const result = await bootDiskFile(ctx, disk);
      if (result) offerVmActions(result.status, `${result.name} is ready${result.address ? ` at ${result.address}` : ''} (${(result.bootMs / 1000).toFixed(0)} s).`);
      return result;
    },
  startVm: vmAction('Start VM', (vm, signal) => startVm(vm.name, { signal })),
  stopVm: vmAction('Stop VM', (vm, signal) => stopVm(vm.name, { signal })),
  restartVm: vmAction('Restart VM', (vm, signal) => restartVm(vm.name, { signal })),
  deleteVm: (ctx: Ctx) => async (arg?: unknown, opts?: { confirmed?: boolean }) => {
      const vm = await pickVm(arg);
      if (!vm) return undefined;
      if (!opts?.confirmed) {
        const answer = await vscode.window.showWarningMessage(
          plainText(`Delete VM ${vm.name}?`),
          { modal: true, detail: `Its definition, overlay and serial log are removed. The built disk ${vm.disk} is kept.` },
          'Delete');
        if (answer !== 'Delete') return undefined;
      }
      const outcome = await runTask(ctx.output, `Delete ${vm.name}`, () => removeVm(vm.name));
      await ctx.status.forget(vm.name);
      forgetDeployments(vm.name);
      vmsChanged();
      ctx.refresh('vms');
      return outcome.value;
    },
  openSerialLog: (ctx: Ctx) => async (arg?: unknown) => {
      const vm = await pickVm(arg);
      if (!vm) return undefined;
      return vscode.window.showTextDocument(vscode.Uri.file(vm.serialLog), { preview: true });
    },
  sshVm: (ctx: Ctx) => async (arg?: unknown) => {
      const vm = await pickVm(arg);
      if (!vm) return undefined;
      const argv = sshArgv(vm);
      const term = vscode.window.createTerminal({ name: `ssh: ${vm.name}`, shellPath: argv[0], shellArgs: argv.slice(1) });
      term.show();
      return term;
    },
  openInBrowser: (ctx: Ctx) => async (arg?: unknown) => {
      const vm = await pickVm(arg);
      if (!vm) return undefined;
      const web = webEndpoint(vm);
      if (!web) throw new UsageError(`VM ${vm.name} has no web port (state: ${vm.state})`, { hint: 'EXPOSE a port in the Containerfile, or start the VM' });
      await vscode.env.openExternal(vscode.Uri.parse(web.url));
      return web.url;
    },
  copyAddress: (ctx: Ctx) => async (arg?: unknown) => {
      const vm = await pickVm(arg);
      if (!vm) return undefined;
      const web = webEndpoint(vm);
      const text = web?.url ?? vm.address;
      if (!text) throw new UsageError(`VM ${vm.name} has no address (state: ${vm.state})`);
      await vscode.env.clipboard.writeText(text);
      void vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
      return text;
    },
};
