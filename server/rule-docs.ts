// Where a rule's documentation lives, and its text for hovers: both from the rule catalogue (every kind of rule:
// Containerfile, bootc TOML and image rules), with docs/rules/ under the package root.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleDocPath } from '../core/lint';
import { findRule } from '../core/lint/catalogue';
import { packageRoot } from '../core/package-root';

const hrefs = new Map<string, string>();

/** file: URI of docs/rules/<id>.md (the diagnostic's codeDescription.href). */
export function ruleDocHref(ruleId: string): string {
  let href = hrefs.get(ruleId);
  if (href === undefined) {
    href = pathToFileURL(join(packageRoot(), ruleDocPath(ruleId))).href;
    hrefs.set(ruleId, href);
  }
  return href;
}

export interface RuleDoc { summary?: string; docs: string }

/** The rule's summary and markdown from the catalogue; undefined for ids it does not know (dockerfile-utils codes). */
export function ruleDoc(ruleId: string): RuleDoc | undefined {
  const rule = findRule(ruleId);
  return rule && { summary: rule.summary, docs: rule.docs };
}
