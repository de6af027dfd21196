// What the cursor is on in a disk-builder config: which table, and whether a key, a value or a TOML table header is
// being typed. Text scans only (the document is usually invalid while being typed).
import type { Position } from '../../core/lint/types';
import { genericPath } from './schema';

export interface CursorContext {
  mode: 'key' | 'value' | 'header';
  /** Generic path of the table the cursor is in (`customizations.user`). */
  table: string;
  /** In value mode: the key whose value is being typed. */
  key?: string;
  /** Start of the word being typed on the cursor's line. */
  wordStart: number;
}

export function cursorContext(text: string, pos: Position, json: boolean): CursorContext {
  const lines = text.split('\n');
  const line = (lines[pos.line] ?? '').slice(0, pos.character);
  const word = /[A-Za-z0-9_./-]*$/.exec(line)!;
  const wordStart = pos.character - word[0].length;
  return json ? jsonContext(lines, pos, wordStart) : tomlContext(lines, pos, line, wordStart);
}

function tomlContext(lines: string[], pos: Position, line: string, wordStart: number): CursorContext {
  if (/^\s*\[\[?[\w.]*$/.test(line)) return { mode: 'header', table: '', wordStart };
  let table = '';
  for (let l = pos.line - 1; l >= 0; l--) {
    const m = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?/.exec(lines[l]!);
    if (m) { table = genericPath(m[1]!.replace(/\s+/g, '').replace(/"/g, '')); break; }
  }
  const kv = /^\s*([\w.-]+)\s*=\s*(.*)$/.exec(line);
  if (kv) {
    const parts = kv[1]!.split('.');
    const key = parts.pop()!;
    const full = [table, ...parts].filter(Boolean).join('.');
    return { mode: 'value', table: full, key, wordStart };
  }
  const dotted = /^\s*([\w-]+(?:\.[\w-]+)*)\.[\w-]*$/.exec(line);
  if (dotted) return { mode: 'key', table: [table, dotted[1]].filter(Boolean).join('.'), wordStart };
  return { mode: 'key', table, wordStart };
}

function jsonContext(lines: string[], pos: Position, wordStart: number): CursorContext {
  const before = [...lines.slice(0, pos.line), (lines[pos.line] ?? '').slice(0, pos.character)].join('\n');
  // A stack of open objects/arrays with the key each was opened under; strings skipped.
  const stack: { kind: '{' | '['; key?: string }[] = [];
  let lastKey: string | undefined;
  let afterColon = false;
  let inString = false;
  let current = '';
  for (let i = 0; i < before.length; i++) {
    const ch = before[i]!;
    if (inString) {
      if (ch === '\\') { current += before[i + 1] ?? ''; i++; continue; }
      if (ch === '"') { inString = false; if (!afterColon && stack[stack.length - 1]?.kind === '{') lastKey = current; } else current += ch;
      continue;
    }
    if (ch === '"') { inString = true; current = ''; continue; }
    if (ch === ':') afterColon = true;
    else if (ch === ',') { afterColon = false; }
    else if (ch === '{' || ch === '[') { stack.push({ kind: ch, key: afterColon ? lastKey : undefined }); afterColon = false; lastKey = undefined; }
    else if (ch === '}' || ch === ']') { stack.pop(); afterColon = false; }
  }
  const path = stack.map((s) => s.key).filter((k): k is string => k !== undefined).join('.');
  const table = genericPath(path);
  if (afterColon && stack[stack.length - 1]?.kind === '{') return { mode: 'value', table, key: lastKey, wordStart };
  return { mode: 'key', table, wordStart };
}
