// Findings from core (image checks) as VS Code diagnostics: same source, code and doc link as the language
// server's, so they read the same in the Problems panel.
import * as vscode from 'vscode';
import { severities, type Finding, type Severity } from '../core/lint/types';
import { ruleDocPath } from '../core/lint/docs';

/** VS Code numbers severities from 0 (Error) in core's order (the language server's are the same, from 1). */
const vscodeSeverity = (s: Severity) => Math.max(0, severities.indexOf(s)) as vscode.DiagnosticSeverity;

export function toDiagnostic(finding: Finding, extensionUri: vscode.Uri): vscode.Diagnostic {
  const { start, end } = finding.range;
  const d = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), finding.message, vscodeSeverity(finding.severity));
  d.source = 'bootable';
  d.code = { value: finding.ruleId, target: vscode.Uri.joinPath(extensionUri, ruleDocPath(finding.ruleId)) };
  // The base-image note lists its members: expandable under it in the Problems panel.
  if (finding.related?.length && finding.file) {
    const uri = vscode.Uri.file(finding.file);
    d.relatedInformation = finding.related.map((r) => new vscode.DiagnosticRelatedInformation(
      new vscode.Location(uri, new vscode.Range(r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character)), r.message));
  }
  return d;
}
