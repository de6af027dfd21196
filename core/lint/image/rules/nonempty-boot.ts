import type { ImageRule } from '../types';
import { byLayer } from './by-layer';

export const nonemptyBoot: ImageRule = {
  kind: 'image',
  id: 'nonempty-boot',
  severity: 'warning',
  summary: '/boot should exist and be empty',
  docs: 'On a bootc system `/boot` is a separate partition managed by the bootloader tooling: whatever the image '
    + 'puts there is hidden at runtime. The kernel and initramfs belong in `/usr/lib/modules/$KVER/`. Remove '
    + '`/boot/*` in the RUN that installed a kernel or ran dracut.',
  check(tree) {
    if (tree.get('boot')?.type !== 'dir') return [{ message: 'Missing /boot directory', paths: [] }];
    return byLayer(tree, tree.children('boot').map((e) => e.path), 'Found non-empty /boot');
  },
};
