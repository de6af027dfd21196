// Copies the mounted image tree into the work dir (hardlinks, owners, modes, xattrs kept). The later steps change
// this copy; podman's storage is never touched.
import { mkdir } from 'node:fs/promises';
import { run } from '../../util/process';
import { type BuildContext, paths, runOpts } from '../context';

export function copyTreeArgs(from: string, to: string): string[] {
  return ['cp', '-a', '--reflink=auto', `${from}/.`, to];
}

export async function exportRootfs(ctx: BuildContext, imageRoot: string): Promise<void> {
  const { rootfs } = paths(ctx.work);
  await mkdir(rootfs);
  await run(copyTreeArgs(imageRoot, rootfs), runOpts(ctx));
}
