// plain mode: the image's rootfs is the root filesystem as it is; /etc and /var are the tree's own.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type BuildContext, paths } from '../context';

export async function preparePlain(ctx: BuildContext): Promise<void> {
  const { rootfs } = paths(ctx.work);
  await mkdir(join(rootfs, 'boot/efi'), { recursive: true });
  ctx.state.rootTree = rootfs;
  ctx.state.etcDir = join(rootfs, 'etc');
  ctx.state.varDir = join(rootfs, 'var');
}
