// A small POSIX-shell reader for RUN instructions: splits a script into simple commands with their words,
// redirections and heredoc bodies, each word carrying its document offsets so findings underline exactly it.
// It understands quotes, escapes, line continuations, `&& || ; |`, heredocs (`RUN <<EOF` scripts and
// `cat <<EOF > file` data), `sh -c '…'` and $VAR/${VAR} substitution of known ARG/ENV values.
// It is not a full shell parser: control flow keywords are skipped; $(…) stays text in its word, and the commands
// inside it are read too (they run before the command that uses them), marked nested.

export interface Word {
  /** The value after quote removal and substitution of known variables. */
  text: string;
  start: number;
  end: number;
}

export interface Redirect { op: string; target?: Word }

export interface Separator { op: string; start: number; end: number }

export interface ShellCommand {
  /** argv, without leading assignments and wrappers such as sudo/env. */
  words: Word[];
  /** basename of argv[0] ('' when there is none). */
  name: string;
  redirects: Redirect[];
  /** Body of a data heredoc fed to this command (`cat <<EOF > /etc/x`). */
  heredocBody?: string;
  start: number;
  end: number;
  before?: Separator;
  after?: Separator;
  /** Came from inside `sh -c '…'`: offsets only approximate the source. */
  nested?: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash']);
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time']);
const WRAPPERS = new Set(['sudo', 'env', 'command', 'exec', 'nohup', 'nice', 'doas']);
const NAME_RE = /[A-Za-z_][A-Za-z0-9_]*/y;

interface Marker { delim: string; strip: boolean; cmd: Pending }
interface Pending { words: Word[]; redirects: Redirect[]; markers: Marker[]; before?: Separator; after?: Separator; heredocBody?: string; script?: boolean }

/**
 * Reads `src`, where `map[i]` is the document offset of src[i] (map has src.length + 1 entries).
 * `vars` holds known variable values for substitution.
 */
export function parseShell(src: string, map: ArrayLike<number>, vars: ReadonlyMap<string, string>, depth = 0): ShellCommand[] {
  const out: ShellCommand[] = [];
  const n = src.length;
  let i = 0;
  let cur: Pending = fresh();
  let pendingSep: Separator | undefined;
  let markers: Marker[] = [];

  function fresh(): Pending { return { words: [], redirects: [], markers: [], before: undefined }; }
  const off = (k: number) => map[Math.min(k, n)];

  function end(sep?: Separator) {
    if (cur.words.length || cur.redirects.length || cur.markers.length) {
      cur.before = pendingSep;
      cur.after = sep;
      emit(cur);
      pendingSep = sep;
    } else if (sep && sep.op !== '\n') {
      pendingSep = pendingSep ?? sep;
    }
    cur = fresh();
  }

  // Commands are emitted when complete; a script-like heredoc command is replaced by its body's commands later.
  const order: (Pending | ShellCommand[])[] = [];
  function emit(p: Pending) {
    if (subs.length) {
      order.push(subs);
      subs = [];
    }
    order.push(p);
  }
  // Commands read from `$(…)` in the words of the command being read.
  let subs: ShellCommand[] = [];

  function readWord(): Word | undefined {
    const startIdx = i;
    let text = '';
    while (i < n) {
      const c = src[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '&' || c === '|' || c === ';' || c === '<' || c === '>' || c === '(' || c === ')') break;
      if (c === '\\') {
        if (src[i + 1] === '\n') { i += 2; continue; }
        text += src[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (c === "'") {
        let j = src.indexOf("'", i + 1);
        if (j < 0) j = n;
        text += src.slice(i + 1, j);
        i = j + 1;
        continue;
      }
      if (c === '"') {
        i++;
        while (i < n && src[i] !== '"') {
          if (src[i] === '\\' && i + 1 < n && '"\\$`\n'.includes(src[i + 1])) {
            if (src[i + 1] !== '\n') text += src[i + 1];
            i += 2;
          } else if (src[i] === '$') {
            text += expand();
          } else {
            text += src[i++];
          }
        }
        i++;
        continue;
      }
      if (c === '$') { text += expand(); continue; }
      if (c === '`') {
        let j = src.indexOf('`', i + 1);
        if (j < 0) j = n - 1;
        text += src.slice(i, j + 1);
        i = j + 1;
        continue;
      }
      text += c;
      i++;
    }
    if (i === startIdx) return undefined;
    return { text, start: off(startIdx), end: map[Math.min(i, n) - 1] + 1 };
  }

  // At a '$': returns the substituted text and advances i.
  function expand(): string {
    const s = i;
    const next = src[i + 1];
    if (next === '(') {
      let d = 0, j = i + 1;
      for (; j < n; j++) {
        if (src[j] === '(') d++;
        else if (src[j] === ')' && --d === 0) break;
      }
      i = Math.min(j + 1, n);
      // $(( … )) is arithmetic, not a command.
      if (src[s + 2] !== '(' && depth < 4 && j > s + 2) {
        const inner = parseShell(src.slice(s + 2, Math.min(j, n)), sliceMap(map, s + 2, Math.min(j, n)), vars, depth + 1);
        subs.push(...inner.map((x) => ({ ...x, nested: true })));
      }
      return src.slice(s, i);
    }
    if (next === '{') {
      const j = src.indexOf('}', i + 2);
      const close = j < 0 ? n : j;
      const inner = src.slice(i + 2, close);
      i = Math.min(close + 1, n);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::?[-=](.*))?$/s.exec(inner);
      if (m) {
        const v = vars.get(m[1]);
        if (v !== undefined) return v;
        if (m[2] !== undefined) return m[2];
      }
      return src.slice(s, i);
    }
    NAME_RE.lastIndex = i + 1;
    const m = NAME_RE.exec(src);
    if (m) {
      i = i + 1 + m[0].length;
      const v = vars.get(m[0]);
      return v ?? src.slice(s, i);
    }
    i++;
    return '$';
  }

  function sep(op: string) {
    const s = i;
    i += op.length;
    end({ op, start: off(s), end: off(i) });
  }

  function readHeredocBodies() {
    for (const m of markers) {
      const bodyStart = i;
      let bodyEnd = n;
      while (i < n) {
        let nl = src.indexOf('\n', i);
        if (nl < 0) nl = n;
        let line = src.slice(i, nl);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (m.strip) line = line.replace(/^\t+/, '');
        if (line === m.delim) { bodyEnd = i; i = Math.min(nl + 1, n); break; }
        i = Math.min(nl + 1, n);
        if (nl === n) bodyEnd = n;
      }
      const body = src.slice(bodyStart, bodyEnd);
      if (isScriptLike(m.cmd) && depth < 4) {
        m.cmd.script = true;
        const sub = parseShell(body, sliceMap(map, bodyStart, bodyEnd), vars, depth + 1);
        if (sub.length) sub[0].before = sub[0].before ?? { op: '\n', start: off(bodyStart), end: off(bodyStart) };
        order.splice(order.indexOf(m.cmd) + 1, 0, sub);
      } else {
        m.cmd.heredocBody = (m.cmd.heredocBody ?? '') + body;
      }
    }
    markers = [];
  }

  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '\\' && src[i + 1] === '\n') { i += 2; continue; }
    if (c === '\n') {
      sep('\n');
      if (markers.length) readHeredocBodies();
      continue;
    }
    if (c === '#' && isWordStart()) {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === ';;' || two === '|&') { sep(two); continue; }
    const redir = /(\d*)(&>>|&>|>>|>\||>&|<<<|<<-|<<|<>|<&|>|<)/y;
    redir.lastIndex = i;
    const rm = (c >= '0' && c <= '9') || c === '<' || c === '>' || two === '&>' ? redir.exec(src) : null;
    if (rm) {
      i += rm[0].length;
      const op = rm[2];
      while (src[i] === ' ' || src[i] === '\t') i++;
      if (op === '<<' || op === '<<-') {
        const w = readWord();
        if (w) {
          const m: Marker = { delim: w.text, strip: op === '<<-', cmd: cur };
          cur.markers.push(m);
          markers.push(m);
        }
      } else if (op.endsWith('&') && /[0-9-]/.test(src[i] ?? '')) {
        i++;
      } else {
        cur.redirects.push({ op, target: readWord() });
      }
      continue;
    }
    if (c === '|' || c === ';' || c === '&' || c === '(' || c === ')') { sep(c); continue; }
    const w = readWord();
    if (w) cur.words.push(w); else i++;
  }
  end();
  if (markers.length) readHeredocBodies();
  if (subs.length) order.push(subs);

