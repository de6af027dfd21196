// The built disk and the per-VM overlay on top of it (the disk itself is only ever read).
import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { UsageError } from '../errors';
import { run } from '../util/process';

const QEMU_IMG_HINT = 'install qemu-utils: apt-get install qemu-utils';

export interface DiskInfo {
  format: string;
  virtualSize: number;
  backingFile?: string;
  /** The backing file as qemu resolves it (relative names against the image's directory). */
  fullBackingFile?: string;
  /** qcow2's external data file: the guest reads that file's bytes. */
  dataFile?: string;
}

interface QemuImgInfo {
  format?: string; 'virtual-size'?: number; 'backing-filename'?: string; 'full-backing-filename'?: string; filename?: string;
  'format-specific'?: { data?: { 'data-file'?: string } };
}

function infoOf(raw: QemuImgInfo): DiskInfo {
  if (!raw.format) throw new Error('qemu-img info: no format in output');
  const info: DiskInfo = { format: raw.format, virtualSize: raw['virtual-size'] ?? 0, backingFile: raw['backing-filename'] };
  if (raw['full-backing-filename']) info.fullBackingFile = raw['full-backing-filename'];
  const dataFile = raw['format-specific']?.data?.['data-file'];
  if (dataFile) info.dataFile = dataFile;
  return info;
}

export function parseQemuImgInfo(json: string): DiskInfo {
  return infoOf(JSON.parse(json) as QemuImgInfo);
}

export async function diskInfo(path: string, signal?: AbortSignal): Promise<DiskInfo> {
  const r = await run(['qemu-img', 'info', '--output=json', path], { signal, timeoutMs: 60_000, installHint: QEMU_IMG_HINT });
  return parseQemuImgInfo(r.stdout);
}

/**
 * A disk from a repository is hostile: a qcow2 can name any host file as its backing file or external data file,
 * and the VM would then read that file (its bytes become the guest's disk). Backing files are allowed only
 * inside the disk's own directory (after resolving links), data files never; `allowBackingFiles` lifts both.
 */
export async function checkDiskChain(disk: string, allowBackingFiles = false, signal?: AbortSignal): Promise<void> {
  if (allowBackingFiles) return;
  const r = await run(['qemu-img', 'info', '--backing-chain', '--output=json', disk], { signal, timeoutMs: 60_000, installHint: QEMU_IMG_HINT });
  const raw = JSON.parse(r.stdout) as QemuImgInfo | QemuImgInfo[];
  const chain = (Array.isArray(raw) ? raw : [raw]).map(infoOf);
  const home = await realpath(dirname(resolve(disk)));
  const refuse = (what: string) => new UsageError(`${disk} ${what}: refused`, {
    hint: 'a disk image can make the VM read any file of this machine; use a self-contained disk (qemu-img convert -O qcow2), '
      + 'or pass --allow-backing-file if you trust it',
  });
  for (const info of chain) {
    if (info.dataFile) throw refuse(`has an external data file (${info.dataFile})`);
    if (!info.backingFile) continue;
    const full = info.fullBackingFile ?? info.backingFile;
    // Protocols (nbd:, http:, json:{…}) are never "in the disk's directory".
    if (!full.startsWith('/')) throw refuse(`has a backing file that is not a local path (${info.backingFile})`);
    const real = await realpath(full).catch(() => full);
    if (!real.startsWith(home + sep)) throw refuse(`has a backing file outside its own directory (${info.backingFile} -> ${real})`);
  }
}

/** `qemu-img create` of a qcow2 overlay whose backing file is the (absolute) disk path. */
export function overlayArgv(disk: string, diskFormat: string, overlay: string): string[] {
  return ['qemu-img', 'create', '-q', '-f', 'qcow2', '-b', disk, '-F', diskFormat, overlay];
}

export async function createOverlay(disk: string, diskFormat: string, overlay: string, signal?: AbortSignal): Promise<void> {
  await run(overlayArgv(disk, diskFormat, overlay), { signal, timeoutMs: 60_000, installHint: QEMU_IMG_HINT });
}

/** The first `bytes` of the disk's guest view (any image format), for partition-table inspection. */
export async function readDiskHead(disk: string, format: string, bytes = 1024 * 1024, signal?: AbortSignal): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'bootable-vm-head-'));
  try {
    const out = join(dir, 'head.raw');
    await run(['qemu-img', 'dd', '-f', format, '-O', 'raw', 'bs=512', `count=${Math.ceil(bytes / 512)}`, `if=${disk}`, `of=${out}`],
      { signal, timeoutMs: 60_000, installHint: QEMU_IMG_HINT });
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
