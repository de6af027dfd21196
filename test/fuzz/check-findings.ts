// What every lint result must satisfy, whatever the input: well-formed findings, and no rule of ours that crashed
// (the linter turns a crashing rule into an "internal error" finding; for the fuzz test that is a crash).
import type { Finding } from '../../core/lint/types';

/**
 * Internal errors of the third-party parts the linter wraps (dockerfile-utils' validator). The linter catches them
 * and the server survives; they are counted and reported, and they are not bugs in our rules.
 * Known: dockerfile-ast recurses without end in resolveVariable on e.g. "  cp /b/${RPM_DIR}/f-*.rpm \\\r".
 */
const upstream = new Set(['dockerfile-utils']);

export function upstreamCrash(findings: Finding[]): Finding | undefined {
  return findings.find((f) => upstream.has(f.ruleId) && /internal error/i.test(f.message));
}

const severities = new Set(['error', 'warning', 'info', 'hint']);

/** undefined when fine, else a description of the first problem. */
export function checkFindings(text: string, findings: Finding[]): string | undefined {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const f of findings) {
    if (/internal error/i.test(f.message) && !upstream.has(f.ruleId)) return `rule crashed: ${f.ruleId}: ${f.message}`;
    if (!severities.has(f.severity)) return `bad severity ${f.severity} from ${f.ruleId}`;
    if (typeof f.message !== 'string' || f.message.length === 0) return `empty message from ${f.ruleId}`;
    const { start, end } = f.range;
    const ok = [start.line, start.character, end.line, end.character].every((n) => Number.isInteger(n) && n >= 0);
    if (!ok) return `bad range from ${f.ruleId}: ${JSON.stringify(f.range)}`;
    if (start.line > end.line || (start.line === end.line && start.character > end.character)) return `inverted range from ${f.ruleId}: ${JSON.stringify(f.range)}`;
    if (end.line > lineCount) return `range past the end (${lineCount} lines) from ${f.ruleId}: ${JSON.stringify(f.range)}`;
  }
  return undefined;
}
