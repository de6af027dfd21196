// The one rule catalogue: every rule of every kind (Containerfile, bootc TOML drop-in, built image) as data.
// Each kind keeps its explicit index (rules/index.ts, toml/rules.ts, image/rules/index.ts) and registers here;
// `bootable lint --list-rules`, docs/rules/, SARIF descriptors, hover text, --rule validation and the
// `bootable.lint.rules` setting schema all read this list.
import { containerfileRules } from './rules/index';
import { tomlRules } from './toml/rules';
import { imageRules } from './image/rules/index';
import type { Severity } from './types';

export type RuleKind = 'containerfile' | 'toml' | 'image';

export interface CatalogueEntry {
  id: string;
  kind: RuleKind;
  severity: Severity;
  /** One line. */
  summary: string;
  /** Markdown: why it matters and what to do. */
  docs: string;
  /** Some of its findings carry a quick fix. */
  fixable: boolean;
  /** What it checks, for docs: "Containerfile", "usr/lib/bootc/kargs.d/*.toml", … */
  appliesTo: string;
}

/** One entry per rule and kind; an id can have several kinds (bootc-kargs checks TOML files and images). */
export const ruleCatalogue: readonly CatalogueEntry[] = [
  ...containerfileRules.map((r) => ({
    id: r.id, kind: 'containerfile' as const, severity: r.severity, summary: r.summary, docs: r.docs,
    fixable: r.fixable ?? false, appliesTo: r.appliesTo ?? 'Containerfile',
  })),
  ...tomlRules.map((r) => ({
    id: r.id, kind: 'toml' as const, severity: r.severity, summary: r.summary, docs: r.docs, fixable: false, appliesTo: r.appliesTo,
  })),
  ...imageRules.map((r) => ({
    id: r.id, kind: 'image' as const, severity: r.severity, summary: r.summary, docs: r.docs, fixable: false,
    appliesTo: 'built image (`bootable lint --image`)',
  })),
];

/** A rule as documented: its first entry's text, every kind it has and what they apply to. */
export interface DocumentedRule extends CatalogueEntry { kinds: RuleKind[] }

/** One per id, in catalogue order: the docs pages, SARIF descriptors, hover and the setting's keys. */
export function documentedRules(): DocumentedRule[] {
  const byId = new Map<string, DocumentedRule>();
  for (const e of ruleCatalogue) {
    const seen = byId.get(e.id);
    if (seen) {
      seen.kinds.push(e.kind);
      seen.appliesTo += `, ${e.appliesTo}`;
      seen.fixable ||= e.fixable;
    } else {
      byId.set(e.id, { ...e, kinds: [e.kind] });
    }
  }
  return [...byId.values()];
}

const byId = new Map(documentedRules().map((r) => [r.id, r]));

export function findRule(id: string): DocumentedRule | undefined {
  return byId.get(id);
}

/** Ids `--rule` and the setting accept: catalogue ids, and dockerfile-utils' numeric codes. */
export function isRuleId(id: string): boolean {
  return byId.has(id) || /^\d+$/.test(id);
}
