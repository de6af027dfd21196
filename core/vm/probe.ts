// One readiness check against a guest port. ssh: the server's first bytes are its "SSH-2.0-…" banner.
// http: any HTTP status line. A bare TCP connect is not enough: qemu's user-mode forwards accept on the
// host side before the guest listens.
import { connect } from 'node:net';
import type { ReadyProbe } from './types';

export function probeRequest(kind: ReadyProbe['kind'], host: string): string | undefined {
  return kind === 'http' ? `HEAD / HTTP/1.0\r\nHost: ${host}\r\nUser-Agent: bootable\r\n\r\n` : undefined;
}

export function probeAnswered(kind: ReadyProbe['kind'], received: string): boolean {
  return kind === 'ssh' ? received.startsWith('SSH-') : /^HTTP\/\d(\.\d)? \d{3}/.test(received);
}

/** True when host:port answers like the probe kind expects within timeoutMs. Never throws. */
export function probeOnce(kind: ReadyProbe['kind'], host: string, port: number, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    let received = '';
    let settled = false;
    const socket = connect({ host, port });
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.setEncoding('latin1');
    socket.on('connect', () => { const req = probeRequest(kind, host); if (req) socket.write(req); });
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (probeAnswered(kind, received)) finish(true);
      else if (received.length >= 16) finish(false);
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(probeAnswered(kind, received)));
  });
}

/** An HTTP GET returning the status code, or undefined when nothing answered (used by tests and the client). */
export async function httpStatus(host: string, port: number, timeoutMs = 3000): Promise<number | undefined> {
  try {
    const res = await fetch(`http://${host}:${port}/`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return undefined;
  }
}
