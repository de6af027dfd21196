// The raw disk becomes each requested output type (qemu-img convert), inside the work dir; the caller renames
// the finished files into the output directory.
import { mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { run } from '../../util/process';
import { qemuImgConvertArgs } from '../disk-args';
import { type BuildContext, paths, runOpts } from '../context';
import type { DiskType, OutputPlan } from '../types';
import { defineStep } from '../step';

export async function convertDisk(ctx: BuildContext, output: OutputPlan, last: boolean): Promise<string> {
  const { disk, out } = paths(ctx.work);
  const dest = join(out, output.path);
  await mkdir(dirname(dest), { recursive: true });
  // The raw disk is already a raw image: the last step may simply move it.
  if (output.type === 'raw' && last) await rename(disk, dest);
  else await run(qemuImgConvertArgs(disk, dest, output.type), runOpts(ctx, { installHint: 'install qemu-utils: apt-get install qemu-utils' }));
  return dest;
}

/** One run per output; the raw disk is the last output when asked for, so it can be moved instead of copied. */
export const convertStep = defineStep<{ cacheKey: string; type: DiskType; path: string; last: boolean }>({
  name: 'convert', weight: 8,
  title: (i) => `Write ${i.path}`,
  label: (i) => i.type,
  inputs: (plan) => plan.outputs.map((o, n) => ({ cacheKey: plan.cacheKey, type: o.type, path: o.path, last: n === plan.outputs.length - 1 })),
  run: async (ctx, i) => { await convertDisk(ctx, { type: i.type, path: i.path }, i.last); },
});
