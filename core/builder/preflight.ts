// Refusals before the slow steps: the paths the build will write in the system (account files, fstab, each
// user's home and authorized_keys) are resolved in the mounted image now, so an image whose links climb out of
// it fails in a second, not after the ostree commit. The steps still resolve every path themselves when they
// write (tree-path.ts); this only makes the common refusals early.
import { treeAt } from './tree-path';
import type { Plan } from './types';

export async function checkImagePaths(imageRoot: string, plan: Pick<Plan, 'users'>): Promise<void> {
  const tree = treeAt(imageRoot);
  const paths = ['/etc/passwd', '/etc/shadow', '/etc/group', '/etc/gshadow', '/etc/fstab', '/etc/skel', '/var'];
  const passwd = (await tree.readText('/etc/passwd')) ?? '';
  const imageHomes = new Map(passwd.split('\n').map((l) => l.split(':')).filter((f) => f.length >= 7).map((f) => [f[0], f[5]]));
  for (const u of plan.users) {
    // An image user keeps the home its passwd names; a new one gets the planned home.
    const home = imageHomes.get(u.name) ?? u.home;
    paths.push(home, `${home}/.ssh/authorized_keys`);
  }
  for (const p of paths) await tree.resolve(p);
}
