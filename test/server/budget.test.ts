// Every request has a budget: the server's main thread never runs dockerfile-language-service or a lint, so a
// 2.5 MB Containerfile cannot freeze it (folding took 5 s there, symbols 6 s, formatting with `tabSize: 1e8` over
// 10 s); a request over budget answers its neutral value; and a file too big for the lint budget still gets
// its bootc findings (it is linted in chunks), so padding cannot hide them.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './lsp-client';

const clients: LspClient[] = [];
after(() => { for (const c of clients) c.kill(); });

/** ~2.6 MB: 70k short RUN lines between a bootc FROM and two findings at the very end. */
const padded = 'FROM quay.io/fedora/fedora-bootc:40\n' + 'RUN echo hello world this is padding\n'.repeat(70_000) + 'RUN useradd app\nRUN mkdir /var/lib/app\n';
/** ~2.7 MB: one RUN continued over 90k lines (the slowest shape for the parser and the formatter). */
const continued = 'FROM quay.io/fedora/fedora-bootc:40\nRUN echo a \\\n' + '  && echo padding line here \\\n'.repeat(90_000) + '  && true\n';

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await work;
  return { value, ms: performance.now() - t0 };
}

test('a padded 2.6 MB file over the lint budget still publishes its bootc findings', async () => {
  // 2 s: neither the full lint nor the bootc rules alone fit on this file (5 s here); chunks of 2000 lines do.
  const client = await LspClient.start({ timeoutMs: 120_000, env: { BOOTABLE_LINT_BUDGET_MS: '2000' } });
  clients.push(client);
  const uri = 'file:///tmp/bootable-budget-padded/Containerfile';
  const published = await client.open(uri, padded);
  const codes = published.diagnostics.map((d) => d.code);
  assert.ok(codes.includes('useradd'), `useradd published, got ${JSON.stringify(codes)}`);
  const useradd = published.diagnostics.find((d) => d.code === 'useradd')!;
  assert.equal(useradd.range.start.line, 70_001, 'on its own line');
  assert.ok(client.logs.some((l) => /took over 2000 ms; showing the bootc rules/.test(l)), client.logs.join('\n'));
  assert.equal(await client.shutdown(), 0);
});

test('folding, symbols and formatting of a 2.7 MB file answer within the budget and never block the main thread', async () => {
  const client = await LspClient.start({ timeoutMs: 60_000, env: { BOOTABLE_REQUEST_BUDGET_MS: '1500' } });
  clients.push(client);
  const small = 'file:///tmp/bootable-budget-small/Containerfile';
  const smallPublished = await client.open(small, 'FROM quay.io/fedora/fedora-bootc:40\nRUN useradd app\n');
  const finding = smallPublished.diagnostics.find((d) => d.code === 'useradd');
  assert.ok(finding, 'the small document has its finding');
  const big = 'file:///tmp/bootable-budget-big/Containerfile';
  await client.notify('textDocument/didOpen', { textDocument: { uri: big, languageId: 'dockerfile', version: 1, text: continued } });

  for (const [method, extra] of [
    ['textDocument/foldingRange', {}],
    ['textDocument/documentSymbol', {}],
    ['textDocument/formatting', { options: { tabSize: 4, insertSpaces: true } }],
  ] as const) {
    const pending = timed(client.request(method, { textDocument: { uri: big }, ...extra }));
    // While the big request runs, the main thread answers a code action on the small document at once.
    const quick = await timed(client.request('textDocument/codeAction', {
      textDocument: { uri: small }, range: finding.range, context: { diagnostics: [finding] },
    }));
    assert.ok(quick.value.length > 0, 'code actions for the small document');
    assert.ok(quick.ms < 1000, `${method} on the big file blocked a code action for ${quick.ms.toFixed(0)} ms`);
    const { value, ms } = await pending;
    assert.ok(ms < 4000, `${method} answered after ${ms.toFixed(0)} ms (budget 1500 ms)`);
    assert.ok(Array.isArray(value), `${method} answers an array (the fallback or the result)`);
  }
  assert.ok(client.logs.some((l) => /took over 1500 ms; answering without it/.test(l)), client.logs.join('\n'));

  // The server still serves the generic features afterwards (once the replacement worker has loaded: a few seconds
  // at most on a busy machine; until then requests get their neutral answer).
  let hover: any = null;
  for (const until = Date.now() + 20_000; hover === null && Date.now() < until;) {
    hover = await client.request('textDocument/hover', { textDocument: { uri: small }, position: { line: 1, character: 1 } });
  }
  assert.ok(hover, 'hover answers again');
  assert.match(typeof hover.contents === 'string' ? hover.contents : hover.contents.value, /commands/i, 'RUN keyword docs');
  assert.equal(await client.shutdown(), 0);
});

test('formatting with a hostile tab size is refused at once, and the server keeps formatting', async () => {
  const client = await LspClient.start();
  clients.push(client);
  const uri = 'file:///tmp/bootable-budget-tabsize/Containerfile';
  const text = 'FROM quay.io/fedora/fedora-bootc:40\nRUN echo a \\\n' + ' && echo b \\\n'.repeat(2000) + ' && true\n';
  await client.open(uri, text);
  const huge = await timed(client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 1e8, insertSpaces: true } }));
  assert.deepEqual(huge.value, []);
  assert.ok(huge.ms < 2000, `answered in ${huge.ms.toFixed(0)} ms`);
  assert.ok(client.logs.some((l) => /tabSize 100000000 is not an integer from 1 to 32; not formatting/.test(l)), client.logs.join('\n'));
  const normal = await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
  assert.ok(normal.length > 0 && normal.some((e: { newText: string }) => e.newText === '  '), 'a sane tab size still formats');
  assert.equal(await client.shutdown(), 0);
});
