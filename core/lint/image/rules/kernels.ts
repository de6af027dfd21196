// Shared by the kernel rules: /usr/lib/modules/<kver> directories that hold a vmlinuz.
import type { ImageTree } from '../tree';

export function kernelDirs(tree: ImageTree): string[] {
  return tree.children('usr/lib/modules')
    .filter((d) => d.type === 'dir' && tree.get(`${d.path}/vmlinuz`)?.type === 'file')
    .map((d) => d.path)
    .sort();
}
