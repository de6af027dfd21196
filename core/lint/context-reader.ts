// Reads COPY sources from the build context (the Containerfile's directory) for the rules that validate them
// (kargs.d / install TOML). As in a real build, a leading `/` is relative to the context, paths that leave it
// (`../x`) are not readable, and only regular files up to 1 MiB are read.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { ContextReader } from './types';

const maxContextBytes = 1024 * 1024;

export function contextReader(contextDir: string): ContextReader {
  const root = resolve(contextDir);
  return (relativePath) => {
    const path = resolve(root, relativePath.replace(/^\/+/, ''));
    const rel = relative(root, path);
    if (rel === '' || rel.split(sep)[0] === '..' || isAbsolute(rel)) return undefined;
    try {
      const st = statSync(path);
      return st.isFile() && st.size <= maxContextBytes ? readFileSync(path, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
}
