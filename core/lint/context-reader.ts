// Reads COPY sources from the build context (the Containerfile's directory) for the rules that validate them
// (kargs.d / install TOML). As in a real build, a leading `/` is relative to the context, paths that leave it
// (`../x`, or a symlink pointing out) are not readable, and only regular files up to 1 MiB are read.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { ContextReader } from './types';

const maxContextBytes = 1024 * 1024;

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel !== '' && rel.split(sep)[0] !== '..' && !isAbsolute(rel);
};

export function contextReader(contextDir: string): ContextReader {
  const root = resolve(contextDir);
  return (relativePath) => {
    const path = resolve(root, relativePath.replace(/^\/+/, ''));
    if (!inside(root, path)) return undefined;
    try {
      const real = realpathSync(path);
      if (!inside(realpathSync(root), real)) return undefined;
      const st = statSync(real);
      return st.isFile() && st.size <= maxContextBytes ? readFileSync(real, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
}
