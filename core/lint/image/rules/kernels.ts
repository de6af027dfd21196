// Shared by the kernel rules: /usr/lib/modules/<kver> directories that hold a vmlinuz.
import type { ImageTree } from '../tree';
import { KERNEL_FILE, MODULES_DIR } from '../../../kernel-layout';

export function kernelDirs(tree: ImageTree): string[] {
  return tree.children(MODULES_DIR)
    .filter((d) => d.type === 'dir' && tree.get(`${d.path}/${KERNEL_FILE}`)?.type === 'file')
    .map((d) => d.path)
    .sort();
}
