import type { ImageRule } from '../types';

export const etcUsretc: ImageRule = {
  kind: 'image',
  id: 'etc-usretc',
  severity: 'error',
  summary: 'only /etc may exist, not also /usr/etc',
  docs: '`/usr/etc` is where bootc/ostree keep the image\'s default `/etc` on a deployed system; it is an '
    + 'implementation detail. An image with both `/etc` and `/usr/etc` has undefined behaviour. Put configuration in `/etc`.',
  check(tree) {
    if (!tree.get('etc') || !tree.get('usr/etc')) return [];
    return [{
      message: 'Found /usr/etc - this is a bootc implementation detail and not supported to use in containers',
      paths: ['usr/etc'],
    }];
  },
};
