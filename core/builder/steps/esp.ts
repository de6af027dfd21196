// The EFI system partition: FAT32 made in place in the disk file (mkfs.vfat --offset), filled with mtools:
// systemd-boot as the removable-media loader, the kernel and initramfs at the paths the BLS entry names, and the
// entry itself. systemd-boot cannot read ext4, so UEFI boots from copies on the ESP; both loaders boot one entry.
import { writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { run } from '../../util/process';
import { formatBls, systemdBootLoaderConf } from '../boot/bls';
import { mkfsVfatArgs, mtoolsImage } from '../disk-args';
import { type BuildContext, paths, runOpts } from '../context';
import { defineStep } from '../step';
import type { FilesystemPlan } from '../types';
import { type TreeInputs, treeInputs } from './prepare-plain';

export const SYSTEMD_BOOT_EFI = '/usr/lib/systemd/boot/efi/systemd-bootx64.efi';

/** Every directory (parents first) that must exist on the ESP for these files. */
export function espDirs(files: string[]): string[] {
  const dirs = new Set<string>(['/EFI', '/EFI/BOOT', '/loader', '/loader/entries']);
  for (const f of files) {
    const parts = posix.dirname(f).split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) dirs.add('/' + parts.slice(0, i).join('/'));
  }
  return [...dirs].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

export async function makeEsp(ctx: BuildContext): Promise<void> {
  const { disk, bootTree } = paths(ctx.work);
  const fs = ctx.plan.filesystems.esp;
  const part = ctx.plan.disk.partitions.find((p) => p.number === fs.partition)!;
  const entry = ctx.state.bls!;
  const o = runOpts(ctx, { installHint: 'install dosfstools and mtools: npm run setup' });
  await run(mkfsVfatArgs(disk, fs, part), o);
  const img = mtoolsImage(disk, part);
  const mtoolsEnv = { MTOOLS_SKIP_CHECK: '1' };
  await run(['mmd', '-i', img, ...espDirs([entry.linux, entry.initrd]).map((d) => `::${d}`)], { ...o, env: mtoolsEnv });
  const loaderConf = join(ctx.work, 'loader.conf');
  const entryFile = join(ctx.work, 'entry.conf');
  await writeFile(loaderConf, systemdBootLoaderConf(entry));
  await writeFile(entryFile, formatBls(entry));
  const copies: [string, string][] = [
    [SYSTEMD_BOOT_EFI, '/EFI/BOOT/BOOTX64.EFI'],
    [join(bootTree, entry.linux), entry.linux],
    [join(bootTree, entry.initrd), entry.initrd],
    [loaderConf, '/loader/loader.conf'],
    [entryFile, `/loader/entries/${entry.fileName}`],
  ];
  for (const [src, dest] of copies) await run(['mcopy', '-i', img, src, `::${dest}`], { ...o, env: mtoolsEnv });
}

export const espStep = defineStep<TreeInputs & { esp: FilesystemPlan }>({
  name: 'esp', weight: 3,
  title: () => 'Make the EFI system partition (systemd-boot)',
  inputs: (plan) => [{ ...treeInputs(plan), esp: plan.filesystems.esp }],
  run: (ctx) => makeEsp(ctx),
});
