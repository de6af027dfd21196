// The build's private temp dir, inside the output dir (so finished files are renamed into place, never copied).
// It records its owner (pid + process start time) and what it holds outside itself (an image mount), so a later
// build can remove what a killed builder left behind. A SIGKILLed build leaves only this dir; never a disk at
// the output path. The output directory may come from a repository, so a `.bootable-build-*` entry found there is
// hostile until proven ours: only real directories of the current user are cleaned, nothing in them is followed,
// owner.json is validated, and only mounts /proc/self/mountinfo shows are unmounted.
import { lstat, mkdtemp, open, readFile, readdir, rm } from 'node:fs/promises';
import { constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../util/process';
import { unmountImage } from './image';

export const WORK_PREFIX = '.bootable-build-';
/** What mkdtemp makes from the prefix: six random characters. */
const WORK_NAME = /^\.bootable-build-[A-Za-z0-9]{6}$/;
const IMAGE_ID = /^[0-9a-f]{64}$/;

export interface Owner {
  pid: number;
  /** Start time of the process in clock ticks since boot (/proc/PID/stat field 22): guards against pid reuse. */
  startTicks: string;
  /** Image mounted with `podman image mount` by this build, to unmount if the build dies. */
  mountedImage?: string;
}

export function processStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export function isAlive(owner: Owner): boolean {
  return processStartTicks(owner.pid) === owner.startTicks;
}

export async function createWorkDir(outputDir: string): Promise<string> {
  const dir = await mkdtemp(join(outputDir, WORK_PREFIX));
  await writeOwner(dir, { pid: process.pid, startTicks: processStartTicks(process.pid) ?? '' });
  return dir;
}

export async function writeOwner(dir: string, owner: Owner): Promise<void> {
  const fh = await open(join(dir, 'owner.json'), constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
  try { await fh.writeFile(JSON.stringify(owner)); } finally { await fh.close(); }
}

/** owner.json as written by writeOwner, or undefined (missing, a link, or not of that shape). */
export async function readOwner(dir: string): Promise<Owner | undefined> {
  let raw: unknown;
  try {
    const fh = await open(join(dir, 'owner.json'), constants.O_RDONLY | constants.O_NOFOLLOW);
    try { raw = JSON.parse(await fh.readFile('utf8')); } finally { await fh.close(); }
  } catch { return undefined; }
  const o = raw as Partial<Owner>;
  if (typeof o !== 'object' || o === null || !Number.isSafeInteger(o.pid) || (o.pid as number) <= 0) return undefined;
  if (typeof o.startTicks !== 'string' || !/^\d*$/.test(o.startTicks)) return undefined;
  if (o.mountedImage !== undefined && (typeof o.mountedImage !== 'string' || !IMAGE_ID.test(o.mountedImage))) return undefined;
  return { pid: o.pid as number, startTicks: o.startTicks, mountedImage: o.mountedImage };
}

async function isRealDir(p: string): Promise<boolean> {
  try { return (await lstat(p)).isDirectory(); } catch { return false; }
}

/** Real directories only, never through a link: lstat of every component below `dir`. */
async function realDirs(dir: string, ...parts: string[]): Promise<string | undefined> {
  let p = dir;
  for (const part of parts) {
    p = join(p, part);
    if (!(await isRealDir(p))) return undefined;
  }
  return p;
}

/** ostree marks deployment roots immutable; lift that before deleting. */
async function liftImmutable(dir: string): Promise<void> {
  const parent = await realDirs(dir, 'sysroot', 'ostree', 'deploy');
  if (!parent) return;
  for (const os of await readdir(parent).catch(() => [] as string[])) {
    const deploys = await realDirs(parent, os, 'deploy');
    if (!deploys) continue;
    for (const d of await readdir(deploys).catch(() => [] as string[])) {
      const deployment = await realDirs(deploys, d);
      if (deployment) await run(['chattr', '-i', deployment], { okExitCodes: [0, 1] }).catch(() => undefined);
    }
  }
}

/** Mount points of this mount namespace (field 5 of /proc/self/mountinfo, octal escapes decoded). */
export function mountPoints(mountinfo = readFileSync('/proc/self/mountinfo', 'utf8')): Set<string> {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return new Set(mountinfo.split('\n').filter(Boolean).map((l) => unescape(l.split(' ')[4] ?? '')));
}

/** xfs builds mount the root partition in the work dir through a loop device: undo both before deleting. */
async function releaseMountsAndLoops(dir: string): Promise<void> {
  const mounted = mountPoints();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const mnt = join(dir, name);
    if (/^mnt-\d+$/.test(name) && mounted.has(mnt)) await run(['umount', '-l', mnt], { okExitCodes: [0, 1, 32] }).catch(() => undefined);
  }
  const disk = join(dir, 'disk.raw');
  const isFile = await lstat(disk).then((s) => s.isFile(), () => false);
  if (!isFile) return;
  const { stdout } = await run(['losetup', '-j', disk], { okExitCodes: [0, 1] }).catch(() => ({ stdout: '' }));
  for (const line of stdout.split('\n')) {
    const dev = /^(\/dev\/loop\d+):/.exec(line)?.[1];
    if (dev) await run(['losetup', '-d', dev], { okExitCodes: [0, 1] }).catch(() => undefined);
  }
}

export async function removeWorkDir(dir: string): Promise<void> {
  await releaseMountsAndLoops(dir);
  await liftImmutable(dir);
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Processes a killed builder left running (its tools run in their own process groups, so they outlive a
 * SIGKILLed parent): every process whose command line names the work dir.
 */
export async function killOrphans(dir: string): Promise<number[]> {
  const killed: number[] = [];
  for (const name of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let cmdline: string;
    try { cmdline = await readFile(`/proc/${name}/cmdline`, 'utf8'); } catch { continue; }
    if (!cmdline.split('\0').some((arg) => arg === dir || arg.startsWith(dir + '/') || arg.includes(`=${dir}/`) || arg.includes(`=${dir}`))) continue;
    try { process.kill(Number(name), 'SIGKILL'); killed.push(Number(name)); } catch { /* gone */ }
  }
  if (killed.length) await new Promise((r) => setTimeout(r, 200));
  return killed;
}

/** Removes work dirs of builders that no longer run (SIGKILL, power loss), with their image mounts. */
export async function cleanStaleWorkDirs(outputDir: string): Promise<string[]> {
  const removed: string[] = [];
  const uid = process.getuid?.();
  for (const name of await readdir(outputDir).catch(() => [] as string[])) {
    if (!WORK_NAME.test(name)) continue;
    const dir = join(outputDir, name);
    const st = await lstat(dir).catch(() => undefined);
    // Only a real directory of ours: a link or someone else's directory is left alone (and not followed).
    if (!st?.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
    const owner = await readOwner(dir);
    if (owner && isAlive(owner)) continue;
    // A dir without owner.json is one a builder died in within microseconds of creating; give it a minute.
    if (!owner && Date.now() - st.mtimeMs < 60_000) continue;
    await killOrphans(dir);
    if (owner?.mountedImage) await unmountImage(owner.mountedImage).catch(() => undefined);
    await removeWorkDir(dir);
    removed.push(dir);
  }
  return removed;
}
