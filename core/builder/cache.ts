// The disk cache: finished outputs kept under <cacheDir>/disks/<key>/ as hard links (a copy when the cache is on
// another filesystem), with their size and mtime, so a change to the file through the output path is noticed and
// the entry dropped. The key (plan.ts cacheKeyOf) is an HMAC with a per-machine secret, so it reveals nothing
// about passwords in the config.
import { randomBytes } from 'node:crypto';
import { link, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from '../util/process';
import type { OutputPlan, Plan } from './types';
import { publicPlan } from './output-files';

const KEEP_ENTRIES = 3;
const TMP_PREFIX = '.tmp-';

/**
 * A store's temporary directory (`.tmp-…`) whose build is gone: only an old one, since a build that is still
 * running writes a young one. Young ones are nobody's to remove (store() here, `bootable prune`).
 */
export function isAbandonedTmp(name: string, mtimeMs: number, now = Date.now()): boolean {
  return name.startsWith(TMP_PREFIX) && now - mtimeMs > 3_600_000;
}

export interface CachedFile { path: string; size: number; mtimeMs: number }
export interface CacheEntry { key: string; plan: Plan; files: CachedFile[] }

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.BOOTABLE_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'bootable');
}

export async function cacheSecret(cacheDir: string): Promise<string> {
  const file = join(cacheDir, 'secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(cacheDir, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    await writeFile(file, secret, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
    return (await readFile(file, 'utf8')).trim();
  }
}

async function fileFacts(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
  try { const s = await stat(path); return { size: s.size, mtimeMs: s.mtimeMs }; } catch { return undefined; }
}

/** True when every file still has the size and mtime recorded when it was made. */
export async function filesIntact(base: string, files: CachedFile[]): Promise<boolean> {
  for (const f of files) {
    const now = await fileFacts(join(base, f.path));
    if (!now || now.size !== f.size || now.mtimeMs !== f.mtimeMs) return false;
  }
  return files.length > 0;
}

export async function describeFiles(base: string, outputs: OutputPlan[]): Promise<CachedFile[]> {
  const files: CachedFile[] = [];
  for (const o of outputs) {
    const facts = await fileFacts(join(base, o.path));
    if (facts) files.push({ path: o.path, ...facts });
  }
  return files;
}

/** Hard link, or a sparse reflink-if-possible copy when the two paths are on different filesystems. */
export async function linkOrCopy(src: string, dest: string): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  try {
    await link(src, dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await run(['cp', '--reflink=auto', '--sparse=always', src, dest]);
  }
}

export async function lookup(cacheDir: string, key: string): Promise<CacheEntry | undefined> {
  const dir = join(cacheDir, 'disks', key);
  let entry: CacheEntry;
  try { entry = JSON.parse(await readFile(join(dir, 'entry.json'), 'utf8')) as CacheEntry; } catch { return undefined; }
  if (entry.key === key && await filesIntact(dir, entry.files)) return entry;
  await rm(dir, { recursive: true, force: true });
  return undefined;
}

/** Stores finished outputs (under `base`) as a new entry; keeps the newest few entries. */
export async function store(cacheDir: string, plan: Plan, base: string): Promise<void> {
  const disks = join(cacheDir, 'disks');
  await mkdir(disks, { recursive: true, mode: 0o700 });
  const tmp = await mkdtemp(join(disks, TMP_PREFIX));
  try {
    for (const o of plan.outputs) await linkOrCopy(join(base, o.path), join(tmp, o.path));
    // No password hashes in the cache (only the disk needs them), and the entry is the user's alone.
    const entry: CacheEntry = { key: plan.cacheKey, plan: publicPlan(plan), files: await describeFiles(tmp, plan.outputs) };
    await writeFile(join(tmp, 'entry.json'), JSON.stringify(entry), { mode: 0o600, flag: 'wx' });
    const dir = join(disks, plan.cacheKey);
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  await prune(disks);
}

async function prune(disks: string): Promise<void> {
  const entries: { dir: string; mtimeMs: number }[] = [];
  for (const name of await readdir(disks)) {
    const dir = join(disks, name);
    if (name.startsWith(TMP_PREFIX)) {
      // Left by a killed build: only remove when old, another build may be writing it.
      if (isAbandonedTmp(name, (await stat(dir)).mtimeMs)) await rm(dir, { recursive: true, force: true });
      continue;
    }
    entries.push({ dir, mtimeMs: (await stat(dir)).mtimeMs });
  }
  entries.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const e of entries.slice(KEEP_ENTRIES)) await rm(e.dir, { recursive: true, force: true });
}
