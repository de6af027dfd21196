import { finding, persistentCopies, persistentWrites } from '../shell-commands';
import type { ContainerfileRule, RuleFinding } from '../types';
import { isUnder } from '../vars';

/** bootc picks up Unified Kernel Images from /boot/EFI/Linux (composefs backend): that is not stray content. */
function isUki(path: string): boolean {
  return isUnder(path, '/boot/EFI/Linux');
}

export const bootContent: ContainerfileRule = {
  kind: 'containerfile',
  id: 'boot-content',
  severity: 'warning',
  summary: 'Files written to /boot, which bootc does not ship.',
  docs: `bootc ignores the image's /boot: the bootloader and the deployed kernels are managed on the host. The kernel
and initramfs belong in \`/usr/lib/modules/$KVER/vmlinuz\` and \`initramfs.img\`; bootloader configuration is
generated at install time. \`bootc container lint\` warns about a non-empty /boot (nonempty-boot).
Unified Kernel Images in /boot/EFI/Linux (and a whole /boot tree copied from a build stage, the sealed-UKI
pattern) are the exception and are not flagged.`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { copy: c } of persistentCopies(ctx)) {
      const d = c.dest.text.replace(/\/$/, '');
      // A whole /boot tree from a build stage is the sealed-UKI pattern (/boot/EFI/Linux/*.efi).
      if (c.from && d === '/boot') continue;
      if (isUnder(d, '/boot') && !isUki(d)) out.push(finding(ctx, c.dest, `${c.keyword} into /boot: bootc does not ship /boot; the kernel goes to /usr/lib/modules/$KVER/`));
    }
    for (const { path, cmd } of persistentWrites(ctx)) {
      if (isUnder(path.text, '/boot') && !isUki(path.text)) out.push(finding(ctx, path, `\`${cmd.name}\` writes ${path.text}: bootc does not ship /boot; the kernel goes to /usr/lib/modules/$KVER/`));
    }
    return out;
  },
};
