// buildDisk: the builder's entry point (CLI `bootable disk`, the extension's "Build Disk Image", `bootable up`).
// Inspect → cache lookup → mount → plan → steps in a private work dir → rename finished files into place.
// Cancel or failure removes the work dir and the image mount; a SIGKILLed build is cleaned by the next one.
import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, rename, statfs } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { BootableError, BuilderError, CommandError } from '../errors';
import { type ProgressReporter, noProgress, throwIfAborted } from '../progress';
import { cacheKeyOf, orderTypes, outputPaths, planDisk } from './plan';
import { cacheSecret, defaultCacheDir, describeFiles, filesIntact, linkOrCopy, lookup, store, type CachedFile } from './cache';
import { loadConfig } from './config/load';
import { emptyConfig, type BuilderConfig } from './config/types';
import { type BuildContext, paths } from './context';
import { publicPlan, realDir, tempBeside, writeFileAtomic } from './output-files';
import { describeImageTree, readPodmanFacts, mountImage, unmountImage } from './image';
import { cleanStaleWorkDirs, createWorkDir, removeWorkDir, writeOwner, processStartTicks } from './workspace';
import type { DeployMode, DiskType, Plan, RootFsType } from './types';
import { checkImagePaths, checkRootOnlyOptions } from './preflight';
import { needsUserNamespace, runInUserNamespace } from './userns';
import { stepByName } from './steps/index';

export interface BuildDiskInput {
  image: string;
  types: DiskType[];
  /** A path to config.toml/config.json, or an already validated config. */
  config?: string | BuilderConfig;
  rootfs?: RootFsType;
  mode?: DeployMode;
  output: string;
  diskSize?: number;
  /** podman remote connection: not supported by the disk builder (it needs the image's files locally). */
  connection?: string;
  cacheDir?: string;
  /** Skip the cache lookup (the result is still stored). */
  noCache?: boolean;
}

export interface BuildDiskOptions {
  signal?: AbortSignal;
  progress?: ProgressReporter;
}

export interface BuildDiskResult {
  outputs: { type: DiskType; path: string }[];
  manifestPath: string;
  plan: Plan;
  cached: boolean;
}

/** Relative cost of inspecting, mounting and planning, against the steps' own weights (steps/*.ts). */
const INSPECT_WEIGHT = 2;

function stepOf(name: string) {
  const step = stepByName(name);
  if (!step) throw new BuilderError(`the plan names a step this builder does not have: ${name}`);
  return step;
}

/** Progress steps of a plan: inspect (with mount and plan), each step, done. */
const progressSteps = (plan: Plan) => plan.steps.length + 2;

export async function resolveConfig(config: BuildDiskInput['config']): Promise<BuilderConfig> {
  if (config === undefined) return emptyConfig;
  return typeof config === 'string' ? loadConfig(config) : config;
}

export function manifestPath(output: string, type: DiskType): string {
  return join(output, `manifest-${type}.json`);
}

interface Manifest extends Plan { files: CachedFile[] }

/** Outputs already in the output dir from a build with the same key, untouched since. */
async function reuseOutputDir(output: string, key: string, types: DiskType[]): Promise<Plan | undefined> {
  try {
    const m = JSON.parse(await readFile(manifestPath(output, types[0]), 'utf8')) as Manifest;
    if (m.cacheKey === key && await filesIntact(output, m.files)) {
      const { files: _files, ...plan } = m;
      return plan;
    }
  } catch { /* no usable manifest */ }
  return undefined;
}

async function writeManifests(output: string, plan: Plan): Promise<string> {
  // Password hashes stay out of the manifest: it is a readable file beside the disk.
  const manifest: Manifest = { ...publicPlan(plan), files: await describeFiles(output, plan.outputs) };
  const text = JSON.stringify(manifest, null, 2) + '\n';
  for (const o of plan.outputs) await writeFileAtomic(manifestPath(output, o.type), text);
  return manifestPath(output, plan.outputs[0].type);
}

function result(output: string, plan: Plan, manifest: string, cached: boolean): BuildDiskResult {
  return { outputs: plan.outputs.map((o) => ({ type: o.type, path: join(output, o.path) })), manifestPath: manifest, plan, cached };
}

/** Refuse early when the output filesystem cannot hold the work (about 3× the image plus the converted disks). */
async function checkFreeSpace(output: string, imageSize: number, types: DiskType[]): Promise<void> {
  const s = await statfs(output);
  const free = s.bavail * s.bsize;
  const need = imageSize * (3 + types.length);
  if (free < need) {
    throw new BuilderError(`not enough free space in ${output}: ${(free / 2 ** 30).toFixed(1)} GiB free, `
      + `about ${(need / 2 ** 30).toFixed(1)} GiB needed`, { hint: 'free some space or choose another --output directory' });
  }
}

/** The work dir goes away on failure; its log is kept in the cache dir for the error message. */
async function keepLog(logFile: string, cacheDir: string): Promise<string | undefined> {
  try {
    const dest = join(cacheDir, 'logs', `disk-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`);
    await mkdir(dirname(dest), { recursive: true });
    await copyFile(logFile, dest, constants.COPYFILE_EXCL);
    return dest;
  } catch {
    return undefined;
  }
}

function diskFull(err: unknown): boolean {
  const text = err instanceof CommandError ? err.stderrTail + err.message : err instanceof Error ? err.message : '';
  return (err as NodeJS.ErrnoException)?.code === 'ENOSPC' || /No space left on device|ENOSPC/i.test(text);
}

