// What shell commands in a RUN do, in the terms rules care about: package manager actions, paths written,
// paths removed. Shared by the rules so each one stays a few lines.
import { copyTarget, type ContainerfileContext, type CopyInfo, type RunInfo } from './containerfile';
import { operands, type ShellCommand, type Word } from './shell';
import { isUnder, resolvePath } from './vars';
import type { Fix, RuleFinding } from './types';

export const RPM_MANAGERS = new Set(['dnf', 'dnf5', 'dnf4', 'yum', 'microdnf', 'tdnf']);
export const APT_MANAGERS = new Set(['apt-get', 'apt']);

export interface PkgAction {
  manager: string;
  /** The action word (install, upgrade, …) */
  action: Word;
  packages: Word[];
}

const RPM_VALUE_FLAGS = new Set(['--setopt', '--repo', '--enablerepo', '--disablerepo', '--installroot', '--releasever', '-c', '--config', '--exclude', '-x', '--repofrompath', '--nogpgcheck=']);

/** `dnf -y install a b` → {manager:'dnf', action:'install', packages:[a,b]}; also apt-get, rpm-ostree. */
export function pkgAction(cmd: ShellCommand): PkgAction | undefined {
  const mgr = cmd.name;
  if (!RPM_MANAGERS.has(mgr) && !APT_MANAGERS.has(mgr) && mgr !== 'rpm-ostree') return undefined;
  const ops = operands(cmd, RPM_VALUE_FLAGS);
  if (ops.length === 0) return undefined;
  return { manager: mgr, action: ops[0], packages: ops.slice(1) };
}

export function isInstall(a: PkgAction | undefined): boolean {
  return !!a && ['install', 'groupinstall', 'reinstall', 'localinstall'].includes(a.action.text)
    || (!!a && a.action.text === 'group' && a.packages[0]?.text === 'install');
}

const WRITE_VALUE_FLAGS: Record<string, Set<string>> = {
  mkdir: new Set(['-m', '--mode', '-Z']),
  install: new Set(['-m', '--mode', '-o', '--owner', '-g', '--group', '-t', '--target-directory', '-S']),
  cp: new Set(['-t', '--target-directory']),
  mv: new Set(['-t', '--target-directory']),
  touch: new Set(['-d', '-r', '-t']),
  ln: new Set(['-t']),
  tee: new Set(),
};

/** Paths (as Words with absolute `text`) that a command creates or writes. Relative paths use `cwd`. */
export function writtenPaths(cmd: ShellCommand, cwd: string): Word[] {
  const out: Word[] = [];
  const abs = (w: Word): Word => ({ ...w, text: resolvePath(w.text, cwd) });
  for (const r of cmd.redirects) {
    if (r.target && (r.op === '>' || r.op === '>>' || r.op === '>|' || r.op === '&>' || r.op === '&>>') && r.target.text !== '/dev/null' && !r.target.text.startsWith('/dev/')) {
      out.push(abs(r.target));
    }
  }
  const flags = WRITE_VALUE_FLAGS[cmd.name];
  if (!flags) {
    if (cmd.name === 'curl' || cmd.name === 'wget') {
      const k = cmd.words.findIndex((w) => w.text === '-o' || w.text === '--output' || w.text === '-O' && cmd.name === 'wget');
      if (k > 0 && cmd.words[k + 1]) out.push(abs(cmd.words[k + 1]));
    }
    return out;
  }
  const ops = operands(cmd, flags);
  const td = cmd.words.findIndex((w) => w.text === '-t' || w.text === '--target-directory');
  if (td > 0 && cmd.words[td + 1]) {
    out.push(abs(cmd.words[td + 1]));
    return out;
  }
  switch (cmd.name) {
    case 'mkdir': case 'touch': case 'tee':
      out.push(...ops.map(abs));
      break;
    case 'install':
      if (cmd.words.some((w) => w.text === '-d' || w.text === '--directory' || /^-[a-zA-Z]*d[a-zA-Z]*$/.test(w.text))) out.push(...ops.map(abs));
      else if (ops.length >= 2) out.push(abs(ops[ops.length - 1]));
      break;
    default: // cp, mv, ln: the last operand is the target
      if (ops.length >= 2) out.push(abs(ops[ops.length - 1]));
  }
  return out;
}

/** Paths removed by `rm` in this RUN (absolute; globs kept as written). */
export function removedPaths(run: RunInfo): string[] {
  const out: string[] = [];
  for (const c of run.commands) {
    if (c.name !== 'rm' && c.name !== 'rmdir') continue;
    for (const w of operands(c)) out.push(resolvePath(w.text, run.workdir));
  }
  return out;
}

