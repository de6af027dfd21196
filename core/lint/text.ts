// Offsets ↔ LSP positions for one document, computed once per lint (rules report ranges from offsets).
import type { Position, Range } from './types';

export class TextIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  get lineCount(): number { return this.lineStarts.length; }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0, hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    return Math.min(this.lineStarts[pos.line] + Math.max(0, pos.character), this.lineEnd(pos.line));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  lineStart(line: number): number { return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))]; }

  /** Offset of the end of a line, before its \r\n or \n. */
  lineEnd(line: number): number {
    let end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.text.length;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13 && line + 1 < this.lineStarts.length) end--;
    return end;
  }

  lineText(line: number): string { return this.text.slice(this.lineStart(line), this.lineEnd(line)); }

  /** The document's own line break, so fixes do not mix \n into a CRLF file. */
  get eol(): string { return this.text.includes('\r\n') ? '\r\n' : '\n'; }
}
