// The builder's side of userns.ts: runs inside `podman unshare` (uid 0 over the user's subordinate ids), reads one
// request on stdin, builds or plans, and answers with JSON lines on stdout. SIGTERM (the user cancelled: the
// parent kills our process group) aborts the build, which removes its work dir as it does in-process.
import { buildDisk, planForImage } from './build';
import { pathWithSbin } from '../util/tool-path';
import { serializeError, type UsernsMessage, type UsernsRequest } from './userns';
import type { ProgressEvent } from '../progress';

function send(m: UsernsMessage): void {
  process.stdout.write(JSON.stringify(m) + '\n');
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

async function main(): Promise<number> {
  // The builder's tools (sgdisk, mkfs.*) are in /usr/sbin, off a normal user's PATH.
  process.env.PATH = pathWithSbin();
  const ac = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => ac.abort());
  try {
    const request = JSON.parse(await readStdin()) as UsernsRequest;
    const opts = { signal: ac.signal, progress: (event: ProgressEvent) => send({ bootableUserns: 'progress', event }) };
    const value = request.op === 'plan' ? await planForImage(request.input, opts) : await buildDisk(request.input, opts);
    send({ bootableUserns: 'result', value });
    return 0;
  } catch (err) {
    send({ bootableUserns: 'error', error: serializeError(err) });
    return 1;
  }
}

main().then((code) => { process.exitCode = code; });
