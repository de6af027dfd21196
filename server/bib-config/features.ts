// Completion and hover for disk-builder configs, from schema.ts; the keys' docs say what bootable does with them.
import { CompletionItemKind, MarkupKind, type CompletionItem, type Hover } from 'vscode-languageserver/node';
import type { Position } from '../../core/lint/types';
import { cursorContext } from './cursor';
import { keyRanges } from './lint';
import { genericPath, keyDoc, keysOf, tableHeaders } from './schema';

export function bibCompletion(text: string, pos: Position, json: boolean): CompletionItem[] {
  const ctx = cursorContext(text, pos, json);
  if (ctx.mode === 'header') {
    return tableHeaders().map(({ header, array }) => ({
      label: header, kind: CompletionItemKind.Module, detail: array ? 'array of tables: one [[…]] per entry' : 'table',
      documentation: keyDoc(header),
    }));
  }
  if (ctx.mode === 'value') {
    const key = keysOf(ctx.table).find((k) => k.name === ctx.key);
    return (key?.values ?? []).map((v) => ({
      label: v, kind: CompletionItemKind.Value, detail: ctx.key,
      insertText: v === 'true' || v === 'false' ? v : `"${v}"`,
    }));
  }
  return keysOf(ctx.table).map((k) => ({
    label: k.name, kind: k.kind === 'table' || k.kind === 'array-of-tables' ? CompletionItemKind.Module : CompletionItemKind.Property,
    detail: k.kind, documentation: k.doc ? { kind: MarkupKind.Markdown, value: k.doc } : undefined,
  }));
}

/** The doc of the key under the cursor (found through the same key ranges the diagnostics use). */
export function bibHover(text: string, pos: Position, json: boolean): Hover | null {
  for (const [path, r] of keyRanges(text, json)) {
    if (r.start.line !== pos.line || pos.character < r.start.character || pos.character > r.end.character) continue;
    if (/\]$/.test(path) && r.end.character - r.start.character <= 1) continue;
    const generic = genericPath(path);
    const doc = keyDoc(generic);
    if (!doc) continue;
    return { contents: { kind: MarkupKind.Markdown, value: `**${generic}** (bootc-image-builder config)\n\n${doc}` }, range: r };
  }
  return null;
}
