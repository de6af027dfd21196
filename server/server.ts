// Wires the features onto an LSP connection: document sync, settings, diagnostics, code actions, hover,
// and the generic Dockerfile features. Transport (stdio / IPC) is chosen by the caller (main.ts).
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionsFor } from './code-actions';
import { lintDocument, type LintResult } from './diagnostics';
import { documentKind } from './document-kind';
import { makeGuard } from './guard';
import { ruleHover } from './hover';
import { languageFeatureCapabilities, registerLanguageFeatures, serviceCapabilities } from './language-features';
import { SettingsStore } from './settings-store';

export function startServer(connection: Connection): void {
  const log = (message: string) => connection.console.error(message);
  const guard = makeGuard(log);
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsStore(connection, log);
  const service = registerLanguageFeatures(connection, documents, guard);
  /** Last lint per open document; answers code actions and hovers for that version without re-linting. */
  const results = new Map<string, LintResult>();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    settings.initialize(params);
    service.setCapabilities(serviceCapabilities(params.capabilities));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
        ...languageFeatureCapabilities,
      },
      serverInfo: { name: 'bootable' },
    };
  });

  connection.onInitialized(() => {
    if (settings.wantsChangeRegistration) {
      connection.client.register(DidChangeConfigurationNotification.type, undefined).catch((err) => log(`bootable: cannot register for configuration changes: ${err}`));
    }
    settings.refresh();
  });

  function lint(doc: TextDocument): LintResult {
    try {
      return lintDocument(doc, settings.current);
    } catch (err) {
      // A rule that throws must not take the server down; the document simply gets no findings this time.
      log(`bootable: lint of ${doc.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return { uri: doc.uri, version: doc.version, kind: documentKind(doc.languageId, doc.uri), entries: [] };
    }
  }

  /** The lint result for the document's current version (linting now only if the queued lint has not run yet). */
  function currentResult(doc: TextDocument): LintResult {
    const cached = results.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const fresh = lint(doc);
    results.set(doc.uri, fresh);
    return fresh;
  }

  // Changes that arrive together are linted once, on their latest text; no timer-based debounce.
  const queued = new Set<string>();
  function schedule(uri: string): void {
    if (queued.has(uri)) return;
    queued.add(uri);
    void settings.ready.then(() => {
      queued.delete(uri);
      const doc = documents.get(uri);
      if (!doc) return;
      const result = lint(doc);
      results.set(uri, result);
      connection.sendDiagnostics({ uri, version: doc.version, diagnostics: result.entries.map((e) => e.diagnostic) })
        .catch((err) => log(`bootable: cannot publish diagnostics: ${err}`));
    });
  }

  documents.onDidChangeContent((event) => schedule(event.document.uri));
  documents.onDidClose((event) => {
    results.delete(event.document.uri);
    connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] }).catch(() => undefined);
  });
  settings.onDidChange(() => {
    results.clear();
    for (const doc of documents.all()) schedule(doc.uri);
  });

  connection.onCodeAction(guard('codeAction', [], (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    return codeActionsFor(currentResult(doc), doc.getText(), params.range, params.context.only);
  }));

  connection.onHover(guard('hover', null, (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const result = currentResult(doc);
    const hover = ruleHover(result, params.position);
    if (hover || result.kind !== 'containerfile') return hover;
    return service.computeHover(doc.getText(), params.position);
  }));

  documents.listen(connection);
}
