// Quick fixes through the real server: each CodeAction carries its WorkspaceEdit; applying it and sending the
// new text makes the finding go away. Plus "Disable <rule> for this line" suppressions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { applyEdits, LspClient, root } from './lsp-client';

const original = readFileSync(join(root, 'test/fixtures/server/fixable.Containerfile'), 'utf8');
let client: LspClient;
before(async () => { client = await LspClient.start(); });
after(() => client?.kill());

let docCounter = 0;
/** Each test gets its own document, so tests do not depend on each other's edits. */
async function openFresh(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = `file:///tmp/bootable-server-actions-${++docCounter}/Containerfile`;
  const published = await client.open(uri, text);
  return { uri, diagnostics: published.diagnostics };
}

async function actionsFor(uri: string, d: Diagnostic): Promise<CodeAction[]> {
  return client.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
}

async function applyAction(uri: string, text: string, version: number, action: CodeAction): Promise<{ text: string; diagnostics: Diagnostic[] }> {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, `${action.title}: carries its edits for ${uri}`);
  const next = applyEdits(text, edits);
  const published = await client.change(uri, version, [{ text: next }]);
  return { text: next, diagnostics: published.diagnostics };
}

const count = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code).length;

test('every fixable finding: the preferred quick fix carries its edit and removes the finding', async () => {
  const { diagnostics } = await openFresh(original);
  const fixed: string[] = [];
  for (const d of diagnostics.filter((x) => x.source === 'bootable')) {
    const { uri } = await openFresh(original);
    const all = await actionsFor(uri, d);
    for (const a of all) {
      assert.equal(a.kind, 'quickfix');
      assert.equal(a.diagnostics?.length, 1, `${a.title} names the diagnostic it fixes`);
      assert.ok(!a.title.includes('`'), `plain-text title (menus show backticks literally): ${a.title}`);
    }
    // Findings overlapping this one's range bring their actions too; keep this finding's.
    const actions = all.filter((a) => a.diagnostics![0].code === d.code);
    const preferred = actions.filter((a) => a.isPreferred);
    const real = actions.filter((a) => !a.title.startsWith('Disable '));
    if (real.length === 0) continue;
    assert.ok(preferred.length <= 1, `${d.code}: at most one preferred fix among ${actions.map((a) => a.title)}`);
    if (preferred.length === 1) assert.equal(preferred[0], real[0], 'the preferred fix comes first');
    const after = await applyAction(uri, original, 2, real[0]);
    assert.ok(count(after.diagnostics, String(d.code)) < count(diagnostics, String(d.code)),
      `${d.code}: "${real[0].title}" removes the finding; text now:\n${after.text}`);
    fixed.push(String(d.code));
  }
  for (const rule of ['lint-missing', 'ostree-commit-obsolete', 'var-run-dir', 'useradd', 'var-content']) {
    assert.ok(fixed.includes(rule), `${rule} has a working quick fix (fixed: ${fixed.join(', ')})`);
  }
});

test('"Disable <rule> for this line" inserts a suppression comment and the finding is gone', async () => {
  const { uri, diagnostics } = await openFresh(original);
  const useradd = diagnostics.find((d) => d.code === 'useradd');
  assert.ok(useradd);
  const actions = await actionsFor(uri, useradd);
  assert.ok(actions.every((a) => !a.title.includes('`')), `plain-text titles: ${actions.map((a) => a.title)}`);
  const disable = actions.find((a) => a.title === 'Disable useradd for this line');
  assert.ok(disable, `suppression offered among ${actions.map((a) => a.title)}`);
  assert.notEqual(disable.isPreferred, true, 'a suppression is never the preferred fix');
  assert.equal(actions.at(-1), disable, 'suppressions come after real fixes');
  const after = await applyAction(uri, original, 2, disable);
  assert.match(after.text, /# bootable-ignore useradd\nRUN useradd/);
  assert.equal(count(after.diagnostics, 'useradd'), 0);
  // Everything else is still reported.
  assert.equal(count(after.diagnostics, 'var-run-dir'), count(diagnostics, 'var-run-dir'));
});

test('a cursor position (empty range) gets the actions of the finding under it; other lines get none of them', async () => {
  const { uri, diagnostics } = await openFresh(original);
  const varRun = diagnostics.find((d) => d.code === 'var-run-dir')!;
  const cursor = { start: varRun.range.end, end: varRun.range.end };
  const here = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: cursor, context: { diagnostics: [] } });
  assert.ok(here.some((a) => a.diagnostics?.some((d) => d.code === 'var-run-dir')));
  const elsewhere = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri }, range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, context: { diagnostics: [] },
  });
  assert.ok(!elsewhere.some((a) => a.diagnostics?.some((d) => d.code === 'var-run-dir')));
});

test('a client asking only for other kinds (refactor) gets no quick fixes', async () => {
  const { uri, diagnostics } = await openFresh(original);
  const d = diagnostics.find((x) => x.code === 'useradd')!;
  const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['refactor'] } });
  assert.deepEqual(actions, []);
});

test('a fix that is not safe is offered but never preferred (var-content rewrites what the RUN does)', async () => {
  // (With a later `echo x > /var/lib/app/db` no fix is offered at all: the build would fail without the directory.)
  const text = 'FROM quay.io/fedora/fedora-bootc:40\nRUN mkdir /var/lib/app && chmod 700 /srv\n';
  const { uri, diagnostics } = await openFresh(text);
  const d = diagnostics.find((x) => x.code === 'var-content');
  assert.ok(d, `var-content among ${diagnostics.map((x) => x.code)}`);
  const actions = (await actionsFor(uri, d)).filter((a) => a.diagnostics![0].code === 'var-content' && !a.title.startsWith('Disable '));
  assert.ok(actions.length > 0, 'a fix is offered');
  assert.deepEqual(actions.filter((a) => a.isPreferred).map((a) => a.title), [], 'none of them preferred');
});
