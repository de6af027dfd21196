// The generic Dockerfile editor features (completion, instruction hover, formatting, symbols, folding,
// signature help, highlight, rename, definition) come from dockerfile-language-service: registered here, not rewritten.
import {
  DockerfileLanguageServiceFactory,
  type Capabilities,
  type CompletionItemCapabilities,
  type DockerfileLanguageService,
  type FormatterSettings,
} from 'dockerfile-language-service';
import type {
  ClientCapabilities,
  CompletionItem,
  Connection,
  FormattingOptions,
  ServerCapabilities,
  TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { documentKind } from './document-kind';
import type { Guard } from './guard';

/** FROM image-tag completion asks Docker Hub; offline that can stall, so completion waits at most this long. */
const completionTimeoutMs = 1500;

export const languageFeatureCapabilities: ServerCapabilities = {
  completionProvider: { resolveProvider: true, triggerCharacters: ['=', ' ', '$', '-'] },
  documentFormattingProvider: true,
  documentRangeFormattingProvider: true,
  // The escape characters end a continued line; the service re-indents the next one.
  documentOnTypeFormattingProvider: { firstTriggerCharacter: '\\', moreTriggerCharacter: ['`'] },
  documentSymbolProvider: true,
  foldingRangeProvider: true,
  signatureHelpProvider: { triggerCharacters: ['-', '[', ',', ' ', '='] },
  documentHighlightProvider: true,
  renameProvider: { prepareProvider: true },
  definitionProvider: true,
};

export function serviceCapabilities(client: ClientCapabilities): Capabilities {
  const td = client.textDocument;
  return {
    // Same shape; the service has its own copy of vscode-languageserver-types, hence the cast.
    completion: { completionItem: td?.completion?.completionItem as CompletionItemCapabilities | undefined },
    hover: { contentFormat: td?.hover?.contentFormat },
    foldingRange: { lineFoldingOnly: td?.foldingRange?.lineFoldingOnly, rangeLimit: td?.foldingRange?.rangeLimit },
  };
}

function formatterSettings(options: FormattingOptions): FormatterSettings {
  return { ...options, ignoreMultilineInstructions: false };
}

function withTimeout<T>(value: T | PromiseLike<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    Promise.resolve(value).then(
      (v) => { clearTimeout(timer); resolve(v); },
      () => { clearTimeout(timer); resolve(fallback); },
    );
  });
}

/** Registers every generic feature on the connection, for Containerfile documents only. */
export function registerLanguageFeatures(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  guard: Guard,
): DockerfileLanguageService {
  const service = DockerfileLanguageServiceFactory.createLanguageService();
  service.setLogger({ log: (message) => connection.console.log(message) });

  const containerfile = (uri: string): TextDocument | undefined => {
    const doc = documents.get(uri);
    return doc && documentKind(doc.languageId, doc.uri) === 'containerfile' ? doc : undefined;
  };

  connection.onCompletion(guard('completion', [] as CompletionItem[], async (params) => {
    const doc = containerfile(params.textDocument.uri);
    if (!doc) return [];
    return withTimeout(service.computeCompletionItems(doc.getText(), params.position), completionTimeoutMs, []);
  }));
  connection.onCompletionResolve((item) => guard('completionResolve', item, () => service.resolveCompletionItem(item))());
  connection.onDocumentFormatting(guard('formatting', [], (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? service.format(doc.getText(), formatterSettings(params.options)) : [];
  }));
  connection.onDocumentRangeFormatting(guard('rangeFormatting', [], (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? service.formatRange(doc.getText(), params.range, formatterSettings(params.options)) : [];
  }));
  connection.onDocumentOnTypeFormatting(guard('onTypeFormatting', [], (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? service.formatOnType(doc.getText(), params.position, params.ch, formatterSettings(params.options)) : [];
  }));
  connection.onDocumentSymbol(guard('documentSymbol', [], (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? service.computeSymbols(params.textDocument, doc.getText()) : [];
  }));
  connection.onFoldingRanges(guard('foldingRange', [], (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? service.computeFoldingRanges(doc.getText()) : [];
  }));
  connection.onSignatureHelp(guard('signatureHelp', null, (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? service.computeSignatureHelp(doc.getText(), params.position) : null;
  }));
  connection.onDocumentHighlight(guard('documentHighlight', [], (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? service.computeHighlightRanges(doc.getText(), params.position) : [];
  }));
  connection.onPrepareRename(guard('prepareRename', null, (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? service.prepareRename(doc.getText(), params.position) : null;
  }));
  connection.onRenameRequest(guard('rename', null, (params) => {
    const doc = containerfile(params.textDocument.uri);
    if (!doc) return null;
    const edits = service.computeRename(params.textDocument, doc.getText(), params.position, params.newName);
    return { changes: { [doc.uri]: edits } };
  }));
  connection.onDefinition(guard('definition', null, (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? service.computeDefinition(params.textDocument, doc.getText(), params.position) : null;
  }));
  return service;
}
