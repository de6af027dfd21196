// The generic Dockerfile editor features (completion, instruction hover, formatting, symbols, folding,
// signature help, highlight, rename, definition) come from dockerfile-language-service: registered here, not
// rewritten. They run in a worker thread with a budget (see feature-requests.ts); over budget, the request
// answers its neutral value.
import type { Capabilities, CompletionItemCapabilities, FormatterSettings } from 'dockerfile-language-service';
import type {
  ClientCapabilities,
  CompletionItem,
  Connection,
  FormattingOptions,
  ServerCapabilities,
  TextDocuments,
  TextEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { bibCompletion } from './bib-config/features';
import { documentKind } from './document-kind';
import type { FeatureRequest } from './feature-requests';
import type { Guard } from './guard';

export const languageFeatureCapabilities: ServerCapabilities = {
  completionProvider: { resolveProvider: true, triggerCharacters: ['=', ' ', '$', '-', '[', '"', '.'] },
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

/** Indentation wider than this is no formatting anyone wants, and `tabSize: 1e8` would build gigabyte strings. */
export const maxTabSize = 32;

/** The formatter's settings, or a reason to refuse the options (they come from the client: hostile until checked). */
export function formatterSettings(options: FormattingOptions): FormatterSettings | string {
  const { tabSize, insertSpaces } = options;
  if (!Number.isInteger(tabSize) || tabSize < 1 || tabSize > maxTabSize) return `tabSize ${String(tabSize)} is not an integer from 1 to ${maxTabSize}`;
  return { tabSize, insertSpaces: insertSpaces === true, ignoreMultilineInstructions: false };
}

/** Answers a feature request in the feature worker (rejects over budget: the guard turns that into the fallback). */
export type AskFeature = <R>(request: FeatureRequest) => Promise<R>;

/** Registers every generic feature on the connection, for Containerfile documents only. */
export function registerLanguageFeatures(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  guard: Guard,
  ask: AskFeature,
  log: (message: string) => void,
  /** The document when it is a disk-builder config (completion from server/bib-config instead of the Dockerfile service). */
  bibConfig: (uri: string) => TextDocument | undefined = () => undefined,
): void {
  const containerfile = (uri: string): TextDocument | undefined => {
    const doc = documents.get(uri);
    return doc && documentKind(doc.languageId, doc.uri) === 'containerfile' ? doc : undefined;
  };
  const format = async (name: string, options: FormattingOptions, request: (settings: FormatterSettings) => FeatureRequest): Promise<TextEdit[]> => {
    const settings = formatterSettings(options);
    if (typeof settings === 'string') {
      log(`bootable: ${name}: ${settings}; not formatting`);
      return [];
    }
    return ask<TextEdit[]>(request(settings));
  };

  connection.onCompletion(guard('completion', [] as CompletionItem[], (params) => {
    const bib = bibConfig(params.textDocument.uri);
    if (bib) return bibCompletion(bib.getText(), params.position, bib.uri.toLowerCase().endsWith('.json'));
    const doc = containerfile(params.textDocument.uri);
    return doc ? ask({ feature: 'completion', text: doc.getText(), position: params.position }) : [];
  }));
  connection.onCompletionResolve((item) => guard('completionResolve', item, () => ask<CompletionItem>({ feature: 'completionResolve', item }))());
  connection.onDocumentFormatting(guard('formatting', [] as TextEdit[], (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? format('formatting', params.options, (options) => ({ feature: 'format', text: doc.getText(), options })) : [];
  }));
  connection.onDocumentRangeFormatting(guard('rangeFormatting', [] as TextEdit[], (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? format('rangeFormatting', params.options, (options) => ({ feature: 'formatRange', text: doc.getText(), range: params.range, options })) : [];
  }));
  connection.onDocumentOnTypeFormatting(guard('onTypeFormatting', [] as TextEdit[], (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? format('onTypeFormatting', params.options, (options) => ({ feature: 'formatOnType', text: doc.getText(), position: params.position, ch: params.ch, options })) : [];
  }));
  connection.onDocumentSymbol(guard('documentSymbol', [], (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? ask({ feature: 'symbols', uri: params.textDocument.uri, text: doc.getText() }) : [];
  }));
  connection.onFoldingRanges(guard('foldingRange', [], (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? ask({ feature: 'folding', text: doc.getText() }) : [];
  }));
  connection.onSignatureHelp(guard('signatureHelp', null, (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? ask({ feature: 'signatureHelp', text: doc.getText(), position: params.position }) : null;
  }));
  connection.onDocumentHighlight(guard('documentHighlight', [], (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? ask({ feature: 'highlight', text: doc.getText(), position: params.position }) : [];
  }));
  connection.onPrepareRename(guard('prepareRename', null, (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? ask({ feature: 'prepareRename', text: doc.getText(), position: params.position }) : null;
  }));
  connection.onRenameRequest(guard('rename', null, async (params) => {
    const doc = containerfile(params.textDocument.uri);
    if (!doc) return null;
    const edits = await ask<never[]>({ feature: 'rename', uri: doc.uri, text: doc.getText(), position: params.position, newName: params.newName });
    return { changes: { [doc.uri]: edits } };
  }));
  connection.onDefinition(guard('definition', null, (params) => {
    const doc = containerfile(params.textDocument.uri);
    return doc ? ask({ feature: 'definition', uri: doc.uri, text: doc.getText(), position: params.position }) : null;
  }));
}
