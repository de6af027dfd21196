// Build and Boot: the whole chain from a Containerfile to a ready VM in one notification; the view follows the
// VM, the status bar item shows it, and the final message offers the browser and SSH.
import * as vscode from 'vscode';
import { PodmanBuildError } from '../../core/podman/build';
import { readConfig } from '../config';
import type { Ctx } from '../ctx';
import { defaultTag, pickContainerfile } from '../pick';
import { runTask } from '../task';
import { up, type UpResult } from '../upChain';
import { showBuildFailure } from './podman';
import { offerVmActions } from './vm';
import type { CommandSpec } from './index';

export interface UpArgs { tag?: string; force?: boolean; skipRun?: boolean }

export const upCommands: CommandSpec[] = [
  {
    id: 'up', title: 'Build and Boot', trusted: true,
    factory: (ctx: Ctx) => async (arg?: unknown, args: UpArgs = {}): Promise<UpResult | undefined> => {
      const uri = await pickContainerfile(arg);
      if (!uri) return undefined;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc?.isDirty) await doc.save();
      const config = readConfig(uri);
      const lintRules = vscode.workspace.getConfiguration('bootable', uri).get<Record<string, never>>('lint.rules', {});
      ctx.buildDiagnostics.delete(uri);
      const poll = setInterval(() => ctx.refresh('images', 'disks', 'vms'), 2000); // follow the chain in the view
      const outcome = await runTask(ctx.output, `Build and Boot ${vscode.workspace.asRelativePath(uri)}`, (io) => up({
        containerfile: uri.fsPath, tag: args.tag ?? defaultTag(uri.fsPath),
        podmanConnection: config.podmanConnection, libvirtUri: config.libvirtUri,
        output: config.outputDir, diskType: config.diskType, rootfs: config.rootfs, config: config.diskConfig,
        memoryMiB: config.vmMemoryMiB, cpus: config.vmCpus, lintRules, force: args.force, skipRun: args.skipRun,
      }, { signal: io.signal, progress: io.progress, onLine: io.log })).finally(() => clearInterval(poll));
      ctx.refresh('images', 'containers', 'disks', 'vms');
      if (outcome.error instanceof PodmanBuildError) showBuildFailure(ctx, uri, outcome.error);
      const result = outcome.value;
      if (!result) return undefined;
      await ctx.status.setLastVm(result.vm.name, result.vm.state);
      offerVmActions(result.vm.status, `${result.vm.name} is ready (${(result.vm.bootMs / 1000).toFixed(0)} s to boot).`);
      return result;
    },
  },
];
