// bootc mode: the image installs itself, the way bootc-image-builder does it: the image's own
// `bootc install to-filesystem` runs in a privileged container against the target tree. bootable cannot exercise
// this here (no Fedora/CentOS bootc image is reachable), so the command line is built by a pure, unit-tested
// function from bootc's documented interface and the README says it is untested.
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BuilderError } from '../../errors';
import { run } from '../../util/process';
import { type BuildContext, paths, runOpts } from '../context';
import type { Plan } from '../types';
import { deploymentTree } from '../tree-path';
import { defineStep } from '../step';
import { type TreeInputs, treeInputs } from './prepare-plain';

export interface BootcInstallSpec {
  image: string;
  target: string;
  rootUuid: string;
  bootUuid: string;
  stateroot: string;
  kargs: string[];
  /** File with root's SSH keys (bootc's --root-ssh-authorized-keys takes a path). */
  rootKeysFile?: string;
}

export function bootcInstallArgs(s: BootcInstallSpec): string[] {
  return [
    'podman', 'run', '--rm', '--privileged', '--pid=host',
    '--security-opt', 'label=type:unconfined_t',
    // bootc reads the image from the host's storage (--source-imgref below), as bootc-image-builder arranges.
    '-v', '/var/lib/containers/storage:/var/lib/containers/storage',
    '-v', `${s.target}:/target`,
    ...(s.rootKeysFile ? ['-v', `${s.rootKeysFile}:/run/bootable/root-keys:ro`] : []),
    s.image,
    'bootc', 'install', 'to-filesystem',
    '--source-imgref', `containers-storage:${s.image}`,
    '--target-imgref', s.image,
    '--skip-fetch-check',
    '--generic-image',
    '--skip-finalize',
    '--stateroot', s.stateroot,
    '--root-mount-spec', `UUID=${s.rootUuid}`,
    '--boot-mount-spec', `UUID=${s.bootUuid}`,
    // bootc adds root= itself from --root-mount-spec: pass only the other arguments.
    ...s.kargs.filter((k) => !k.startsWith('root=')).flatMap((k) => ['--karg', k]),
    ...(s.rootKeysFile ? ['--root-ssh-authorized-keys', '/run/bootable/root-keys'] : []),
    '/target',
  ];
}

export function bootcSpec(plan: Plan, target: string): BootcInstallSpec {
  return {
    image: plan.image.ref, target, stateroot: plan.stateroot, kargs: plan.kernelArgs,
    rootUuid: plan.filesystems.root.uuid, bootUuid: plan.filesystems.boot.uuid,
  };
}

export async function prepareBootc(ctx: BuildContext): Promise<void> {
  const { sysroot } = paths(ctx.work);
  await mkdir(join(sysroot, 'boot'), { recursive: true });
  await run(bootcInstallArgs(bootcSpec(ctx.plan, sysroot)), runOpts(ctx, {
    hint: 'bootc mode is untested on this machine; try --mode ostree',
  }));
  const deployParent = join(sysroot, 'ostree/deploy', ctx.plan.stateroot, 'deploy');
  const deployment = (await readdir(deployParent).catch(() => [] as string[])).find((n) => /\.\d+$/.test(n));
  if (!deployment) throw new BuilderError(`bootc install made no deployment in ${deployParent}`);
  ctx.state.rootTree = sysroot;
  ctx.state.tree = deploymentTree(join(deployParent, deployment), join(sysroot, 'ostree/deploy', ctx.plan.stateroot, 'var'));
}

export const prepareBootcStep = defineStep<TreeInputs>({
  name: 'prepare-bootc', weight: 30, releasesImage: true,
  title: () => 'Run bootc install to-filesystem',
  inputs: (plan) => (plan.mode === 'bootc' ? [treeInputs(plan)] : []),
  run: (ctx) => prepareBootc(ctx),
});
