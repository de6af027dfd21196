// Create, start, wait, stop, restart and remove one VM. Each function does one thing through virsh and the
// VM's state directory; a create that fails or is cancelled leaves nothing behind (no domain, no files).
import { randomUUID } from 'node:crypto';
import { copyFile, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError, VmError } from '../errors';
import { noProgress, type ProgressReporter } from '../progress';
import { checkValue } from '../options';
import { vmOptions, type VmOptionValues } from './options';
import { inspectImage } from '../podman/inspect';
import { chooseAcceleration } from './accel';
import { placeBaseDisk } from './base-disk';
import { existingDefaultKey } from './default-key';
import { checkDiskChain, createOverlay, diskInfo } from './disk';
import { findDiskManifest, type DiskManifest } from './disk-manifest';
import { domainXml, OVMF_VARS, type DomainSpec } from './domain-xml';
import { detectFirmware } from './firmware';
import { checkVmName, vmNameFrom } from './names';
import { chooseNetwork, NAT_NETWORK } from './network';
import { isPortFree, pickFreePorts } from './ports';
import { probeOnce } from './probe';
import { tailSerialLog } from './serial-log';
import { createVmDir, readVmRecord, removeVmDir, vmPaths, vmStateRoot, writeVmRecord, type VmPaths } from './state-dir';
import { requireVmRecord, vmStatus } from './status';
import { PENDING_DOMAIN_ID, type Firmware, type NetworkMode, type ReadyProbe, type VmRecord, type VmStatus } from './types';
import { defaultLibvirtUri, isLocalUri } from './uri';
import { findDomain, leaseAddress, virsh } from './virsh';

export const DEFAULT_MEMORY_MIB = vmOptions.memoryMiB.default!;
export const DEFAULT_CPUS = vmOptions.cpus.default!;
export const DEFAULT_READY_TIMEOUT_MS = vmOptions.readyTimeoutMs.default!;
const SERIAL_LINES_IN_ERRORS = 20;

/** The user's options (core/vm/options.ts, where a new one is declared) plus what only code passes. */
export interface CreateVmOptions extends VmOptionValues {
  disk: string;
  /** Readiness: default the ssh banner on port 22. */
  ready?: ReadyProbe;
  stateRoot?: string;
  /** The Containerfile whose `bootable up` made this VM: up replaces only a VM its own project made. */
  project?: string;
}

export interface VmOpOptions {
  signal?: AbortSignal;
  progress?: ProgressReporter;
  stateRoot?: string;
}

export function specFromRecord(record: VmRecord, paths: VmPaths): DomainSpec {
  return {
    name: record.name,
    uuid: record.uuid,
    memoryMiB: record.memoryMiB,
    cpus: record.cpus,
    accel: record.accel,
    firmware: record.firmware,
    nvramPath: record.nvram,
    overlayPath: paths.overlay,
    backing: record.base ? { path: record.base.path, format: record.diskFormat, relabel: !record.base.linked } : undefined,
    serialLogPath: paths.serialLog,
    network: record.network === 'nat' ? { mode: 'nat', network: NAT_NETWORK } : { mode: 'user', forwards: record.forwards },
    metadata: { imageRef: record.image?.ref, imageDigest: record.image?.digest, disk: record.disk },
  };
}

async function nameIsFree(uri: string, name: string, root: string, signal?: AbortSignal): Promise<boolean> {
  return !(await readVmRecord(name, root)) && !(await findDomain(uri, name, signal));
}

async function pickName(uri: string, opts: CreateVmOptions, manifest: DiskManifest | undefined, root: string, signal?: AbortSignal): Promise<string> {
  if (opts.name !== undefined) {
    const name = checkVmName(opts.name);
    if (!(await nameIsFree(uri, name, root, signal))) {
      throw new UsageError(`a VM named ${name} already exists`, { hint: `remove it with \`bootable vm rm ${name}\`, or choose another --name` });
    }
    return name;
  }
  const base = vmNameFrom(manifest?.imageRef ?? opts.disk);
  for (let i = 1; i < 100; i++) {
    const candidate = i === 1 ? base : `${base}-${i}`;
    if (await nameIsFree(uri, candidate, root, signal)) return candidate;
  }
  throw new UsageError(`no free VM name starting with ${base}`, { hint: 'pass --name' });
}

async function checkDisk(path: string): Promise<string> {
  const disk = resolve(path);
  let st;
  try { st = await stat(disk); } catch {
    throw new UsageError(`disk not found: ${disk}`, { hint: 'build one with `bootable disk IMAGE` (output/qcow2/disk.qcow2)' });
  }
  if (!st.isFile()) throw new UsageError(`not a disk image file: ${disk}`);
  return disk;
}

