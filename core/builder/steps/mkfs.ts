// Filesystems made from directories, written into the disk file at their partition's offset. ext4 writes in
// place (mke2fs -E offset); btrfs is made in its own sparse file and copied in. xfs is the one exception to
// "no loop devices, no mounts": xfsprogs 6.1 cannot populate from a directory, so the partition gets a loop
// device (offset + size limit), is mounted in the work dir and filled with cp -a, then always unmounted and
// detached (also after a kill: workspace.ts cleans loop devices and mounts of dead builds).
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../util/process';
import { losetupArgs, mkfsBtrfsArgs, mkfsExt4Args, mkfsXfsArgs } from '../disk-args';
import { type BuildContext, paths, runOpts } from '../context';
import type { FilesystemPlan } from '../types';
import { defineStep } from '../step';
import { type TreeInputs, treeInputs } from './prepare-plain';

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
    await makeXfs(ctx, fs, tree);
  }
}

async function makeXfs(ctx: BuildContext, fs: FilesystemPlan, tree: string): Promise<void> {
  const { disk } = paths(ctx.work);
  const part = ctx.plan.disk.partitions.find((p) => p.number === fs.partition)!;
  const o = runOpts(ctx, { installHint: 'install xfsprogs: apt-get install xfsprogs' });
  const cleanup = { logFile: ctx.logFile }; // cleanup commands must run even after an abort
  const loop = (await run(losetupArgs(disk, part), runOpts(ctx, { hint: 'xfs needs a loop device (root); use --rootfs ext4 otherwise' }))).stdout.trim();
  try {
    await run(mkfsXfsArgs(loop, fs), o);
    const mnt = join(ctx.work, `mnt-${part.number}`);
    await mkdir(mnt);
    await run(['mount', '-t', 'xfs', loop, mnt], o);
    try {
      await run(['cp', '-a', `${tree}/.`, mnt], o);
    } finally {
      await run(['umount', mnt], cleanup);
    }
  } finally {
    await run(['losetup', '-d', loop], cleanup);
  }
}

export const mkfsRootStep = defineStep<TreeInputs & { root: FilesystemPlan }>({
  name: 'mkfs-root', weight: 25,
  title: (i) => `Make the ${i.root.type} root filesystem`,
  inputs: (plan) => [{ ...treeInputs(plan), root: plan.filesystems.root }],
  run: (ctx, i) => makeFilesystem(ctx, i.root, ctx.state.rootTree!),
});

export const mkfsBootStep = defineStep<TreeInputs & { boot: FilesystemPlan }>({
  name: 'mkfs-boot', weight: 2,
  title: () => 'Make the /boot filesystem',
  inputs: (plan) => [{ ...treeInputs(plan), boot: plan.filesystems.boot }],
  run: (ctx, i) => makeFilesystem(ctx, i.boot, paths(ctx.work).bootTree),
});
