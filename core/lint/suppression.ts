// Inline suppression: `# bootable-ignore id[,id…]` on the line above an instruction (or above the finding's line
// inside a multi-line RUN), and `# bootable-ignore-file id[,id…]` anywhere for the whole file.
import { DockerfileParser } from 'dockerfile-ast';
import type { Dockerfile } from 'dockerfile-ast';
import { TextIndex } from './text';
import type { Finding, Fix } from './types';

const COMMENT_RE = /^\s*#\s*bootable-ignore(-file)?\s+([\w,\s-]+?)\s*$/;

interface Suppressions { file: Set<string>; lines: Map<number, Set<string>> }

function parseIds(s: string): string[] {
  return s.split(/[\s,]+/).filter(Boolean);
}

export function readSuppressions(index: TextIndex): Suppressions {
  const out: Suppressions = { file: new Set(), lines: new Map() };
  if (!index.text.includes('bootable-ignore')) return out;
  for (let line = 0; line < index.lineCount; line++) {
    const t = index.lineText(line);
    if (!t.includes('bootable-ignore')) continue;
    const m = COMMENT_RE.exec(t);
    if (!m) continue;
    if (m[1]) for (const id of parseIds(m[2])) out.file.add(id);
    else out.lines.set(line, new Set(parseIds(m[2])));
  }
  return out;
}

/** Line where each instruction starts, for every line an instruction covers. */
function instructionStarts(dockerfile: Dockerfile): Map<number, number> {
  const starts = new Map<number, number>();
  for (const instr of dockerfile.getInstructions()) {
    const r = instr.getRange();
    for (let l = r.start.line; l <= r.end.line; l++) starts.set(l, r.start.line);
  }
  return starts;
}

function isComment(index: TextIndex, line: number): boolean {
  return line >= 0 && /^\s*#/.test(index.lineText(line));
}

export function filterSuppressed(findings: Finding[], index: TextIndex, dockerfile: Dockerfile): Finding[] {
  const sup = readSuppressions(index);
  if (sup.file.size === 0 && sup.lines.size === 0) return findings;
  const starts = instructionStarts(dockerfile);
  const has = (line: number, id: string) => sup.lines.get(line)?.has(id) ?? false;
  return findings.filter((f) => {
    if (sup.file.has(f.ruleId)) return false;
    const line = f.range.start.line;
    if (has(line - 1, f.ruleId)) return false;
    // Any comment in the block directly above the instruction.
    const start = starts.get(line) ?? line;
    for (let l = start - 1; isComment(index, l); l--) if (has(l, f.ruleId)) return false;
    return true;
  });
}

/** A fix that adds (or extends) a `# bootable-ignore` comment above the instruction of the finding. */
export function suppressionFix(text: string, finding: Finding): Fix {
  const index = new TextIndex(text);
  const dockerfile = DockerfileParser.parse(text);
  const line = Math.min(finding.range.start.line, index.lineCount - 1);
  const start = instructionStarts(dockerfile).get(line) ?? line;
  const title = `Disable ${finding.ruleId} for this line`;
  const above = start - 1;
  if (above >= 0) {
    const t = index.lineText(above);
    const m = COMMENT_RE.exec(t);
    if (m && !m[1]) {
      const end = index.lineStart(above) + t.replace(/\s+$/, '').length;
      return { title, safe: false, edits: [{ range: index.range(end, end), newText: `,${finding.ruleId}` }] };
    }
  }
  const indent = /^[ \t]*/.exec(index.lineText(start))![0];
  const at = index.lineStart(start);
  return { title, safe: false, edits: [{ range: index.range(at, at), newText: `${indent}# bootable-ignore ${finding.ruleId}${index.eol}` }] };
}
