import { finding, persistentWrites } from '../commands';
import type { ContainerfileRule, RuleFinding } from '../types';
import { isUnder } from '../vars';

export const bootContent: ContainerfileRule = {
  kind: 'containerfile',
  id: 'boot-content',
  severity: 'warning',
  summary: 'Files written to /boot, which bootc does not ship.',
  docs: `bootc ignores the image's /boot: the bootloader and the deployed kernels are managed on the host. The kernel
and initramfs belong in \`/usr/lib/modules/$KVER/vmlinuz\` and \`initramfs.img\`; bootloader configuration is
generated at install time. \`bootc container lint\` warns about a non-empty /boot (nonempty-boot).`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const c of ctx.copies) {
      if (isUnder(c.dest.text.replace(/\/$/, ''), '/boot')) out.push(finding(ctx, c.dest, `${c.keyword} into /boot: bootc does not ship /boot; the kernel goes to /usr/lib/modules/$KVER/`));
    }
    for (const { path, cmd } of persistentWrites(ctx)) {
      if (isUnder(path.text, '/boot')) out.push(finding(ctx, path, `\`${cmd.name}\` writes ${path.text}: bootc does not ship /boot; the kernel goes to /usr/lib/modules/$KVER/`));
    }
    return out;
  },
};
