import type { ImageTree } from '../tree';
import type { ImageRule, ImageRuleFinding } from '../types';

/** Users and groups declared by sysusers.d (`u NAME` declares the user and its group, `g NAME` a group). */
export function sysusersNames(tree: ImageTree): { users: Set<string>; groups: Set<string> } {
  const users = new Set<string>(), groups = new Set<string>();
  for (const dir of ['usr/lib/sysusers.d', 'etc/sysusers.d']) {
    for (const f of tree.children(dir)) {
      if (!f.path.endsWith('.conf')) continue;
      for (const raw of (tree.text(f.path) ?? '').split('\n')) {
        const [type, name] = raw.trim().split(/\s+/);
        if (!type || !name || type.startsWith('#')) continue;
        if (type.startsWith('u')) { users.add(name); groups.add(name); }
        if (type.startsWith('g')) groups.add(name);
      }
    }
  }
  return { users, groups };
}

/** First field of each non-comment line of a passwd/group file. */
export function names(text: string | undefined): string[] {
  return (text ?? '').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(':')[0]!).filter(Boolean);
}

/** The earliest layer whose version of `path` lists `name` (that layer added it). */
function layerAdding(tree: ImageTree, path: string, name: string): number {
  for (const v of tree.versions(path)) if (names(v.content.toString('utf8')).includes(name)) return v.layer;
  return tree.get(path)?.layer ?? 0;
}

export const sysusers: ImageRule = {
  kind: 'image',
  id: 'sysusers',
  severity: 'warning',
  summary: 'users and groups should come from sysusers.d, not only /etc/passwd and /etc/group',
  docs: '`/etc` is merged on updates: when a machine changed `/etc/passwd` (any local user), the image\'s new '
    + 'entries are not seen, and services fail for a missing user. Declare system users with a '
    + '`/usr/lib/sysusers.d/NAME.conf` line (`u myapp - "My app" /var/lib/myapp`) or use `DynamicUser=yes`, instead '
    + 'of `useradd` in the Containerfile.',
  check(tree) {
    const declared = sysusersNames(tree);
    const out: ImageRuleFinding[] = [];
    for (const [path, kind, set] of [['etc/passwd', 'passwd', declared.users], ['etc/group', 'group', declared.groups]] as const) {
      const missing = names(tree.text(path)).filter((n) => !set.has(n));
      const byLayer = new Map<number, string[]>();
      for (const n of missing) {
        const layer = layerAdding(tree, path, n);
        byLayer.set(layer, [...(byLayer.get(layer) ?? []), n]);
      }
      for (const [layer, ns] of [...byLayer.entries()].sort((a, b) => a[0] - b[0])) {
        const shown = ns.slice(0, 5).join(', ') + (ns.length > 5 ? ` ...and ${ns.length - 5} more` : '');
        out.push({ message: `Found /etc/${kind} entry without corresponding systemd sysusers.d: ${shown}`, layer });
      }
    }
    return out;
  },
};