/**
 * qemu:///system runs qemu as its own unprivileged user (libvirt-qemu on Debian), whoever asks for the VM: root, or
 * a member of the libvirt group. qemu:///session runs it as us.
 */
function qemuIsAnotherUser(uri: string): boolean {
  return /^qemu(\+unix)?:\/\/\/system/.test(uri);
}

/**
 * The qemu user must reach the VM's state directory (overlay, base link, firmware vars, console log); the
 * project's own directories it never needs (base-disk.ts). A state root under a directory others cannot search
 * (BOOTABLE_VM_DIR in a 0700 place) would only fail at `virsh start`: say so before creating anything.
 */
async function checkQemuCanReach(stateRoot: string, uri: string): Promise<void> {
  if (!qemuIsAnotherUser(uri)) return;
  for (let dir = dirname(resolve(stateRoot, 'x')); ; dir = dirname(dir)) {
    const st = await stat(dir).catch(() => undefined);
    if (st && (st.mode & 0o001) === 0) {
      throw new UsageError(`libvirt's qemu user cannot reach the VM directory ${stateRoot}: ${dir} is not searchable by other users`, {
        hint: 'unset BOOTABLE_VM_DIR (as root VMs live in /var/lib/bootable/vms), or point it at a directory others can search',
      });
    }
    if (dir === dirname(dir)) return;
  }
}

/** The image's EXPOSEd TCP ports, when the image it was built from is still in podman's storage. */
async function exposedPortsOf(imageRef: string | undefined, signal?: AbortSignal): Promise<number[]> {
  if (!imageRef) return [];
  try { return (await inspectImage(imageRef, {}, signal)).exposedPorts; } catch { return []; }
}

async function undefineDomain(uri: string, name: string, uefi: boolean): Promise<void> {
  const dom = await findDomain(uri, name);
  if (!dom) return;
  if (dom.state !== 'shut off') await virsh(uri, ['destroy', name], { okExitCodes: [0, 1] });
  await virsh(uri, ['undefine', name, ...(uefi ? ['--nvram'] : [])]);
}

/** Defines a VM on an overlay of `disk` (which stays untouched). Does not start it. */
export async function createVm(opts: CreateVmOptions, ops: VmOpOptions = {}): Promise<VmStatus> {
  const { signal } = ops;
  const progress = ops.progress ?? noProgress;
  const uri = opts.uri?.trim() || defaultLibvirtUri();
  const root = opts.stateRoot ?? ops.stateRoot ?? vmStateRoot();
  if (!isLocalUri(uri)) {
    throw new UsageError(`creating VMs on a remote libvirt (${uri}) is not supported: the overlay and firmware variables must be made on that host`, {
      hint: 'run bootable on that host; list, status, start, stop and rm work with remote URIs',
    });
  }
  const memoryMiB = checkValue(vmOptions.memoryMiB, opts.memoryMiB ?? DEFAULT_MEMORY_MIB);
  const cpus = checkValue(vmOptions.cpus, opts.cpus ?? DEFAULT_CPUS);
  for (const p of opts.ports ?? []) checkValue(vmOptions.ports, p);
  if (opts.name !== undefined) checkVmName(opts.name);
  const disk = await checkDisk(opts.disk);
  // A disk from a repository must not make the VM read host files through its backing chain (issue 11).
  await checkDiskChain(disk, opts.allowBackingFile ?? false, signal);
  await checkQemuCanReach(root, uri);

  progress({ step: 1, of: 2, id: 'inspect', message: 'checking the disk, acceleration and networking' });
  const [info, manifest, accel, network] = await Promise.all([
    diskInfo(disk, signal), findDiskManifest(disk), chooseAcceleration(uri, signal), chooseNetwork(uri, opts.network, signal),
  ]);
  if (info.format !== 'qcow2' && info.format !== 'raw') {
    throw new UsageError(`${disk} is a ${info.format} image; bootable boots qcow2 or raw disks`, { hint: 'build with --type qcow2' });
  }
  const firmware = opts.firmware ?? await detectFirmware(disk, info.format, manifest, signal);
  const name = await pickName(uri, opts, manifest, root, signal);
  const ready = opts.ready ?? { port: 22, kind: 'ssh' };
  const guestPorts = [...new Set([22, ready.port, ...(opts.ports ?? []), ...await exposedPortsOf(manifest?.imageRef, signal)])].sort((a, b) => a - b);
  const hostPorts = network === 'user' ? await pickFreePorts(guestPorts.length) : [];
  const paths = vmPaths(name, root);
  const record: VmRecord = {
    version: 1, name, uuid: randomUUID(), uri, disk, diskFormat: info.format,
    overlay: paths.overlay, serialLog: paths.serialLog, nvram: firmware === 'uefi' ? paths.nvram : undefined,
    firmware, accel: accel.accel, accelNote: accel.note, network, guestPorts,
    forwards: hostPorts.map((host, i) => ({ guest: guestPorts[i], host })),
    memoryMiB, cpus,
    image: manifest?.imageRef ? { ref: manifest.imageRef, digest: manifest.imageDigest } : undefined,
    sshUser: opts.sshUser ?? manifest?.users.find((u) => u.hasKeys)?.name ?? manifest?.users[0]?.name,
    ready, readyTimeoutMs: opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    // bootable's default key when it exists: the disk may authorise it (docs/virtual-machines.md, Logging in); else ssh's own keys.
    sshIdentity: opts.noDefaultKey ? undefined : await existingDefaultKey(),
    project: opts.project,
    createdAt: new Date().toISOString(),
  };

  progress({ step: 2, of: 2, id: 'define', message: `defining ${name} (${firmware.toUpperCase()}, ${accel.accel.toUpperCase()}, ${network === 'nat' ? 'NAT' : 'user-mode'} networking)` });
  try {
    await createVmDir(paths);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`a VM named ${name} already exists`, { hint: `bootable vm rm ${name}` });
    throw err;
  }
  let defined = false;
  try {
    record.base = await placeBaseDisk(disk, paths.base, qemuIsAnotherUser(uri), signal);
    await createOverlay(record.base.path, info.format, paths.overlay, signal);
    if (record.nvram) await copyFile(OVMF_VARS, record.nvram);
    await writeFile(paths.domainXml, domainXml(specFromRecord(record, paths)));
    signal?.throwIfAborted();
    await virsh(uri, ['define', paths.domainXml], { signal });
    defined = true;
    await writeVmRecord(record, root);
    signal?.throwIfAborted();
  } catch (err) {
    if (defined) await undefineDomain(uri, name, firmware === 'uefi').catch(() => undefined);
    await removeVmDir(paths, root);
    throw err;
  }
  return vmStatus(name, { stateRoot: root });
}

