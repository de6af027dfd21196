// Findings from core (image checks) as VS Code diagnostics: same source, code and doc link as the language
// server's, so they read the same in the Problems panel.
import * as vscode from 'vscode';
import type { Finding, Severity } from '../core/lint/types';
import { ruleDocPath } from '../core/lint/docs';

const severities: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding, extensionUri: vscode.Uri): vscode.Diagnostic {
  const { start, end } = finding.range;
  const d = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), finding.message, severities[finding.severity]);
  d.source = 'bootable';
  d.code = { value: finding.ruleId, target: vscode.Uri.joinPath(extensionUri, ruleDocPath(finding.ruleId)) };
  return d;
}
