// Users, groups and SSH keys from the config, written into the tree's /etc (the deployment's /etc in ostree
// mode) with the password already hashed in the plan. Homes and authorized_keys get the user's owner and
// modes; mkfs.ext4 -d keeps ownership from the tree. Every path goes through the BuildTree (tree-path.ts): the
// image's symlinks and the config's homes stay inside the tree.
import { cp, lchown, lstat, readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { addAccounts, type AccountFiles } from '../users/accounts';
import type { BuildContext } from '../context';
import type { BuildTree } from '../tree-path';
import { defineStep } from '../step';
import { type TreeInputs, treeInputs } from './prepare-plain';

export function treeOf(ctx: BuildContext): BuildTree {
  if (!ctx.state.tree) throw new Error('users: the tree is not prepared');
  return ctx.state.tree;
}

export async function applyUsers(ctx: BuildContext): Promise<void> {
  const { users, groups } = ctx.plan;
  if (users.length === 0 && groups.length === 0) return;
  const tree = treeOf(ctx);
  const read = async (n: keyof AccountFiles) => (await tree.readText(`/etc/${n}`)) ?? '';
  const files: AccountFiles = { passwd: await read('passwd'), shadow: await read('shadow'), group: await read('group'), gshadow: await read('gshadow') };
  const { files: updated, added } = addAccounts(files, groups, users, Math.floor(Date.now() / 86_400_000));
  for (const name of ['passwd', 'group'] as const) await tree.writeFile(`/etc/${name}`, updated[name], 0o644);
  // Writing in place keeps the image's owner/mode of shadow files (root:shadow 0640 on Debian); new ones get 0600.
  for (const name of ['shadow', 'gshadow'] as const) await tree.writeFile(`/etc/${name}`, updated[name], 0o600);

  for (const u of added) {
    const plan = users.find((p) => p.name === u.name)!;
    // An image user's home comes from the image's passwd: resolved in the tree like any other path.
    const home = await tree.mkdirp(u.home, 0o700);
    if (home.created) {
      const skel = await tree.resolve('/etc/skel');
      if (await isRealDir(skel.host)) await cp(skel.host, home.host, { recursive: true, force: false, dereference: false, verbatimSymlinks: true }).catch(() => undefined);
      await tree.chmod(u.home, 0o700);
      await lchownTree(home.host, u.uid, u.gid);
    }
    if (plan.keys.length > 0) {
      const ssh = posix.join(u.home, '.ssh');
      await tree.mkdirp(ssh, 0o700);
      await tree.chmod(ssh, 0o700);
      const keysFile = posix.join(ssh, 'authorized_keys');
      await tree.writeFile(keysFile, plan.keys.join('\n') + '\n', 0o600);
      await tree.chmod(keysFile, 0o600);
      await tree.chown(ssh, u.uid, u.gid);
      await tree.chown(keysFile, u.uid, u.gid);
    }
  }
}

async function isRealDir(p: string): Promise<boolean> {
  try { return (await lstat(p)).isDirectory(); } catch { return false; }
}

/** chown -R that never follows a link (the directory was just created by us and filled from /etc/skel). */
async function lchownTree(dir: string, uid: number, gid: number): Promise<void> {
  await lchown(dir, uid, gid);
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await lchownTree(p, uid, gid);
    else await lchown(p, uid, gid);
  }
}

/**
 * The users without their password hashes (salted afresh per plan, and kept out of ids and manifests): whether
 * one is set, plus the cache key, which changes with any password in the config.
 */
export const usersStep = defineStep<TreeInputs & { cacheKey: string; users: unknown[]; groups: unknown[] }>({
  name: 'users', weight: 1,
  title: () => 'Add users, groups and SSH keys',
  inputs: (plan) => [{
    ...treeInputs(plan), cacheKey: plan.cacheKey,
    users: plan.users.map(({ passwordHash, ...u }) => ({ ...u, password: !!passwordHash })), groups: plan.groups,
  }],
  run: (ctx) => applyUsers(ctx),
});
