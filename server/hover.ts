// Hover on a bootable finding shows the rule's documentation; elsewhere the caller falls back to
// dockerfile-language-service's instruction docs.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { LintResult } from './diagnostics';
import { rangesOverlap } from './ranges';
import { ruleDoc, ruleDocHref } from './rule-docs';

/**
 * A rule page as hover text: its own title (a giant H1 in a hover) dropped, since the first line names the rule;
 * other headings become bold lines.
 */
export function hoverMarkdown(page: string): string {
  return page.replace(/^\s*(<!--[^]*?-->\s*)*# [^\n]*\n+/, '').replace(/^#{1,6} +(.+)$/gm, '**$1**').trim();
}

export function ruleHover(lint: LintResult, position: Position): Hover | null {
  const here = { start: position, end: position };
  const hits = lint.entries.filter((e) => e.finding.source === 'bootable' && rangesOverlap(e.finding.range, here));
  if (hits.length === 0) return null;
  const seen = new Set<string>();
  const sections: string[] = [];
  for (const { finding } of hits) {
    if (seen.has(finding.ruleId)) continue;
    seen.add(finding.ruleId);
    const doc = ruleDoc(finding.ruleId);
    // The editor shows the diagnostic's message above the hover already: the hover adds the rule's why, not the
    // message again.
    const lines = [`**bootable: ${finding.ruleId}**${doc?.summary ? ` — ${doc.summary}` : ''}`];
    if (doc) lines.push('', hoverMarkdown(doc.docs));
    lines.push('', `[Rule documentation](${ruleDocHref(finding.ruleId)})`);
    sections.push(lines.join('\n'));
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    range: hits[0].finding.range,
  };
}
