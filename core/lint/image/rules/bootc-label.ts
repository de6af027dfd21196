import type { ImageRule } from '../types';

export const bootcLabel: ImageRule = {
  kind: 'image',
  id: 'bootc-label',
  severity: 'warning',
  summary: 'the image should carry LABEL containers.bootc=1',
  docs: 'Tools recognise a bootable container image by the `containers.bootc=1` label (older ones by '
    + '`ostree.bootable`). bootc base images set it, and it is inherited; when building from another base, add '
    + '`LABEL containers.bootc=1` to the final stage.',
  check(tree) {
    if (tree.labels['containers.bootc'] === '1' || tree.labels['ostree.bootable'] !== undefined) return [];
    return [{ message: 'The image has no containers.bootc=1 label' }];
  },
};
