// Where system tools live. sgdisk, mkfs.*, losetup, debugfs… are in /usr/sbin, which Debian leaves off a normal
// user's PATH although a user may run them on files. bootable looks there too, after the user's own PATH.
import { access, constants } from 'node:fs/promises';

export const SBIN_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'] as const;

/** PATH with the sbin directories appended when missing (the user's own directories keep precedence). */
export function pathWithSbin(path = process.env.PATH ?? ''): string {
  const dirs = path.split(':').filter(Boolean);
  for (const d of SBIN_DIRS) if (!dirs.includes(d)) dirs.push(d);
  return dirs.join(':');
}

/** The full path of an executable `name` on PATH or in the sbin directories; undefined when absent. */
export async function findTool(name: string, path = process.env.PATH ?? ''): Promise<string | undefined> {
  for (const d of pathWithSbin(path).split(':')) {
    try { await access(`${d}/${name}`, constants.X_OK); return `${d}/${name}`; } catch { /* next */ }
  }
  return undefined;
}
