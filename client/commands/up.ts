// Build and Boot: core's `up` (the same call as `bootable up`): lint → build → test-run → disk → boot → ready, in
// one notification; the view follows the VM, the status bar item shows it, the final message offers browser/SSH.
import * as vscode from 'vscode';
import { LintBlockedError, up, type UpResult } from '../../core/up';
import type { RuleSettings } from '../../core/lint/types';
import { PodmanBuildError } from '../../core/podman/build';
import { readConfig } from '../config';
import type { Ctx } from '../ctx';
import { defaultImageTag as defaultTag } from '../../core/names';
import { StepOutput } from '../build-output';
import { pickContainerfile } from '../pick';
import { plainText } from '../plain-text';
import { runTask } from '../task';
import { showBuildFailure } from './podman';
import { offerVmActions } from './vm';
import type { CommandFactory } from './index';

export interface UpArgs { tag?: string; vmName?: string; force?: boolean; skipRunCheck?: boolean }

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
      // Say what is coming before minutes of work start (the notification shows this until the lint reports).
      const outcome = await runTask(ctx.output, title, (io) => (io.progress({ step: 0, of: 5, id: 'plan',
        message: 'lint → build → test-run → disk → boot a VM: several minutes; Cancel stops it cleanly' }), up({
        containerfile: uri.fsPath,
        lint: { settings: lintSettings, force: args.force },
        build: { ...config.podman, tag: args.tag ?? defaultTag(uri.fsPath), skipRunCheck: args.skipRunCheck },
        disk: config.disk,
        vm: { ...config.vm, name: args.vmName },
      }, { signal: io.signal, progress: io.progress, onLine: (line) => { output.push(line); io.log(line); } })),
      (e) => e instanceof LintBlockedError || e instanceof PodmanBuildError);
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
      offerVmActions(result.vm.status, `${result.vm.name} is ready (${(result.vm.bootMs / 1000).toFixed(0)} s to boot).`);
      return result;
    },
};
