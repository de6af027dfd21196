// `bootable vm update|rollback|status` and `up` on an existing VM: image mode after the first boot.
//
//   image (build it, or take it from podman) → commit into the VM's host-side repo (host-repo.ts) → the guest pulls
//   only the objects it lacks from a loopback HTTP server (serve.ts) → `ostree admin deploy` → bootloader sync with
//   a one-shot boot of the new deployment (guest-script.ts) → reboot → ready → confirm (make it the default).
//
// The new deployment becomes the default only once it reached ready; until then every reset boots the previous one.
// A boot that never gets ready is reset, the VM comes back on the previous deployment and the new one is removed.
import { dirname, resolve } from 'node:path';
import { isCancelled, UsageError, VmError } from '../errors';
import { noProgress, type ProgressReporter } from '../progress';
import { defaultImageTag } from '../names';
import { lintContainerfile } from '../lint/index';
import { contextReader } from '../lint/context-reader';
import type { RuleSettings } from '../lint/types';
import { buildImage, readContainerfile, type BuildInput } from '../podman/build';
import { readPodmanFacts } from '../builder/image';
import { startVm, stopVm, waitReady } from '../vm/lifecycle';
import { requireVmRecord, vmStatus } from '../vm/status';
import { vmPaths, vmStateRoot, writeVmRecord } from '../vm/state-dir';
import { tailSerialLog } from '../vm/serial-log';
import type { VmStatus } from '../vm/types';
import { bootedDeployment, parseGuestStatus, type Deployment, type GuestState } from './deployments';
import { runGuestScript } from './guest';
import { commitImage, UPDATE_BRANCH, updatesDir, type ImageLabel } from './host-repo';
import { kargOptions, kargsOfConcatenated } from './kargs';
import { serveRepo } from './serve';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface UpdateVmInput {
  name: string;
  /** Build this Containerfile (lint → podman build) and update to the result… */
  containerfile?: string;
  /** …or update to this image from podman's storage. */
  image?: string;
  lint?: { settings?: RuleSettings; force?: boolean };
  build?: Omit<BuildInput, 'containerfile'>;
  /** How long the new deployment has to reach ready (default: the VM's own ready timeout). */
  readyTimeoutMs?: number;
  stateRoot?: string;
}

export interface UpdateOptions {
  signal?: AbortSignal;
  progress?: ProgressReporter;
  onLine?: (line: string) => void;
}

export interface UpdateResult {
  name: string;
  /** The booted deployment already has this image's digest: nothing was moved, no reboot. */
  upToDate: boolean;
  image: ImageLabel;
  /** Which tool did it: ostree here (the guest has no bootc); bootc when the image brings it (not implemented). */
  path: 'ostree';
  previous?: Deployment;
  deployment?: Deployment;
  deployments: Deployment[];
  /** Bytes the guest fetched from the host (the objects it lacked). */
  bytesMoved: number;
  durationMs: number;
}

/** The stages of an update, for one progress scale. */
/** A clean guest shutdown before the power cycle; past it the VM is forced off. */
const SHUTDOWN_TIMEOUT_MS = 180_000;

const stages = [
  { id: 'image', weight: 15 }, { id: 'commit', weight: 25 }, { id: 'stage', weight: 15 },
  { id: 'reboot', weight: 40 }, { id: 'confirm', weight: 5 },
] as const;
type StageId = typeof stages[number]['id'];

function stageProgress(progress: ProgressReporter, id: StageId, message: string, fraction = 0): void {
  const total = stages.reduce((n, s) => n + s.weight, 0);
  const i = stages.findIndex((s) => s.id === id);
  const before = stages.slice(0, i).reduce((n, s) => n + s.weight, 0);
  progress({ step: i + 1, of: stages.length, id, message: `${id}: ${message}`, fraction: (before + stages[i].weight * fraction) / total });
}

interface Ctx { name: string; root: string; signal?: AbortSignal; progress: ProgressReporter; logFile: string }

/**
 * The image the VM's disk was built from (its first deployment has no commit metadata): the VM record's image as it
 * was before the first update, kept in the updates dir, since the record's image then follows the booted deployment.
 */
async function diskImage(ctx: Ctx): Promise<{ ref?: string; digest?: string } | undefined> {
  const file = join(updatesDir(vmPaths(ctx.name, ctx.root).dir), 'disk-image.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as { ref?: string; digest?: string };
  } catch {
    const record = await requireVmRecord(ctx.name, ctx.root);
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, JSON.stringify(record.image ?? {}) + '\n');
    return record.image;
  }
}

