// `customizations.files` and `customizations.directories`, checked as bootc-image-builder checks them for bootc
// disks (osbuild/blueprint fsnode customizations + osbuild/images' ostree path policies): clean absolute paths,
// octal modes, user/group as a name or an id, no duplicates, no file that is the parent of another node; files
// only under /etc, /root, /usr/local/bin, /usr/local/sbin (never /etc/fstab, shadow, passwd, group); directories
// only under /etc. The paths are resolved in the built tree by tree-path.ts when they are written.
import { posix } from 'node:path';
import type { Checker, Obj } from './check';
import type { ConfigDirectory, ConfigFile, ConfigOwner } from './types';

type PathPolicy = Record<string, { deny?: boolean; exact?: boolean }>;

/** osbuild/images' OstreeCustomFilesPolicies. */
const filePolicy: PathPolicy = {
  '/': { deny: true }, '/etc': {}, '/root': {}, '/usr/local/bin': {}, '/usr/local/sbin': {},
  '/etc/fstab': { deny: true }, '/etc/shadow': { deny: true }, '/etc/passwd': { deny: true }, '/etc/group': { deny: true },
};
/** osbuild/images' OstreeCustomDirectoriesPolicies. */
const directoryPolicy: PathPolicy = { '/': { deny: true }, '/etc': {} };

/** The most specific policy entry decides, as osbuild's path trie does. */
export function pathAllowed(path: string, policy: PathPolicy): boolean {
  let best = '/';
  for (const p of Object.keys(policy)) {
    if ((path === p || path.startsWith(p === '/' ? '/' : p + '/')) && p.length > best.length) best = p;
  }
  const rule = policy[best];
  return !rule.deny && !(rule.exact && path !== best);
}

const userNameRe = /^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,31}$/;
const groupNameRe = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,31}$/;

function nodePath(c: Checker, o: Obj, path: string): string {
  if (o.path === undefined) c.fail(`${path}.path`, 'required');
  const p = c.str(o.path, `${path}.path`);
  if (!p.startsWith('/')) c.fail(`${path}.path`, `"${p.slice(0, 80)}" must be absolute`);
  if (p.length > 1 && p.endsWith('/')) c.fail(`${path}.path`, `"${p.slice(0, 80)}" must not end with a slash`);
  if (p !== posix.normalize(p) || /[\0\n]/.test(p)) c.fail(`${path}.path`, `"${p.slice(0, 80)}" must be canonical (no "..", "." or "//")`);
  return p;
}

function mode(c: Checker, v: unknown, path: string): number | undefined {
  if (v === undefined) return undefined;
  const m = c.str(v, path);
  if (!/^0?[0-7]{3}$/.test(m)) c.fail(path, `invalid mode "${m.slice(0, 20)}": must be an octal number as a string, e.g. "0644"`);
  return parseInt(m, 8);
}

function owner(c: Checker, v: unknown, path: string, re: RegExp, what: 'user' | 'group'): ConfigOwner | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') {
    if (!re.test(v)) c.fail(path, `${what} name "${v.slice(0, 40)}" is not valid (letters, digits, _ . -, at most 32)`);
    return v;
  }
  return c.int(v, path);
}

export function validateFiles(c: Checker, raw: unknown, prefix: string): ConfigFile[] {
  return c.items(raw, prefix, (f, path) => {
    const o = c.obj(f, path);
    c.onlyKeys(o, path, ['path', 'data', 'uri', 'mode', 'user', 'group']);
    const p = c.part(() => nodePath(c, o, path));
    if (o.uri !== undefined) {
      c.part(() => {
        c.str(o.uri, `${path}.uri`);
        if (o.data !== undefined) c.fail(`${path}.uri`, 'cannot specify both data and uri');
        c.fail(`${path}.uri`, 'not supported by bootable: a file:// URI would copy a file of the building machine into the disk; put the content in "data"');
      });
    }
    const data = o.data === undefined ? '' : c.part(() => c.str(o.data, `${path}.data`));
    const file = {
      path: p!, data: data!, mode: c.part(() => mode(c, o.mode, `${path}.mode`)),
      user: c.part(() => owner(c, o.user, `${path}.user`, userNameRe, 'user')), group: c.part(() => owner(c, o.group, `${path}.group`, groupNameRe, 'group')),
    };
    return p === undefined || data === undefined ? c.skip() : file;
  });
}

export function validateDirectories(c: Checker, raw: unknown, prefix: string): ConfigDirectory[] {
  return c.items(raw, prefix, (d, path) => {
    const o = c.obj(d, path);
    c.onlyKeys(o, path, ['path', 'mode', 'user', 'group', 'ensure_parents']);
    const p = c.part(() => nodePath(c, o, path));
    const dir = {
      path: p!, mode: c.part(() => mode(c, o.mode, `${path}.mode`)),
      user: c.part(() => owner(c, o.user, `${path}.user`, userNameRe, 'user')), group: c.part(() => owner(c, o.group, `${path}.group`, groupNameRe, 'group')),
      ensureParents: o.ensure_parents === undefined ? false : c.part(() => c.bool(o.ensure_parents, `${path}.ensure_parents`)) ?? false,
    };
    return p === undefined ? c.skip() : dir;
  });
}

/** Policies, then duplicates, then files that would be parents of other nodes: every problem of a kind at once. */
export function checkFsNodes(c: Checker, files: ConfigFile[], dirs: ConfigDirectory[], prefix: string): void {
  const before = c.problems.length;
  dirs.forEach((d, i) => {
    if (!pathAllowed(d.path, directoryPolicy)) c.report(`${prefix}.directories[${i}].path`, `path "${d.path}" is not allowed (directories only under /etc on bootc disks)`);
  });
  files.forEach((f, i) => {
    if (!pathAllowed(f.path, filePolicy)) {
      c.report(`${prefix}.files[${i}].path`, `path "${f.path}" is not allowed (files only under /etc, /root, /usr/local/bin, /usr/local/sbin on bootc disks; never /etc/fstab, shadow, passwd, group)`);
    }
  });
  if (c.problems.length > before) return;
  const nodes = [
    ...dirs.map((d, i) => ({ path: d.path, key: `${prefix}.directories[${i}].path`, file: false })),
    ...files.map((f, i) => ({ path: f.path, key: `${prefix}.files[${i}].path`, file: true })),
  ];
  const seen = new Map<string, boolean>();
  for (const n of nodes) {
    if (seen.has(n.path)) c.report(n.key, `duplicate files / directories path "${n.path}"`);
    seen.set(n.path, n.file);
  }
  if (c.problems.length > before) return;
  for (const n of nodes) {
    for (let parent = posix.dirname(n.path); parent !== '/'; parent = posix.dirname(parent)) {
      if (seen.get(parent) === true) c.report(n.key, `"${n.path}" is inside "${parent}", which is a file in customizations.files`);
    }
  }
}
