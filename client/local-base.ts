// Which line of a Containerfile builds FROM bootable's local base image (the editor offers to build that image
// while podman does not have it). Pure: tested without VS Code.
import { BASE_IMAGE } from '../core/base/recipe';
import { repository } from '../core/lint/base-image';

/** 0-based line of the first FROM of the local base image (localhost/bootable/debian-bootc), or undefined. */
export function localBaseFromLine(text: string): number | undefined {
  const base = repository(BASE_IMAGE);
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => {
    const m = /^\s*FROM\s+(?:--\S+\s+)*(\S+)/i.exec(l);
    return m !== null && repository(m[1]!) === base;
  });
  return i < 0 ? undefined : i;
}
