// Rootless against root: a cold `bootable disk` (qcow2, ostree mode) of the base image as root, and as the
// rootless suite's user (the builder in podman's user namespace, the image in that user's own storage). One run
// each, root first; the goal is rootless ≤ 1.2× root.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../core/util/process';
import { BASE_IMAGE } from '../../core/base/recipe';
import { asUser as runAsUser, importImage, prepareRootlessUser } from '../e2e/rootless-user';
import { seconds } from './stats';

const root = process.env.BOOTABLE_ROOT ?? join(import.meta.dirname, '../..');
const cli = join(root, 'dist/cli.cjs');

const user = await prepareRootlessUser();
await importImage(user, BASE_IMAGE);
const dir = mkdtempSync('/var/tmp/bootable-bench-rootless-');
try {
  await run(['chown', `${user.uid}:${user.gid}`, dir]);
  const asRoot = await seconds(() => run([process.execPath, cli, 'disk', BASE_IMAGE, '--no-cache', '--no-default-key', '--output', join(dir, 'root')],
    { env: { BOOTABLE_CACHE_DIR: join(dir, 'root-cache') } }));
  const asUser = await seconds(() => runAsUser(user, ['env', `BOOTABLE_CACHE_DIR=${join(dir, 'user-cache')}`,
    process.execPath, cli, 'disk', BASE_IMAGE, '--no-cache', '--no-default-key', '--output', join(dir, 'user')]));
  console.log(`bench disk rootless: ${asUser.toFixed(1)} s, ${(asUser / asRoot).toFixed(2)}× root's ${asRoot.toFixed(1)} s (goal ≤ 1.2×)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
