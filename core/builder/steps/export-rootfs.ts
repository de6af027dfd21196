// Copies the mounted image tree into the work dir (hardlinks, owners, modes, xattrs kept). The later steps change
// this copy; podman's storage is never touched.
import { mkdir } from 'node:fs/promises';
import { run } from '../../util/process';
import { type BuildContext, paths, runOpts } from '../context';
import { defineStep } from '../step';

export function copyTreeArgs(from: string, to: string): string[] {
  return ['cp', '-a', '--reflink=auto', `${from}/.`, to];
}

export async function exportRootfs(ctx: BuildContext, imageRoot: string): Promise<void> {
  const { rootfs } = paths(ctx.work);
  await mkdir(rootfs);
  await run(copyTreeArgs(imageRoot, rootfs), runOpts(ctx));
}

/** Only plain mode copies the rootfs; ostree commits straight from the image mount, bootc reads the image itself. */
export const exportRootfsStep = defineStep<{ image: string }>({
  name: 'export-rootfs', weight: 15,
  title: () => 'Copy the image\'s root filesystem',
  inputs: (plan) => (plan.mode === 'plain' ? [{ image: plan.image.digest }] : []),
  run: (ctx) => exportRootfs(ctx, ctx.imageRoot),
});
