import type { ImageRule } from '../types';
import { kernelDirs } from './kernels';

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
      .filter((d) => tree.get(`${d}/initramfs.img`)?.type !== 'file')
      .map((d) => ({ message: `Kernel /${d}/vmlinuz has no initramfs.img beside it`, paths: [`${d}/vmlinuz`] }));
  },
};
