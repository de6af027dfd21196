// plain mode: the image's rootfs is the root filesystem as it is; /etc and /var are the tree's own.
import { type BuildContext, paths } from '../context';
import { treeAt } from '../tree-path';
import { defineStep, type PlanDraft } from '../step';

export async function preparePlain(ctx: BuildContext): Promise<void> {
  const { rootfs } = paths(ctx.work);
  const tree = treeAt(rootfs);
  await tree.mkdirp('/boot/efi');
  ctx.state.rootTree = rootfs;
  ctx.state.tree = tree;
}

/** What every step that works on the prepared tree depends on. */
export type TreeInputs = { image: string; mode: string };
export const treeInputs = (plan: PlanDraft): TreeInputs => ({ image: plan.image.digest, mode: plan.mode });

export const preparePlainStep = defineStep<TreeInputs>({
  name: 'prepare-plain', weight: 1, releasesImage: true,
  title: () => 'Prepare the plain root tree',
  inputs: (plan) => (plan.mode === 'plain' ? [treeInputs(plan)] : []),
  run: (ctx) => preparePlain(ctx),
});
