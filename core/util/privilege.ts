// Who bootable really is on the host. Inside a user namespace (`podman unshare`, the builder's own namespace)
// the uid is 0 but nothing root-only works and files belong to the user outside: what decides qemu:///system,
// /var/lib paths or loop devices is the host uid, read from /proc/self/uid_map.
import { readFileSync } from 'node:fs';

/** One line of /proc/self/uid_map: `inside outside count`. */
interface IdRange { inside: number; outside: number; count: number }

export function parseIdMap(text: string): IdRange[] {
  return text.split('\n').map((l) => l.trim().split(/\s+/).map(Number))
    .filter((f) => f.length === 3 && f.every(Number.isFinite))
    .map(([inside, outside, count]) => ({ inside, outside, count }));
}

/** The host uid that `uid` (a uid of this process's namespace) maps to; undefined when unmapped. */
export function hostUidOf(uid: number, map: IdRange[]): number | undefined {
  const r = map.find((m) => uid >= m.inside && uid < m.inside + m.count);
  return r === undefined ? undefined : r.outside + (uid - r.inside);
}

function readUidMap(): IdRange[] | undefined {
  try { return parseIdMap(readFileSync('/proc/self/uid_map', 'utf8')); } catch { return undefined; }
}

/** This process's uid as the host sees it (process.getuid() outside any user namespace). */
export function hostUid(uid = process.getuid?.() ?? 0, map = readUidMap()): number {
  // No /proc (not Linux): the uid is all there is.
  return map ? hostUidOf(uid, map) ?? uid : uid;
}

/** Root of the host: uid 0 in the initial user namespace, so loop devices and mounts work. */
export function isHostRoot(uid = process.getuid?.() ?? 0, map = readUidMap()): boolean {
  return uid === 0 && hostUid(uid, map) === 0;
}
