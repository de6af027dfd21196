// What the disk builder saved beside the disk (output/manifest-<type>.json, a core/builder Plan): the image it
// came from, the bootloaders it installed and the users it created. Optional: any qcow2 can be booted. A manifest
// may come from a repository: user names that are not valid names are dropped (they end up on ssh's command line).
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isSafeUserName } from './ssh';

export interface DiskManifest {
  path: string;
  imageRef?: string;
  imageDigest?: string;
  bootloaders: string[];
  users: { name: string; hasKeys: boolean }[];
}

interface PlanShape {
  image?: { ref?: string; digest?: string };
  bootloaders?: string[];
  users?: { name?: string; keys?: string[] }[];
  outputs?: { path?: string }[];
}

/** The manifest whose outputs include `disk`, looked for in the disk's directory and its parent. */
export async function findDiskManifest(disk: string): Promise<DiskManifest | undefined> {
  const target = resolve(disk);
  for (const dir of [dirname(target), dirname(dirname(target))]) {
    let names: string[];
    try { names = await readdir(dir); } catch { continue; }
    for (const n of names.filter((x) => /^manifest(-[\w.-]+)?\.json$/.test(x)).sort()) {
      const path = join(dir, n);
      let plan: PlanShape;
      try { plan = JSON.parse(await readFile(path, 'utf8')) as PlanShape; } catch { continue; }
      const outputs = (plan.outputs ?? []).map((o) => (o.path ? resolve(dir, o.path) : ''));
      if (!outputs.includes(target)) continue;
      return {
        path,
        imageRef: plan.image?.ref,
        imageDigest: plan.image?.digest,
        bootloaders: plan.bootloaders ?? [],
        users: (plan.users ?? []).filter((u) => typeof u.name === 'string' && isSafeUserName(u.name)).map((u) => ({ name: u.name!, hasKeys: (u.keys ?? []).length > 0 })),
      };
    }
  }
  return undefined;
}
