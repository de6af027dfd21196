// ostree mode: give the rootfs bootc's layout, commit it into a fresh sysroot's repo and deploy it, all on plain
// directories with the host's ostree. The result boots like a bootc install: ostree= karg, read-only /usr and /,
// writable /etc and /var, /home -> var/home.
import { lstat, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BuilderError } from '../../errors';
import { run } from '../../util/process';
import { type BuildContext, paths, runOpts } from '../context';
import { type BuildTree, deploymentTree, treeAt } from '../tree-path';
import { defineStep } from '../step';
import { type TreeInputs, treeInputs } from './prepare-plain';

/** Top-level directories bootc turns into symlinks into /var (or /run), and where their content goes. */
export const varSymlinks: [string, string][] = [
  ['home', 'var/home'], ['root', 'var/roothome'], ['srv', 'var/srv'], ['opt', 'var/opt'], ['mnt', 'var/mnt'],
  ['media', 'run/media'],
];
/** API and mount-point directories that must exist and be empty in a commit. */
const emptyDirs = ['dev', 'proc', 'sys', 'run', 'tmp', 'boot', 'sysroot', 'var'];

/**
 * What the commit takes from the image tree itself: everything but these (the overlay tree provides them).
 * Committing straight from podman's read-only image mount saves copying the whole rootfs.
 */
export const skipFromImage = ['/etc', '/ostree', ...emptyDirs.map((d) => `/${d}`), ...varSymlinks.map(([n]) => `/${n}`)];

export const ostreeBranch = (stateroot: string) => `bootable/${stateroot}/x86_64`;

export function ostreeArgs(sysroot: string, stateroot: string, trees: { image: string; overlay: string; skipList: string }, kargs: string[]) {
  const repo = join(sysroot, 'ostree/repo');
  return {
    initFs: ['ostree', 'admin', 'init-fs', sysroot],
    osInit: ['ostree', 'admin', 'os-init', `--sysroot=${sysroot}`, stateroot],
    // The deployment manages no bootloader config: bootable writes grub.cfg and systemd-boot entries itself.
    noBootloader: ['ostree', 'config', `--repo=${repo}`, 'set', 'sysroot.bootloader', 'none'],
    // Read-only sysroot: ostree-prepare-root mounts / read-only, ostree-remount makes /etc and /var writable.
    readonly: ['ostree', 'config', `--repo=${repo}`, 'set', 'sysroot.readonly', 'true'],
    // Layered trees: the image minus the skip list, then bootc's layout (usr/etc, var symlinks, empty API dirs).
    commit: ['ostree', 'commit', `--repo=${repo}`, `--branch=${ostreeBranch(stateroot)}`,
      `--tree=dir=${trees.image}`, `--tree=dir=${trees.overlay}`, `--skip-list=${trees.skipList}`,
      '--subject=bootable disk build'],
    deploy: ['ostree', 'admin', 'deploy', `--sysroot=${sysroot}`, `--os=${stateroot}`,
      // --karg-append keeps repeated keys (console=tty0 console=ttyS0); --karg would keep only the last one.
      ...kargs.map((k) => `--karg-append=${k}`), ostreeBranch(stateroot)],
  };
}

async function isDir(p: string) {
  try { return (await lstat(p)).isDirectory(); } catch { return false; }
}

/** The small tree laid over the image in the commit: bootc's conventions (ENVIRONMENT.md). */
export async function makeOverlayTree(imageRoot: string, overlay: string, ctx: BuildContext): Promise<void> {
  if (await isDir(join(imageRoot, 'usr/etc'))) {
    throw new BuilderError('the image has both /etc and /usr/etc; /usr/etc is ostree\'s internal copy of /etc', {
      hint: 'do not write to /usr/etc in the Containerfile',
    });
  }
  await mkdir(join(overlay, 'usr'), { recursive: true });
  // The image's /etc may itself be a link: resolved inside the image, never on the host.
  const etc = (await treeAt(imageRoot).resolve('/etc')).host;
  if (!(await isDir(etc))) throw new BuilderError('the image has no /etc directory', { hint: 'build FROM a bootc base image' });
  await run(['cp', '-a', `${etc}/.`, join(overlay, 'usr/etc')], runOpts(ctx));
  for (const d of emptyDirs) await mkdir(join(overlay, d));
  for (const [name, target] of varSymlinks) await symlink(target, join(overlay, name));
  await symlink('sysroot/ostree', join(overlay, 'ostree'));
}

