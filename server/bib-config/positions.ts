// Where a key path of the builder's validator (`customizations.user[0].name`) is in a config's text, for TOML and
// JSON: the validator reports paths, the editor needs ranges. Unknown paths fall back to their nearest ancestor.
import type { Range } from '../../core/lint/types';

export type KeyRanges = Map<string, Range>;

const range = (line: number, start: number, end: number): Range => ({ start: { line, character: start }, end: { line, character: end } });

/** The ranges of every key a JSON text spells out (path → the key's quoted name), as far as the text parses. */
export function jsonKeyRanges(text: string): KeyRanges {
  const out: KeyRanges = new Map();
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === '\n') lineStarts.push(k + 1);
  const at = (offset: number) => {
    let lo = 0, hi = lineStarts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (lineStarts[mid]! <= offset) lo = mid; else hi = mid - 1; }
    return { line: lo, character: offset - lineStarts[lo]! };
  };
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++; };
  const str = (): string | undefined => {
    if (text[i] !== '"') return undefined;
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    let s: string | undefined;
    try { s = JSON.parse(text.slice(i, j + 1)) as string; } catch { s = undefined; }
    i = j + 1;
    return s;
  };
  const value = (path: string, depth: number): boolean => {
    if (depth > 64) return false;
    ws();
    if (text[i] === '{') {
      i++;
      for (;;) {
        ws();
        if (text[i] === '}') { i++; return true; }
        const start = i;
        const key = str();
        if (key === undefined) return false;
        const s = at(start), e = at(i);
        const child = path ? `${path}.${key}` : key;
        out.set(child, { start: s, end: e });
        ws();
        if (text[i] !== ':') return false;
        i++;
        if (!value(child, depth + 1)) return false;
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return true; }
        return false;
      }
    }
    if (text[i] === '[') {
      i++;
      for (let n = 0; ; n++) {
        ws();
        if (text[i] === ']') { i++; return true; }
        const s = at(i);
        const child = `${path}[${n}]`;
        out.set(child, { start: s, end: { line: s.line, character: s.character + 1 } });
        if (!value(child, depth + 1)) return false;
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return true; }
        return false;
      }
    }
    if (text[i] === '"') return str() !== undefined || true;
    const m = /^[^\s,\]}]+/.exec(text.slice(i, i + 64));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  value('', 0);
  return out;
}

const bareKey = /^[A-Za-z0-9_-]+/;

/** Splits a dotted TOML key (`a."b.c".d`) into its parts with their columns; undefined if it is not a key. */
function tomlKeyParts(line: string, from: number): { parts: string[]; end: number; spans: [number, number][] } | undefined {
  const parts: string[] = [];
  const spans: [number, number][] = [];
  let i = from;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    const start = i;
    if (line[i] === '"' || line[i] === "'") {
      const q = line[i]!;
      const close = line.indexOf(q, i + 1);
      if (close < 0) return undefined;
      parts.push(line.slice(i + 1, close));
      i = close + 1;
    } else {
      const m = bareKey.exec(line.slice(i));
      if (!m) return undefined;
      parts.push(m[0]);
      i += m[0].length;
    }
    spans.push([start, i]);
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] !== '.') return { parts, end: i, spans };
    i++;
  }
}

/** The ranges of the keys and table headers of a TOML text, by the validator's path spelling. */
export function tomlKeyRanges(text: string): KeyRanges {
  const out: KeyRanges = new Map();
  const arrayCounts = new Map<string, number>();
  let table = '';
  text.split('\n').forEach((raw, line) => {
    const trimmed = raw.trimStart();
    const indent = raw.length - trimmed.length;
    if (trimmed.startsWith('[')) {
      const double = trimmed.startsWith('[[');
      const k = tomlKeyParts(raw, indent + (double ? 2 : 1));
      if (!k) return;
      // A header's parts before the last are tables or the latest element of an array of tables.
      let path = '';
      k.parts.forEach((p, n) => {
        path = path ? `${path}.${p}` : p;
        const count = arrayCounts.get(path);
        if (n < k.parts.length - 1 && count !== undefined) path = `${path}[${count - 1}]`;
      });
      if (double) {
        const n = arrayCounts.get(path) ?? 0;
        arrayCounts.set(path, n + 1);
        out.set(path, out.get(path) ?? range(line, indent, raw.trimEnd().length));
        path = `${path}[${n}]`;
      }
      table = path;
      out.set(path, range(line, indent, raw.trimEnd().length));
      return;
    }
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const k = tomlKeyParts(raw, indent);
    if (!k || raw[k.end] !== '=') return;
    let path = table;
    k.parts.forEach((p, n) => {
      path = path ? `${path}.${p}` : p;
      out.set(path, range(line, k.spans[n]![0], k.spans[n]![1]));
    });
  });
  return out;
}

/** The range for a validator path: its own, else its nearest ancestor's (`a.b[2].c` → `a.b[2]` → `a.b` → `a`). */
export function rangeForPath(ranges: KeyRanges, path: string): Range | undefined {
  let p = path;
  for (;;) {
    const r = ranges.get(p);
    if (r) return r;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return undefined;
    p = p.slice(0, cut);
  }
}
