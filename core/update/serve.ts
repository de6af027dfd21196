// A read-only HTTP server for a host-side ostree repo, on 127.0.0.1 only, for as long as one update runs. The guest
// reaches it through the user-mode gateway 10.0.2.2 (qemu forwards that to the host's loopback) and `ostree pull`s
// from it: ostree then fetches only the objects its repo lacks. It counts the bytes it sends (the bench figure).
import { createReadStream } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve, sep } from 'node:path';

export interface RepoServer {
  port: number;
  /** The URL the guest uses. */
  guestUrl: string;
  bytesSent(): number;
  requests(): number;
  close(): Promise<void>;
}

/** The gateway a user-mode (slirp) guest reaches the host's loopback through. */
export const USER_MODE_GATEWAY = '10.0.2.2';

/** The file under `root` a request path names, or undefined (outside the root, a link, not a file). */
export async function fileFor(root: string, urlPath: string): Promise<string | undefined> {
  let path: string;
  try { path = decodeURIComponent(urlPath.split('?')[0]); } catch { return undefined; }
  if (!path.startsWith('/') || path.includes('\0') || path.split('/').includes('..')) return undefined;
  const full = resolve(root, '.' + path);
  if (!full.startsWith(resolve(root) + sep)) return undefined;
  try {
    const st = await lstat(full);
    if (!st.isFile()) return undefined;
    if (!(await realpath(full)).startsWith((await realpath(root)) + sep)) return undefined;
    return full;
  } catch {
    return undefined;
  }
}

export async function serveRepo(root: string): Promise<RepoServer> {
  let sent = 0;
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405).end(); return; }
    void fileFor(root, req.url ?? '/').then(async (file) => {
      if (!file) { res.writeHead(404).end(); return; }
      const size = (await lstat(file)).size;
      res.writeHead(200, { 'Content-Length': size, 'Content-Type': 'application/octet-stream' });
      if (req.method === 'HEAD') { res.end(); return; }
      const stream = createReadStream(file);
      stream.on('data', (chunk) => { sent += chunk.length; });
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    }, () => res.writeHead(500).end());
  });
  await new Promise<void>((ok, fail) => { server.once('error', fail); server.listen(0, '127.0.0.1', () => ok()); });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    guestUrl: `http://${USER_MODE_GATEWAY}:${port}/`,
    bytesSent: () => sent,
    requests: () => count,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
