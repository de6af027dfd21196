// The rootless suite's user: a dedicated unprivileged account made by scripts/setup-rootless-user.sh (what an
// admin does once, plus what a desktop session gives and this machine lacks: XDG_RUNTIME_DIR, a usable
// /dev/net/tun). Commands run as that user with a normal user's environment: no /usr/sbin on PATH, no sudo.
import { mkdtemp, rm, chmod, chown } from 'node:fs/promises';
import { join } from 'node:path';
import { run, type RunOptions, type RunResult } from '../../core/util/process';

export const ROOTLESS_USER = 'bootable-rootless';
const root = new URL('../..', import.meta.url).pathname;

export interface RootlessUser { name: string; uid: number; gid: number; home: string; env: string[] }

/** Creates (or refreshes) the user; the suite itself runs as root, like CI. */
export async function prepareRootlessUser(): Promise<RootlessUser> {
  if (process.getuid?.() !== 0) throw new Error('the rootless suite creates its user: run it as root (CI does)');
  const { stdout } = await run(['bash', join(root, 'scripts/setup-rootless-user.sh'), ROOTLESS_USER]);
  const uid = Number(stdout.trim().split('\n').pop());
  const gid = Number((await run(['id', '-g', ROOTLESS_USER])).stdout.trim());
  const home = (await run(['getent', 'passwd', ROOTLESS_USER])).stdout.split(':')[5];
  const env = [`PATH=/usr/local/bin:/usr/bin:/bin`, `HOME=${home}`, `USER=${ROOTLESS_USER}`, `LOGNAME=${ROOTLESS_USER}`,
    `XDG_RUNTIME_DIR=/run/user/${uid}`, 'LANG=C.UTF-8'];
  return { name: ROOTLESS_USER, uid, gid, home, env };
}

/** argv as the user, in a clean environment (env -i): nothing of root's leaks in. */
export function asUser(user: RootlessUser, argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(['runuser', '-u', user.name, '--', 'env', '-i', ...user.env, ...argv], opts);
}

/** `bootable …` as the user, from the bundle CI builds (dist/cli.cjs). */
export function bootableAsUser(user: RootlessUser, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return asUser(user, [process.execPath, join(root, 'dist/cli.cjs'), ...args], opts);
}

async function imageId(image: string, user?: RootlessUser): Promise<string | undefined> {
  const argv = ['podman', 'image', 'inspect', '--format', '{{.Id}}', image];
  const r = user ? await asUser(user, argv, { okExitCodes: [0, 125] }) : await run(argv, { okExitCodes: [0, 125] });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/**
 * The base image moved from root's podman storage into the user's, as docs/rootless.md says
 * (`podman save` as root, `podman load` as the user), unless the user already has the same image.
 */
export async function importImage(user: RootlessUser, image: string): Promise<'imported' | 'present'> {
  const id = await imageId(image);
  if (!id) throw new Error(`${image} is not in root's podman storage: run npm run setup (bootable base) first`);
  const previous = await imageId(image, user);
  if (previous === id) return 'present';
  const dir = await mkdtemp('/var/tmp/bootable-rootless-import-');
  try {
    await chown(dir, user.uid, user.gid);
    const tar = join(dir, 'image.tar');
    await run(['podman', 'save', '-o', tar, image]);
    await chmod(tar, 0o644);
    await asUser(user, ['podman', 'load', '-i', tar]);
    // The archive keeps the tag; the id is the config digest, the same in both stores.
    if (await imageId(image, user) !== id) throw new Error(`podman load as ${user.name} did not give ${image} the id ${id}`);
    // The user's older copy (root's base was rebuilt) lost its tag: do not let copies pile up.
    if (previous) await asUser(user, ['podman', 'rmi', previous], { okExitCodes: [0, 1, 2, 125] });
    return 'imported';
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
