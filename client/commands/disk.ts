// Build Disk Image: the embedded image builder, with the disk settings.
import * as vscode from 'vscode';
import { buildDisk, type BuildDiskResult } from '../../core/builder/index';
import { diskOptions } from '../../core/builder/options';
import { readConfig } from '../config';
import type { Ctx } from '../ctx';
import { pickImage } from '../pick';
import { plainText } from '../plain-text';
import { runTask } from '../task';
import type { CommandFactory } from './index';

export async function buildDiskFor(ctx: Ctx, image: string): Promise<BuildDiskResult | undefined> {
  const { type = diskOptions.type.default!, ...disk } = readConfig().disk;
  const outcome = await runTask(ctx.output, `Build disk of ${image}`, (io) =>
    buildDisk({ ...disk, image, types: [type] }, { signal: io.signal, progress: io.progress }));
  ctx.refresh('disks');
  return outcome.value;
}

export const factories: Record<string, CommandFactory> = {
  buildDisk: (ctx: Ctx) => async (arg?: unknown) => {
      const image = await pickImage(arg);
      if (!image) return undefined;
      const result = await buildDiskFor(ctx, image);
      if (!result) return undefined;
      const disk = result.outputs[0].path;
      void vscode.window.showInformationMessage(plainText(`Disk ${result.cached ? 'reused from cache' : 'built'}: ${disk}`), 'Boot VM')
        .then((choice) => { if (choice) void vscode.commands.executeCommand('bootable.bootVm', disk); });
      return result;
    },
};