async function guestState(ctx: Ctx, status: VmStatus, signal = ctx.signal): Promise<GuestState> {
  const image = await diskImage(ctx);
  const { stdout } = await runGuestScript(status, 'status', [], { signal, logFile: ctx.logFile, timeoutMs: 120_000 });
  return parseGuestStatus(stdout, image);
}

/** The VM must be running bootable's ostree layout with user-mode networking; a stopped VM is started first. */
async function readyVm(ctx: Ctx): Promise<VmStatus> {
  const record = await requireVmRecord(ctx.name, ctx.root);
  if (record.network !== 'user') {
    throw new UsageError(`VM ${ctx.name} uses NAT networking; updates reach the host through the user-mode gateway`, {
      hint: 'recreate it with user-mode networking (the default): bootable up --recreate, or bootable boot DISK',
    });
  }
  let status = await vmStatus(ctx.name, { stateRoot: ctx.root, signal: ctx.signal });
  if (status.state === 'stopped' || status.state === 'defined') {
    ctx.progress({ step: 1, of: 1, id: 'start', message: `starting ${ctx.name}` });
    await startVm(ctx.name, { stateRoot: ctx.root, signal: ctx.signal });
  }
  if (status.state !== 'ready') status = await waitReady(ctx.name, { stateRoot: ctx.root, signal: ctx.signal, progress: ctx.progress });
  return status;
}

function requireOstree(name: string, state: GuestState): Deployment {
  const booted = bootedDeployment(state);
  if (!booted) {
    throw new UsageError(`VM ${name} does not run an ostree deployment (a plain-mode disk?): it cannot be updated in place`, {
      hint: 'build its disk in ostree mode (bootable disk --mode ostree, the default for bootc images) or use bootable up --recreate',
    });
  }
  return booted;
}

async function imageFor(input: UpdateVmInput, opts: UpdateOptions, progress: ProgressReporter): Promise<ImageLabel> {
  if (!input.containerfile === !input.image) throw new UsageError('give either a Containerfile or --image, not both');
  let ref = input.image!;
  let containerfile: string | undefined;
  if (input.containerfile) {
    containerfile = resolve(input.containerfile);
    stageProgress(progress, 'image', `linting ${containerfile}`);
    const text = await readContainerfile(containerfile);
    const findings = lintContainerfile(text, { settings: input.lint?.settings, readContext: contextReader(dirname(containerfile)) });
    for (const f of findings) opts.onLine?.(`${containerfile}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId} ${f.message}`);
    if (!input.lint?.force && findings.some((f) => f.severity === 'error')) {
      throw new UsageError(`lint found ${findings.filter((f) => f.severity === 'error').length} error(s) in ${containerfile}`, { hint: 'fix them, or pass --force' });
    }
    const built = await buildImage(
      { ...input.build, containerfile, tag: input.build?.tag ?? defaultImageTag(containerfile) },
      { signal: opts.signal, onLine: opts.onLine, progress: (e) => stageProgress(progress, 'image', e.message, e.of ? (e.step - 1) / e.of : 0) },
    );
    ref = built.image;
  }
  const facts = await readPodmanFacts(ref, { signal: opts.signal });
  return { ref, id: facts.id, digest: facts.digest, ...(containerfile ? { containerfile } : {}) };
}

/**
 * Reboots the guest and waits for a new boot (a new boot id) that reaches ready. Returns the guest state of that
 * boot; throws the waitReady error (with the serial log) when it never gets there.
 */
/**
 * A power cycle, not a guest reboot: a clean shutdown, then a fresh QEMU process. Under TCG a guest-initiated
 * reset sometimes hangs in the firmware for good (seen in CI: no console output after "reboot: machine restart",
 * and `virsh reset` did not bring it back); a new process starts from scratch, and the one-shot boot entry
 * (grubenv, or the EFI variable in the VM's NVRAM file) survives it.
 */
async function rebootAndWait(ctx: Ctx, oldBootId: string, timeoutMs: number, what: string): Promise<{ status: VmStatus; state: GuestState }> {
  stageProgress(ctx.progress, 'reboot', `rebooting into ${what}`);
  const deadline = Date.now() + timeoutMs;
  await stopVm(ctx.name, { stateRoot: ctx.root, signal: ctx.signal, timeoutMs: SHUTDOWN_TIMEOUT_MS });
  await startVm(ctx.name, { stateRoot: ctx.root, signal: ctx.signal });
  const status = await waitReady(ctx.name, {
    stateRoot: ctx.root, signal: ctx.signal, timeoutMs: Math.max(deadline - Date.now(), 10_000),
    progress: (e) => stageProgress(ctx.progress, 'reboot', e.message, 1 - Math.max(0, deadline - Date.now()) / timeoutMs),
  });
  const state = await guestState(ctx, status);
  if (!state.bootId || state.bootId === oldBootId) {
    throw new VmError(`VM ${ctx.name} answered with the boot id of the previous boot after a power cycle`, { logPath: ctx.logFile });
  }
  return { status, state };
}

