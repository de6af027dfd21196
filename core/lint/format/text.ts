// Human output, one finding per line: `file:line:col severity rule-id message` (1-based line and column).
import type { Finding } from '../types';

export function formatText(findings: readonly Finding[]): string {
  const at = (f: Finding, r: Finding['range']) => `${f.file ?? '<input>'}:${r.start.line + 1}:${r.start.character + 1}`;
  // A finding's details (the base-image note's members) follow it, indented.
  return findings.flatMap((f) => [`${at(f, f.range)} ${f.severity} ${f.ruleId} ${f.message}`,
    ...(f.related ?? []).map((r) => `  ${at(f, r.range)} ${r.message}`)])
    .map((l) => l + '\n').join('');
}

/** One-line tally for the end of a text report. */
export function summarize(findings: readonly Finding[]): string {
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  return `${findings.length} finding${findings.length === 1 ? '' : 's'} (${count('error')} errors, ${count('warning')} warnings, ${count('info') + count('hint')} notes)`;
}
