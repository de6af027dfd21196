// The config's own partitions (`/var/*` filesystems, swap, btrfs subvolumes): their content is what the tree has at their mount
// point, moved out of the tree (deepest first, so /var/data/test's content goes to its own filesystem and
// /var/data keeps an empty mount point for it) and made into a filesystem at the partition's offset. The tree
// keeps an empty directory with the same owner and mode as the mount point; fstab (boot-entries.ts) mounts the
// partition there at boot. Swap: mkswap has no offset option, so the area is made in a sparse file of the
// partition's size and its header copied into place (the rest of a fresh partition is already zeros).
import { chown, chmod, lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BuilderError } from '../../errors';
import { run } from '../../util/process';
import { type BuildContext, paths, runOpts } from '../context';
import type { FilesystemPlan, Plan } from '../types';
import { defineStep } from '../step';
import { makeFilesystem, subvolumeDir } from './mkfs';
import { type TreeInputs, treeInputs } from './prepare-plain';
import { treeOf } from './users';

/** Where a data filesystem's content waits between split-data and mkfs-data. */
export const dataDir = (work: string, fs: FilesystemPlan) => join(work, `data-${fs.partition}`);

/** Every mount point whose content leaves the root tree (data filesystems, subvolumes but `/`) and where it waits. */
export function splitTargets(work: string, plan: Pick<Plan, 'filesystems' | 'dataFilesystems'>): { mountpoint: string; dir: string }[] {
  const out: { mountpoint: string; dir: string }[] = [];
  const subvolumes = (fs: FilesystemPlan) => {
    for (const sv of fs.subvolumes ?? []) if (sv.mountpoint !== '/') out.push({ mountpoint: sv.mountpoint, dir: subvolumeDir(work, fs, sv) });
  };
  subvolumes(plan.filesystems.root);
  for (const fs of plan.dataFilesystems) {
    if (fs.type === 'swap') continue;
    if (fs.subvolumes) subvolumes(fs);
    else out.push({ mountpoint: fs.mountpoint, dir: dataDir(work, fs) });
  }
  return out;
}

export function mkswapArgs(file: string, fs: FilesystemPlan): string[] {
  return ['mkswap', '-U', fs.uuid, '-L', fs.label, file];
}

/** The first MiB of the swap file into the disk at the partition's offset. */
export function swapHeaderCopyArgs(src: string, disk: string, offsetBytes: number): string[] {
  return ['dd', `if=${src}`, `of=${disk}`, 'bs=1M', 'count=1', `seek=${offsetBytes}`, 'oflag=seek_bytes', 'conv=notrunc', 'status=none'];
}

export async function splitData(ctx: BuildContext): Promise<void> {
  const tree = treeOf(ctx);
  // Deepest first: a child's content leaves before its parent's is moved.
  const targets = splitTargets(ctx.work, ctx.plan).sort((a, b) => b.mountpoint.split('/').length - a.mountpoint.split('/').length);
  for (const { mountpoint, dir: dest } of targets) {
    await mkdir(dest, { mode: 0o755 });
    const r = await tree.resolve(mountpoint);
    // The mount point must be the path itself: fstab mounts it there, and a link in the image would move it.
    if (r.path !== mountpoint) {
      throw new BuilderError(`${mountpoint} is a symbolic link in the image (to ${r.path}); a partition cannot be mounted there`, {
        hint: 'mount the partition at the real directory, or remove the link from the image',
      });
    }
    const { host, created } = await tree.mkdirp(mountpoint, 0o755);
    if (!created) {
      const st = await lstat(host);
      await chmod(dest, st.mode & 0o7777);
      await chown(dest, st.uid, st.gid);
      for (const name of await readdir(host)) await rename(join(host, name), join(dest, name));
    }
  }
}

/**
 * mke2fs -d leaves the new filesystem's root directory root's and 0755: debugfs gives it the mount point's owner and
 * mode (a /var/data owned by a service user stays its own once the partition is mounted over it).
 */
export function ext4RootOwnerArgs(disk: string, offsetBytes: number, uid: number, gid: number, mode: number): string[][] {
  const fields = [`uid ${uid}`, `gid ${gid}`, `mode 0${(0o40000 | mode).toString(8)}`];
  return fields.map((f) => ['debugfs', '-w', '-R', `sif / ${f}`, `${disk}?offset=${offsetBytes}`]);
}

export async function makeDataFilesystem(ctx: BuildContext, fs: FilesystemPlan): Promise<void> {
  const part = ctx.plan.disk.partitions.find((p) => p.number === fs.partition)!;
  if (fs.subvolumes) {
    // A btrfs volume: its subvolumes are filled from their own directories (mkfs.ts).
    await makeFilesystem(ctx, fs, undefined);
    for (const sv of fs.subvolumes) await rm(subvolumeDir(ctx.work, fs, sv), { recursive: true, force: true });
    return;
  }
  if (fs.type !== 'swap') {
    const dir = dataDir(ctx.work, fs);
    await makeFilesystem(ctx, fs, dir);
    if (fs.type === 'ext4') {
      const st = await lstat(dir);
      const o = runOpts(ctx, { installHint: 'install e2fsprogs (debugfs)' });
      for (const args of ext4RootOwnerArgs(paths(ctx.work).disk, part.startSector * 512, st.uid, st.gid, st.mode & 0o7777)) await run(args, o);
    }
    await rm(dir, { recursive: true, force: true });
    return;
  }
  const file = join(ctx.work, `swap-${fs.partition}`);
  const o = runOpts(ctx, { installHint: 'install util-linux (mkswap)' });
  await run(['truncate', '-s', String(part.sizeSectors * 512), file], o);
  await run(mkswapArgs(file, fs), o);
  // The swap header lives in the first page; copy the first MiB (the partition is fresh zeros after it).
  await run(swapHeaderCopyArgs(file, paths(ctx.work).disk, part.startSector * 512), o);
  await rm(file);
}

export const splitDataStep = defineStep<TreeInputs & { mountpoints: string[] }>({
  name: 'split-data', weight: 1,
  title: () => 'Move the content of the config\'s partitions out of the root tree',
  inputs: (plan) => {
    const mountpoints = splitTargets('', plan).map((t) => t.mountpoint);
    return mountpoints.length ? [{ ...treeInputs(plan), mountpoints }] : [];
  },
  run: (ctx) => splitData(ctx),
});

export const mkfsDataStep = defineStep<TreeInputs & { fs: FilesystemPlan }>({
  name: 'mkfs-data', weight: 2,
  title: (i) => (i.fs.type === 'swap' ? `Make the swap area (partition ${i.fs.partition})`
    : i.fs.subvolumes ? `Make the btrfs volume with subvolumes ${i.fs.subvolumes.map((sv) => `${sv.name} (${sv.mountpoint})`).join(', ')}`
      : `Make the ${i.fs.type} filesystem for ${i.fs.mountpoint}`),
  label: (i) => String(i.fs.partition),
  inputs: (plan) => plan.dataFilesystems.map((fs) => ({ ...treeInputs(plan), fs })),
  run: (ctx, i) => makeDataFilesystem(ctx, i.fs),
});
