import type { ImageRule } from '../types';

const API_DIRS = ['dev', 'proc', 'sys', 'run', 'tmp', 'var'];

export const apiBaseDirectories: ImageRule = {
  kind: 'image',
  id: 'api-base-directories',
  severity: 'error',
  summary: '/dev /proc /sys /run /tmp /var must exist as directories',
  docs: 'systemd mounts its API filesystems (https://systemd.io/API_FILE_SYSTEMS/) on these directories, and '
    + 'bootc requires `/var`. Do not remove them or replace them with symlinks.',
  check(tree) {
    const out = [];
    for (const d of API_DIRS) {
      const e = tree.get(d);
      if (!e) out.push({ message: `Missing API filesystem base directory: /${d}`, paths: [] as string[] });
      else if (e.type !== 'dir') out.push({ message: `Expected directory for API filesystem base directory: /${d}`, paths: [d] });
    }
    return out;
  },
};
