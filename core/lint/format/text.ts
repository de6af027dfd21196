// Human output, one finding per line: `file:line:col severity rule-id message` (1-based line and column).
import type { Finding } from '../types';

export function formatText(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.file ?? '<input>'}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId} ${f.message}`)
    .map((l) => l + '\n').join('');
}

/** One-line tally for the end of a text report. */
export function summarize(findings: readonly Finding[]): string {
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  return `${findings.length} finding${findings.length === 1 ? '' : 's'} (${count('error')} errors, ${count('warning')} warnings, ${count('info') + count('hint')} notes)`;
}
