// Where a bootc image keeps its kernel — read by the image rules (core/lint/image) and the disk builder alike:
// exactly one kernel, as /usr/lib/modules/$KVER/vmlinuz, with its initramfs.img beside it.
export const MODULES_DIR = 'usr/lib/modules';
export const KERNEL_FILE = 'vmlinuz';
export const INITRAMFS_FILE = 'initramfs.img';

/** /usr/lib/modules/$KVER/vmlinuz, relative to the image root. */
export const kernelPath = (kver: string) => `${MODULES_DIR}/${kver}/${KERNEL_FILE}`;
/** /usr/lib/modules/$KVER/initramfs.img, relative to the image root. */
export const initramfsPath = (kver: string) => `${MODULES_DIR}/${kver}/${INITRAMFS_FILE}`;
