// The real server over stdio: initialize, diagnostics on open and change, hover, the generic Dockerfile
// features from dockerfile-language-service, and a clean shutdown.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, root } from './lsp-client';

const fixture = join(root, 'test/fixtures/server/Containerfile');
const uri = pathToFileURL(fixture).href;
const text = readFileSync(fixture, 'utf8');
const lines = text.split('\n');

let client: LspClient;
before(async () => { client = await LspClient.start(); });
after(() => client?.kill());

function byCode(diagnostics: Diagnostic[], code: string): Diagnostic {
  const d = diagnostics.find((x) => x.code === code);
  assert.ok(d, `expected a ${code} diagnostic, got ${JSON.stringify(diagnostics.map((x) => x.code))}`);
  return d;
}

function rangeText(d: Diagnostic, source = lines): string {
  assert.equal(d.range.start.line, d.range.end.line, 'single-line range');
  return source[d.range.start.line].slice(d.range.start.character, d.range.end.character);
}

test('initialize announces the features', () => {
  const caps = client.initializeResult.capabilities;
  assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 }, 'incremental sync');
  assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix'] });
  for (const feature of ['hoverProvider', 'completionProvider', 'documentFormattingProvider', 'documentRangeFormattingProvider',
    'documentOnTypeFormattingProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'signatureHelpProvider',
    'documentHighlightProvider', 'renameProvider', 'definitionProvider']) {
    assert.ok(caps[feature], `capability ${feature}`);
  }
  assert.equal(client.initializeResult.serverInfo.name, 'bootable');
});

test('didOpen publishes bootable diagnostics: code = rule id, href to the rule doc, range on the offending words', async () => {
  const published = await client.open(uri, text);
  assert.equal(published.version, 1);
  const ds = published.diagnostics;
  const bootable = ds.filter((d) => d.source === 'bootable');
  assert.ok(bootable.length >= 4, `several bootable findings, got ${JSON.stringify(ds.map((d) => d.code))}`);
  for (const d of bootable) {
    assert.equal(typeof d.code, 'string');
    const href = d.codeDescription?.href;
    assert.ok(href, `${d.code} has codeDescription.href`);
    const docPath = fileURLToPath(href);
    assert.equal(docPath, join(root, 'docs/rules', `${d.code}.md`));
    assert.ok(existsSync(docPath), `rule doc exists: ${docPath}`);
    assert.ok(d.range.end.line > d.range.start.line || d.range.end.character > d.range.start.character, 'non-empty range');
  }
  // The dnf install without a cache clean: the range is on the words, not the whole line.
  const pkgCache = byCode(ds, 'pkg-cache');
  assert.equal(pkgCache.range.start.line, 1);
  assert.match(rangeText(pkgCache), /^dnf install/);
  assert.notEqual(rangeText(pkgCache), lines[1], 'not the whole line');
  assert.match(rangeText(byCode(ds, 'useradd')), /^useradd\b/);
  assert.equal(byCode(ds, 'var-run-dir').range.start.line, 2);
  assert.equal(byCode(ds, 'var-content').range.start.line, 4);
  assert.equal(byCode(ds, 'lint-missing').severity, 3, 'lint-missing is info by default');
});

test('didChange (incremental) publishes new diagnostics for the new version', async () => {
  // Replace line 3 (`RUN useradd -r webapp`) with a harmless RUN: the useradd finding goes away.
  const line3 = lines[3];
  const changed = await client.change(uri, 2, [{
    range: { start: { line: 3, character: 0 }, end: { line: 3, character: line3.length } },
    text: 'RUN systemctl enable httpd',
  }]);
  assert.equal(changed.version, 2);
  assert.ok(!changed.diagnostics.some((d) => d.code === 'useradd'), 'useradd finding gone');
  assert.ok(changed.diagnostics.some((d) => d.code === 'pkg-cache'), 'other findings stay');
  // And back: the finding returns (on a different line than before, proving re-lint of the new text).
  const again = await client.change(uri, 3, [{
    range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } },
    text: 'RUN groupadd staff\n',
  }]);
  assert.equal(byCode(again.diagnostics, 'useradd').range.start.line, 5);
});

