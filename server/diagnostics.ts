// Turns a document into a lint request and findings into LSP diagnostics.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { severities, type Finding, type Severity } from '../core/lint/types';
import { documentKind, uriToPath, type DocumentKind } from './document-kind';
import type { LintRequest } from './lint-request';
import { ruleDocHref } from './rule-docs';
import type { ServerSettings } from './settings';

export interface LintEntry { finding: Finding; diagnostic: Diagnostic }

export interface LintResult {
  uri: string;
  version: number;
  kind: DocumentKind | undefined;
  entries: LintEntry[];
}

/** LSP numbers severities from 1 (Error) in core's order. */
const lspSeverity = (s: Severity) => (severities.indexOf(s) + 1 || DiagnosticSeverity.Warning) as DiagnosticSeverity;

export function findingToDiagnostic(finding: Finding): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: lspSeverity(finding.severity),
    source: finding.source,
    code: finding.ruleId,
    message: finding.message,
  };
  // Generic findings come from dockerfile-utils and have no page of ours.
  if (finding.source === 'bootable') diagnostic.codeDescription = { href: ruleDocHref(finding.ruleId) };
  return diagnostic;
}

/** The lint to run for a document, or undefined when it gets none (not a bootc document, or linting is off). */
export function lintRequestFor(document: TextDocument, settings: ServerSettings, bootcImages: string[] = []): LintRequest | undefined {
  const kind = documentKind(document.languageId, document.uri, document.getText(), settings.diskConfig);
  if (!settings.enable || kind === undefined) return undefined;
  return { kind, text: document.getText(), path: uriToPath(document.uri), uri: document.uri, rules: settings.rules, generic: true, bootc: settings.bootc, bootcImages };
}

export function lintResult(document: TextDocument, findings: Finding[], kind = documentKind(document.languageId, document.uri)): LintResult {
  return {
    uri: document.uri,
    version: document.version,
    kind,
    entries: findings.map((finding) => ({ finding, diagnostic: findingToDiagnostic(finding) })),
  };
}
