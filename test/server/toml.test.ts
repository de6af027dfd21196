// bootc TOML drop-ins through the real server: usr/lib/bootc/kargs.d/*.toml and usr/lib/bootc/install/*.toml
// documents get their own diagnostics, and a Containerfile COPY of such a file validates the source on disk.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lsp-client';

let client: LspClient;
let dir: string;
before(async () => {
  client = await LspClient.start();
  dir = mkdtempSync(join(tmpdir(), 'bootable-server-toml-'));
});
after(() => {
  client?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a kargs.d document (language bootc-toml) gets bootc-kargs diagnostics on the offending key; fixing it clears them', async () => {
  const uri = 'file:///tmp/bootable-server-toml/usr/lib/bootc/kargs.d/10-console.toml';
  const bad = 'kargs = "console=ttyS0"\nmatch-architectures = ["amd64"]\n';
  const published = await client.open(uri, bad, 'bootc-toml');
  const ds = published.diagnostics;
  assert.ok(ds.length >= 2, JSON.stringify(ds));
  for (const d of ds) {
    assert.equal(d.code, 'bootc-kargs');
    assert.equal(d.source, 'bootable');
    assert.match(d.codeDescription!.href, /docs\/rules\/bootc-kargs\.md$/);
  }
  assert.ok(ds.some((d) => d.range.start.line === 0 && /array of strings/.test(d.message)));
  assert.ok(ds.some((d) => d.range.start.line === 1 && /amd64/.test(d.message)));

  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 } });
  assert.match(hover.contents.value, /bootc-kargs/);
  // The rule page's title is not repeated as a giant H1, and the message (shown above the hover) not repeated in it.
  assert.doesNotMatch(hover.contents.value, /^#/m, 'no markdown heading in the hover');
  for (const d of ds) assert.ok(!hover.contents.value.includes(d.message), `the hover repeats "${d.message}"`);

  const fixed = await client.change(uri, 2, [{ text: 'kargs = ["console=ttyS0"]\nmatch-architectures = ["x86_64"]\n' }]);
  assert.deepEqual(fixed.diagnostics, []);
});

test('an install drop-in is recognised by its path even with a generic language id', async () => {
  const uri = 'file:///tmp/bootable-server-toml/usr/lib/bootc/install/00-root.toml';
  const published = await client.open(uri, '[install.filesystem.root]\ntype = 5\n', 'toml');
  assert.ok(published.diagnostics.length > 0);
  assert.ok(published.diagnostics.every((d) => d.code === 'install-config'));
  // Not a Containerfile: no Dockerfile features answer for it.
  assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
});

test('a TOML file outside the bootc drop-in directories is not linted', async () => {
  const published = await client.open('file:///tmp/bootable-server-toml/config.toml', 'kargs = 1\n', 'toml');
  assert.deepEqual(published.diagnostics, []);
});

test('COPY of a kargs.d file in a Containerfile validates the source file from the build context on disk', async () => {
  // The build context is dir/context; dir/outside.toml lies outside it and must not be read.
  const context = join(dir, 'context');
  mkdirSync(join(context, 'files'), { recursive: true });
  writeFileSync(join(context, 'files/10-bad.toml'), 'kargs = ["console=ttyS0"]\nmatch_architectures = ["x86_64"]\n');
  writeFileSync(join(context, 'files/20-good.toml'), 'kargs = ["quiet"]\n');
  writeFileSync(join(dir, 'outside.toml'), 'bogus = 1\n');
  const containerfile = join(context, 'Containerfile');
  const text = [
    'FROM quay.io/fedora/fedora-bootc:40',
    'COPY files/10-bad.toml /usr/lib/bootc/kargs.d/10-bad.toml',
    'COPY files/20-good.toml /usr/lib/bootc/kargs.d/20-good.toml',
    'COPY ../outside.toml /usr/lib/bootc/kargs.d/30-outside.toml',
    'RUN bootc container lint',
    '',
  ].join('\n');
  writeFileSync(containerfile, text);
  const published = await client.open(pathToFileURL(containerfile).href, text);
  const kargs = published.diagnostics.filter((d) => d.code === 'kargs-toml');
  assert.equal(kargs.length, 1, JSON.stringify(published.diagnostics));
  assert.equal(kargs[0].range.start.line, 1);
  assert.match(kargs[0].message, /match_architectures/);
});
