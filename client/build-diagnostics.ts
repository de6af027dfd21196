// Diagnostics from builds and image checks (the language server owns the live lint diagnostics). Nothing
// re-computes them until the next build, so they follow edits: they move with their lines, and one whose lines
// are edited is removed (see edit-tracking.ts).
import * as vscode from 'vscode';
import { moveWithChange } from './edit-tracking';

export class BuildDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('bootable-build');
  private readonly listener: vscode.Disposable;

  constructor() {
    this.listener = vscode.workspace.onDidChangeTextDocument((event) => this.follow(event));
  }

  set(uri: vscode.Uri, diagnostics: readonly vscode.Diagnostic[]): void {
    this.collection.set(uri, diagnostics);
  }

  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  delete(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  dispose(): void {
    this.listener.dispose();
    this.collection.dispose();
  }

  private follow(event: vscode.TextDocumentChangeEvent): void {
    const current = this.collection.get(event.document.uri);
    if (!current || current.length === 0 || event.contentChanges.length === 0) return;
    const kept: vscode.Diagnostic[] = [];
    for (const d of current) {
      let span: { start: vscode.Position; end: vscode.Position } | undefined = d.range;
      // Changes of one event are relative to the document before the event, latest position first.
      for (const change of [...event.contentChanges].sort((a, b) => b.range.start.compareTo(a.range.start))) {
        if (!span) break;
        const moved = moveWithChange(span, change);
        span = moved && { start: new vscode.Position(moved.start.line, moved.start.character), end: new vscode.Position(moved.end.line, moved.end.character) };
      }
      if (!span) continue;
      if (span.start.isEqual(d.range.start) && span.end.isEqual(d.range.end)) { kept.push(d); continue; }
      const moved = new vscode.Diagnostic(new vscode.Range(span.start, span.end), d.message, d.severity);
      moved.source = d.source;
      moved.code = d.code;
      moved.relatedInformation = d.relatedInformation;
      moved.tags = d.tags;
      kept.push(moved);
    }
    this.collection.set(event.document.uri, kept);
  }
}
