import { APT_MANAGERS, finding, imageCommands, pkgAction } from '../shell-commands';
import type { ContainerfileRule, RuleFinding } from '../types';

const RPM_UPGRADES = new Set(['update', 'upgrade', 'distro-sync', 'upgrade-minimal', 'update-minimal']);
const APT_UPGRADES = new Set(['upgrade', 'dist-upgrade', 'full-upgrade']);

export const pkgUpgrade: ContainerfileRule = {
  kind: 'containerfile',
  id: 'pkg-upgrade',
  severity: 'warning',
  summary: 'Upgrading every package in the image instead of updating the base image.',
  docs: `A full \`dnf upgrade\` (or \`apt-get upgrade\`) inside a derived image duplicates the base image's packages
in a new layer, makes builds unreproducible and can pull a kernel or bootloader that does not match the base's
initramfs. Rebuild on a newer (digest-pinned) base image instead; upgrading one named package is fine.`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const [cmd] of imageCommands(ctx)) {
      const a = pkgAction(cmd);
      if (!a || a.packages.length > 0) continue;
      const apt = APT_MANAGERS.has(a.manager);
      if (apt ? !APT_UPGRADES.has(a.action.text) : !RPM_UPGRADES.has(a.action.text) || a.manager === 'rpm-ostree') continue;
      out.push(finding(ctx, { start: cmd.words[0].start, end: a.action.end },
        `\`${a.manager} ${a.action.text}\` upgrades the whole base in a layer; rebuild on a newer base image instead`));
    }
    return out;
  },
};
