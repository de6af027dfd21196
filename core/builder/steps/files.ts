// `customizations.directories` and `customizations.files`, written into the booted system's tree after the users
// (so a user or group the config adds can own them). Every path goes through the BuildTree (tree-path.ts): the
// image's symlinks are followed inside the tree only, and in ostree mode only /etc and /var are writable (/root is
// /var/roothome there). Files in /etc land in the deployment's /etc, which ostree carries over on every update
// (its three-way /etc merge keeps files the image does not have and local changes): they survive `vm update`.
import { posix } from 'node:path';
import { BuilderError } from '../../errors';
import type { BuildContext } from '../context';
import type { ConfigDirectory, ConfigFile, ConfigOwner } from '../config/types';
import type { BuildTree } from '../tree-path';
import { defineStep } from '../step';
import { type TreeInputs, treeInputs } from './prepare-plain';
import { treeOf } from './users';

/** Name → id from passwd/group text (name:x:id:…). */
function idsOf(text: string): Map<string, number> {
  return new Map(text.split('\n').map((l) => l.split(':')).filter((f) => f.length >= 3 && /^\d+$/.test(f[2])).map((f) => [f[0], Number(f[2])]));
}

export interface Owners { users: Map<string, number>; groups: Map<string, number> }

export async function readOwners(tree: BuildTree): Promise<Owners> {
  return { users: idsOf((await tree.readText('/etc/passwd')) ?? ''), groups: idsOf((await tree.readText('/etc/group')) ?? '') };
}

/** uid and gid for a node: names resolved in the system's passwd/group, root when unset (as osbuild does). */
export function ownerIds(owners: Owners, node: { path: string; user?: ConfigOwner; group?: ConfigOwner }): { uid: number; gid: number } {
  const id = (v: ConfigOwner | undefined, map: Map<string, number>, what: string): number => {
    if (v === undefined) return 0;
    if (typeof v === 'number') return v;
    const n = map.get(v);
    if (n === undefined) {
      throw new BuilderError(`${node.path}: ${what} "${v}" does not exist in the image or the config`, {
        hint: `add it with customizations.${what === 'user' ? 'user' : 'group'} or use a numeric id`,
      });
    }
    return n;
  };
  return { uid: id(node.user, owners.users, 'user'), gid: id(node.group, owners.groups, 'group') };
}

export async function writeDirectory(tree: BuildTree, owners: Owners, d: ConfigDirectory): Promise<void> {
  const parent = posix.dirname(d.path);
  if (!d.ensureParents && !(await tree.exists(parent))) {
    throw new BuilderError(`${d.path}: the parent directory ${parent} does not exist in the image`, {
      hint: 'set ensure_parents = true for this directory in customizations.directories',
    });
  }
  const { uid, gid } = ownerIds(owners, d);
  const { created } = await tree.mkdirp(d.path, d.mode ?? 0o755);
  // An existing directory keeps its owner and mode unless the config sets them.
  if (created || d.mode !== undefined) await tree.chmod(d.path, d.mode ?? 0o755);
  if (created || d.user !== undefined || d.group !== undefined) await tree.chown(d.path, uid, gid);
}

export async function writeConfigFile(tree: BuildTree, owners: Owners, f: ConfigFile): Promise<void> {
  const { uid, gid } = ownerIds(owners, f);
  const existed = await tree.exists(f.path);
  // New parent directories are root's, 0755, as osbuild makes them.
  await tree.writeFile(f.path, f.data, f.mode ?? 0o644);
  if (!existed || f.mode !== undefined) await tree.chmod(f.path, f.mode ?? 0o644);
  if (!existed || f.user !== undefined || f.group !== undefined) await tree.chown(f.path, uid, gid);
}

export async function applyFiles(ctx: BuildContext): Promise<void> {
  const tree = treeOf(ctx);
  const owners = await readOwners(tree);
  // Parents first, so a directory the config also lists gets its own mode before its children are made.
  const dirs = [...ctx.plan.configDirectories].sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  for (const d of dirs) await writeDirectory(tree, owners, d);
  for (const f of ctx.plan.configFiles) await writeConfigFile(tree, owners, f);
}

export const filesStep = defineStep<TreeInputs & { files: ConfigFile[]; directories: ConfigDirectory[] }>({
  name: 'files', weight: 1,
  title: (i) => `Write ${i.files.length} file(s) and ${i.directories.length} directory(ies) from the config`,
  inputs: (plan) => (plan.configFiles.length + plan.configDirectories.length === 0 ? []
    : [{ ...treeInputs(plan), files: plan.configFiles, directories: plan.configDirectories }]),
  run: (ctx) => applyFiles(ctx),
});