  for (const item of order) {
    if (Array.isArray(item)) { out.push(...item); continue; }
    if (item.script) continue;
    const cmd = finish(item);
    if (cmd) {
      out.push(cmd);
      if (SHELLS.has(cmd.name) && depth < 4) out.push(...nestedScript(cmd, vars, depth));
    }
  }
  return out;

  function isWordStart(): boolean {
    const p = src[i - 1];
    return i === 0 || p === ' ' || p === '\t' || p === '\n' || p === ';' || p === '&' || p === '|' || p === '(';
  }
}

function isScriptLike(p: Pending): boolean {
  const words = stripPrefix(p.words);
  if (words.length === 0) return true;
  return SHELLS.has(basename(words[0].text)) && words.slice(1).every((w) => w.text.startsWith('-'));
}

function finish(p: Pending): ShellCommand | undefined {
  const words = stripPrefix(p.words);
  const all = [...p.words, ...p.redirects.flatMap((r) => (r.target ? [r.target] : []))];
  if (all.length === 0 || (words.length === 0 && p.redirects.length === 0 && p.heredocBody === undefined)) return undefined;
  const start = Math.min(...all.map((w) => w.start));
  const end = Math.max(...all.map((w) => w.end));
  return {
    words,
    name: words.length ? basename(words[0].text) : '',
    redirects: p.redirects,
    heredocBody: p.heredocBody,
    start,
    end,
    before: p.before,
    after: p.after,
  };
}