/** True when `path` is removed by an `rm` of itself, a parent, or a glob over its parent (`/var/cache/*`). */
export function isRemoved(path: string, removed: string[]): boolean {
  return removed.some((r) => {
    if (!/[*?[]/.test(r)) return isUnder(path, r);
    const parts = path.split('/');
    for (let k = 2; k <= parts.length; k++) if (globMatch(r, parts.slice(0, k).join('/'))) return true;
    return false;
  });
}

/** Compiled globs: the same few patterns are matched against every path of every RUN. */
const globCache = new Map<string, RegExp>();

function globMatch(glob: string, path: string): boolean {
  let re = globCache.get(glob);
  if (!re) {
    re = new RegExp('^' + glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '$');
    if (globCache.size > 1000) globCache.clear();
    globCache.set(glob, re);
  }
  return re.test(path);
}

/** True when a RUN --mount (cache, tmpfs, bind) covers `path`, so writes there never reach the image. */
export function isMounted(path: string, run: RunInfo): boolean {
  return run.mounts.some((m) => m.target !== undefined && isUnder(path, m.target));
}

export function finding(ctx: ContainerfileContext, w: { start: number; end: number }, message: string, fixes?: Fix[]): RuleFinding {
  return fixes && fixes.length ? { range: ctx.index.range(w.start, w.end), message, fixes } : { range: ctx.index.range(w.start, w.end), message };
}

/** Every command of the image's RUNs with its RUN. */
export function* imageCommands(ctx: ContainerfileContext): Generator<[ShellCommand, RunInfo]> {
  for (const run of ctx.runs) for (const c of run.commands) yield [c, run];
}

/** Range of an instruction's keyword (e.g. `EXPOSE`). */
export function keywordSpan(ctx: ContainerfileContext, instr: { getInstructionRange(): import('./types').Range }): { start: number; end: number } {
  const r = instr.getInstructionRange();
  return { start: ctx.index.offsetAt(r.start), end: ctx.index.offsetAt(r.end) };
}

/**
 * Which RUNs remove what, indexed once per lint so each question is answered without scanning every RUN (a file
 * of 80k RUNs asked "is this removed later?" once per RUN used to take minutes).
 */
interface RemovalIndex {
  runIndex: Map<RunInfo, number>;
  /** A removed path (no glob) → the last RUN removing it: its index and its line. */
  literal: Map<string, { index: number; line: number }>;
  /** The same for each glob as written (`/var/cache/*`); few distinct ones in practice. */
  globs: Map<string, { index: number; line: number }>;
}

const removalCache = new WeakMap<ContainerfileContext, RemovalIndex>();

function removalIndex(ctx: ContainerfileContext): RemovalIndex {
  let ix = removalCache.get(ctx);
  if (ix) return ix;
  ix = { runIndex: new Map(), literal: new Map(), globs: new Map() };
  ctx.runs.forEach((run, index) => {
    ix!.runIndex.set(run, index);
    const line = run.instruction.getRange().start.line;
    for (const r of removedPaths(run)) {
      const map = /[*?[]/.test(r) ? ix!.globs : ix!.literal;
      const seen = map.get(r);
      map.set(r, { index: Math.max(index, seen?.index ?? -1), line: Math.max(line, seen?.line ?? -1) });
    }
  });
  removalCache.set(ctx, ix);
  return ix;
}

/** The last RUN (largest index, largest line) that removes `path`, a parent of it, or a glob over a parent. */
function lastRemoval(ix: RemovalIndex, path: string): { index: number; line: number } {
  let index = -1, line = -1;
  const take = (hit: { index: number; line: number } | undefined) => {
    if (hit) { index = Math.max(index, hit.index); line = Math.max(line, hit.line); }
  };
  // isUnder(path, r): r is '/', the path itself, or the path cut at one of its slashes.
  take(ix.literal.get('/'));
  take(ix.literal.get(path));
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) take(ix.literal.get(path.slice(0, i)));
  if (ix.globs.size > 0) {
    const parts = path.split('/');
    for (const [glob, hit] of ix.globs) {
      if (hit.index <= index && hit.line <= line) continue;
      for (let k = 2; k <= parts.length; k++) if (globMatch(glob, parts.slice(0, k).join('/'))) { take(hit); break; }
    }
  }
  return { index, line };
}

/**
 * True when a path written by `run` never reaches the final image: a RUN --mount covers it, or this RUN or a
 * later RUN of the image removes it (`rm -rf /var/cache/*`, `rm -rf /tmp/x`).
 */
export function isTransient(ctx: ContainerfileContext, run: RunInfo, path: string): boolean {
  if (isMounted(path, run)) return true;
  const ix = removalIndex(ctx);
  const at = ix.runIndex.get(run);
  return at !== undefined && lastRemoval(ix, path).index >= at;
}

/** True when a RUN after `line` (an instruction's line) removes `path` from the image. */
export function isRemovedAfter(ctx: ContainerfileContext, line: number, path: string): boolean {
  return lastRemoval(removalIndex(ctx), path).line > line;
}

/** COPY/ADD destinations that stay in the image (not removed by a later RUN), one per COPY. Cached per lint. */
export function persistentCopies(ctx: ContainerfileContext): readonly { copy: CopyInfo; target: string }[] {
  let out = copiesCache.get(ctx);
  if (out) return out;
  out = [];
  for (const c of ctx.copies) {
    const line = c.instruction.getRange().start.line;
    const dest = c.dest.text.replace(/\/$/, '') || '/';
    const targets = c.heredoc ? [dest] : c.sources.map((s) => copyTarget(c, s));
    for (const target of new Set(targets)) {
      if (isRemovedAfter(ctx, line, target) || isRemovedAfter(ctx, line, dest)) continue;
      out.push({ copy: c, target });
      break;
    }
  }
  copiesCache.set(ctx, out);
  return out;
}

/** Paths an image RUN writes that stay in the image, with their command and RUN. Cached per lint. */
export function persistentWrites(ctx: ContainerfileContext): readonly { path: Word; cmd: ShellCommand; run: RunInfo }[] {
  let out = writesCache.get(ctx);
  if (out) return out;
  out = [];
  for (const run of ctx.runs) {
    for (const cmd of run.commands) {
      for (const path of writtenPaths(cmd, run.workdir)) {
        if (!isTransient(ctx, run, path.text)) out.push({ path, cmd, run });
      }
    }
  }
  writesCache.set(ctx, out);
  return out;
}

const copiesCache = new WeakMap<ContainerfileContext, { copy: CopyInfo; target: string }[]>();
const writesCache = new WeakMap<ContainerfileContext, { path: Word; cmd: ShellCommand; run: RunInfo }[]>();
