// The raw disk becomes each requested output type (qemu-img convert), inside the work dir; the caller renames
// the finished files into the output directory.
import { mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { run } from '../../util/process';
import { qemuImgConvertArgs } from '../disk-args';
import { type BuildContext, paths, runOpts } from '../context';
import type { OutputPlan } from '../types';

export async function convertDisk(ctx: BuildContext, output: OutputPlan, last: boolean): Promise<string> {
  const { disk, out } = paths(ctx.work);
  const dest = join(out, output.path);
  await mkdir(dirname(dest), { recursive: true });
  // The raw disk is already a raw image: the last step may simply move it.
  if (output.type === 'raw' && last) await rename(disk, dest);
  else await run(qemuImgConvertArgs(disk, dest, output.type), runOpts(ctx, { installHint: 'install qemu-utils: apt-get install qemu-utils' }));
  return dest;
}