/** Drops `A=b` assignments, control keywords and wrappers (sudo, env …) before the real command. */
function stripPrefix(words: Word[]): Word[] {
  let k = 0;
  while (k < words.length) {
    const t = words[k].text;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(t) || KEYWORDS.has(t)) { k++; continue; }
    if (t === 'for' || t === 'case' || t === 'function') return [];
    if (WRAPPERS.has(basename(t))) {
      k++;
      while (k < words.length && words[k].text.startsWith('-')) k++;
      continue;
    }
    break;
  }
  return k === 0 ? words : words.slice(k);
}

function nestedScript(cmd: ShellCommand, vars: ReadonlyMap<string, string>, depth: number): ShellCommand[] {
  const c = cmd.words.findIndex((w, k) => k > 0 && /^-[a-z]*c[a-z]*$/.test(w.text));
  const script = c > 0 ? cmd.words[c + 1] : undefined;
  if (!script) return [];
  const len = script.text.length;
  const span = Math.max(1, script.end - script.start);
  // Positions inside a quoted script are approximate (escapes shift them); clamp into the word.
  const map = new Array<number>(len + 1);
  for (let k = 0; k <= len; k++) map[k] = script.start + Math.min(k + 1, span - 1);
  return parseShell(script.text, map, vars, depth + 1).map((x) => ({ ...x, nested: true }));
}

function sliceMap(map: ArrayLike<number>, from: number, to: number): number[] {
  const out = new Array<number>(to - from + 1);
  for (let k = from; k <= to; k++) out[k - from] = map[k];
  return out;
}

export function basename(p: string): string {
  const k = p.lastIndexOf('/');
  return k >= 0 ? p.slice(k + 1) : p;
}

/** Non-option arguments of a command (skips words starting with '-' and the values of `valueFlags`). */
export function operands(cmd: ShellCommand, valueFlags: ReadonlySet<string> = new Set()): Word[] {
  const out: Word[] = [];
  let endOfOptions = false;
  for (let k = 1; k < cmd.words.length; k++) {
    const w = cmd.words[k];
    if (!endOfOptions && w.text === '--') { endOfOptions = true; continue; }
    if (!endOfOptions && w.text.startsWith('-') && w.text.length > 1) {
      if (valueFlags.has(w.text)) k++;
      continue;
    }
    for (const text of expandBraces(w.text)) out.push(text === w.text ? w : { ...w, text });
  }
  return out;
}

/**
 * Bash brace expansion of one word: `/var/{cache,log}` → `/var/cache`, `/var/log` (nested braces too; `${VAR}`
 * and braces without a comma stay as written). At most 64 results.
 */
export function expandBraces(text: string): string[] {
  if (!text.includes('{')) return [text];
  for (let open = text.indexOf('{'); open >= 0; open = text.indexOf('{', open + 1)) {
    if (text[open - 1] === '$') continue;
    let d = 0;
    const commas: number[] = [];
    let close = -1;
    for (let k = open; k < text.length; k++) {
      if (text[k] === '{') d++;
      else if (text[k] === '}' && --d === 0) { close = k; break; } else if (text[k] === ',' && d === 1) commas.push(k);
    }
    if (close < 0) return [text];
    if (commas.length === 0) continue;
    const bounds = [open, ...commas, close];
    const out: string[] = [];
    for (let k = 0; k + 1 < bounds.length && out.length < 64; k++) {
      const alt = text.slice(0, open) + text.slice(bounds[k] + 1, bounds[k + 1]) + text.slice(close + 1);
      out.push(...expandBraces(alt).slice(0, 64 - out.length));
    }
    return out;
  }
  return [text];
}
