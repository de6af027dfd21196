// Running the guest script (guest-script.ts) in a VM over its ssh forward: argv only, each argument checked and
// quoted for the remote shell (ssh joins its command words into one string the guest's shell reads).
import { UsageError } from '../errors';
import { run, type RunResult } from '../util/process';
import { sshArgv } from '../vm/ssh';
import type { VmStatus } from '../vm/types';
import { GUEST_SCRIPT } from './guest-script';

/** What may travel as a guest script argument: URLs, ostree refs and checksums, kernel arguments. */
const SAFE_ARG = /^[A-Za-z0-9._:/=@+,%-]{1,512}$/;

export function quoteForRemoteShell(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function checkGuestArg(arg: string): string {
  if (!SAFE_ARG.test(arg)) {
    throw new UsageError(`refusing to pass ${JSON.stringify(arg.slice(0, 80))} to the guest: only letters, digits and . _ : / = @ + , % - are allowed`);
  }
  return arg;
}

/** The ssh argv that runs `sh -s -- VERB ARGS` as root in the guest (sudo -n for another login user). */
export function guestScriptArgv(status: VmStatus, verb: string, args: string[] = []): string[] {
  const user = status.sshUser ?? 'root';
  const remote = [
    ...(user === 'root' ? [] : ['sudo', '-n']),
    // A private mount namespace: the read-write remount of /sysroot for a pull stays the script's own.
    'unshare', '--mount', '--propagation', 'private', 'sh', '-s', '--', verb, ...args.map(checkGuestArg),
  ].map(quoteForRemoteShell);
  const argv = sshArgv(status, { extra: remote });
  // Never ask for a password, and give up on a guest that does not answer instead of hanging.
  return [argv[0], '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=30', '-o', 'ServerAliveInterval=10', ...argv.slice(1)];
}

export interface GuestRunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  logFile?: string;
  onLine?: (line: string) => void;
}

export async function runGuestScript(status: VmStatus, verb: string, args: string[], opts: GuestRunOptions = {}): Promise<RunResult> {
  return run(guestScriptArgv(status, verb, args), {
    input: GUEST_SCRIPT,
    signal: opts.signal,
    timeoutMs: opts.timeoutMs ?? 10 * 60_000,
    logFile: opts.logFile,
    onLine: opts.onLine && ((l) => opts.onLine!(l)),
    hint: `the guest's side of the update failed; log in with \`bootable vm ssh ${status.name}\` to look`,
  });
}