/** Forced off and started again: the bootloader's default (the previous deployment) boots, the one-shot was used up. */
async function resetToPrevious(ctx: Ctx): Promise<{ status: VmStatus; state: GuestState }> {
  await stopVm(ctx.name, { stateRoot: ctx.root, force: true });
  await startVm(ctx.name, { stateRoot: ctx.root });
  const status = await waitReady(ctx.name, { stateRoot: ctx.root });
  return { status, state: await guestState(ctx, status, undefined) };
}

async function removeDeployment(ctx: Ctx, status: VmStatus, id: string): Promise<void> {
  await runGuestScript(status, 'undeploy', [id], { logFile: ctx.logFile, timeoutMs: 5 * 60_000 });
}

/** The VM record's image (vm list, the tree view) follows the booted deployment. */
async function recordImage(ctx: Ctx, image: { ref?: string; digest?: string }): Promise<void> {
  const record = await requireVmRecord(ctx.name, ctx.root);
  record.image = image;
  await writeVmRecord(record, ctx.root);
}

function context(name: string, stateRoot: string | undefined, opts: UpdateOptions): Ctx {
  const root = stateRoot ?? vmStateRoot();
  return { name, root, signal: opts.signal, progress: opts.progress ?? noProgress, logFile: join(updatesDir(vmPaths(name, root).dir), 'update.log') };
}

/** The VM's deployments, bootc-style (booted / rollback / staged), read from the guest. */
export async function vmDeployments(name: string, q: { stateRoot?: string; signal?: AbortSignal } = {}): Promise<GuestState> {
  const ctx = context(name, q.stateRoot, { signal: q.signal });
  await mkdir(updatesDir(vmPaths(name, ctx.root).dir), { recursive: true, mode: 0o700 });
  const status = await vmStatus(name, { stateRoot: ctx.root, signal: q.signal });
  if (status.state !== 'ready' && status.state !== 'running') {
    throw new VmError(`VM ${name} is ${status.state}: its deployments are read from the running guest`, { hint: `bootable vm start ${name} --wait` });
  }
  return guestState(ctx, status);
}

