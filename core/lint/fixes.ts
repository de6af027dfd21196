// Applying quick fixes to a text: all edits of all fixes, non-overlapping, applied back to front.
import { TextIndex } from './text';
import type { Fix, TextEdit } from './types';

export function applyFixes(text: string, fixes: Fix[]): string {
  const index = new TextIndex(text);
  const edits = fixes.flatMap((f) => f.edits).map((e, order) => ({
    start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText, order,
  }));
  edits.sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  // Keep the first of overlapping edits; insertions at the same point are all kept, in order.
  const kept: typeof edits = [];
  let reach = -1;
  for (const e of edits) {
    if (e.start < reach) continue;
    if (e.start === reach && kept.length && kept[kept.length - 1].end > kept[kept.length - 1].start && e.end > e.start) continue;
    kept.push(e);
    reach = Math.max(reach, e.end);
  }
  let out = text;
  for (let k = kept.length - 1; k >= 0; k--) {
    const e = kept[k];
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  }
  return out;
}

export function replace(index: TextIndex, start: number, end: number, newText: string): TextEdit {
  return { range: index.range(start, end), newText };
}
