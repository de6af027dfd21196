// GRUB for BIOS: core.img into the BIOS boot partition, boot.img's code into the MBR (sector pointers patched).
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../util/process';
import { GRUB_I386_DIR, grubMkimageArgs, patchGrubImages } from '../boot/grub-bios-images';
import { type BuildContext, paths, runOpts } from '../context';
import { defineStep } from '../step';
import type { FilesystemPlan, Plan } from '../types';

export async function installGrubBios(ctx: BuildContext): Promise<void> {
  const { disk } = paths(ctx.work);
  const coreImg = join(ctx.work, 'core.img');
  // GPT: core.img in the BIOS boot partition; dos: in the gap between the MBR and the first partition.
  const firstStart = Math.min(...ctx.plan.disk.partitions.map((p) => p.startSector));
  const biosPart = ctx.plan.disk.partitions.find((p) => p.typeCode === 'EF02') ?? { startSector: 1, sizeSectors: firstStart - 1 };
  await run(grubMkimageArgs(coreImg, ctx.plan.filesystems.boot.partition, ctx.plan.disk.table), runOpts(ctx, {
    installHint: 'install grub-pc-bin: apt-get install grub-pc-bin',
  }));
  const { mbrCode, core } = patchGrubImages(await readFile(join(GRUB_I386_DIR, 'boot.img')), await readFile(coreImg),
    biosPart.startSector, biosPart.sizeSectors);
  const fh = await open(disk, 'r+');
  try {
    await fh.write(mbrCode, 0, mbrCode.length, 0);
    await fh.write(core, 0, core.length, biosPart.startSector * 512);
  } finally {
    await fh.close();
  }
}

export const grubBiosStep = defineStep<{ boot: FilesystemPlan; disk: Plan['disk'] }>({
  name: 'grub-bios', weight: 1,
  title: () => 'Install GRUB for BIOS',
  inputs: (plan) => [{ boot: plan.filesystems.boot, disk: plan.disk }],
  run: (ctx) => installGrubBios(ctx),
});
