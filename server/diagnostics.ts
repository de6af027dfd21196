// Lints a document and turns findings into LSP diagnostics. The last result per document is kept
// (keyed by version) so code actions and hovers answer from it without linting again.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lintBootcToml, lintContainerfile } from '../core/lint';
import type { ContextReader, Finding, Severity } from '../core/lint/types';
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

/** Context files larger than this are not read (a COPY source that big is not a bootc TOML drop-in). */
const maxContextBytes = 1024 * 1024;

/**
 * Reads COPY sources from the build context, taken to be the Containerfile's directory.
 * Paths that leave the context (`../x`, absolute) are not readable, as in a real build.
 */
export function contextReader(documentPath: string | undefined): ContextReader {
  if (documentPath === undefined) return () => undefined;
  const contextDir = dirname(documentPath);
  return (relativePath) => {
    const path = resolve(contextDir, relativePath);
    const rel = relative(contextDir, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
    try {
      if (statSync(path).size > maxContextBytes) return undefined;
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
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
