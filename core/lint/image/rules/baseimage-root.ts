import type { ImageRule } from '../types';

export const baseimageRoot: ImageRule = {
  kind: 'image',
  id: 'baseimage-root',
  severity: 'error',
  summary: '/sysroot must be a directory and /ostree a symlink to sysroot/ostree',
  docs: 'A deployed bootc system mounts the physical root at `/sysroot` and finds its repository through '
    + '`/ostree -> sysroot/ostree`. bootc base images ship both; keep them.',
  check(tree) {
    const sysroot = tree.get('sysroot');
    if (!sysroot) return [{ message: 'Missing /sysroot', paths: [] }];
    if (sysroot.type !== 'dir') return [{ message: 'Expected a directory for /sysroot', paths: ['sysroot'] }];
    const ostree = tree.get('ostree');
    if (!ostree) return [{ message: 'Missing ostree -> sysroot/ostree link', paths: [] }];
    if (ostree.type !== 'symlink') return [{ message: '/ostree should be a symlink', paths: ['ostree'] }];
    if (ostree.linkname !== 'sysroot/ostree') {
      return [{ message: `Expected /ostree -> sysroot/ostree, not ${JSON.stringify(ostree.linkname)}`, paths: ['ostree'] }];
    }
    return [];
  },
};
