// The real server runs the bootc rules only on bootc Containerfiles: an ordinary application Dockerfile gets
// dockerfile-utils' generic validation only; a `# bootable: bootc` comment, a bootc marker, a stage chain from a
// bootc base, or the `bootable.lint.bootc` setting brings the bootc rules back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './lsp-client';

let client: LspClient;
before(async () => { client = await LspClient.start(); });
after(() => client?.kill());

const app = 'FROM docker.io/library/node:20-alpine\nWORKDIR /app\nRUN useradd app && mkdir -p /var/lib/app\nUSER app\nEXPOSE 3000/udpx\nCMD ["node", "server.js"]\n';
const codes = (p: { diagnostics: { code?: unknown; source?: string }[] }, source: string) =>
  p.diagnostics.filter((d) => d.source === source).map((d) => d.code);

test('a plain application Dockerfile gets no bootc finding, and keeps the generic validation', async () => {
  const published = await client.open('file:///tmp/bootable-scope-app/Dockerfile', app);
  assert.deepEqual(codes(published, 'bootable'), [], 'no bootc findings');
  assert.ok(codes(published, 'dockerfile-utils').length > 0, 'the invalid EXPOSE protocol is still reported');
});

test('the same file becomes bootc by comment, by label, or by a stage chain from a bootc base', async () => {
  const byComment = await client.open('file:///tmp/bootable-scope-comment/Dockerfile', `# bootable: bootc\n${app}`);
  assert.ok(codes(byComment, 'bootable').includes('useradd'), JSON.stringify(codes(byComment, 'bootable')));
  const byLabel = await client.open('file:///tmp/bootable-scope-label/Dockerfile', `${app}LABEL containers.bootc=1\n`);
  assert.ok(codes(byLabel, 'bootable').includes('useradd'));
  const byStage = await client.open('file:///tmp/bootable-scope-stage/Containerfile',
    'FROM quay.io/fedora/fedora-bootc:40 AS os\nRUN true\nFROM os\nRUN useradd app\n');
  assert.ok(codes(byStage, 'bootable').includes('useradd'));
});

test('editing the FROM line switches the bootc rules on and off', async () => {
  const uri = 'file:///tmp/bootable-scope-edit/Containerfile';
  const first = await client.open(uri, app);
  assert.deepEqual(codes(first, 'bootable'), []);
  const changed = await client.change(uri, 2, [{ range: { start: { line: 0, character: 5 }, end: { line: 0, character: 37 } }, text: 'quay.io/fedora/fedora-bootc:40' }]);
  assert.ok(codes(changed, 'bootable').includes('useradd'), JSON.stringify(codes(changed, 'bootable')));
});

test('the bootable.lint.bootc setting forces either way', async () => {
  const uri = 'file:///tmp/bootable-scope-setting/Dockerfile';
  await client.open(uri, app);
  const forced = client.nextDiagnostics(uri, (p) => codes(p, 'bootable').length > 0);
  await client.setConfiguration({ bootable: { lint: { bootc: 'bootc' } } });
  assert.ok(codes(await forced, 'bootable').includes('useradd'));
  const bootcUri = 'file:///tmp/bootable-scope-setting-2/Containerfile';
  await client.setConfiguration({ bootable: { lint: { bootc: 'generic' } } });
  const generic = await client.open(bootcUri, 'FROM quay.io/fedora/fedora-bootc:40\nRUN useradd app\n');
  assert.deepEqual(codes(generic, 'bootable'), []);
  await client.setConfiguration({ bootable: { lint: { bootc: 'auto' } } });
});

test('a local image the client reports as labelled bootc makes a Containerfile FROM it bootc; bad names are dropped', async () => {
  const uri = 'file:///tmp/bootable-scope-labelled/Containerfile';
  const text = 'FROM localhost/my-os:1\nRUN useradd app\n';
  assert.deepEqual(codes(await client.open(uri, text), 'bootable'), [], 'an unknown local base is not bootc by itself');
  const relinted = client.nextDiagnostics(uri, (p) => codes(p, 'bootable').length > 0);
  await client.notify('bootable/bootcImages', { images: ['localhost/my-os:1', 'Not A Name\n', 42] });
  assert.ok(codes(await relinted, 'bootable').includes('useradd'));
  const back = client.nextDiagnostics(uri, (p) => codes(p, 'bootable').length === 0);
  await client.notify('bootable/bootcImages', { images: [] });
  await back;
});
