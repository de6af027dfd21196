// `bootable prune`: what bootable made and nothing uses any more, with the space each frees.
//
//   disk cache entries   <cacheDir>/disks/<key>/ (core/builder/cache.ts): a VM's base.img is its own link or copy,
//                        so no VM depends on them; a file still linked elsewhere (the output directory) frees nothing
//   VM directories       a VM record whose libvirt domain is gone: its overlay, base disk, NVRAM and the host-side
//                        update repo (core/update/host-repo.ts) live there and nothing can use them any more
//   images               localhost/bootable/* (bootable's default tags), except the base image and the images
//                        VM records name; podman removes only the tag when another name shares the image
//
// Found first (a dry run by default), removed only when asked; each removal says what it freed or why it failed.
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BASE_IMAGE } from '../base/recipe';
import { IMAGE_NAMESPACE } from '../names';
import { defaultCacheDir, isAbandonedTmp } from '../builder/cache';
import { listImages } from '../podman/inspect';
import { runPodman } from '../podman/exec';
import { listDomains } from '../vm/virsh';
import { listVmRecords, removeVmDir, vmPaths, vmStateRoot } from '../vm/state-dir';
import type { VmRecord } from '../vm/types';

export type PrunableKind = 'disk-cache' | 'vm-dir' | 'image';

export interface Prunable {
  kind: PrunableKind;
  /** A path for files and directories, an image name for images. */
  target: string;
  /** Bytes freed by removing it (for images: the image's size, shared layers included). */
  bytes: number;
  why: string;
  /** For a VM directory: the VM's name. */
  vm?: string;
}

export interface PruneScope {
  cacheDir?: string;
  vmRoot?: string;
  /** Images whose name starts with this are candidates (default: bootable's own tag namespace). */
  imagePrefix?: string;
  signal?: AbortSignal;
}

/** What a tree takes on disk, and what removing it frees: files with no other hard link. */
export async function treeBytes(path: string): Promise<{ used: number; freed: number }> {
  const st = await lstat(path).catch(() => undefined);
  if (!st) return { used: 0, freed: 0 };
  if (!st.isDirectory()) return { used: st.blocks * 512, freed: st.nlink <= 1 ? st.blocks * 512 : 0 };
  const sum = { used: 0, freed: 0 };
  for (const name of await readdir(path)) {
    const b = await treeBytes(join(path, name));
    sum.used += b.used;
    sum.freed += b.freed;
  }
  return sum;
}

async function diskCacheEntries(cacheDir: string): Promise<Prunable[]> {
  const disks = join(cacheDir, 'disks');
  let names: string[];
  try { names = await readdir(disks); } catch { return []; }
  const out: Prunable[] = [];
  for (const name of names.sort()) {
    const dir = join(disks, name);
    const st = await lstat(dir);
    if (!st.isDirectory()) continue;
    const abandoned = isAbandonedTmp(name, st.mtimeMs);
    // A young temporary directory belongs to a disk build still running.
    if (name.startsWith('.') && !abandoned) continue;
    const { used, freed } = await treeBytes(dir);
    out.push({
      kind: 'disk-cache', target: dir, bytes: freed,
      why: abandoned ? 'left by an interrupted disk build'
        : freed < used / 2 ? 'cached disk; its disk is also linked from an output directory, which keeps it' : 'cached disk',
    });
  }
  return out;
}

/** The VM records, split by whether their libvirt domain still exists. */
async function vmRecordsByDomain(vmRoot: string, signal?: AbortSignal): Promise<{ live: VmRecord[]; orphans: VmRecord[] }> {
  const records = await listVmRecords(vmRoot);
  const live: VmRecord[] = [];
  const orphans: VmRecord[] = [];
  for (const uri of [...new Set(records.map((r) => r.uri))]) {
    const domains = new Set((await listDomains(uri, signal)).map((d) => d.name));
    for (const r of records.filter((x) => x.uri === uri)) (domains.has(r.name) ? live : orphans).push(r);
  }
  return { live, orphans };
}

async function orphanVmDirs(orphans: VmRecord[], vmRoot: string): Promise<Prunable[]> {
  const out: Prunable[] = [];
  for (const r of orphans) {
    const dir = vmPaths(r.name, vmRoot).dir;
    out.push({ kind: 'vm-dir', target: dir, vm: r.name, bytes: (await treeBytes(dir)).freed, why: `VM ${r.name}: libvirt (${r.uri}) no longer has it` });
  }
  return out;
}

async function unusedImages(prefix: string, live: VmRecord[]): Promise<Prunable[]> {
  const used = new Set(live.map((r) => r.image?.ref).filter((x): x is string => !!x));
  const out: Prunable[] = [];
  const seen = new Set<string>();
  // podman lists an image once per tag, each entry with all its names.
  for (const image of await listImages()) {
    for (const name of image.names) {
      if (!name.startsWith(prefix) || name === BASE_IMAGE || used.has(name) || seen.has(name)) continue;
      seen.add(name);
      const only = image.names.length === 1;
      out.push({ kind: 'image', target: name, bytes: only ? image.size : 0, why: only ? 'no VM uses it' : 'no VM uses it (a tag: the image keeps its other names)' });
    }
  }
  return out;
}

/** Everything prune would remove, removing nothing. */
export async function findPrunable(scope: PruneScope = {}): Promise<Prunable[]> {
  const vmRoot = scope.vmRoot ?? vmStateRoot();
  const { live, orphans } = await vmRecordsByDomain(vmRoot, scope.signal);
  return [
    ...await diskCacheEntries(scope.cacheDir ?? defaultCacheDir()),
    ...await orphanVmDirs(orphans, vmRoot),
    ...await unusedImages(scope.imagePrefix ?? IMAGE_NAMESPACE, live),
  ];
}

export interface PruneOutcome { item: Prunable; error?: string }

/** Removes the items one by one; a failure (an image a container uses, say) is reported and the rest goes on. */
export async function removePrunable(items: Prunable[], scope: PruneScope = {}): Promise<PruneOutcome[]> {
  const vmRoot = scope.vmRoot ?? vmStateRoot();
  const out: PruneOutcome[] = [];
  for (const item of items) {
    scope.signal?.throwIfAborted();
    try {
      if (item.kind === 'image') await runPodman(['podman', 'rmi', item.target], { signal: scope.signal });
      else if (item.kind === 'vm-dir') await removeVmDir(vmPaths(item.vm!, vmRoot), vmRoot);
      else await rm(item.target, { recursive: true, force: true });
      out.push({ item });
    } catch (err) {
      out.push({ item, error: (err as Error).message.split('\n')[0] });
    }
  }
  return out;
}
