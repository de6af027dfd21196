// Where a rule's documentation lives, and its text for hovers.
// The server runs as dist/server.cjs, so the package root (which holds docs/rules/) is the bundle's parent dir.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { containerfileRules, ruleDocPath } from '../core/lint';
import type { ContainerfileRule } from '../core/lint/types';

export const packageRoot = resolve(__dirname, '..');

const hrefs = new Map<string, string>();

/** file: URI of docs/rules/<id>.md (the diagnostic's codeDescription.href). */
export function ruleDocHref(ruleId: string): string {
  let href = hrefs.get(ruleId);
  if (href === undefined) {
    href = pathToFileURL(join(packageRoot, ruleDocPath(ruleId))).href;
    hrefs.set(ruleId, href);
  }
  return href;
}

export interface RuleDoc { summary?: string; docs: string }

const fileDocs = new Map<string, RuleDoc | undefined>();

/**
 * The rule's markdown: from the rule catalogue when it is a Containerfile rule, else from its docs/rules page
 * (the TOML rules have no catalogue entry the server can see). undefined if neither exists.
 */
export function ruleDoc(ruleId: string): RuleDoc | undefined {
  const rule = containerfileRules.find((r: ContainerfileRule) => r.id === ruleId);
  if (rule) return { summary: rule.summary, docs: rule.docs };
  if (!fileDocs.has(ruleId)) {
    let doc: RuleDoc | undefined;
    try {
      doc = { docs: readFileSync(join(packageRoot, ruleDocPath(ruleId)), 'utf8') };
    } catch {
      doc = undefined;
    }
    fileDocs.set(ruleId, doc);
  }
  return fileDocs.get(ruleId);
}
