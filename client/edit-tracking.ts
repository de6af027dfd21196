// Diagnostics that no server re-computes (a failed build's, the image checks') must follow the document: a finding
// moves with its line when lines are inserted or removed above it, and goes away when its own lines are edited
// (it describes text that no longer exists: only the next build can tell). Plain positions, so it is testable
// without VS Code.
export interface Pos { line: number; character: number }
export interface Span { start: Pos; end: Pos }
export interface TextChange { range: Span; text: string }

/** The finding's range after one change, or undefined when the change touched its lines (stale). */
export function moveWithChange(finding: Span, change: TextChange): Span | undefined {
  const { start, end } = change.range;
  if (start.line > finding.end.line) return finding; // below: unaffected
  // Whole lines inserted or removed right above it end at column 0 of its first line: still above.
  const above = end.line < finding.start.line
    || (end.line === finding.start.line && end.character === 0 && (change.text === '' || change.text.endsWith('\n')));
  if (!above) return undefined; // on (or across) its lines: stale
  const delta = (change.text.match(/\n/g)?.length ?? 0) - (end.line - start.line);
  return {
    start: { line: finding.start.line + delta, character: finding.start.character },
    end: { line: finding.end.line + delta, character: finding.end.character },
  };
}