export async function updateVm(input: UpdateVmInput, opts: UpdateOptions = {}): Promise<UpdateResult> {
  const started = Date.now();
  const ctx = context(input.name, input.stateRoot, opts);
  const vmDir = vmPaths(input.name, ctx.root).dir;
  const record = await requireVmRecord(input.name, ctx.root);
  await mkdir(updatesDir(vmDir), { recursive: true, mode: 0o700 });

  // The image first (a build can take minutes and needs no VM), then the VM.
  const image = await imageFor(input, opts, ctx.progress);
  let status = await readyVm(ctx);
  const before = await guestState(ctx, status);
  const previous = requireOstree(input.name, before);
  const result = (over: Partial<UpdateResult>): UpdateResult => ({
    name: input.name, upToDate: false, image, path: 'ostree', previous, deployments: before.deployments, bytesMoved: 0,
    durationMs: Date.now() - started, ...over,
  });
  if (previous.image?.digest === image.digest || (previous.image?.id && previous.image.id === image.id)) {
    return result({ upToDate: true, deployment: previous });
  }

  stageProgress(ctx.progress, 'commit', `committing ${image.ref} into the VM's update repo`);
  const committed = await commitImage(vmDir, image, { signal: ctx.signal, logFile: ctx.logFile });

  // From here on the guest changes: a failure or a cancel puts it back on the previous deployment.
  let staged: string | undefined;
  let rebooted = false;
  try {
    stageProgress(ctx.progress, 'stage', 'the VM fetches what it lacks and stages the new deployment');
    const server = await serveRepo(join(vmDir, 'updates/repo'));
    let bytesMoved = 0;
    try {
      const kargs = kargOptions(before.cmdline.split(/\s+/).filter(Boolean), kargsOfConcatenated(before.kargsdText), committed.kargs);
      await runGuestScript(status, 'stage', [server.guestUrl, UPDATE_BRANCH, previous.osname, ...kargs], {
        signal: ctx.signal, logFile: ctx.logFile, timeoutMs: 30 * 60_000, onLine: opts.onLine,
      });
    } finally {
      bytesMoved = server.bytesSent();
      await server.close();
    }
    const afterStage = await guestState(ctx, status);
    const newDep = afterStage.deployments[0];
    if (!newDep || newDep.commit !== committed.commit || newDep.id === previous.id) {
      throw new VmError(`the guest did not stage commit ${committed.commit.slice(0, 12)} (first deployment: ${newDep?.id ?? 'none'})`, { logPath: ctx.logFile });
    }
    staged = newDep.id;

    const timeoutMs = input.readyTimeoutMs ?? record.readyTimeoutMs;
    rebooted = true;
    let booted: { status: VmStatus; state: GuestState };
    try {
      booted = await rebootAndWait(ctx, before.bootId, timeoutMs, `${image.ref} (${staged.slice(0, 12)})`);
    } catch (err) {
      if (isCancelled(err)) throw err;
      const serial = (await tailSerialLog(record.serialLog, 30)).map((l) => `    | ${l}`).join('\n');
      ctx.progress({ step: 4, of: 5, id: 'reboot', message: 'the new deployment did not get ready: resetting to the previous one' });
      const back = await resetToPrevious(ctx);
      status = back.status;
      await removeDeployment(ctx, status, staged);
      staged = undefined;
      throw new VmError(
        `the new deployment of ${image.ref} did not become ready within ${Math.round(timeoutMs / 1000)} s; `
        + `VM ${input.name} is back on the previous deployment (${previous.id.slice(0, 12)}), ready\n  last serial console lines of the failed boot:\n${serial}`,
        { hint: `see ${record.serialLog}; fix the image and run the update again`, logPath: record.serialLog, cause: err },
      );
    }
    status = booted.status;
    const now = bootedDeployment(booted.state);
    if (now?.id !== staged) {
      await removeDeployment(ctx, status, staged);
      staged = undefined;
      throw new VmError(`VM ${input.name} booted ${now?.id ?? 'an unknown deployment'} instead of the new ${newDep.id}: the one-shot boot entry was not taken`, {
        hint: `the update was removed; see the bootloader files in the VM (/boot/grub/grub.cfg, /boot/efi/loader)`,
      });
    }

    stageProgress(ctx.progress, 'confirm', `${staged.slice(0, 12)} reached ready: making it the default`);
    await runGuestScript(status, 'sync', ['confirm'], { signal: ctx.signal, logFile: ctx.logFile, timeoutMs: 5 * 60_000 });
    const final = await guestState(ctx, status);
    await recordImage(ctx, { ref: image.ref, digest: image.digest });
    return result({ deployment: bootedDeployment(final), deployments: final.deployments, bytesMoved });
  } catch (err) {
    if (staged && isCancelled(err)) {
      // Cancelled: before the reboot the staged deployment goes; after it, the VM is reset to the previous one.
      if (rebooted) status = (await resetToPrevious(ctx)).status;
      await removeDeployment(ctx, status, staged).catch(() => undefined);
    }
    throw err;
  }
}

export interface RollbackResult { name: string; previous: Deployment; deployment?: Deployment; deployments: Deployment[] }

/** Like `bootc rollback --apply`: the other deployment becomes the default, the VM reboots into it. */
export async function rollbackVm(name: string, opts: UpdateOptions & { stateRoot?: string; readyTimeoutMs?: number } = {}): Promise<RollbackResult> {
  const ctx = context(name, opts.stateRoot, opts);
  const record = await requireVmRecord(name, ctx.root);
  await mkdir(updatesDir(vmPaths(name, ctx.root).dir), { recursive: true, mode: 0o700 });
  const status = await readyVm(ctx);
  const before = await guestState(ctx, status);
  const previous = requireOstree(name, before);
  const target = before.deployments.find((d) => d.id !== previous.id);
  if (!target) throw new UsageError(`VM ${name} has no other deployment to roll back to`, { hint: `bootable vm status ${name}` });
  stageProgress(ctx.progress, 'stage', `making ${target.id.slice(0, 12)} the default`);
  await runGuestScript(status, 'set-default', [target.id], { signal: ctx.signal, logFile: ctx.logFile, timeoutMs: 5 * 60_000 });
  const booted = await rebootAndWait(ctx, before.bootId, opts.readyTimeoutMs ?? record.readyTimeoutMs, `${target.image?.ref ?? 'the rollback deployment'} (${target.id.slice(0, 12)})`);
  const now = bootedDeployment(booted.state);
  if (now?.id !== target.id) throw new VmError(`VM ${name} booted ${now?.id ?? 'an unknown deployment'} instead of ${target.id}`);
  if (now.image) await recordImage(ctx, { ref: now.image.ref, digest: now.image.digest });
  return { name, previous, deployment: now, deployments: booted.state.deployments };
}
