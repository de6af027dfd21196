import type { ImageRule } from '../types';

export const utf8: ImageRule = {
  kind: 'image',
  id: 'utf8',
  severity: 'error',
  summary: 'file names and symlink targets must be UTF-8',
  docs: 'bootc\'s ostree backend only supports UTF-8 file names and symlink targets; anything else fails the '
    + 'deployment. Rename the files (often left by an archive made with another locale).',
  check(tree) {
    const bad = [...tree.entries.values()].filter((e) => !e.utf8);
    return bad.map((e) => ({
      message: `Found non-UTF-8 ${e.type === 'symlink' ? 'file name or symlink target' : 'file name'}: /${e.path}`,
      paths: [e.path],
    }));
  },
};
