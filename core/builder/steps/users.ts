// Users, groups and SSH keys from the config, written into the tree's /etc (the deployment's /etc in ostree
// mode) with the password already hashed in the plan. Homes and authorized_keys get the user's owner and
// modes; mkfs.ext4 -d keeps ownership from the tree.
import { chown, cp, mkdir, readFile, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { BuilderError } from '../../errors';
import { addAccounts, type AccountFiles } from '../users/accounts';
import type { BuildContext } from '../context';

/** Where an absolute path of the booted system lives in the build tree. */
export function treePathOf(ctx: BuildContext, abs: string): string {
  const { rootTree, varDir, etcDir } = ctx.state;
  if (!rootTree || !varDir || !etcDir) throw new Error('users: the tree is not prepared');
  if (ctx.plan.mode === 'plain') return join(rootTree, abs);
  // ostree: /home, /root and /var live in the stateroot's var; /etc in the deployment.
  const rules: [string, string][] = [['/var/', varDir + '/'], ['/home/', join(varDir, 'home') + '/'],
    ['/root', join(varDir, 'roothome')], ['/etc/', etcDir + '/']];
  for (const [prefix, dest] of rules) if (abs === prefix || abs.startsWith(prefix)) return dest + abs.slice(prefix.length);
  throw new BuilderError(`user home ${abs} would be on the read-only /usr side of an ostree system`, {
    hint: 'use a home under /var/home (the default)',
  });
}

export async function applyUsers(ctx: BuildContext): Promise<void> {
  const { users, groups } = ctx.plan;
  if (users.length === 0 && groups.length === 0) return;
  const etc = ctx.state.etcDir!;
  const read = async (n: keyof AccountFiles) => readFile(join(etc, n), 'utf8').catch(() => '');
  const files: AccountFiles = { passwd: await read('passwd'), shadow: await read('shadow'), group: await read('group'), gshadow: await read('gshadow') };
  const { files: updated, added } = addAccounts(files, groups, users, Math.floor(Date.now() / 86_400_000));
  for (const name of ['passwd', 'group'] as const) await writeFile(join(etc, name), updated[name]);
  // Writing in place keeps the image's owner/mode of shadow files (root:shadow 0640 on Debian); new ones get 0600.
  for (const name of ['shadow', 'gshadow'] as const) await writeFile(join(etc, name), updated[name], { mode: 0o600 });

  for (const u of added) {
    const plan = users.find((p) => p.name === u.name)!;
    const home = treePathOf(ctx, u.home);
    const fresh = await mkdir(home, { recursive: true });
    if (fresh) {
      await cp(join(etc, 'skel'), home, { recursive: true, force: false }).catch(() => undefined);
      await chmod(home, 0o700);
      await chownTree(home, u.uid, u.gid);
    }
    if (plan.keys.length > 0) {
      const ssh = join(home, '.ssh');
      await mkdir(ssh, { recursive: true, mode: 0o700 });
      await chmod(ssh, 0o700);
      const keysFile = join(ssh, 'authorized_keys');
      await writeFile(keysFile, plan.keys.join('\n') + '\n', { mode: 0o600 });
      await chmod(keysFile, 0o600);
      await chown(ssh, u.uid, u.gid);
      await chown(keysFile, u.uid, u.gid);
    }
  }
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  const { readdir } = await import('node:fs/promises');
  await chown(dir, uid, gid);
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await chownTree(p, uid, gid);
    else if (!e.isSymbolicLink()) await chown(p, uid, gid);
  }
}
