// Wires the features onto an LSP connection: document sync, settings, diagnostics, code actions, hover,
// and the generic Dockerfile features. Transport (stdio / IPC) is chosen by the caller (main.ts).
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Hover,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bibHover } from './bib-config/features';
import { codeActionsFor } from './code-actions';
import { documentKind } from './document-kind';
import { lintRequestFor, lintResult, type LintResult } from './diagnostics';
import { BudgetWorker } from './budget-worker';
import { bootcImagesNotification, parseBootcImages } from './bootc-images';
import type { FeatureRequest, FeatureWorkerData } from './feature-requests';
import { makeGuard } from './guard';
import { ruleHover } from './hover';
import { languageFeatureCapabilities, registerLanguageFeatures, serviceCapabilities } from './language-features';
import { budgetFromEnv, lintBudgetFromEnv, LintRunner } from './lint-runner';
import { SettingsStore } from './settings-store';

/** The client command a disk-builder config's CodeLens runs (client/commands/disk.ts), with the document's URI. */
export const PREVIEW_DISK_LAYOUT = 'bootable.previewDiskLayout';

/** `lintWorkerScript`: the file the worker threads run (the server bundle itself; see main.ts). */
export function startServer(connection: Connection, lintWorkerScript: string): void {
  const log = (message: string) => connection.console.error(message);
  // Every request answers within this budget (BOOTABLE_REQUEST_BUDGET_MS for tests), with a neutral value if need be.
  const requestBudgetMs = budgetFromEnv('BOOTABLE_REQUEST_BUDGET_MS', 5000);
  const guard = makeGuard(log, requestBudgetMs);
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsStore(connection, log);
  // The feature worker needs the client's capabilities, so it starts after initialize.
  let features: BudgetWorker | undefined;
  const ask = <R>(request: FeatureRequest): Promise<R> =>
    features ? features.run<R>(request, request.feature) : Promise.reject(new Error('not initialized'));
  /** The document when the server validates it as a disk-builder config (its name, content or the setting). */
  const bibConfig = (uri: string): TextDocument | undefined => {
    const doc = documents.get(uri);
    return doc && documentKind(doc.languageId, doc.uri, doc.getText(), settings.current.diskConfig) === 'bib-config' ? doc : undefined;
  };
  registerLanguageFeatures(connection, documents, guard, ask, log, bibConfig);
  const runner = new LintRunner(lintWorkerScript, log, lintBudgetFromEnv());
  /**
   * The lint per open document, keyed by version and settings generation: code actions and hovers for that
   * version await the same lint instead of running another.
   */
  const results = new Map<string, { version: number; generation: number; result: Promise<LintResult> }>();
  let generation = 0;
  /** Local images the client found labelled bootc (see bootc-images.ts). */
  let bootcImages: string[] = [];

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    settings.initialize(params);
    const workerData: FeatureWorkerData = { role: 'bootable-features', capabilities: serviceCapabilities(params.capabilities) };
    features = new BudgetWorker(lintWorkerScript, log, requestBudgetMs, workerData);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        ...languageFeatureCapabilities,
      },
      serverInfo: { name: 'bootable' },
    };
  });

  connection.onInitialized(() => {
    runner.warmUp();
    features?.warmUp();
    if (settings.wantsChangeRegistration) {
      connection.client.register(DidChangeConfigurationNotification.type, undefined).catch((err) => log(`bootable: cannot register for configuration changes: ${err}`));
    }
    settings.refresh();
  });

  async function lint(doc: TextDocument): Promise<LintResult> {
    const request = lintRequestFor(doc, settings.current, bootcImages);
    if (!request) return lintResult(doc, []);
    try {
      return lintResult(doc, await runner.lint(request), request.kind);
    } catch (err) {
      // Whatever goes wrong in a lint, the document simply gets no findings this time; the server goes on.
      log(`bootable: lint of ${doc.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return lintResult(doc, []);
    }
  }

  /** The lint result for the document's current version and settings (linting only if not done or under way). */
  function currentResult(doc: TextDocument): Promise<LintResult> {
    const cached = results.get(doc.uri);
    if (cached && cached.version === doc.version && cached.generation === generation) return cached.result;
    const result = lint(doc);
    results.set(doc.uri, { version: doc.version, generation, result });
    return result;
  }

  // One lint per document at a time: changes that arrive while it runs are linted together afterwards, on the
  // latest text, so fast typing never builds a backlog (and no debounce timer delays the first lint).
  const linting = new Set<string>();
  const changedWhileLinting = new Set<string>();
  const published = new Map<string, { version: number; generation: number }>();
  function schedule(uri: string): void {
    if (linting.has(uri)) {
      changedWhileLinting.add(uri);
      return;
    }
    linting.add(uri);
    void (async () => {
      try {
        await settings.ready;
        const doc = documents.get(uri);
        if (!doc) return;
        const stamp = { version: doc.version, generation };
        const last = published.get(uri);
        if (last && last.version === stamp.version && last.generation === stamp.generation) return;
        const result = await currentResult(doc);
        // Closed while linting: its diagnostics were cleared and must stay so.
        if (!documents.get(uri)) return;
        published.set(uri, stamp);
        await connection.sendDiagnostics({ uri, version: result.version, diagnostics: result.entries.map((e) => e.diagnostic) });
      } catch (err) {
        log(`bootable: cannot publish diagnostics for ${uri}: ${err}`);
      } finally {
        linting.delete(uri);
        if (changedWhileLinting.delete(uri)) schedule(uri);
      }
    })();
  }

  documents.onDidChangeContent((event) => schedule(event.document.uri));
  documents.onDidClose((event) => {
    results.delete(event.document.uri);
    published.delete(event.document.uri);
    connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] }).catch(() => undefined);
  });
  const relintAll = () => {
    generation++;
    for (const doc of documents.all()) schedule(doc.uri);
  };
  settings.onDidChange(relintAll);
  connection.onNotification(bootcImagesNotification, (params: unknown) => {
    const images = parseBootcImages(params);
    if (!images || images.join('\n') === bootcImages.join('\n')) return;
    bootcImages = images;
    relintAll();
  });

  connection.onCodeAction(guard('codeAction', [], async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    // The document object is updated in place by later changes: keep the text this lint belongs to.
    const text = doc.getText();
    return codeActionsFor(await currentResult(doc), text, params.range, params.context.only);
  }));

  // Disk-builder configs: one lens on the first line, the client's Preview Disk Layout (bootable disk --plan).
  connection.onCodeLens(guard('codeLens', [], (params) => {
    const doc = bibConfig(params.textDocument.uri);
    if (!doc) return [];
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return [{ range, command: { title: 'Preview disk layout', command: PREVIEW_DISK_LAYOUT, arguments: [doc.uri] } }];
  }));

  connection.onHover(guard('hover', null, async (params) => {
    const bib = bibConfig(params.textDocument.uri);
    if (bib) {
      return bibHover(bib.getText(), params.position, bib.uri.toLowerCase().endsWith('.json')) ?? ruleHover(await currentResult(bib), params.position);
    }
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const text = doc.getText();
    const result = await currentResult(doc);
    const hover = ruleHover(result, params.position);
    if (hover || result.kind !== 'containerfile') return hover;
    return ask<Hover | null>({ feature: 'hover', text, position: params.position });
  }));

  connection.onShutdown(() => { runner.dispose(); features?.dispose(); });
  documents.listen(connection);
}
