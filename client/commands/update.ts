// Update VM and Roll Back VM: core/update's updateVm and rollbackVm (the same calls as `bootable vm update NAME
// CONTAINERFILE` and `bootable vm rollback NAME`), each in one notification with Cancel. Update builds the
// Containerfile that made the VM (its record keeps the path): lint → build → commit → stage → reboot → ready →
// confirm. The VM's deployment rows show the change in progress, and are read again after.
import * as vscode from 'vscode';
import { UsageError } from '../../core/errors';
import type { RuleSettings } from '../../core/lint/types';
import { defaultImageTag as defaultTag } from '../../core/names';
import { PodmanBuildError } from '../../core/podman/build';
import { rollbackVm, updateVm, type RollbackResult, type UpdateResult } from '../../core/update/index';
import { vmStatus } from '../../core/vm/index';
import { StepOutput } from '../build-output';
import { vmsChanged } from '../codeLens';
import { readConfig } from '../config';
import type { Ctx } from '../ctx';
import { pickVm } from '../pick';
import { plainText } from '../plain-text';
import { runTask } from '../task';
import { whileChanging } from '../tree/deployments';
import { formatBytes, shortDigest } from '../tree/format';
import { showBuildFailure } from './podman';
import { offerVmActions } from './vm';
import type { CommandFactory } from './index';

export interface UpdateArgs {
  /** The Containerfile to build (default: the one whose Build and Boot made the VM). */
  containerfile?: string;
  tag?: string;
  /** Build even when lint reports errors. */
  force?: boolean;
}

/** Menus pass the selected nodes as the second argument: only a plain object is options. */
function optionsOf<T extends object>(options: unknown): Partial<T> {
  return options && typeof options === 'object' && !Array.isArray(options) ? options as Partial<T> : {};
}

async function afterChange(ctx: Ctx, name: string, text: string): Promise<void> {
  ctx.refresh('images', 'vms');
  vmsChanged();
  void ctx.status.refreshFromCore();
  const status = await vmStatus(name).catch(() => undefined);
  if (status) offerVmActions(status, text);
  else void vscode.window.showInformationMessage(plainText(text));
}

export const factories: Record<string, CommandFactory> = {
  updateVm: (ctx: Ctx) => async (arg?: unknown, options?: unknown): Promise<UpdateResult | undefined> => {
    const args = optionsOf<UpdateArgs>(options);
    const vm = await pickVm(arg);
    if (!vm) return undefined;
    const containerfile = args.containerfile ?? vm.project;
    if (!containerfile) {
      throw new UsageError(`VM ${vm.name} was not made by Build and Boot from a Containerfile, so there is none to build`, {
        hint: `update it from a terminal: bootable vm update ${vm.name} CONTAINERFILE (or --image IMAGE)`,
      });
    }
    const uri = vscode.Uri.file(containerfile);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc?.isDirty) await doc.save();
    const config = readConfig(uri);
    const lintSettings = vscode.workspace.getConfiguration('bootable', uri).get<RuleSettings>('lint.rules', {});
    const output = new StepOutput();
    const title = `Update VM ${vm.name}`;
    const outcome = await whileChanging(vm.name, 'updating…', () => runTask(ctx.output, title, (io) => {
      io.progress({ step: 0, of: 5, id: 'plan', message: `build ${vscode.workspace.asRelativePath(uri)} → new deployment → reboot into it: minutes; /etc and /var are kept` });
      return updateVm({
        name: vm.name,
        containerfile,
        lint: { settings: lintSettings, force: args.force },
        build: { ...config.podman, tag: args.tag ?? defaultTag(containerfile) },
        readyTimeoutMs: config.vm.readyTimeoutMs,
      }, { signal: io.signal, progress: io.progress, onLine: (line) => { output.push(line); io.log(line); } });
    }, (e) => e instanceof PodmanBuildError));
    if (outcome.error instanceof PodmanBuildError) showBuildFailure(ctx, uri, title, outcome.error, output.tail());
    const r = outcome.value;
    if (!r) {
      ctx.refresh('vms'); // runTask (or showBuildFailure) said why
      return undefined;
    }
    await afterChange(ctx, vm.name, r.upToDate
      ? `${vm.name} is up to date: it runs ${r.image.ref} (${shortDigest(r.image.digest)}) already.`
      : `${vm.name} runs ${r.image.ref} (${shortDigest(r.image.digest)}) now, after ${(r.durationMs / 1000).toFixed(0)} s (${formatBytes(r.bytesMoved)} moved); `
        + 'the previous deployment is kept for Roll Back VM.');
    return r;
  },

  rollbackVm: (ctx: Ctx) => async (arg?: unknown, options?: unknown): Promise<RollbackResult | undefined> => {
    const vm = await pickVm(arg);
    if (!vm) return undefined;
    if (!optionsOf<{ confirmed: boolean }>(options).confirmed) {
      const answer = await vscode.window.showWarningMessage(
        plainText(`Roll back VM ${vm.name}?`),
        { modal: true, detail: 'It reboots into its previous deployment, which becomes the default; the current one stays as the rollback (a second Roll Back returns to it). Each deployment keeps its own /etc; /var is shared.' },
        'Roll Back');
      if (answer !== 'Roll Back') return undefined;
    }
    const config = readConfig();
    const outcome = await whileChanging(vm.name, 'rolling back…', () => runTask(ctx.output, `Roll Back VM ${vm.name}`, (io) =>
      rollbackVm(vm.name, { signal: io.signal, progress: io.progress, onLine: io.log, readyTimeoutMs: config.vm.readyTimeoutMs })));
    const r = outcome.value;
    if (r) {
      await afterChange(ctx, vm.name, `${vm.name} runs ${r.deployment?.image?.ref ?? 'the previous deployment'} (${shortDigest(r.deployment?.image?.digest)}) again; `
        + 'Roll Back VM once more returns to the other one.');
    } else ctx.refresh('vms');
    return r;
  },
};
