// A sparse disk file of the planned size with the planned GPT (sgdisk works on files).
import { open } from 'node:fs/promises';
import { run } from '../../util/process';
import { sgdiskArgs } from '../disk-args';
import { type BuildContext, paths, runOpts } from '../context';
import { defineStep } from '../step';
import type { Plan } from '../types';

export async function partitionDisk(ctx: BuildContext): Promise<void> {
  const { disk } = paths(ctx.work);
  const fh = await open(disk, 'wx');
  try { await fh.truncate(ctx.plan.disk.sizeBytes); } finally { await fh.close(); }
  await run(sgdiskArgs(disk, ctx.plan.disk.partitions), runOpts(ctx, { installHint: 'install gdisk: apt-get install gdisk' }));
}

export const partitionStep = defineStep<Plan['disk']>({
  name: 'partition', weight: 1,
  title: () => 'Write the GPT partition table',
  inputs: (plan) => [plan.disk],
  run: (ctx) => partitionDisk(ctx),
});