test('hover on a finding shows the rule documentation with a link', async () => {
  const published = client.published.filter((p) => p.uri === uri).at(-1)!;
  const d = byCode(published.diagnostics, 'pkg-cache');
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: d.range.start });
  assert.equal(hover.contents.kind, 'markdown');
  assert.match(hover.contents.value, /pkg-cache/);
  assert.ok(hover.contents.value.includes(d.codeDescription!.href), 'links the rule doc');
  assert.ok(hover.contents.value.length > 200, 'carries the rule docs, not just the message');
  assert.ok(!hover.contents.value.includes(d.message), 'the message is shown by the editor above the hover: not repeated');
});

test('hover on an instruction keyword shows the instruction docs (dockerfile-language-service)', async () => {
  // COPY on line 4: its finding (var-content) is on the destination, not on the keyword.
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 1 } });
  assert.ok(hover, 'hover on COPY');
  const value = typeof hover.contents === 'string' ? hover.contents : hover.contents.value;
  assert.match(value, /Copy files or folders/);
  assert.doesNotMatch(value, /bootable:/, 'not a rule hover');
});

test('completion offers instructions', async () => {
  const doc = 'file:///tmp/bootable-server-completion/Containerfile';
  await client.open(doc, 'FROM fedora\nRU');
  const result = await client.request('textDocument/completion', { textDocument: { uri: doc }, position: { line: 1, character: 2 } });
  const items = Array.isArray(result) ? result : result.items;
  // Labels read like "RUN command" (a snippet with a placeholder).
  const run = items.find((i: { label: string }) => i.label.split(' ')[0] === 'RUN');
  assert.ok(run, `RUN among ${items.map((i: { label: string }) => i.label)}`);
  assert.match(run.textEdit.newText, /^RUN /);
  const resolved = await client.request('completionItem/resolve', run);
  assert.ok(resolved.documentation, 'resolve adds documentation');
});

test('formatting, symbols, folding, highlight, signature help', async () => {
  const doc = 'file:///tmp/bootable-server-features/Containerfile';
  const source = 'from fedora AS build\n   RUN echo a \\\n echo b\nFROM build\n# comment one\n# comment two\nCOPY --from=build /a /b\n';
  await client.open(doc, source);
  const edits = await client.request('textDocument/formatting', { textDocument: { uri: doc }, options: { tabSize: 4, insertSpaces: true } });
  assert.ok(edits.some((e: { range: { start: { line: number } }; newText: string }) => e.range.start.line === 1 && e.newText === ''), 'indentation of line 2 removed');
  const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: doc } });
  assert.deepEqual(symbols.map((s: { name: string }) => s.name), ['from', 'RUN', 'FROM', 'COPY']);
  const folds = await client.request('textDocument/foldingRange', { textDocument: { uri: doc } });
  assert.ok(folds.some((f: { startLine: number; endLine: number }) => f.startLine === 1 && f.endLine === 2), 'continued RUN folds');
  assert.ok(folds.some((f: { startLine: number; endLine: number; kind?: string }) => f.startLine === 4 && f.endLine === 5 && f.kind === 'comment'), 'comment block folds');
  const highlights = await client.request('textDocument/documentHighlight', { textDocument: { uri: doc }, position: { line: 0, character: 17 } });
  assert.ok(highlights.length >= 2, 'stage name highlighted where it is used');
  const signature = await client.request('textDocument/signatureHelp', { textDocument: { uri: doc }, position: { line: 6, character: 5 } });
  assert.ok(signature && signature.signatures.length > 0, 'COPY signature');
  const rename = await client.request('textDocument/rename', { textDocument: { uri: doc }, position: { line: 0, character: 17 }, newName: 'builder' });
  assert.ok(rename.changes[doc].length >= 2, 'stage rename edits every use');
});

test('requests about unknown documents answer neutral values instead of failing', async () => {
  const unknown = { textDocument: { uri: 'file:///nowhere/Containerfile' } };
  assert.equal(await client.request('textDocument/hover', { ...unknown, position: { line: 0, character: 0 } }), null);
  assert.deepEqual(await client.request('textDocument/codeAction', { ...unknown, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }), []);
  assert.deepEqual(await client.request('textDocument/formatting', { ...unknown, options: { tabSize: 4, insertSpaces: true } }), []);
});

test('didClose clears the diagnostics', async () => {
  const cleared = client.nextDiagnostics(uri);
  await client.notify('textDocument/didClose', { textDocument: { uri } });
  assert.deepEqual((await cleared).diagnostics, []);
});

test('shutdown then exit ends the server with code 0', async () => {
  assert.equal(await client.shutdown(), 0);
  assert.doesNotMatch(client.stderr, /Error|uncaught/i);
});
