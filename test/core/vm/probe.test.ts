import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { probeAnswered, probeOnce, httpStatus } from '../../../core/vm/probe';
import { isPortFree, pickFreePorts } from '../../../core/vm/ports';

async function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  if (!a || typeof a === 'string') throw new Error('no port');
  return a.port;
}
const close = (s: { close(cb: () => void): unknown }) => new Promise<void>((r) => s.close(() => r()));

test('ssh probe: an SSH banner is ready; accept-then-close (a user-mode forward with no guest) is not', async () => {
  const ssh = createServer((c) => c.end('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'));
  const closer = createServer((c) => c.destroy());
  const other = createServer((c) => c.end('220 smtp.example ESMTP\r\n'));
  try {
    assert.equal(await probeOnce('ssh', '127.0.0.1', await listen(ssh)), true);
    assert.equal(await probeOnce('ssh', '127.0.0.1', await listen(closer)), false);
    assert.equal(await probeOnce('ssh', '127.0.0.1', await listen(other)), false);
  } finally {
    await Promise.all([close(ssh), close(closer), close(other)]);
  }
});

test('probe of a closed port or a silent server fails within the timeout', async () => {
  const [port] = await pickFreePorts(1);
  assert.equal(await probeOnce('ssh', '127.0.0.1', port, 500), false);
  const silent = createServer(() => { /* never answers */ });
  try {
    const t = Date.now();
    assert.equal(await probeOnce('ssh', '127.0.0.1', await listen(silent), 300), false);
    // The silent server never answers: only the probe's own 300 ms timeout ends it (the bound leaves room for load).
    assert.ok(Date.now() - t < 10_000, `${Date.now() - t} ms`);
  } finally {
    silent.close();
  }
});

test('http probe and httpStatus against a real HTTP server', async () => {
  const web = createHttpServer((_, res) => { res.writeHead(200); res.end('<h1>ok</h1>'); });
  try {
    const port = await listen(web);
    assert.equal(await probeOnce('http', '127.0.0.1', port), true);
    assert.equal(await httpStatus('127.0.0.1', port), 200);
  } finally {
    web.closeAllConnections();
    await close(web);
  }
  assert.equal(probeAnswered('http', 'HTTP/1.1 404 Not Found\r\n'), true);
  assert.equal(probeAnswered('http', 'SSH-2.0-x'), false);
});

test('free ports are distinct and really free', async () => {
  const ports = await pickFreePorts(5);
  assert.equal(new Set(ports).size, 5);
  for (const p of ports) assert.equal(await isPortFree(p), true);
  const s = createServer();
  try {
    const taken = await listen(s);
    assert.equal(await isPortFree(taken), false);
  } finally {
    await close(s);
  }
});
