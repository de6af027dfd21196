// The same server over Node IPC (`--node-ipc`), the transport VS Code's language client uses for a forked server.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './lsp-client';

let client: LspClient | undefined;
after(() => client?.kill());

test('--node-ipc: initialize, diagnostics, shutdown', async () => {
  client = await LspClient.start({ transport: 'ipc' });
  assert.equal(client.initializeResult.serverInfo.name, 'bootable');
  const published = await client.open('file:///tmp/bootable-server-ipc/Containerfile', 'FROM quay.io/fedora/fedora-bootc:40\nRUN useradd app\n');
  assert.ok(published.diagnostics.some((d) => d.code === 'useradd' && d.source === 'bootable'));
  assert.equal(await client.shutdown(), 0);
});
