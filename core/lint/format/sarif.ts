// SARIF 2.1.0 for code scanning (GitHub accepts it with `github/codeql-action/upload-sarif`).
// Columns are 1-based with an exclusive end; URIs are relative to %SRCROOT% (the directory the CLI ran in).
import type { Finding, Severity } from '../types';

export interface RuleDescriptor {
  id: string;
  summary: string;
  docs: string;
  severity: Severity;
  helpUri?: string;
}

export interface SarifOptions {
  toolName?: string;
  toolVersion: string;
  rules: readonly RuleDescriptor[];
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function sarifLog(findings: readonly Finding[], opts: SarifOptions): object {
  const known = new Map(opts.rules.map((r) => [r.id, r]));
  // Rules that produced findings but are not in the catalogue (dockerfile-utils codes) still need a descriptor.
  const rules: RuleDescriptor[] = [...opts.rules];
  for (const f of findings) {
    if (known.has(f.ruleId)) continue;
    const d: RuleDescriptor = f.source === 'dockerfile-utils'
      ? { id: f.ruleId, summary: 'Dockerfile validation (dockerfile-utils)', docs: 'Generic Dockerfile syntax and semantics check from dockerfile-utils.', severity: f.severity }
      : { id: f.ruleId, summary: f.ruleId, docs: f.ruleId, severity: f.severity };
    known.set(f.ruleId, d);
    rules.push(d);
  }
  const indexOf = new Map(rules.map((r, k) => [r.id, k]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: opts.toolName ?? 'bootable',
          version: opts.toolVersion,
          rules: rules.map((r) => ({
            id: r.id,
            name: r.id,
            shortDescription: { text: r.summary },
            fullDescription: { text: r.docs },
            help: { text: r.docs, markdown: r.docs },
            ...(r.helpUri ? { helpUri: r.helpUri } : {}),
            defaultConfiguration: { level: LEVEL[r.severity] },
          })),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The directory bootable lint ran in.' } } },
      results: findings.map((f) => ({
        ruleId: f.ruleId,
        ruleIndex: indexOf.get(f.ruleId)!,
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: encodeURI((f.file ?? 'Containerfile').replace(/\\/g, '/')), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: Math.max(f.range.end.character + 1, f.range.end.line > f.range.start.line ? 1 : f.range.start.character + 2),
            },
          },
        }],
      })),
    }],
  };
}

export function formatSarif(findings: readonly Finding[], opts: SarifOptions): string {
  return JSON.stringify(sarifLog(findings, opts), null, 2) + '\n';
}
