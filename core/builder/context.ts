// What the steps of one build share: the plan, the work directory's layout, the log, the abort signal.
import { join } from 'node:path';
import type { RunOptions } from '../util/process';
import type { Plan } from './types';
import type { BlsEntry } from './boot/bls';
import type { BuildTree } from './tree-path';

export interface BuildContext {
  plan: Plan;
  /** The build's private temp dir (inside the output dir, so finished files are renamed, never copied). */
  work: string;
  /** The full log of every command, for errors and bug reports. */
  logFile: string;
  signal?: AbortSignal;
  /** podman's read-only mount of the image (until a step that releasesImage has run). */
  imageRoot: string;
  /** Filled by the steps as they go. */
  state: {
    /** The tree that becomes the root filesystem (the rootfs in plain mode, the ostree sysroot otherwise). */
    rootTree?: string;
    /** The booted system's paths, resolved inside the build tree (tree-path.ts): every image-controlled write. */
    tree?: BuildTree;
    /** The boot entry every bootloader boots. */
    bls?: BlsEntry;
  };
}

export const paths = (work: string) => ({
  rootfs: join(work, 'rootfs'),
  sysroot: join(work, 'sysroot'),
  bootTree: join(work, 'boot'),
  disk: join(work, 'disk.raw'),
  out: join(work, 'out'),
  owner: join(work, 'owner.json'),
});

/** run() options every builder command gets: the log and the abort signal. */
export function runOpts(ctx: BuildContext, extra: RunOptions = {}): RunOptions {
  return { signal: ctx.signal, logFile: ctx.logFile, ...extra };
}
