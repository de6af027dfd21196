// The lint worker thread: answers LintRequests one at a time. It runs from the same bundle as the server
// (main.ts starts it when not on the main thread), so no second entry point has to be built or shipped.
import { parentPort } from 'node:worker_threads';
import type { Finding } from '../core/lint/types';
import { runLint, type LintRequest } from './lint-request';

export type LintReply = { ready: true } | { id: number; findings: Finding[] } | { id: number; error: string };

export function serveLintRequests(): void {
  const port = parentPort;
  if (!port) throw new Error('serveLintRequests must run in a worker thread');
  port.on('message', ({ id, request }: { id: number; request: LintRequest }) => {
    let reply: LintReply;
    try {
      reply = { id, findings: runLint(request) };
    } catch (err) {
      reply = { id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies LintReply);
}
