// Filesystems made from directories, written into the disk file at their partition's offset. ext4 writes in
// place (mke2fs -E offset). xfs and btrfs (as root) are the exception to "no loop devices, no mounts": xfsprogs
// 6.1 cannot populate from a directory, btrfs subvolumes are made on a mounted filesystem and mkfs.btrfs 6.2
// --rootdir gets hard links' counts wrong; so the partition gets a loop device (offset + size limit), is mounted in
// the work dir and filled with cp -a, then always unmounted and detached (also after a kill: workspace.ts cleans
// loop devices and mounts of dead builds). A normal user's btrfs (no subvolumes) is made with --rootdir in its own
// sparse file and copied in.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../util/process';
import { losetupArgs, mkfsBtrfsArgs, mkfsBtrfsDeviceArgs, mkfsExt4Args, mkfsXfsArgs } from '../disk-args';
import { isHostRoot } from '../../util/privilege';
import { type BuildContext, paths, runOpts } from '../context';
import type { FilesystemPlan, Subvolume } from '../types';
import { defineStep } from '../step';
import { type TreeInputs, treeInputs } from './prepare-plain';

export function ddIntoArgs(src: string, disk: string, offsetBytes: number): string[] {
  return ['dd', `if=${src}`, `of=${disk}`, 'bs=4M', `seek=${offsetBytes}`, 'oflag=seek_bytes', 'conv=notrunc,sparse', 'status=none'];
}

/** Where a btrfs subvolume's content waits between split-data and its mkfs (the root tree itself for `/`). */
export const subvolumeDir = (work: string, fs: FilesystemPlan, sv: Subvolume) => join(work, `data-${fs.partition}-${sv.name}`);

/**
 * A filesystem from `tree` on its partition. btrfs as the host's root goes through a loop mount (subvolumes need
 * one, and cp -a keeps hard links right where mkfs.btrfs 6.2 --rootdir gets their link counts wrong); a normal
 * user gets --rootdir (subvolumes are refused for them up front, preflight.ts). `tree` is undefined for a btrfs
 * volume whose content is all in subvolumes.
 */
export async function makeFilesystem(ctx: BuildContext, fs: FilesystemPlan, tree: string | undefined): Promise<void> {
  const { disk } = paths(ctx.work);
  const part = ctx.plan.disk.partitions.find((p) => p.number === fs.partition)!;
  const o = runOpts(ctx, { installHint: 'install e2fsprogs, btrfs-progs: npm run setup' });
  if (fs.type === 'btrfs' && (fs.subvolumes || isHostRoot())) {
    await makeMounted(ctx, fs, (dev) => mkfsBtrfsDeviceArgs(dev, fs), async (mnt) => {
      for (const sv of fs.subvolumes ?? []) {
        await run(['btrfs', 'subvolume', 'create', join(mnt, sv.name)], o);
        const src = sv.mountpoint === '/' ? tree! : subvolumeDir(ctx.work, fs, sv);
        // cp -a of "src/." also gives the subvolume's top directory src's owner and mode.
        await run(['cp', '-a', `${src}/.`, join(mnt, sv.name)], o);
      }
      if (tree && !fs.subvolumes?.some((sv) => sv.mountpoint === '/')) await run(['cp', '-a', `${tree}/.`, mnt], o);
    });
  } else if (fs.type === 'ext4') {
    await run(mkfsExt4Args(disk, fs, part, tree!), o);
  } else if (fs.type === 'btrfs') {
    const image = join(ctx.work, `part${part.number}.btrfs`);
    await run(['truncate', '-s', String(part.sizeSectors * 512), image], o);
    await run(mkfsBtrfsArgs(image, fs, tree!), o);
    await run(ddIntoArgs(image, disk, part.startSector * 512), o);
    await rm(image);
  } else {
    await makeMounted(ctx, fs, (dev) => mkfsXfsArgs(dev, fs), (mnt) => run(['cp', '-a', `${tree}/.`, mnt], o).then(() => undefined));
  }
}

/**
 * The documented exception to "no loop devices, no mounts" (root only): a loop device over the partition, the
 * filesystem made on it, mounted in the work dir and filled by `fill`; always unmounted and detached.
 */
async function makeMounted(ctx: BuildContext, fs: FilesystemPlan, mkfs: (device: string) => string[], fill: (mnt: string) => Promise<void>): Promise<void> {
  const { disk } = paths(ctx.work);
  const part = ctx.plan.disk.partitions.find((p) => p.number === fs.partition)!;
  const o = runOpts(ctx, { installHint: `install ${fs.type === 'xfs' ? 'xfsprogs' : 'btrfs-progs'}: npm run setup` });
  const cleanup = { logFile: ctx.logFile }; // cleanup commands must run even after an abort
  const loop = (await run(losetupArgs(disk, part), runOpts(ctx, { hint: `${fs.type} here needs a loop device (root); use --rootfs ext4 otherwise` }))).stdout.trim();
  try {
    await run(mkfs(loop), o);
    const mnt = join(ctx.work, `mnt-${part.number}`);
    await mkdir(mnt);
    await run(['mount', '-t', fs.type, loop, mnt], o);
    try {
      await fill(mnt);
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
