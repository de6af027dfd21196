// Lints a document and turns findings into LSP diagnostics. The last result per document is kept
// (keyed by version) so code actions and hovers answer from it without linting again.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lintBootcToml, lintContainerfile } from '../core/lint';
import type { Finding, Severity } from '../core/lint/types';
import { contextReader } from './build-context';
import { documentKind, uriToPath, type DocumentKind } from './document-kind';
import { ruleDocHref } from './rule-docs';
import type { ServerSettings } from './settings';

export interface LintEntry { finding: Finding; diagnostic: Diagnostic }

export interface LintResult {
  uri: string;
  version: number;
  kind: DocumentKind | undefined;
  entries: LintEntry[];
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function findingToDiagnostic(finding: Finding): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: severities[finding.severity] ?? DiagnosticSeverity.Warning,
    source: finding.source,
    code: finding.ruleId,
    message: finding.message,
  };
  // Generic findings come from dockerfile-utils and have no page of ours.
  if (finding.source === 'bootable') diagnostic.codeDescription = { href: ruleDocHref(finding.ruleId) };
  return diagnostic;
}

export function lintDocument(document: TextDocument, settings: ServerSettings): LintResult {
  const kind = documentKind(document.languageId, document.uri);
  const result: LintResult = { uri: document.uri, version: document.version, kind, entries: [] };
  if (!settings.enable || kind === undefined) return result;
  const path = uriToPath(document.uri);
  const text = document.getText();
  const findings = kind === 'containerfile'
    ? lintContainerfile(text, { settings: settings.rules, readContext: contextReader(path), generic: true })
    : lintBootcToml(path ?? document.uri, text, { settings: settings.rules });
  result.entries = findings.map((finding) => ({ finding, diagnostic: findingToDiagnostic(finding) }));
  return result;
}
