// The VM's own reference to the built disk: a hard link (or, where that cannot work, a copy) in the VM's state
// directory, under the overlay. qemu then never reaches into the project: a project in a 0700 directory boots
// as root (qemu:///system runs qemu as libvirt-qemu) without changing its permissions, libvirt never relabels
// a file of the project, and rebuilding the disk (a new file renamed into place) cannot pull the base out from
// under an existing overlay.
import { chmod, link, rm, stat } from 'node:fs/promises';
import { run } from '../util/process';

export interface PlacedBase {
  path: string;
  /**
   * true: a hard link, which shares the project file's owner and mode, so libvirt must not relabel it.
   * false: bootable's own copy (0600), which libvirt may chown to the qemu user while the VM runs.
   */
  linked: boolean;
}

/**
 * Is a hard link enough? qemu must be able to read the file without libvirt changing its owner: always when
 * qemu runs as the user (qemu:///session), else only when the file is readable by others.
 */
export function linkUsable(mode: number, qemuIsAnotherUser: boolean): boolean {
  return !qemuIsAnotherUser || (mode & 0o004) !== 0;
}

export async function placeBaseDisk(disk: string, dest: string, qemuIsAnotherUser: boolean, signal?: AbortSignal): Promise<PlacedBase> {
  try {
    await link(disk, dest);
    if (linkUsable((await stat(dest)).mode, qemuIsAnotherUser)) return { path: dest, linked: true };
    await rm(dest, { force: true });
  } catch (err) {
    // Another filesystem (EXDEV), or a file the user may not link (EPERM with fs.protected_hardlinks): copy.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EACCES' && code !== 'EMLINK') throw err;
  }
  // A reflink where the filesystem has them (instant), else a sparse copy.
  await run(['cp', '--reflink=auto', '--sparse=always', '--', disk, dest], { signal, timeoutMs: 30 * 60_000 });
  await chmod(dest, 0o600);
  return { path: dest, linked: false };
}
