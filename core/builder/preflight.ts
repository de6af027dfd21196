// Refusals before the slow steps: the paths the build will write in the system (account files, fstab, each
// user's home and authorized_keys) are resolved in the mounted image now, so an image whose links leave it fails
// in a second, not after the ostree commit. In ostree/bootc mode the image's /home, /root… become links into
// /var (bootc's layout), so their paths are checked where the deployment will have them. The steps still resolve
// every path themselves when they write (tree-path.ts); this only makes the refusals early.
import { BuildTree } from './tree-path';
import { varSymlinks } from './steps/prepare-ostree';
import type { Plan } from './types';
import { UsageError } from '../errors';
import { isHostRoot } from '../util/privilege';

/** Where a path of the booted system lives in bootc's layout (/home/x → /var/home/x, /root → /var/roothome). */
export function bootcLayoutPath(p: string): string {
  for (const [name, target] of varSymlinks) {
    const top = `/${name}`;
    if (p === top || p.startsWith(top + '/')) return `/${target}${p.slice(top.length)}`;
  }
  return p;
}

export async function checkImagePaths(imageRoot: string,
  plan: Pick<Plan, 'users' | 'mode'> & Partial<Pick<Plan, 'configFiles' | 'configDirectories'>>): Promise<void> {
  const ostree = plan.mode !== 'plain';
  const tree = new BuildTree([{ at: '/', dir: imageRoot }], ostree ? ['/etc', '/var'] : undefined);
  const paths = ['/etc/passwd', '/etc/shadow', '/etc/group', '/etc/gshadow', '/etc/fstab'];
  const passwd = (await tree.readText('/etc/passwd')) ?? '';
  const imageHomes = new Map(passwd.split('\n').map((l) => l.split(':')).filter((f) => f.length >= 7).map((f) => [f[0], f[5]]));
  for (const u of plan.users) {
    // An image user keeps the home its passwd names; a new one gets the planned home.
    const home = imageHomes.get(u.name) ?? u.home;
    paths.push(home, `${home}/.ssh/authorized_keys`);
  }
  // The config's files and directories (/usr/local/bin on an image whose /usr/local is not a link into /var is read-only).
  for (const n of [...(plan.configFiles ?? []), ...(plan.configDirectories ?? [])]) paths.push(n.path);
  for (const p of paths) {
    const where = ostree ? bootcLayoutPath(p) : p;
    tree.checkWritable(p, await tree.resolve(where));
  }
}

/**
 * Options only the host's root can build, refused before any slow step: xfs and btrfs subvolumes are made through
 * a loop device and a mount (mkfs.ts), which a user namespace does not give. ext4 and btrfs without subvolumes are
 * made from directories, as anyone.
 */
export function checkRootOnlyOptions(plan: Pick<Plan, 'filesystems'> & Partial<Pick<Plan, 'dataFilesystems'>>, hostRoot = isHostRoot()): void {
  if (hostRoot) return;
  const data = (plan.dataFilesystems ?? []).map((fs) => [fs.mountpoint || fs.type, fs] as const);
  for (const [name, fs] of [...Object.entries(plan.filesystems), ...data]) {
    if (fs.subvolumes) {
      throw new UsageError(`the btrfs subvolumes ${fs.subvolumes.map((sv) => `${sv.name} (${sv.mountpoint})`).join(', ')} need root to build `
        + '(a loop device and a mount to create them); bootable is running as a normal user', {
        hint: 'use plain partitions in customizations.disk (ext4 builds without root), or build this disk as root',
      });
    }
    if (fs.type !== 'xfs') continue;
    throw new UsageError(`the ${name} filesystem is xfs, which needs root to build (a loop device and a mount); bootable is running as a normal user`, {
      hint: 'use --rootfs ext4 or --rootfs btrfs (both build without root; an image\'s [install.filesystem.root] type is overridden by --rootfs), or build this disk as root',
    });
  }
}
