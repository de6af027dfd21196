import type { ImageTree } from '../tree';
import type { ImageRule, ImageRuleFinding } from '../types';
import { byLayer } from './by-layer';

/** Paths (no leading "/") that some tmpfiles.d line creates or manages. Lines with %specifiers are skipped. */
export function tmpfilesPaths(tree: ImageTree): Set<string> {
  const out = new Set<string>();
  for (const dir of ['usr/lib/tmpfiles.d', 'etc/tmpfiles.d']) {
    for (const f of tree.children(dir)) {
      if (!f.path.endsWith('.conf')) continue;
      for (const raw of (tree.text(f.path) ?? '').split('\n')) {
        const fields = raw.trim().split(/\s+/);
        if (fields.length < 2 || fields[0]!.startsWith('#') || fields[1]!.includes('%')) continue;
        out.add(fields[1]!.replace(/^\/+/, '').replace(/\/+$/, ''));
      }
    }
  }
  return out;
}

export const varTmpfiles: ImageRule = {
  kind: 'image',
  id: 'var-tmpfiles',
  severity: 'warning',
  summary: 'content in /var needs a systemd tmpfiles.d entry',
  docs: 'Image content under `/var` is copied only when a system is first installed; updates never change '
    + 'it. Keep `/var` empty in the image and create what you need at boot: a `tmpfiles.d` line '
    + '(`d /var/lib/myapp 0755 root root -`) or `StateDirectory=` in the service. Ship data under `/usr/share` '
    + 'instead. (Package managers leave much here; for distribution packages this is usually harmless.)',
  check(tree) {
    const covered = tmpfilesPaths(tree);
    const dirs: string[] = [];
    const files: string[] = [];
    const visit = (dir: string) => {
      for (const e of tree.children(dir)) {
        if (e.type === 'dir' || e.type === 'symlink') {
          if (!covered.has(e.path)) dirs.push(e.path);
          else if (e.type === 'dir') visit(e.path);
        } else {
          files.push(e.path);
        }
      }
    };
    if (tree.get('var')?.type === 'dir') visit('var');
    const out: ImageRuleFinding[] = [
      ...byLayer(tree, dirs, 'Found content in /var missing systemd tmpfiles.d entries'),
      ...byLayer(tree, files, 'Found non-directory/non-symlink files in /var'),
    ];
    return out;
  },
};
