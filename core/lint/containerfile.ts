// The shared understanding of a Containerfile, built once per lint and handed to every rule:
// stages (which one becomes the OS image, and which earlier stages it is built FROM), ARG/ENV values,
// WORKDIR, and every RUN split into shell commands and every COPY/ADD with resolved destinations.
import { Add, Arg, Copy, DockerfileParser, Env, From, Label, Run, Workdir } from 'dockerfile-ast';
import type { Dockerfile, Instruction } from 'dockerfile-ast';
import { parseShell, type ShellCommand, type Word } from './shell';
import { TextIndex } from './text';
import { normalizePath, resolvePath, substitute } from './vars';
import type { ContextReader } from './types';

export interface Stage {
  index: number;
  from: From;
  /** `AS name`, lower-cased. */
  name?: string;
  /** The FROM image with known ARGs substituted. */
  image: string;
  /** The earlier stage this one is built FROM, if any. */
  parent?: Stage;
  instructions: Instruction[];
}

export interface Mount { type: string; target?: string; from?: string; source?: string }

export interface RunInfo {
  instruction: Run;
  stage: Stage;
  commands: ShellCommand[];
  mounts: Mount[];
  execForm: boolean;
  workdir: string;
}

export interface CopyInfo {
  instruction: Copy | Add;
  keyword: 'COPY' | 'ADD';
  stage: Stage;
  sources: Word[];
  /** Destination as written (offsets) with `text` = the resolved absolute path. */
  dest: Word;
  /** Destination is a directory (ends in '/' or several sources). */
  destIsDir: boolean;
  /** --from=… value: the source is another stage or image, not the build context. */
  from?: string;
  heredoc: boolean;
}

export interface ContainerfileContext {
  text: string;
  dockerfile: Dockerfile;
  readContext: ContextReader;
  index: TextIndex;
  stages: Stage[];
  /** The stage that becomes the OS image (the last one). */
  final?: Stage;
  /** The final stage and the stages it is built FROM: their instructions all end up in the image. */
  imageStages: Stage[];
  /** RUN / COPY+ADD instructions of imageStages, in document order. */
  runs: RunInfo[];
  copies: CopyInfo[];
  /** Instructions of imageStages (not FROM), in document order. */
  imageInstructions: Instruction[];
  /** LABELs of imageStages: key → value. */
  labels: Map<string, string>;
  globalArgs: Map<string, string>;
}

const noContext: ContextReader = () => undefined;

export function buildContext(text: string, readContext: ContextReader = noContext, dockerfile?: Dockerfile): ContainerfileContext {
  const df = dockerfile ?? DockerfileParser.parse(text);
  const index = new TextIndex(text);
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instr of df.getInstructions()) {
    if (instr instanceof From) {
      const image = substitute(instr.getImage() ?? '', globalArgs);
      const name = instr.getBuildStage()?.toLowerCase() || undefined;
      const parent = stages.find((s) => s.name !== undefined && s.name === image.toLowerCase());
      stages.push({ index: stages.length, from: instr, name, image, parent, instructions: [] });
    } else if (stages.length === 0) {
      if (instr instanceof Arg) {
        const p = instr.getProperty();
        if (p && p.getValue() !== null) globalArgs.set(p.getName(), p.getValue()!);
      }
    } else {
      stages[stages.length - 1].instructions.push(instr);
    }
  }
  const final = stages[stages.length - 1];
  const imageStages: Stage[] = [];
  for (let s: Stage | undefined = final; s && !imageStages.includes(s); s = s.parent) imageStages.unshift(s);

  const ctx: ContainerfileContext = {
    text, dockerfile: df, readContext, index, stages, final, imageStages,
    runs: [], copies: [], imageInstructions: [], labels: new Map(), globalArgs,
  };
  const vars = new Map<string, string>();
  const escape = df.getEscapeCharacter();
  let workdir = '/';
  for (const stage of imageStages) {
    for (const instr of stage.instructions) {
      ctx.imageInstructions.push(instr);
      if (instr instanceof Arg) {
        const p = instr.getProperty();
        if (p) {
          const v = p.getValue() ?? globalArgs.get(p.getName());
          if (v !== undefined && v !== null) vars.set(p.getName(), substitute(v, vars));
        }
      } else if (instr instanceof Env) {
        for (const p of instr.getProperties()) vars.set(p.getName(), substitute(p.getValue() ?? '', vars));
      } else if (instr instanceof Label) {
        for (const p of instr.getProperties()) ctx.labels.set(p.getName().replace(/^"|"$/g, ''), p.getValue() ?? '');
      } else if (instr instanceof Workdir) {
        const a = readArgs(text, instr, index, escape).words[0];
        if (a) workdir = resolvePath(substitute(a.text, vars), workdir);
      } else if (instr instanceof Run) {
        ctx.runs.push(readRun(instr, stage, new Map(vars), workdir, index, text, escape));
      } else if (instr instanceof Copy || instr instanceof Add) {
        const c = readCopy(instr, stage, vars, workdir, index, text, escape);
        if (c) ctx.copies.push(c);
      }
    }
  }
  return ctx;
}

