import type { ImageRule } from '../types';
import { kernelDirs } from './kernels';
import { KERNEL_FILE } from '../../../kernel-layout';

export const kernel: ImageRule = {
  kind: 'image',
  id: 'kernel',
  severity: 'error',
  summary: 'at most one kernel in /usr/lib/modules',
  docs: 'bootc boots the one kernel found as `/usr/lib/modules/$KVER/vmlinuz`. With several it cannot choose. '
    + 'Do not install a second kernel package on top of a base that has one; remove the old one in the same RUN.',
  check(tree) {
    const dirs = kernelDirs(tree);
    if (dirs.length <= 1) return [];
    return [{
      message: `Multiple kernels found: ${dirs.map((d) => d.split('/').pop()).join(', ')}`,
      // Blame the kernel that was added last.
      paths: [[...dirs].sort((a, b) => tree.get(`${a}/${KERNEL_FILE}`)!.layer - tree.get(`${b}/${KERNEL_FILE}`)!.layer).pop() + `/${KERNEL_FILE}`],
    }];
  },
};
