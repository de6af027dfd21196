import { finding, imageCommands, isInstall, pkgAction } from '../shell-commands';
import { isKnownBootcBase, rootStage } from '../base-image';
import { operands } from '../shell';
import type { ContainerfileRule, RuleFinding } from '../types';
import { isUnder, resolvePath } from '../vars';

const KERNEL = /^(kernel|kernel-core|kernel-rt|kernel-rt-core|kernel-uki-virt|kernel-lts|kernel-longterm|linux-image-[\w.+-]+)$/;
const DRACUT_VALUE = new Set(['--kver', '-a', '--add', '--force-add', '-o', '--omit', '--add-drivers', '--force-drivers', '-d', '--drivers',
  '--omit-drivers', '--filesystems', '-k', '--kmoddir', '--fwdir', '-c', '--conf', '--confdir', '--tmpdir', '-i', '--include', '-I',
  '--install', '--sysroot', '--compress', '--uefi-stub', '--kernel-cmdline', '--kernel-image', '-m', '--modules', '--fstab-add', '--add-fstab', '--mount', '--add-device', '--device', '--install-optional', '--loginstall']);

export const extraKernel: ContainerfileRule = {
  kind: 'containerfile',
  id: 'extra-kernel',
  severity: 'warning',
  summary: 'Installing a second kernel on a bootc base, or generating an initramfs into /boot.',
  docs: `bootc deploys exactly one kernel, from /usr/lib/modules/$KVER/vmlinuz; an image with two kernel
directories fails \`bootc container lint\` (kernel). The bootc bases already ship a kernel: to change it, replace
it (\`dnf swap\`/\`rpm-ostree override replace\`) rather than installing another one. \`dracut\` without an output path
and \`kernel-install\` write to /boot, which bootc ignores; regenerate the initramfs in place:

\`\`\`dockerfile
RUN KVER=$(ls /usr/lib/modules) && dracut --force --kver "$KVER" "/usr/lib/modules/$KVER/initramfs.img"
\`\`\``,
  check(ctx) {
    const out: RuleFinding[] = [];
    const root = rootStage(ctx);
    const hasKernel = !!root && isKnownBootcBase(root.image);
    for (const [cmd, run] of imageCommands(ctx)) {
      const a = pkgAction(cmd);
      if (hasKernel && a && isInstall(a)) {
        for (const p of a.packages) {
          if (KERNEL.test(p.text)) out.push(finding(ctx, p, `the base image already has a kernel; installing ${p.text} adds a second one (bootc deploys exactly one): replace it instead`));
        }
      }
      if (cmd.name === 'dracut') {
        const ops = operands(cmd, DRACUT_VALUE);
        const all = cmd.words.some((w) => w.text === '--regenerate-all');
        const image = ops[0] ? resolvePath(ops[0].text, run.workdir) : undefined;
        if (all || !image || isUnder(image, '/boot')) {
          out.push(finding(ctx, image && ops[0] ? ops[0] : cmd.words[0], '`dracut` writes the initramfs to /boot, which bootc ignores; write it to /usr/lib/modules/$KVER/initramfs.img'));
        }
      }
      if (cmd.name === 'kernel-install' && cmd.words[1]?.text === 'add') {
        out.push(finding(ctx, { start: cmd.words[0].start, end: cmd.words[1].end }, '`kernel-install add` writes to /boot, which bootc ignores; the kernel belongs in /usr/lib/modules/$KVER/'));
      }
    }
    return out;
  },
};
