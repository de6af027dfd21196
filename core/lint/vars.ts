// $VAR / ${VAR} / ${VAR:-default} substitution in instruction arguments (FROM images, COPY paths) using the
// ARG and ENV values known at that point of the Containerfile. Unknown variables stay as written.
export function substitute(text: string, vars: ReadonlyMap<string, string>, depth = 0): string {
  if (!text.includes('$')) return text;
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-=]([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (all, braced: string | undefined, def: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare)!;
      const v = vars.get(name);
      // A value that refers to variables again (`ARG BASE="${BASE:-bazzite}"`) is resolved once more, without
      // the variable itself, so its own default applies and self-references cannot loop.
      if (v !== undefined) return v.includes('$') && depth < 4 ? substitute(v, without(vars, name), depth + 1) : v;
      return def ?? all;
    });
}

function without(vars: ReadonlyMap<string, string>, name: string): Map<string, string> {
  const m = new Map(vars);
  m.delete(name);
  return m;
}

/** Normalises an absolute path: collapses //, resolves . and .., drops a trailing slash. */
export function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop(); else parts.push(seg);
  }
  return '/' + parts.join('/');
}

/** Absolute path of `p` for a process whose working directory is `cwd`. */
export function resolvePath(p: string, cwd: string): string {
  return normalizePath(p.startsWith('/') ? p : `${cwd}/${p}`);
}

/** True when `path` is `dir` or inside it (both normalised absolute paths). */
export function isUnder(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(dir + '/');
}
