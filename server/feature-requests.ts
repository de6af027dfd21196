// The generic Dockerfile editor features as plain-data requests: the main thread sends them to a worker thread
// (server/worker.ts) where dockerfile-language-service answers them under a time budget, because on a big file
// its parser takes seconds (2.5 MB: folding 5 s, symbols 6 s) and must never block the main thread.
import type { Capabilities, DockerfileLanguageService, FormatterSettings } from 'dockerfile-language-service';
import type { CompletionItem, Position, Range } from 'vscode-languageserver-types';

export type FeatureRequest =
  | { feature: 'completion'; text: string; position: Position }
  | { feature: 'completionResolve'; item: CompletionItem }
  | { feature: 'hover'; text: string; position: Position }
  | { feature: 'format'; text: string; options: FormatterSettings }
  | { feature: 'formatRange'; text: string; range: Range; options: FormatterSettings }
  | { feature: 'formatOnType'; text: string; position: Position; ch: string; options: FormatterSettings }
  | { feature: 'symbols'; uri: string; text: string }
  | { feature: 'folding'; text: string }
  | { feature: 'signatureHelp'; text: string; position: Position }
  | { feature: 'highlight'; text: string; position: Position }
  | { feature: 'prepareRename'; text: string; position: Position }
  | { feature: 'rename'; uri: string; text: string; position: Position; newName: string }
  | { feature: 'definition'; uri: string; text: string; position: Position };

/** Data the worker needs to set the service up: the client's capabilities, as the service understands them. */
export interface FeatureWorkerData { role: 'bootable-features'; capabilities: Capabilities }

/** FROM image-tag completion asks Docker Hub; offline that can stall, so completion waits at most this long. */
const completionTimeoutMs = 1500;

function withTimeout<T>(value: T | PromiseLike<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    Promise.resolve(value).then(
      (v) => { clearTimeout(timer); resolve(v); },
      () => { clearTimeout(timer); resolve(fallback); },
    );
  });
}

export function runFeature(service: DockerfileLanguageService, r: FeatureRequest): unknown {
  switch (r.feature) {
    case 'completion': return withTimeout(service.computeCompletionItems(r.text, r.position), completionTimeoutMs, []);
    case 'completionResolve': return service.resolveCompletionItem(r.item);
    case 'hover': return service.computeHover(r.text, r.position);
    case 'format': return service.format(r.text, r.options);
    case 'formatRange': return service.formatRange(r.text, r.range, r.options);
    case 'formatOnType': return service.formatOnType(r.text, r.position, r.ch, r.options);
    case 'symbols': return service.computeSymbols({ uri: r.uri }, r.text);
    case 'folding': return service.computeFoldingRanges(r.text);
    case 'signatureHelp': return service.computeSignatureHelp(r.text, r.position);
    case 'highlight': return service.computeHighlightRanges(r.text, r.position);
    case 'prepareRename': return service.prepareRename(r.text, r.position);
    case 'rename': return service.computeRename({ uri: r.uri }, r.text, r.position, r.newName);
    case 'definition': return service.computeDefinition({ uri: r.uri }, r.text, r.position);
  }
}
