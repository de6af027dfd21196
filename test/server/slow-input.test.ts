// Slow inputs must not freeze the server. A stage name that sends dockerfile-utils' regex into exponential
// backtracking still gets its diagnostics quickly; and a lint over the server's budget (made tiny here with
// BOOTABLE_LINT_BUDGET_MS) is cut off in the real server, which keeps answering.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, root } from './lsp-client';

const clients: LspClient[] = [];
after(() => { for (const c of clients) c.kill(); });

test('a pathological stage name: diagnostics arrive quickly, the server stays responsive', async () => {
  const client = await LspClient.start({ timeoutMs: 30_000 });
  clients.push(client);
  // Validated alone by dockerfile-utils, this line takes it over 100 s.
  const text = 'FROM quay.io/fedora/fedora-bootc:40 AS update-generated-from-code-ou\u1e21tput\nRUN useradd app\n';
  const t0 = performance.now();
  const published = await client.open('file:///tmp/bootable-server-slow/Containerfile', text);
  const ms = performance.now() - t0;
  assert.ok(published.diagnostics.some((d) => d.code === 'useradd'), JSON.stringify(published.diagnostics.map((d) => d.code)));
  assert.ok(ms < 20_000, `answered in ${ms.toFixed(0)} ms`);
  const next = await client.open('file:///tmp/bootable-server-slow-2/Containerfile', 'FROM quay.io/fedora/fedora-bootc:40\nEXPOSE 80/udpx\n');
  assert.ok(next.diagnostics.some((d) => d.source === 'dockerfile-utils'), 'generic validation on the next document');
  assert.equal(await client.shutdown(), 0);
});

test('a lint over the budget is cut off in the real server; it logs, publishes, and keeps serving', async () => {
  // 1 ms: no lint of a 300-line Containerfile fits, neither the full one nor the bootc-only retry.
  const client = await LspClient.start({ env: { BOOTABLE_LINT_BUDGET_MS: '1' } });
  clients.push(client);
  const text = readFileSync(join(root, 'test/fixtures/server/latency-300.Containerfile'), 'utf8');
  const uri = 'file:///tmp/bootable-server-budget/Containerfile';
  const published = await client.open(uri, text);
  assert.deepEqual(published.diagnostics, [], 'no findings rather than no answer');
  assert.ok(client.logs.some((l) => /took over 1 ms; showing the bootc rules/.test(l)), client.logs.join('\n'));
  assert.ok(client.logs.some((l) => /lint of .* failed: .*exceeded 1 ms/.test(l)), client.logs.join('\n'));
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 13, character: 1 } });
  const value = typeof hover.contents === 'string' ? hover.contents : hover.contents.value;
  assert.match(value, /baseImage/, 'other features still answer');
  assert.equal(await client.shutdown(), 0);
});
