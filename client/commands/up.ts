// Build and Boot: core's `up` (the same call as `bootable up`): lint → build → test-run → disk → boot → ready, in
// one notification; the view follows the VM, the status bar item shows it, the final message offers browser/SSH.
// When the VM of this Containerfile exists, core updates it in place (a new deployment, /etc and /var kept) in the
// same notification; `recreate: true` deletes and boots it afresh, as `bootable up --recreate`.
import * as vscode from 'vscode';
import { LintBlockedError, up, type UpResult } from '../../core/up';
import type { RuleSettings } from '../../core/lint/types';
import { PodmanBuildError } from '../../core/podman/build';
import { readConfig } from '../config';
import type { Ctx } from '../ctx';
import { defaultImageTag as defaultTag, projectVmName } from '../../core/names';
import { readVmRecord } from '../../core/vm/state-dir';
import { vmsChanged } from '../codeLens';
import { forgetDeployments, whileChanging } from '../tree/deployments';
import { shortDigest } from '../tree/format';
import { StepOutput } from '../build-output';
import { pickContainerfile } from '../pick';
import { plainText } from '../plain-text';
import { runTask } from '../task';
import { showBuildFailure } from './podman';
import { offerVmActions } from './vm';
import type { CommandFactory } from './index';

export interface UpArgs { tag?: string; vmName?: string; force?: boolean; skipRunCheck?: boolean; recreate?: boolean }

export const factories: Record<string, CommandFactory> = {
  up: (ctx: Ctx) => async (arg?: unknown, options?: UpArgs | unknown[]): Promise<UpResult | undefined> => {
      const args: UpArgs = options && !Array.isArray(options) ? options : {}; // menus pass the selection here
      const uri = await pickContainerfile(arg);
      if (!uri) return undefined;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc?.isDirty) await doc.save();
      const config = readConfig(uri);
      const lintSettings = vscode.workspace.getConfiguration('bootable', uri).get<RuleSettings>('lint.rules', {});
      ctx.buildDiagnostics.delete(uri);
      const output = new StepOutput();
      const title = `Build and Boot ${vscode.workspace.asRelativePath(uri)}`;
      // An existing VM is updated in place (core's up decides; this only picks the words and the VM's rows).
      const vmName = args.vmName ?? projectVmName(uri.fsPath);
      const existing = !args.recreate && await readVmRecord(vmName).catch(() => undefined) !== undefined;
      // Say what is coming before minutes of work start (the notification shows this until the lint reports).
      const plan = existing ? `lint → build → test-run → update ${vmName} in place (/etc and /var are kept): minutes; Cancel stops it cleanly`
        : 'lint → build → test-run → disk → boot a VM: several minutes; Cancel stops it cleanly';
      const task = () => runTask(ctx.output, title, (io) => (io.progress({ step: 0, of: 5, id: 'plan', message: plan }), up({
        containerfile: uri.fsPath,
        recreate: args.recreate,
        lint: { settings: lintSettings, force: args.force },
        build: { ...config.podman, tag: args.tag ?? defaultTag(uri.fsPath), skipRunCheck: args.skipRunCheck },
        disk: config.disk,
        vm: { ...config.vm, name: args.vmName },
      }, { signal: io.signal, progress: io.progress, onLine: (line) => { output.push(line); io.log(line); } })),
      (e) => e instanceof LintBlockedError || e instanceof PodmanBuildError);
      const outcome = existing ? await whileChanging(vmName, 'updating…', task) : await task();
      forgetDeployments(vmName);
      vmsChanged();
      // (While it runs, the view's poller follows the VM from starting to ready whenever the view is visible.)
      ctx.refresh('images', 'containers', 'disks', 'vms');
      if (outcome.error instanceof PodmanBuildError) showBuildFailure(ctx, uri, title, outcome.error, output.tail());
      if (outcome.error instanceof LintBlockedError) {
        void vscode.window.showWarningMessage(plainText(`Build and Boot stopped: ${outcome.error.message.split('\n')[0]} (see the Problems panel).`), 'Build Anyway')
          .then((again) => { if (again) void vscode.commands.executeCommand('bootable.up', uri, { ...args, force: true }); });
      }
      const result = outcome.value;
      if (!result) return undefined;
      await ctx.status.setLastVm(result.vm.name, result.vm.state);
      const update = result.update;
      offerVmActions(result.vm.status, !update ? `${result.vm.name} is ready (${(result.vm.bootMs / 1000).toFixed(0)} s to boot).`
        : update.upToDate ? `${result.vm.name} is up to date: it runs ${update.image.ref} (${shortDigest(update.image.digest)}) already.`
          : `${result.vm.name} was updated in place to ${update.image.ref} (${shortDigest(update.image.digest)}) in ${(update.durationMs / 1000).toFixed(0)} s; Roll Back VM returns to the previous deployment.`);
      return result;
    },
};
