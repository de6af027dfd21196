// Quick fixes: each finding's fixes become CodeActions that carry their WorkspaceEdit (no command round trip),
// plus "disable this rule for this line" through a suppression comment.
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver/node';
import { suppressionFix } from '../core/lint';
import type { Fix } from '../core/lint/types';
import type { LintEntry, LintResult } from './diagnostics';
import { rangesOverlap } from './ranges';

function toAction(uri: string, fix: Fix, entry: LintEntry, isPreferred: boolean): CodeAction {
  return {
    // Titles are plain text in the editor's menus: `code` would show its backticks.
    title: fix.title.replace(/`([^`]*)`/g, '"$1"'),
    kind: CodeActionKind.QuickFix,
    diagnostics: [entry.diagnostic],
    isPreferred,
    edit: { changes: { [uri]: fix.edits } },
  };
}

/** `only` is the client's kind filter (CodeActionContext.only); quick fixes are all we offer. */
export function codeActionsFor(lint: LintResult, text: string, range: Range, only?: string[]): CodeAction[] {
  if (only && !only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`) || kind === '')) {
    return [];
  }
  const actions: CodeAction[] = [];
  // Two findings of one rule on one line would offer the same suppression twice.
  const suppressions = new Map<string, CodeAction>();
  for (const entry of lint.entries) {
    if (!rangesOverlap(entry.finding.range, range)) continue;
    // Only a safe fix may be preferred (applied by "Auto Fix" without a look): an unsafe one can change what builds.
    (entry.finding.fixes ?? []).forEach((fix, i) => actions.push(toAction(lint.uri, fix, entry, i === 0 && fix.safe)));
    if (entry.finding.source === 'bootable' && lint.kind === 'containerfile') {
      const fix = suppressionFix(text, entry.finding);
      const key = JSON.stringify(fix.edits);
      if (!suppressions.has(key)) suppressions.set(key, toAction(lint.uri, fix, entry, false));
    }
  }
  // Real fixes first; suppressions last so they are never the default choice.
  return [...actions, ...suppressions.values()];
}
