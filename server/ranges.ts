// Range arithmetic on LSP positions (0-based line, UTF-16 character).
import type { Position, Range } from 'vscode-languageserver/node';

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Inclusive overlap, so a cursor (empty range) touching a finding's edge still counts. */
export function rangesOverlap(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}
