// Every command of the extension: a catalogue of ids, titles and trust needs, and the module holding each
// command's factory. Modules load on first use, so activation does not pay for podman, the builder or libvirt.
// `trusted` commands run podman/libvirt: refused at run time in an untrusted workspace (their menus and palette
// entries are hidden there too).
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { requireTrust } from '../trust';
import { showError } from '../task';
import type { Need } from '../../core/doctor/checks';

export type CommandFactory = (ctx: Ctx) => (...args: any[]) => unknown;
type CommandModule = () => Promise<{ factories: Record<string, CommandFactory> }>;

export interface CommandSpec {
  id: string;
  title: string;
  trusted: boolean;
  module: CommandModule;
  /** What the command's work needs from the machine: checked before it starts (client/preflight.ts). */
  needs?: Need[];
}

const podman: CommandModule = () => import('./podman');
const disk: CommandModule = () => import('./disk');
const vm: CommandModule = () => import('./vm');
const up: CommandModule = () => import('./up');
const update: CommandModule = () => import('./update');
const lint: CommandModule = () => import('./lint');
const view: CommandModule = () => import('./view');
const images: CommandModule = () => import('./images');
const base: CommandModule = () => import('./base');

const spec = (id: string, title: string, trusted: boolean, module: CommandModule, needs?: Need[]): CommandSpec => ({ id, title, trusted, module, needs });

export const commandTable: CommandSpec[] = [
  spec('buildImage', 'Build Image', true, podman, ['podman']),
  spec('buildBase', 'Build the Local Base Image', true, base, ['podman']),
  spec('runContainer', 'Run as Container', true, podman, ['podman']),
  spec('stopContainer', 'Stop Container', true, podman),
  spec('containerLogs', 'Show Container Logs', true, podman),
  spec('containerShell', 'Open Shell in Container', true, podman),
  spec('buildDisk', 'Create Disk Image', true, disk, ['podman', 'disk']),
  spec('revealDisk', 'Reveal Disk Image', false, disk),
  spec('deleteDisk', 'Delete Disk Image', true, disk),
  spec('previewDiskLayout', 'Preview Disk Layout', true, disk),
  spec('removeImage', 'Remove Image', true, images),
  spec('copyImageName', 'Copy Image Name', false, images),
  spec('inspectImage', 'Inspect Image', true, images),
  spec('bootVm', 'Boot VM', true, vm, ['vm']),
  spec('startVm', 'Start VM', true, vm, ['vm']),
  spec('stopVm', 'Stop VM', true, vm),
  spec('restartVm', 'Restart VM', true, vm),
  spec('deleteVm', 'Delete VM', true, vm),
  spec('updateVm', 'Update VM', true, update, ['podman', 'vm']),
  spec('rollbackVm', 'Roll Back VM', true, update),
  spec('openSerialLog', 'Open Serial Log', false, vm),
  spec('sshVm', 'SSH into VM', true, vm),
  spec('openInBrowser', 'Open VM in Browser', false, vm),
  spec('copyAddress', 'Copy VM Address', false, vm),
  spec('up', 'Build and Boot', true, up, ['podman', 'disk', 'vm']),
  spec('lintImage', 'Lint Image', true, lint),
  spec('refresh', 'Refresh View', false, view),
  spec('showOutput', 'Show Output Log', false, view),
];

/** The command's handler, from its module (loaded once). */
export async function loadHandler(ctx: Ctx, s: CommandSpec): Promise<(...args: unknown[]) => unknown> {
  const factory = (await s.module()).factories[s.id];
  if (!factory) throw new Error(`command ${s.id}: no factory in its module`);
  return factory(ctx);
}

export function registerCommands(ctx: Ctx): void {
  for (const s of commandTable) {
    let handler: ((...args: unknown[]) => unknown) | undefined;
    ctx.own(vscode.commands.registerCommand(`bootable.${s.id}`, async (...args: unknown[]) => {
      try {
        if (s.trusted) requireTrust(s.title);
        if (s.needs) {
          const { preflight } = await import('../preflight');
          if (!(await preflight(s.title, s.needs, () => vscode.commands.executeCommand(`bootable.${s.id}`, ...args)))) return undefined;
        }
        handler ??= await loadHandler(ctx, s);
        return await handler(...args);
      } catch (err) {
        // Errors from long work are shown by runTask; this catches the rest (bad input, untrusted workspace).
        void showError(ctx.output, s.title, err);
        return undefined;
      }
    }));
  }
}
