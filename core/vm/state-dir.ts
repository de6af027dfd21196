// Where each VM's files live: <root>/<name>/{base.img, overlay.qcow2, nvram.fd, serial.log, domain.xml, vm.json}.
// Root: BOOTABLE_VM_DIR, else /var/lib/bootable/vms as root (qemu:///system runs qemu as libvirt-qemu, which
// must be able to reach the files; /root is not traversable), else $XDG_DATA_HOME/bootable/vms. Root means the
// host's root: uid 0 inside a user namespace cannot write /var/lib.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { checkVmName } from './names';
import { hostUid } from '../util/privilege';
import type { VmRecord } from './types';

export function vmStateRoot(env: NodeJS.ProcessEnv = process.env, uid = hostUid()): string {
  if (env.BOOTABLE_VM_DIR) return resolve(env.BOOTABLE_VM_DIR);
  if (uid === 0) return '/var/lib/bootable/vms';
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'bootable', 'vms');
}

export interface VmPaths { dir: string; base: string; overlay: string; nvram: string; serialLog: string; domainXml: string; record: string }

export function vmPaths(name: string, root = vmStateRoot()): VmPaths {
  const dir = join(root, checkVmName(name));
  return {
    dir,
    /** The built disk, linked or copied (base-disk.ts): the overlay's backing file. */
    base: join(dir, 'base.img'),
    overlay: join(dir, 'overlay.qcow2'),
    nvram: join(dir, 'nvram.fd'),
    serialLog: join(dir, 'serial.log'),
    domainXml: join(dir, 'domain.xml'),
    record: join(dir, 'vm.json'),
  };
}

/** Creates the VM's directory; fails if it exists (a name is one VM). 0711: qemu may traverse, others not list. */
export async function createVmDir(paths: VmPaths): Promise<void> {
  await mkdir(resolve(paths.dir, '..'), { recursive: true, mode: 0o711 });
  await mkdir(paths.dir, { mode: 0o711 });
}

export async function removeVmDir(paths: VmPaths, root = vmStateRoot()): Promise<void> {
  // Defence in depth: only ever delete a direct child of the state root.
  if (resolve(paths.dir, '..') !== resolve(root) || !resolve(paths.dir).startsWith(resolve(root) + sep)) {
    throw new Error(`refusing to remove ${paths.dir}: not a VM directory under ${root}`);
  }
  await rm(paths.dir, { recursive: true, force: true });
}

export async function readVmRecord(name: string, root = vmStateRoot()): Promise<VmRecord | undefined> {
  try {
    return JSON.parse(await readFile(vmPaths(name, root).record, 'utf8')) as VmRecord;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Written to a temporary file and renamed, so a reader never sees half a record. */
export async function writeVmRecord(record: VmRecord, root = vmStateRoot()): Promise<void> {
  const path = vmPaths(record.name, root).record;
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, path);
}

export async function listVmRecords(root = vmStateRoot()): Promise<VmRecord[]> {
  let names: string[];
  try { names = await readdir(root); } catch { return []; }
  const out: VmRecord[] = [];
  for (const n of names.sort()) {
    try {
      const r = await readVmRecord(n, root);
      if (r) out.push(r);
    } catch { /* not a VM directory, or a half-created one: skip */ }
  }
  return out;
}
