// Files the builder writes into the output directory, which may come from a cloned repository: a planted link
// there must not redirect a write. Directories on the way must be real directories, temp files get random names
// and are created with O_EXCL|O_NOFOLLOW, and the finished file is renamed over whatever the path held (rename
// replaces a link, never follows it).
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readlink, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors';
import type { Plan } from './types';

/** A fresh, unguessable name beside `path`. */
export function tempBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
}

/**
 * Makes `dir` (and `sub` below it, component by component) exist as real directories; refuses links. With
 * `create: false` it only checks what exists (a refused build leaves no empty directories behind).
 */
export async function realDir(dir: string, sub = '', opts: { create?: boolean } = {}): Promise<string> {
  let p = dir;
  const parts = [''].concat(sub.split('/').filter(Boolean));
  for (const part of parts) {
    p = part ? join(p, part) : p;
    let st = await lstat(p).catch(() => undefined);
    if (!st && opts.create === false) return p;
    if (!st) {
      await mkdir(p, { recursive: !part }).catch((err: NodeJS.ErrnoException) => { if (err.code !== 'EEXIST') throw err; });
      st = await lstat(p);
    }
    if (st.isSymbolicLink()) {
      const target = await readlink(p).catch(() => '?');
      throw new UsageError(`output path ${p} is a symbolic link (to ${target}): refused`, {
        hint: 'a link in the output directory could send the disk elsewhere; remove it, or give the real directory as --output',
      });
    }
    if (!st.isDirectory()) throw new UsageError(`output path ${p} exists and is not a directory`);
  }
  return p;
}

/** Writes `data` to `path` through a new temp file (O_EXCL|O_NOFOLLOW) renamed into place. */
export async function writeFileAtomic(path: string, data: string | Buffer, mode = 0o644): Promise<void> {
  const tmp = tempBeside(path);
  const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    await fh.writeFile(data);
    await fh.chmod(mode); // the umask must not widen or narrow what the caller asked for
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  try { await rename(tmp, path); } catch (err) { await rm(tmp, { force: true }); throw err; }
}

/** A plan as saved beside the disk or in the cache: password hashes left out (they are only needed to build). */
export function publicPlan(plan: Plan): Plan {
  return { ...plan, users: plan.users.map(({ passwordHash: _hash, ...u }) => u) };
}
