import { finding, persistentCopies, persistentWrites } from '../shell-commands';
import type { ContainerfileRule, RuleFinding } from '../types';
import { isUnder } from '../vars';

const HOMES = ['/root', '/home', '/var/home', '/var/roothome'];

function isHomeSsh(path: string): boolean {
  return HOMES.some((h) => isUnder(path, h)) && /\/\.ssh(\/|$)/.test(path);
}

export const authorizedKeys: ContainerfileRule = {
  kind: 'containerfile',
  id: 'authorized-keys',
  severity: 'warning',
  summary: 'SSH keys copied into a home directory: they are never updated on existing systems.',
  docs: `Home directories (/root, /home → /var/home) are machine state on a bootc system: the image's copy is used
only on the first install, so a rotated or revoked key never reaches deployed machines. Inject keys at install
time (bootc-image-builder \`[[customizations.user]] key = …\`, \`bootc install --root-ssh-authorized-keys\`,
cloud-init), or point sshd at a file in /usr or /etc that updates with the image
(\`AuthorizedKeysFile /usr/etc-ssh/%u/authorized_keys\` style, via a drop-in in /etc/ssh/sshd_config.d).`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { copy: c } of persistentCopies(ctx)) {
      const d = c.dest.text.replace(/\/$/, '');
      if (isHomeSsh(d)) out.push(finding(ctx, c.dest, `${c.keyword} into ${d}: keys in home directories are only applied on the first install; inject them at install time or via sshd's AuthorizedKeysFile`));
    }
    for (const { path, cmd } of persistentWrites(ctx)) {
      if (isHomeSsh(path.text) && path.text.endsWith('authorized_keys')) {
        out.push(finding(ctx, path, `\`${cmd.name}\` writes ${path.text}: keys in home directories are only applied on the first install; inject them at install time`));
      }
    }
    return out;
  },
};
