import type { ImageRule } from '../types';
import { kernelDirs } from './kernels';
import { INITRAMFS_FILE, KERNEL_FILE } from '../../../kernel-layout';

export const kernelInitramfs: ImageRule = {
  kind: 'image',
  id: 'kernel-initramfs',
  severity: 'error',
  summary: 'every kernel needs /usr/lib/modules/$KVER/initramfs.img beside it',
  docs: 'Disk builders and bootc copy `initramfs.img` from beside the kernel; without it the system cannot '
    + 'mount its root (and an ostree deployment needs the initramfs\'s ostree-prepare-root). Build it with '
    + '`dracut --no-hostonly --add ostree --kver $KVER /usr/lib/modules/$KVER/initramfs.img`.',
  check(tree) {
    return kernelDirs(tree)
      .filter((d) => tree.get(`${d}/${INITRAMFS_FILE}`)?.type !== 'file')
      .map((d) => ({ message: `Kernel /${d}/${KERNEL_FILE} has no ${INITRAMFS_FILE} beside it`, paths: [`${d}/${KERNEL_FILE}`] }));
  },
};
