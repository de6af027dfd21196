// ostree mode: give the rootfs bootc's layout, commit it into a fresh sysroot's repo and deploy it, all on plain
// directories with the host's ostree. The result boots like a bootc install: ostree= karg, read-only /usr and /,
// writable /etc and /var, /home -> var/home.
import { lstat, mkdir, readdir, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { BuilderError } from '../../errors';
import { run } from '../../util/process';
import { type BuildContext, paths, runOpts } from '../context';

/** Top-level directories bootc turns into symlinks into /var (or /run), and where their content goes. */
export const varSymlinks: [string, string][] = [
  ['home', 'var/home'], ['root', 'var/roothome'], ['srv', 'var/srv'], ['opt', 'var/opt'], ['mnt', 'var/mnt'],
  ['media', 'run/media'],
];
/** API and mount-point directories that must exist and be empty in a commit. */
const emptyDirs = ['dev', 'proc', 'sys', 'run', 'tmp', 'boot', 'sysroot'];

export const ostreeBranch = (stateroot: string) => `bootable/${stateroot}/x86_64`;

export function ostreeArgs(sysroot: string, stateroot: string, tree: string, kargs: string[]) {
  const repo = join(sysroot, 'ostree/repo');
  return {
    initFs: ['ostree', 'admin', 'init-fs', sysroot],
    osInit: ['ostree', 'admin', 'os-init', `--sysroot=${sysroot}`, stateroot],
    // The deployment manages no bootloader config: bootable writes grub.cfg and systemd-boot entries itself.
    noBootloader: ['ostree', 'config', `--repo=${repo}`, 'set', 'sysroot.bootloader', 'none'],
    // Read-only sysroot: ostree-prepare-root mounts / read-only, ostree-remount makes /etc and /var writable.
    readonly: ['ostree', 'config', `--repo=${repo}`, 'set', 'sysroot.readonly', 'true'],
    commit: ['ostree', 'commit', `--repo=${repo}`, `--branch=${ostreeBranch(stateroot)}`, `--tree=dir=${tree}`,
      '--subject=bootable disk build'],
    deploy: ['ostree', 'admin', 'deploy', `--sysroot=${sysroot}`, `--os=${stateroot}`,
      ...kargs.map((k) => `--karg=${k}`), ostreeBranch(stateroot)],
  };
}

async function isDir(p: string) {
  try { return (await lstat(p)).isDirectory(); } catch { return false; }
}

/** bootc's conventions on the copied rootfs (ENVIRONMENT.md): /etc → /usr/etc, API dirs empty, /var symlinks. */
export async function applyOstreeConventions(rootfs: string): Promise<void> {
  if (await isDir(join(rootfs, 'usr/etc'))) {
    throw new BuilderError('the image has both /etc and /usr/etc; /usr/etc is ostree\'s internal copy of /etc', {
      hint: 'do not write to /usr/etc in the Containerfile',
    });
  }
  await rename(join(rootfs, 'etc'), join(rootfs, 'usr/etc'));
  for (const d of emptyDirs) {
    await rm(join(rootfs, d), { recursive: true, force: true });
    await mkdir(join(rootfs, d));
  }
  for (const [name, target] of varSymlinks) {
    const path = join(rootfs, name);
    // Content the image put there is moved to where the symlink points, so /var seeding keeps it.
    if (await isDir(path)) {
      const dest = join(rootfs, target);
      await mkdir(dest, { recursive: true });
      for (const entry of await readdir(path)) await rename(join(path, entry), join(dest, entry));
    }
    await rm(path, { recursive: true, force: true });
    await symlink(target, path);
  }
  await rm(join(rootfs, 'ostree'), { recursive: true, force: true });
  await symlink('sysroot/ostree', join(rootfs, 'ostree'));
}

export async function prepareOstree(ctx: BuildContext): Promise<void> {
  const { rootfs, sysroot } = paths(ctx.work);
  const { stateroot, kernelArgs } = ctx.plan;
  await applyOstreeConventions(rootfs);
  await mkdir(sysroot);
  const a = ostreeArgs(sysroot, stateroot, rootfs, kernelArgs);
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

  // ostree 2022.7 does not populate the stateroot's /var from the commit: seed it, as bootc does on install.
  const varDir = join(sysroot, 'ostree/deploy', stateroot, 'var');
  await run(['cp', '-a', '--reflink=auto', `${join(rootfs, 'var')}/.`, varDir], runOpts(ctx));
  ctx.state.rootTree = sysroot;
  ctx.state.etcDir = join(deployDir, 'etc');
  ctx.state.varDir = varDir;
}