/** The plan a build would execute, without building (`bootable disk --plan`). Mounts the image briefly. */
export async function planForImage(input: BuildDiskInput, opts: BuildDiskOptions = {}): Promise<Plan> {
  if (needsUserNamespace()) return runInUserNamespace('plan', input, opts);
  const config = await resolveConfig(input.config);
  const facts = await readPodmanFacts(input.image, { signal: opts.signal });
  const cacheDir = input.cacheDir ?? defaultCacheDir();
  const secret = await cacheSecret(cacheDir);
  const root = await mountImage(facts.id, { signal: opts.signal });
  try {
    const image = await describeImageTree(input.image, root, facts);
    // Exactly as buildDisk plans: same types order, same secret, so the same ids and UUIDs.
    return planDisk({ image, config, types: orderTypes(input.types), rootfs: input.rootfs, mode: input.mode, diskSize: input.diskSize, cacheSecret: secret });
  } finally {
    await unmountImage(facts.id).catch(() => undefined);
  }
}

export async function buildDisk(input: BuildDiskInput, opts: BuildDiskOptions = {}): Promise<BuildDiskResult> {
  const { signal } = opts;
  const progress = opts.progress ?? noProgress;
  if (input.connection) {
    throw new BuilderError('the disk builder works on the local podman storage; --connection is not supported for disks', {
      hint: 'build the disk on the machine that holds the image',
    });
  }
  if (needsUserNamespace()) return runInUserNamespace('build', input, opts);
  const output = resolve(input.output);
  const types = orderTypes(input.types);
  const config = await resolveConfig(input.config);
  const cacheDir = input.cacheDir ?? defaultCacheDir();
  const secret = await cacheSecret(cacheDir);
  const done = (plan: Plan, message: string) => progress({ step: progressSteps(plan), of: progressSteps(plan), id: 'done', message, fraction: 1 });

  const facts = await readPodmanFacts(input.image, { signal });
  const key = cacheKeyOf({ ...input, types, config, image: facts, cacheSecret: secret });

  // The output dir and the subdirs the disks go to must be real directories (checked again at the rename).
  await realDir(output);
  for (const t of types) await realDir(output, dirname(outputPaths[t]), { create: false });
  await cleanStaleWorkDirs(output);
  if (!input.noCache) {
    const inPlace = await reuseOutputDir(output, key, types);
    if (inPlace) {
      done(inPlace, 'Reused the disk already in the output directory');
      return result(output, inPlace, manifestPath(output, types[0]), true);
    }
    const entry = await lookup(cacheDir, key);
    if (entry) {
      for (const o of entry.plan.outputs) {
        const dest = join(output, o.path);
        await realDir(output, dirname(o.path));
        const tmp = tempBeside(dest);
        await linkOrCopy(join(cacheDir, 'disks', key, o.path), tmp);
        await rename(tmp, dest);
      }
      const manifest = await writeManifests(output, entry.plan);
      done(entry.plan, 'Reused a cached disk');
      return result(output, entry.plan, manifest, true);
    }
  }
  await checkFreeSpace(output, facts.sizeBytes, types);

  const work = await createWorkDir(output);
  const logFile = join(work, 'build.log');
  let mounted = false;
  try {
    await writeOwner(work, { pid: process.pid, startTicks: processStartTicks(process.pid) ?? '', mountedImage: facts.id });
    const imageRoot = await mountImage(facts.id, { signal, logFile });
    mounted = true;
    const image = await describeImageTree(input.image, imageRoot, facts);
    const plan = planDisk({ image, config, types, rootfs: input.rootfs, mode: input.mode, diskSize: input.diskSize, cacheSecret: secret });
    checkRootOnlyOptions(plan);
    await checkImagePaths(imageRoot, plan);
    const ctx: BuildContext = { plan, work, logFile, signal, imageRoot, state: {} };

    const of = progressSteps(plan);
    const total = INSPECT_WEIGHT + plan.steps.reduce((sum, s) => sum + stepOf(s.step).weight, 0);
    let weightDone = INSPECT_WEIGHT;
    progress({ step: 1, of, id: 'inspect', message: `Inspected ${input.image}: ${plan.mode} mode, ${plan.steps.length} steps`, fraction: 0 });
    for (const [i, planned] of plan.steps.entries()) {
      throwIfAborted(signal);
      const step = stepOf(planned.step);
      progress({ step: i + 2, of, id: planned.name, message: planned.title, fraction: weightDone / total });
      await step.run(ctx, planned.inputs);
      // The image's files are not needed once the tree is prepared: release podman's mount early.
      if (mounted && step.releasesImage) {
        await unmountImage(facts.id, { logFile });
        mounted = false;
      }
      weightDone += step.weight;
    }
    throwIfAborted(signal);
    // Only complete files reach the output path, each with one rename.
    for (const o of plan.outputs) {
      await realDir(output, dirname(o.path));
      await rename(join(paths(work).out, o.path), join(output, o.path));
    }
    const manifest = await writeManifests(output, plan);
    await store(cacheDir, plan, output).catch(() => undefined); // a full cache disk must not fail a finished build
    done(plan, `Wrote ${plan.outputs.map((o) => o.path).join(', ')}`);
    return result(output, plan, manifest, false);
  } catch (err) {
    const logPath = await keepLog(logFile, cacheDir);
    if (diskFull(err)) {
      throw new BuilderError(`disk full while building in ${output}`, {
        hint: 'free some space (the build needs about 3× the image size) or choose another --output directory', cause: err, logPath,
      });
    }
    if (signal?.aborted) throw err;
    // A failed command's log was in the work dir: point at the kept copy instead.
    if (err instanceof CommandError) throw new BuilderError(err.message, { hint: err.hint, logPath, cause: err });
    if (err instanceof BootableError) throw err;
    throw new BuilderError(`disk build failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err, logPath });
  } finally {
    if (mounted) await unmountImage(facts.id).catch(() => undefined);
    await removeWorkDir(work);
  }
}
