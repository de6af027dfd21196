// Reads COPY sources for the lint (kargs.d / install TOML validation) from the build context on disk.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { ContextReader } from '../core/lint/types';

/** Context files larger than this are not read (a COPY source that big is not a bootc TOML drop-in). */
const maxContextBytes = 1024 * 1024;

/**
 * Reads COPY sources from the build context, taken to be the Containerfile's directory.
 * As in a real build, a leading `/` is relative to the context, and paths that leave it (`../x`) are not readable.
 */
export function contextReader(documentPath: string | undefined): ContextReader {
  if (documentPath === undefined) return () => undefined;
  const contextDir = dirname(documentPath);
  return (relativePath) => {
    const path = resolve(contextDir, relativePath.replace(/^\/+/, ''));
    const rel = relative(contextDir, path);
    if (rel === '' || rel.split(sep)[0] === '..' || isAbsolute(rel)) return undefined;
    try {
      if (statSync(path).size > maxContextBytes) return undefined;
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
}