/** Starts a defined VM (no-op when running). User-mode forwards whose host port got taken are re-picked. */
export async function startVm(name: string, ops: VmOpOptions = {}): Promise<VmStatus> {
  const root = ops.stateRoot ?? vmStateRoot();
  const record = await requireVmRecord(name, root);
  const dom = await findDomain(record.uri, name, ops.signal);
  if (!dom) throw new VmError(`libvirt no longer has a domain named ${name}`, { hint: `remove the leftovers with \`bootable vm rm ${name}\`` });
  if (dom.state !== 'shut off' && dom.state !== 'crashed') return vmStatus(name, { stateRoot: root });
  const paths = vmPaths(name, root);
  if (record.network === 'user') {
    const free = await Promise.all(record.forwards.map((f) => isPortFree(f.host)));
    if (free.includes(false)) {
      const ports = await pickFreePorts(record.forwards.length);
      record.forwards = record.forwards.map((f, i) => ({ guest: f.guest, host: ports[i] }));
      await writeFile(paths.domainXml, domainXml(specFromRecord(record, paths)));
      await virsh(record.uri, ['define', paths.domainXml], { signal: ops.signal });
    }
  }
  // The run is recorded as pending before libvirt starts it, so a status poll in between already says "starting".
  const previousRun = record.run;
  record.run = { domainId: PENDING_DOMAIN_ID, startedAt: new Date().toISOString() };
  await writeVmRecord(record, root);
  try {
    await virsh(record.uri, ['start', name], { signal: ops.signal, hint: `see the VM's console log: ${record.serialLog}` });
  } catch (err) {
    record.run = previousRun;
    await writeVmRecord(record, root);
    throw err;
  }
  const started = await findDomain(record.uri, name);
  record.run = { domainId: started?.id ?? PENDING_DOMAIN_ID, startedAt: record.run.startedAt };
  await writeVmRecord(record, root);
  return vmStatus(name, { stateRoot: root });
}

export interface WaitReadyOptions extends VmOpOptions { timeoutMs?: number; pollMs?: number }

function readinessTarget(record: VmRecord, address: string | undefined): { host: string; port: number } | undefined {
  if (record.network === 'user') {
    const f = record.forwards.find((x) => x.guest === record.ready.port);
    return f && { host: '127.0.0.1', port: f.host };
  }
  return address ? { host: address, port: record.ready.port } : undefined;
}

async function failRun(record: VmRecord, root: string, message: string): Promise<VmError> {
  const lines = await tailSerialLog(record.serialLog, SERIAL_LINES_IN_ERRORS);
  if (record.run) {
    record.run.failedAt = new Date().toISOString();
    record.run.failure = message;
    await writeVmRecord(record, root).catch(() => undefined);
  }
  const tail = lines.length ? `\n  last serial console lines:\n${lines.map((l) => `    | ${l}`).join('\n')}` : '\n  (the serial console printed nothing)';
  return new VmError(`${message}${tail}`, { hint: `the whole console: bootable vm console ${record.name}`, logPath: record.serialLog });
}

