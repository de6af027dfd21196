// The build's private temp dir, inside the output dir (so finished files are renamed into place, never copied).
// It records its owner (pid + process start time) and what it holds outside itself (an image mount), so a later
// build can remove what a killed builder left behind. A SIGKILLed build leaves only this dir; never a disk at
// the output path.
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../util/process';
import { unmountImage } from './image';

export const WORK_PREFIX = '.bootable-build-';

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
  await writeFile(join(dir, 'owner.json'), JSON.stringify(owner));
}

/** ostree marks deployment roots immutable; lift that before deleting. */
async function liftImmutable(dir: string): Promise<void> {
  const parent = join(dir, 'sysroot/ostree/deploy');
  for (const os of await readdir(parent).catch(() => [] as string[])) {
    const deploys = join(parent, os, 'deploy');
    for (const d of await readdir(deploys).catch(() => [] as string[])) {
      await run(['chattr', '-i', join(deploys, d)], { okExitCodes: [0, 1] }).catch(() => undefined);
    }
  }
}

/** xfs builds mount the root partition in the work dir through a loop device: undo both before deleting. */
async function releaseMountsAndLoops(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith('mnt-')) await run(['umount', '-l', join(dir, name)], { okExitCodes: [0, 1, 32] }).catch(() => undefined);
  }
  const disk = join(dir, 'disk.raw');
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
  for (const name of await readdir(outputDir).catch(() => [] as string[])) {
    if (!name.startsWith(WORK_PREFIX)) continue;
    const dir = join(outputDir, name);
    let owner: Owner | undefined;
    try { owner = JSON.parse(await readFile(join(dir, 'owner.json'), 'utf8')) as Owner; } catch { /* none */ }
    if (owner && isAlive(owner)) continue;
    // A dir without owner.json is one a builder died in within microseconds of creating; give it a minute.
    if (!owner && Date.now() - (await stat(dir)).mtimeMs < 60_000) continue;
    await killOrphans(dir);
    if (owner?.mountedImage) await unmountImage(owner.mountedImage).catch(() => undefined);
    await removeWorkDir(dir);
    removed.push(dir);
  }
  return removed;
}
