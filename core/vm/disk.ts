// The built disk and the per-VM overlay on top of it (the disk itself is only ever read).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../util/process';

const QEMU_IMG_HINT = 'install qemu-utils: apt-get install qemu-utils';

export interface DiskInfo { format: string; virtualSize: number; backingFile?: string }

export function parseQemuImgInfo(json: string): DiskInfo {
  const raw = JSON.parse(json) as { format?: string; 'virtual-size'?: number; 'backing-filename'?: string };
  if (!raw.format) throw new Error('qemu-img info: no format in output');
  return { format: raw.format, virtualSize: raw['virtual-size'] ?? 0, backingFile: raw['backing-filename'] };
}

export async function diskInfo(path: string, signal?: AbortSignal): Promise<DiskInfo> {
  const r = await run(['qemu-img', 'info', '--output=json', path], { signal, timeoutMs: 60_000, installHint: QEMU_IMG_HINT });
  return parseQemuImgInfo(r.stdout);
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