/** Waits until the guest answers on its readiness port (ssh banner by default); fails with the serial log. */
export async function waitReady(name: string, opts: WaitReadyOptions = {}): Promise<VmStatus> {
  const root = opts.stateRoot ?? vmStateRoot();
  const progress = opts.progress ?? noProgress;
  const record = await requireVmRecord(name, root);
  const timeoutMs = opts.timeoutMs ?? record.readyTimeoutMs;
  const started = Date.now();
  const what = record.ready.kind === 'ssh' ? 'an ssh banner' : 'an HTTP answer';
  let address = record.network === 'user' ? '127.0.0.1' : undefined;
  for (;;) {
    opts.signal?.throwIfAborted();
    const dom = await findDomain(record.uri, name, opts.signal);
    if (!dom || (dom.state !== 'running' && dom.state !== 'idle')) {
      throw await failRun(record, root, `VM ${name} stopped while booting (libvirt state: ${dom?.state ?? 'undefined'})`);
    }
    if (record.run && dom.id !== record.run.domainId) record.run = { domainId: dom.id ?? -1, startedAt: new Date().toISOString() };
    if (!address) address = await leaseAddress(record.uri, name, opts.signal);
    const target = readinessTarget(record, address);
    if (target && await probeOnce(record.ready.kind, target.host, target.port, 1500)) {
      record.run = { ...(record.run ?? { domainId: dom.id ?? -1, startedAt: new Date(started).toISOString() }), readyAt: new Date().toISOString(), address };
      delete record.run.failure;
      delete record.run.failedAt;
      await writeVmRecord(record, root);
      return vmStatus(name, { stateRoot: root, signal: opts.signal });
    }
    const elapsed = Date.now() - started;
    if (elapsed >= timeoutMs) {
      const where = target ? `${target.host}:${target.port}` : 'the guest (no DHCP lease yet)';
      throw await failRun(record, root, `VM ${name} did not become ready within ${Math.round(timeoutMs / 1000)} s: no ${what.replace(/^an /, '')} from ${where}`);
    }
    const last = (await tailSerialLog(record.serialLog, 1))[0];
    progress({
      step: 1, of: 1, id: 'wait-ready',
      message: `waiting for ${what} (${Math.round(elapsed / 1000)} s)${last ? `: ${last.slice(0, 100)}` : ''}`,
      fraction: Math.min(0.99, elapsed / timeoutMs),
    });
    await sleep(opts.pollMs ?? 500, undefined, { signal: opts.signal });
  }
}

export interface StopVmOptions extends VmOpOptions { force?: boolean; timeoutMs?: number }

/** ACPI shutdown, forced off after timeoutMs (default 60 s) or at once with force. No-op when not running. */
export async function stopVm(name: string, opts: StopVmOptions = {}): Promise<VmStatus> {
  const root = opts.stateRoot ?? vmStateRoot();
  const record = await requireVmRecord(name, root);
  const dom = await findDomain(record.uri, name, opts.signal);
  if (dom && dom.state !== 'shut off') {
    if (!opts.force) {
      await virsh(record.uri, ['shutdown', name], { signal: opts.signal, okExitCodes: [0, 1] });
      const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
      while (Date.now() < deadline) {
        const d = await findDomain(record.uri, name, opts.signal);
        if (!d || d.state === 'shut off') break;
        await sleep(500, undefined, { signal: opts.signal });
      }
    }
    const d = await findDomain(record.uri, name, opts.signal);
    if (d && d.state !== 'shut off') await virsh(record.uri, ['destroy', name], { signal: opts.signal, okExitCodes: [0, 1] });
  }
  return vmStatus(name, { stateRoot: root });
}

export async function restartVm(name: string, opts: StopVmOptions & { wait?: boolean } = {}): Promise<VmStatus> {
  await stopVm(name, opts);
  const status = await startVm(name, opts);
  return opts.wait ? waitReady(name, opts) : status;
}

export interface RemovedVm { name: string; keptDisk: string }

/** Stops and undefines the VM and deletes its state directory (overlay, vars, log). Never touches the built disk. */
export async function removeVm(name: string, opts: VmOpOptions = {}): Promise<RemovedVm> {
  const root = opts.stateRoot ?? vmStateRoot();
  const record = await requireVmRecord(name, root);
  await undefineDomain(record.uri, name, record.firmware === 'uefi');
  await removeVmDir(vmPaths(name, root), root);
  return { name, keptDisk: record.disk };
}