interface Flag { name: string; value: string }

/**
 * The words of an instruction's first logical line after the keyword, split into leading `--flags` and
 * arguments, plus the joined text from the first argument on (read directly: dockerfile-ast's getArguments()
 * re-tokenises on every call and dominated lint time).
 */
function readArgs(text: string, instr: Instruction, index: TextIndex, escape: string) {
  const start = index.offsetAt(instr.getInstructionRange().end);
  const end = index.offsetAt(instr.getRange().end);
  const { src, map } = joinContinuations(text, start, end, escape);
  const nl = src.indexOf('\n');
  const lineEnd = nl < 0 ? src.length : nl;
  const flags: Flag[] = [];
  const words: Word[] = [];
  let argsAt = lineEnd;
  const re = /[^ \t\r]+/g;
  re.lastIndex = 0;
  for (let m = re.exec(src); m && m.index < lineEnd; m = re.exec(src)) {
    const w = m[0].slice(0, Math.max(0, lineEnd - m.index));
    if (words.length === 0 && w.startsWith('--')) {
      const eq = w.indexOf('=');
      flags.push({ name: (eq < 0 ? w.slice(2) : w.slice(2, eq)).toLowerCase(), value: eq < 0 ? '' : w.slice(eq + 1) });
      continue;
    }
    if (words.length === 0) argsAt = m.index;
    words.push({ text: w.replace(/^(["'])(.*)\1$/, '$2'), start: map[m.index], end: map[m.index + w.length - 1] + 1 });
  }
  return { flags, words, src: src.slice(argsAt), map: map.slice(argsAt), start: map[argsAt] ?? end, end };
}

function readRun(instr: Run, stage: Stage, vars: Map<string, string>, workdir: string, index: TextIndex, text: string, escape: string): RunInfo {
  const args = readArgs(text, instr, index, escape);
  const mounts: Mount[] = [];
  for (const f of args.flags) {
    if (f.name !== 'mount') continue;
    const m: Mount = { type: 'bind' };
    for (const o of f.value.split(',')) {
      const eq = o.indexOf('=');
      const k = (eq < 0 ? o : o.slice(0, eq)).toLowerCase(), v = eq < 0 ? '' : o.slice(eq + 1);
      if (k === 'type') m.type = v;
      else if (k === 'target' || k === 'dst' || k === 'destination') m.target = normalizePath(substitute(v, vars));
      else if (k === 'from') m.from = v;
      else if (k === 'source' || k === 'src') m.source = v;
    }
    mounts.push(m);
  }
  const info: RunInfo = { instruction: instr, stage, commands: [], mounts, execForm: false, workdir };
  if (args.words.length === 0 && !args.src.trim()) return info;
  if (args.src.startsWith('[')) {
    const words = execWords(text, args.start, args.end);
    if (words) {
      info.execForm = true;
      // Exec form: argv as given; `["sh","-c","…"]` is read as a script.
      if (words.length >= 3 && /(^|\/)(ba)?sh$/.test(words[0].text) && words[1].text === '-c') {
        const script = words[2];
        const map = Array.from({ length: script.text.length + 1 }, (_, k) => script.start + Math.min(k, script.end - script.start - 1));
        info.commands = parseShell(script.text, map, vars);
      } else if (words.length) {
        info.commands = [{ words, name: words[0].text.slice(words[0].text.lastIndexOf('/') + 1), redirects: [], start: words[0].start, end: words[words.length - 1].end }];
      }
      return info;
    }
  }
  info.commands = parseShell(args.src, args.map, vars);
  return info;
}

/**
 * The text a shell would see for a RUN: the first line with Dockerfile line continuations joined
 * (comment and blank lines inside a continuation dropped), followed by the raw heredoc bodies.
 */
export function joinContinuations(text: string, start: number, end: number, escape: string): { src: string; map: number[] } {
  let src = '';
  const map: number[] = [];
  let i = start;
  let firstLine = true;
  while (i < end) {
    const c = text[i];
    if (firstLine && c === escape) {
      // escape + optional spaces + newline = continuation
      let j = i + 1;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '\r') j++;
      if (j >= end || text[j] === '\n') {
        i = j + 1;
        // Drop comment lines and empty lines inside the continuation (Docker does the same).
        for (;;) {
          let k = i;
          while (k < end && (text[k] === ' ' || text[k] === '\t')) k++;
          if (k < end && (text[k] === '#' || text[k] === '\n' || text[k] === '\r')) {
            const nl = text.indexOf('\n', k);
            if (nl < 0 || nl >= end) { i = end; break; }
            i = nl + 1;
          } else break;
        }
        continue;
      }
      // An escaped character: keep both, the shell reader handles it.
      src += c; map.push(i);
      if (i + 1 < end) { src += text[i + 1]; map.push(i + 1); }
      i += 2;
      continue;
    }
    if (c === '\n') firstLine = false;
    src += c;
    map.push(i);
    i++;
  }
  map.push(end);
  return { src, map };
}

function execWords(text: string, start: number, end: number): Word[] | undefined {
  const raw = text.slice(start, end);
  try {
    const v = JSON.parse(raw.replace(/\\\r?\n/g, ''));
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return undefined;
  } catch {
    return undefined;
  }
  const words: Word[] = [];
  const re = /"((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    let value: string;
    try { value = JSON.parse(m[0]) as string; } catch { value = m[1]; }
    words.push({ text: value, start: start + m.index, end: start + m.index + m[0].length });
  }
  return words;
}

/** Directories every base image has: `COPY x /tmp` copies into them even without a trailing slash. */
const KNOWN_DIRS = new Set(['/', '/tmp', '/run', '/var/tmp', '/etc', '/usr', '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/share',
  '/usr/local/bin', '/opt', '/srv', '/root', '/var', '/var/lib', '/boot', '/etc/yum.repos.d', '/etc/systemd/system', '/usr/lib/systemd/system']);

function readCopy(instr: Copy | Add, stage: Stage, vars: Map<string, string>, workdir: string, index: TextIndex, text: string, escape: string): CopyInfo | undefined {
  const keyword = instr instanceof Add ? 'ADD' : 'COPY';
  const args = readArgs(text, instr, index, escape);
  const from = args.flags.find((f) => f.name === 'from')?.value || undefined;
  if (args.words.length === 0) return undefined;
  const heredoc = args.words[0].text.startsWith('<<');
  const exec = args.src.startsWith('[') ? execWords(text, args.start, args.end) : undefined;
  const words = exec ?? args.words;
  if (words.length < 2) return undefined;
  const last = words[words.length - 1];
  const written = substitute(last.text, vars);
  const sources = words.slice(0, -1).map((w) => ({ ...w, text: substitute(w.text, vars) }));
  return {
    instruction: instr,
    keyword,
    stage,
    sources,
    dest: { ...last, text: resolvePath(written, workdir) + (written.endsWith('/') && written !== '/' ? '/' : '') },
    destIsDir: written.endsWith('/') || sources.length > 1 || KNOWN_DIRS.has(resolvePath(written, workdir)),
    from,
    heredoc,
  };
}

/** Where a COPY puts one of its sources (dest/basename for directory destinations). */
export function copyTarget(c: CopyInfo, source: Word): string {
  const dest = c.dest.text.replace(/\/$/, '') || '/';
  if (!c.destIsDir) return dest;
  const base = source.text.replace(/\/+$/, '').split('/').pop() ?? '';
  return normalizePath(`${dest}/${base}`);
}
