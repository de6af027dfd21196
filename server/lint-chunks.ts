// The last fallback for a document too big to lint within the budget even without the generic validation:
// lint it in instruction-aligned chunks, each within its own budget, so padding a file cannot hide every finding.
// A chunk is the whole document with every line outside the chunk blanked, except the lines that give the chunk
// its context (parser directives and comments before the first instruction, global ARGs, FROM lines): line
// numbers stay those of the document, and findings are kept only on the chunk's own lines. What decides whether the
// file is bootc (the `# bootable:` comment, bootc LABELs and RUNs) is kept too, so every chunk decides alike.
// Rules that look at a whole stage (e.g. lint-missing) only see the chunk's part of it: a degraded answer, but
// an answer.

import { bootcMarker } from '../core/lint/bootc-detect';

export interface Chunk { text: string; first: number; last: number }

/** Instructions (with the comments and blank lines above them) as [first, last] line pairs. */
function instructionSpans(lines: string[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let start = 0;
  let continued = false;
  lines.forEach((line, i) => {
    const comment = /^\s*#/.test(line);
    const blank = line.trim() === '';
    if (!continued && !comment && !blank) {
      // An instruction ends here unless its last line escapes the newline.
      if (!/\\\s*$/.test(line)) { spans.push([start, i]); start = i + 1; } else continued = true;
    } else if (continued && !comment && !/\\\s*$/.test(line) && !blank) {
      continued = false;
      spans.push([start, i]);
      start = i + 1;
    }
  });
  if (start < lines.length) spans.push([start, lines.length - 1]);
  return spans;
}

/** Lines every chunk keeps: what precedes the first instruction, global ARGs, and each FROM instruction. */
function contextLines(lines: string[], spans: Array<[number, number]>): Set<number> {
  const keep = new Set<number>();
  let seenFrom = false;
  for (const [first, last] of spans) {
    const instruction = lines.slice(first, last + 1).find((l) => l.trim() !== '' && !/^\s*#/.test(l)) ?? '';
    const isFrom = /^\s*FROM\s/i.test(instruction);
    const marksBootc = bootcMarker.test(lines.slice(first, last + 1).join(' '));
    const isGlobalArg = !seenFrom && /^\s*ARG\s/i.test(instruction);
    if (isFrom) seenFrom = true;
    if (isFrom || isGlobalArg || marksBootc || !seenFrom) for (let i = first; i <= last; i++) keep.add(i);
  }
  return keep;
}

/** Splits a Containerfile into chunks of at most `maxLines` lines (an instruction longer than that is one chunk). */
export function lintChunks(text: string, maxLines: number): Chunk[] {
  const lines = text.split('\n');
  const spans = instructionSpans(lines);
  const keep = contextLines(lines, spans);
  const ranges: Array<[number, number]> = [];
  for (const [first, last] of spans) {
    const current = ranges.at(-1);
    if (current && last - current[0] < maxLines) current[1] = last;
    else ranges.push([first, last]);
  }
  return ranges.map(([first, last]) => ({
    first,
    last,
    text: lines.map((line, i) => (i >= first && i <= last) || keep.has(i) ? line : '').join('\n'),
  }));
}
