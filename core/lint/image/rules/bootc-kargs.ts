import { validateKargsToml } from '../../toml/index';
import type { ImageRule, ImageRuleFinding } from '../types';

export const bootcKargs: ImageRule = {
  kind: 'image',
  id: 'bootc-kargs',
  severity: 'error',
  summary: 'every /usr/lib/bootc/kargs.d/*.toml must be valid',
  docs: 'bootc reads kernel arguments from `/usr/lib/bootc/kargs.d/*.toml`: only `kargs` (an array of strings, '
    + 'required) and `match-architectures` (Rust names: `x86_64`, `aarch64`, …) are allowed. An invalid file '
    + 'makes `bootc install` and `bootc upgrade` fail. Files not ending in `.toml` are ignored.',
  check(tree) {
    const out: ImageRuleFinding[] = [];
    for (const f of tree.children('usr/lib/bootc/kargs.d')) {
      if (f.type !== 'file' || !f.path.endsWith('.toml')) continue;
      for (const p of validateKargsToml(tree.text(f.path) ?? '')) {
        out.push({ message: `/${f.path}${p.line ? `:${p.line}` : ''}: ${p.message}`, paths: [f.path] });
      }
    }
    return out;
  },
};
