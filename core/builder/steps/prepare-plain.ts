// plain mode: the image's rootfs is the root filesystem as it is; /etc and /var are the tree's own.
import { type BuildContext, paths } from '../context';
import { treeAt } from '../tree-path';

export async function preparePlain(ctx: BuildContext): Promise<void> {
  const { rootfs } = paths(ctx.work);
  const tree = treeAt(rootfs);
  await tree.mkdirp('/boot/efi');
  ctx.state.rootTree = rootfs;
  ctx.state.tree = tree;
}
