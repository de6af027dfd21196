// Filesystems made from directories, written into the disk file at their partition's offset: no loop device,
// no mount. ext4 writes in place (mke2fs -E offset); btrfs is made in its own sparse file and copied in; xfs
// cannot be populated from a directory by this machine's xfsprogs and is refused with a clear message.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../errors';
import { run } from '../../util/process';
import { mkfsBtrfsArgs, mkfsExt4Args } from '../disk-args';
import { type BuildContext, paths, runOpts } from '../context';
import type { FilesystemPlan } from '../types';

export function ddIntoArgs(src: string, disk: string, offsetBytes: number): string[] {
  return ['dd', `if=${src}`, `of=${disk}`, 'bs=4M', `seek=${offsetBytes}`, 'oflag=seek_bytes', 'conv=notrunc,sparse', 'status=none'];
}

export async function makeFilesystem(ctx: BuildContext, fs: FilesystemPlan, tree: string): Promise<void> {
  const { disk } = paths(ctx.work);
  const part = ctx.plan.disk.partitions.find((p) => p.number === fs.partition)!;
  const o = runOpts(ctx, { installHint: 'install e2fsprogs, btrfs-progs: npm run setup' });
  if (fs.type === 'ext4') {
    await run(mkfsExt4Args(disk, fs, part, tree), o);
  } else if (fs.type === 'btrfs') {
    const image = join(ctx.work, `part${part.number}.btrfs`);
    await run(['truncate', '-s', String(part.sizeSectors * 512), image], o);
    await run(mkfsBtrfsArgs(image, fs, tree), o);
    await run(ddIntoArgs(image, disk, part.startSector * 512), o);
    await rm(image);
  } else {
    throw new UsageError(`--rootfs ${fs.type} is not supported on this machine: xfsprogs cannot populate a filesystem `
      + 'from a directory, and bootable builds disks without loop devices or mounts', { hint: 'use --rootfs ext4 or --rootfs btrfs' });
  }
}

export async function mkfsRoot(ctx: BuildContext): Promise<void> {
  await makeFilesystem(ctx, ctx.plan.filesystems.root, ctx.state.rootTree!);
}

export async function mkfsBoot(ctx: BuildContext): Promise<void> {
  await makeFilesystem(ctx, ctx.plan.filesystems.boot, paths(ctx.work).bootTree);
}
