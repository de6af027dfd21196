import type { ImageRule } from '../types';
import { byLayer } from './by-layer';

export const varLog: ImageRule = {
  kind: 'image',
  id: 'var-log',
  severity: 'warning',
  summary: 'no non-empty log files under /var/log',
  docs: 'Log files are per-machine state; shipped in an image they make it unreproducible, may leak build '
    + 'details, and (being in `/var`) are only applied at first install. Delete them in the RUN that made them '
    + '(`… && find /var/log -type f -delete`).',
  check(tree) {
    const files = [...tree.entries.values()]
      .filter((e) => e.type === 'file' && e.size > 0 && e.path.startsWith('var/log/'))
      .map((e) => e.path);
    return byLayer(tree, files, 'Found non-empty logfiles');
  },
};
