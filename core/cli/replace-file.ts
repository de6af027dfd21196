// Rewriting a user's file in place (`bootable lint --fix`) without following links: the workspace may be hostile,
// and a planted symlink must not make bootable write anywhere else.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, lstatSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors';

/** Refuses what --fix must not write: a symlink, or anything but a regular file. */
export function checkReplaceable(path: string, shown = path): void {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) throw new UsageError(`${shown}: is a symbolic link; --fix does not write through links`, { hint: 'run --fix on the file it points to' });
  if (!st.isFile()) throw new UsageError(`${shown}: not a regular file`);
}

/**
 * Replaces `path` with `text` atomically: a new file with a random name beside it (O_EXCL|O_NOFOLLOW, so nothing
 * planted there is followed or reused), then a rename over the target, which keeps its mode.
 */
export function replaceFile(path: string, text: string): void {
  checkReplaceable(path);
  const mode = lstatSync(path).mode & 0o7777;
  const tmp = join(dirname(path), `.${basename(path)}.bootable-fix-${randomBytes(8).toString('hex')}`);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    try {
      writeFileSync(fd, text);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
