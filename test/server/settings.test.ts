// Settings through the real server: `bootable.lint.rules` (severity or off) and `bootable.lint.enable`,
// pulled with workspace/configuration, pushed with didChangeConfiguration, or given as initializationOptions.
// Every open document is re-linted when they change.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { clientCapabilities, LspClient, root } from './lsp-client';

const text = readFileSync(join(root, 'test/fixtures/server/fixable.Containerfile'), 'utf8');
const clients: LspClient[] = [];
after(() => { for (const c of clients) c.kill(); });

async function start(options: Parameters<typeof LspClient.start>[0]): Promise<LspClient> {
  const c = await LspClient.start(options);
  clients.push(c);
  return c;
}

const find = (ds: Diagnostic[], code: string) => ds.find((d) => d.code === code);
const rules = (r: Record<string, unknown>, enable?: unknown) => ({ bootable: { lint: { rules: r, ...(enable === undefined ? {} : { enable }) } } });

test('pulled settings apply from the first diagnostics on; a change re-lints every open document', async () => {
  const client = await start({ configuration: rules({ useradd: 'off' }) });
  const a = 'file:///tmp/bootable-settings-a/Containerfile';
  const b = 'file:///tmp/bootable-settings-b/Containerfile';
  const first = await client.open(a, text);
  assert.ok(client.configurationRequests >= 1, 'the server asked for the bootable section');
  assert.equal(find(first.diagnostics, 'useradd'), undefined, 'useradd off from the start');
  assert.ok(find(first.diagnostics, 'var-run-dir'), 'other rules on');
  await client.open(b, text);

  // Severity change: useradd back on, as an error; both open documents are re-linted.
  const nextA = client.nextDiagnostics(a);
  const nextB = client.nextDiagnostics(b);
  const requestsBefore = client.configurationRequests;
  await client.setConfiguration(rules({ useradd: 'error', 'var-run-dir': 'hint' }));
  const [pa, pb] = await Promise.all([nextA, nextB]);
  assert.ok(client.configurationRequests > requestsBefore, 'the server pulled again');
  for (const p of [pa, pb] as PublishDiagnosticsParams[]) {
    assert.equal(find(p.diagnostics, 'useradd')?.severity, 1, 'useradd now an error');
    assert.equal(find(p.diagnostics, 'var-run-dir')?.severity, 4, 'var-run-dir now a hint');
  }

  // enable = false: nothing at all; true again: findings back.
  const off = client.nextDiagnostics(a);
  await client.setConfiguration(rules({}, false));
  assert.deepEqual((await off).diagnostics, []);
  const on = client.nextDiagnostics(a);
  await client.setConfiguration(rules({}, true));
  assert.ok(find((await on).diagnostics, 'useradd'), 'findings back with default severities');
  assert.equal(find(client.published.filter((p) => p.uri === a).at(-1)!.diagnostics, 'useradd')?.severity, 2);
});

test('bad setting values are ignored with a log line, not applied and not fatal', async () => {
  const client = await start({ configuration: rules({ useradd: 'loud', 'var-run-dir': 'off' }, 'yes') });
  const published = await client.open('file:///tmp/bootable-settings-bad/Containerfile', text);
  assert.equal(find(published.diagnostics, 'useradd')?.severity, 2, 'bad value → default severity');
  assert.equal(find(published.diagnostics, 'var-run-dir'), undefined, 'good values in the same object still apply');
  assert.ok(client.logs.some((l) => /bootable\.lint\.rules\.useradd/.test(l)), `logged: ${client.logs.join(' | ')}`);
  assert.ok(client.logs.some((l) => /bootable\.lint\.enable/.test(l)));
});

test('a client without workspace/configuration: initializationOptions, then pushed didChangeConfiguration', async () => {
  const capabilities = { ...clientCapabilities, workspace: {} };
  const client = await start({ capabilities, initializationOptions: { lint: { rules: { 'var-run-dir': 'off' } } } });
  const uri = 'file:///tmp/bootable-settings-init/Containerfile';
  const first = await client.open(uri, text);
  assert.equal(client.configurationRequests, 0, 'never asked');
  assert.equal(find(first.diagnostics, 'var-run-dir'), undefined, 'off via initializationOptions');
  const next = client.nextDiagnostics(uri);
  await client.setConfiguration(rules({ 'var-run-dir': 'hint' }), true);
  assert.equal(find((await next).diagnostics, 'var-run-dir')?.severity, 4, 'pushed settings apply');
});

test('generic dockerfile-utils findings are configurable by their code too', async () => {
  const client = await start({ configuration: {} });
  const uri = 'file:///tmp/bootable-settings-generic/Containerfile';
  const published = await client.open(uri, 'FROM quay.io/fedora/fedora-bootc:40\nEXPOSE 80/udpx\nRUN bootc container lint\n');
  const generic = published.diagnostics.find((d) => d.source === 'dockerfile-utils');
  assert.ok(generic, `a generic finding: ${JSON.stringify(published.diagnostics.map((d) => [d.source, d.code]))}`);
  assert.equal(generic.codeDescription, undefined, 'no bootable doc link for generic findings');
  const next = client.nextDiagnostics(uri);
  await client.setConfiguration(rules({ [String(generic.code)]: 'off' }));
  assert.ok(!(await next).diagnostics.some((d) => d.code === generic.code));
});
