import type { ImageRule } from '../types';

export const varRun: ImageRule = {
  kind: 'image',
  id: 'var-run',
  severity: 'error',
  summary: '/var/run must be a symlink to /run',
  docs: '`/var/run` is a compatibility symlink to `/run` (a tmpfs). A real directory there is always a bug: '
    + 'nothing in it survives, and it hides `/run`. Remove whatever created it (`mkdir /var/run`, a package that '
    + 'replaced the link) so the base image\'s symlink stays.',
  check(tree) {
    const e = tree.get('var/run');
    return e && e.type !== 'symlink' ? [{ message: 'Not a symlink: /var/run', paths: ['var/run'] }] : [];
  },
};