/** ostree 2022.7 does not populate the stateroot's /var: seed it from the image, as bootc does on install. */
async function seedVar(imageRoot: string, varDir: string, tree: BuildTree, ctx: BuildContext): Promise<void> {
  const imageVar = (await treeAt(imageRoot).resolve('/var')).host;
  if (await isDir(imageVar)) await run(['cp', '-a', '--reflink=auto', `${imageVar}/.`, varDir], runOpts(ctx));
  // Content the image put in /home, /root, /opt… goes where the symlinks point (a real directory only: a link
  // there is the image's own way of pointing into /var already).
  for (const [name, target] of varSymlinks) {
    const src = join(imageRoot, name);
    if (!target.startsWith('var/') || !(await isDir(src)) || (await readdir(src)).length === 0) continue;
    // The destination was just seeded from the image's /var: resolve it in the tree, and copy only into a new
    // or empty directory (cp -a would write through links the image planted there).
    const dest = await tree.resolve(`/${target}`);
    if (await lstat(dest.host).then(() => true, () => false)) {
      if (!(await isDir(dest.host)) || (await readdir(dest.host)).length > 0) {
        throw new BuilderError(`the image has content in both /${name} and /${target}`, {
          hint: `on a bootc system /${name} is a link to /${target}: put the files in one of them`,
        });
      }
    }
    const { host } = await tree.mkdirp(`/${target}`);
    await run(['cp', '-a', '--reflink=auto', `${src}/.`, host], runOpts(ctx));
  }
}

export async function prepareOstree(ctx: BuildContext, imageRoot: string): Promise<void> {
  const { sysroot } = paths(ctx.work);
  const overlay = join(ctx.work, 'overlay');
  const skipList = join(ctx.work, 'skip-list');
  const { stateroot, kernelArgs } = ctx.plan;
  await makeOverlayTree(imageRoot, overlay, ctx);
  await writeFile(skipList, skipFromImage.join('\n') + '\n');
  await mkdir(sysroot);
  const a = ostreeArgs(sysroot, stateroot, { image: imageRoot, overlay, skipList }, kernelArgs);
  const o = runOpts(ctx, { installHint: 'install ostree: apt-get install ostree' });
  await run(a.initFs, o);
  await run(a.osInit, o);
  await run(a.noBootloader, o);
  await run(a.readonly, o);
  await run(a.commit, o);
  await run(a.deploy, o);

  const deployParent = join(sysroot, 'ostree/deploy', stateroot, 'deploy');
  const deployment = (await readdir(deployParent)).find((n) => /\.\d+$/.test(n));
  if (!deployment) throw new BuilderError(`ostree admin deploy made no deployment in ${deployParent}`);
  const deployDir = join(deployParent, deployment);
  // ostree marks the deployment root immutable; lift it so the build (and its cleanup) can work in it.
  await run(['chattr', '-i', deployDir], runOpts(ctx, { okExitCodes: [0, 1] }));
  const varDir = join(sysroot, 'ostree/deploy', stateroot, 'var');
  const tree = deploymentTree(deployDir, varDir);
  await seedVar(imageRoot, varDir, tree, ctx);
  ctx.state.rootTree = sysroot;
  ctx.state.tree = tree;
}

export const prepareOstreeStep = defineStep<TreeInputs>({
  name: 'prepare-ostree', weight: 30, releasesImage: true,
  title: () => 'Commit and deploy with ostree',
  inputs: (plan) => (plan.mode === 'ostree' ? [treeInputs(plan)] : []),
  run: (ctx) => prepareOstree(ctx, ctx.imageRoot),
});
