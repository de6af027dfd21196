import type { ImageRule } from '../types';
import { kernelDirs } from './kernels';

export const noKernel: ImageRule = {
  kind: 'image',
  id: 'no-kernel',
  severity: 'error',
  summary: 'a bootable image needs a kernel in /usr/lib/modules/$KVER/vmlinuz',
  docs: 'A bootc image carries its kernel as `/usr/lib/modules/$KVER/vmlinuz` (bootc itself accepts zero '
    + 'kernels, but such an image cannot boot). Start FROM a bootc base image, or install a kernel package and '
    + 'copy the kernel there. A kernel only in `/boot` does not count: `/boot` is hidden at runtime.',
  check(tree) {
    if (kernelDirs(tree).length > 0) return [];
    const inBoot = tree.children('boot').filter((e) => /^vmlinuz/.test(e.path.split('/').pop()!));
    // If a layer deleted the kernel (or all of /usr/lib/modules), that layer is responsible.
    const removedBy = [...tree.deletedEntries()]
      .filter(([p]) => p === 'usr/lib/modules' || p === 'usr/lib' || /^usr\/lib\/modules\/[^/]+(\/vmlinuz)?$/.test(p))
      .map(([, layer]) => layer);
    return [{
      layer: removedBy.length ? Math.max(...removedBy) : undefined,
      message: inBoot.length
        ? `No kernel in /usr/lib/modules/*/vmlinuz (found /${inBoot[0]!.path}: move it to /usr/lib/modules/$KVER/vmlinuz)`
        : 'No kernel found: /usr/lib/modules/*/vmlinuz is missing',
      paths: inBoot.length ? [inBoot[0]!.path] : [],
    }];
  },
};
