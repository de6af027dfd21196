// Process glue for the `bootable` binary: signals become an AbortSignal, main()'s result the exit code.
import { main } from './main';

const ac = new AbortController();
let interrupted = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    // First signal: cancel cleanly (temp files removed, containers stopped). Second: the user insists.
    if (++interrupted > 1) process.exit(130);
    ac.abort();
  });
}
main(process.argv.slice(2), {
  stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, signal: ac.signal,
}).then((code) => { process.exitCode = code; });
