// An input that makes dockerfile-utils' validator run for minutes (its build-stage-name regex backtracks
// exponentially) must not freeze the server: the lint is cut off at its budget and the bootc findings still arrive.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './lsp-client';

let client: LspClient | undefined;
after(() => client?.kill());

test('a pathological stage name: bootc diagnostics within the budget, the server stays responsive', async () => {
  client = await LspClient.start({ timeoutMs: 30_000 });
  // Validated alone, this line takes dockerfile-utils over 100 s.
  const text = 'FROM quay.io/fedora/fedora-bootc:40 AS update-generated-from-code-ou\u1e21tput\nRUN useradd app\n';
  const t0 = performance.now();
  const published = await client.open('file:///tmp/bootable-server-slow/Containerfile', text);
  const ms = performance.now() - t0;
  assert.ok(published.diagnostics.some((d) => d.code === 'useradd'), JSON.stringify(published.diagnostics.map((d) => d.code)));
  assert.ok(ms < 20_000, `answered in ${ms.toFixed(0)} ms`);
  assert.ok(client.logs.some((l) => /took over \d+ ms/.test(l)), client.logs.join('\n'));
  // Next document: a fresh lint worker answers normally, generic validation included.
  const next = await client.open('file:///tmp/bootable-server-slow-2/Containerfile', 'FROM quay.io/fedora/fedora-bootc:40\nEXPOSE 80/udpx\n');
  assert.ok(next.diagnostics.some((d) => d.source === 'dockerfile-utils'), 'generic validation back');
  assert.equal(await client.shutdown(), 0);
});
