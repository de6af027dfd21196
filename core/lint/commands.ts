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

/** The span of a command's first `n` words (e.g. `dnf install`), for precise ranges. */
export function wordsSpan(cmd: ShellCommand, from: number, to: number): { start: number; end: number } {
  const a = cmd.words[Math.min(from, cmd.words.length - 1)];
  const b = cmd.words[Math.min(to, cmd.words.length - 1)];
  return { start: a.start, end: Math.max(a.end, b.end) };
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

const removalCache = new WeakMap<ContainerfileContext, string[][]>();

/**
 * True when a path written by `run` never reaches the final image: a RUN --mount covers it, or this RUN or a
 * later RUN of the image removes it (`rm -rf /var/cache/*`, `rm -rf /tmp/x`).
 */
export function isTransient(ctx: ContainerfileContext, run: RunInfo, path: string): boolean {
  if (isMounted(path, run)) return true;
  let removals = removalCache.get(ctx);
  if (!removals) {
    removals = ctx.runs.map(removedPaths);
    removalCache.set(ctx, removals);
  }
  for (let k = ctx.runs.indexOf(run); k >= 0 && k < removals.length; k++) if (isRemoved(path, removals[k])) return true;
  return false;
}

/** True when a RUN after `line` (an instruction's line) removes `path` from the image. */
export function isRemovedAfter(ctx: ContainerfileContext, line: number, path: string): boolean {
  let removals = removalCache.get(ctx);
  if (!removals) {
    removals = ctx.runs.map(removedPaths);
    removalCache.set(ctx, removals);
  }
  for (let k = 0; k < ctx.runs.length; k++) {
    if (ctx.runs[k].instruction.getRange().start.line > line && isRemoved(path, removals[k])) return true;
  }
  return false;
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
