import { validateInstallToml } from '../../toml/index';
import type { ImageRule, ImageRuleFinding } from '../types';

export const installConfig: ImageRule = {
  kind: 'image',
  id: 'install-config',
  severity: 'error',
  summary: 'every /usr/lib/bootc/install/*.toml must be valid',
  docs: '`/usr/lib/bootc/install/*.toml` sets install defaults such as the root filesystem '
    + '(`[install.filesystem.root]` `type = "xfs"`). bootc, bootc-image-builder and `bootable disk` read it; '
    + 'an invalid file makes the disk build fail.',
  check(tree) {
    const out: ImageRuleFinding[] = [];
    for (const f of tree.children('usr/lib/bootc/install')) {
      if (f.type !== 'file' || !f.path.endsWith('.toml')) continue;
      for (const p of validateInstallToml(tree.text(f.path) ?? '')) {
        out.push({ message: `/${f.path}${p.line ? `:${p.line}` : ''}: ${p.message}`, paths: [f.path] });
      }
    }
    return out;
  },
};
