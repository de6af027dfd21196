// A sparse disk file of the planned size with the planned partition table: GPT with sgdisk, or an MBR ("dos")
// with sfdisk; both work on files.
import { open } from 'node:fs/promises';
import { run } from '../../util/process';
import { sgdiskArgs } from '../disk-args';
import { type BuildContext, paths, runOpts } from '../context';
import { defineStep } from '../step';
import type { Plan } from '../types';

/** sfdisk's input for an MBR table: the disk id from the partitions' PARTUUIDs (id-NN), one primary per line. */
export function sfdiskScript(disk: Plan['disk']): string {
  const id = disk.partitions[0]?.partUuid.split('-')[0] ?? '0';
  const lines = ['label: dos', `label-id: 0x${id}`, 'unit: sectors', ''];
  for (const p of disk.partitions) lines.push(`start=${p.startSector}, size=${p.sizeSectors}, type=${p.typeCode}`);
  return lines.join('\n') + '\n';
}

export async function partitionDisk(ctx: BuildContext): Promise<void> {
  const { disk } = paths(ctx.work);
  const fh = await open(disk, 'wx');
  try { await fh.truncate(ctx.plan.disk.sizeBytes); } finally { await fh.close(); }
  if (ctx.plan.disk.table === 'dos') {
    await run(['sfdisk', '--quiet', '--no-reread', '--no-tell-kernel', disk], runOpts(ctx, { input: sfdiskScript(ctx.plan.disk), installHint: 'install fdisk: apt-get install fdisk' }));
    return;
  }
  await run(sgdiskArgs(disk, ctx.plan.disk.partitions), runOpts(ctx, { installHint: 'install gdisk: apt-get install gdisk' }));
}

export const partitionStep = defineStep<Plan['disk']>({
  name: 'partition', weight: 1,
  title: (d) => (d.table === 'dos' ? 'Write the MBR (dos) partition table' : 'Write the GPT partition table'),
  inputs: (plan) => [plan.disk],
  run: (ctx) => partitionDisk(ctx),
});
