// The one way bootable runs an external program: an argument array (never a shell string), an AbortSignal
// that kills the whole process group, a timeout that escalates SIGTERM → SIGKILL, output streamed line by
// line, and a CommandError that carries the argv, exit code, stderr tail and what to do.
import { execa, type Options } from 'execa';
import { createWriteStream, type WriteStream } from 'node:fs';
import { CommandError } from '../errors';

export interface RunOptions {
  signal?: AbortSignal;
  /** Kill the command after this many milliseconds. */
  timeoutMs?: number;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Data written to the command's stdin. */
  input?: string | Buffer;
  /** Read stdin from this file. */
  inputFile?: string;
  /** Send stdout to this file instead of buffering it (for large outputs such as `podman export`). */
  stdoutFile?: string;
  /** Called for every complete output line. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Append the command line and all its output to this log file. */
  logFile?: string;
  /** What to tell the user when the command fails (e.g. "is libvirtd running? start it with …"). */
  hint?: string;
  /** What to tell the user when the program is not installed. */
  installHint?: string;
  /** Exit codes that are not failures (default: only 0). */
  okExitCodes?: number[];
  /** The argv as logs and errors show it, when it holds secrets (core/podman/args.ts redactArgv). */
  shownArgv?: readonly string[];
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
}

const KILL_GRACE_MS = 5000;
const STDERR_TAIL_LINES = 20;

/** How the command line appears in logs and errors: quoted so it can be pasted into a shell to reproduce. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export async function run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  if (argv.length === 0) throw new Error('run: empty argv');
  const [file, ...args] = argv;
  const started = Date.now();
  let log: WriteStream | undefined;
  if (opts.logFile) {
    log = createWriteStream(opts.logFile, { flags: 'a' });
    log.write(`$ ${formatArgv(opts.shownArgv ?? argv)}\n`);
  }

  const execaOptions: Options = {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: true,
    reject: false,
    // Own process group, so cancelling also stops the command's children (podman → conmon, qemu-img…).
    detached: true,
    cleanup: true,
    stripFinalNewline: true,
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'utf8',
    stdin: opts.inputFile ? { file: opts.inputFile } : opts.input === undefined ? 'ignore' : 'pipe',
    input: opts.input,
    stdout: opts.stdoutFile ? { file: opts.stdoutFile } : 'pipe',
    stderr: 'pipe',
  };
  const child = execa(file, args, execaOptions);

  const killGroup = (sig: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try { process.kill(-child.pid, sig); } catch { /* already gone */ }
  };
  let reason: 'aborted' | 'timeout' | undefined;
  let escalation: NodeJS.Timeout | undefined;
  const stop = (why: 'aborted' | 'timeout') => {
    if (reason) return;
    reason = why;
    killGroup('SIGTERM');
    escalation = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    escalation.unref();
  };
  const onAbort = () => stop('aborted');
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = opts.timeoutMs ? setTimeout(() => stop('timeout'), opts.timeoutMs) : undefined;

  const stderrLines: string[] = [];
  const splitLines = (stream: 'stdout' | 'stderr') => {
    let pending = '';
    const onData = (chunk: Buffer | string) => {
      const text = pending + chunk.toString();
      const lines = text.split(/\r?\n|\r/);
      pending = lines.pop() ?? '';
      for (const line of lines) emit(line, stream);
    };
    const onEnd = () => { if (pending) emit(pending, stream); pending = ''; };
    return [onData, onEnd] as const;
    function emit(line: string, s: 'stdout' | 'stderr') {
      if (s === 'stderr') {
        stderrLines.push(line);
        if (stderrLines.length > STDERR_TAIL_LINES * 4) stderrLines.splice(0, stderrLines.length - STDERR_TAIL_LINES);
      }
      log?.write(line + '\n');
      opts.onLine?.(line, s);
    }
  };
  for (const [stream, name] of [[child.stdout, 'stdout'], [child.stderr, 'stderr']] as const) {
    if (!stream) continue;
    const [onData, onEnd] = splitLines(name);
    stream.on('data', onData);
    stream.on('end', onEnd);
  }

  const result = await child;
  if (timer) clearTimeout(timer);
  if (escalation) clearTimeout(escalation);
  opts.signal?.removeEventListener('abort', onAbort);
  if (log) await new Promise<void>((resolve) => log!.end(resolve));

  const durationMs = Date.now() - started;
  const stdout = typeof result.stdout === 'string' ? result.stdout : '';
  const stderr = typeof result.stderr === 'string' ? result.stderr : '';
  const tail = (stderr || stderrLines.join('\n')).split('\n').slice(-STDERR_TAIL_LINES).join('\n');
  const shown = opts.shownArgv ?? argv;
  const cmd = formatArgv(shown);
  const details = { logPath: opts.logFile };

  if (reason === 'aborted') {
    throw new CommandError(`cancelled: ${cmd}`, shown, 'aborted', undefined, tail, details);
  }
  if (reason === 'timeout') {
    throw new CommandError(`timed out after ${opts.timeoutMs} ms: ${cmd}`, shown, 'timeout', undefined, tail,
      { ...details, hint: opts.hint });
  }
  const code = (result as { code?: string }).code;
  if (code === 'ENOENT' || (result.failed && result.exitCode === undefined && /ENOENT/.test(String(result.message)))) {
    throw new CommandError(`${file} is not installed or not on PATH`, shown, 'not-found', undefined, '',
      { ...details, hint: opts.installHint ?? `install ${file} (npm run setup installs every tool bootable needs)` });
  }
  const exitCode = result.exitCode ?? -1;
  if (!(opts.okExitCodes ?? [0]).includes(exitCode)) {
    const why = result.signal ? `killed by ${result.signal}` : `exit code ${exitCode}`;
    const lastLine = tail.trim().split('\n').filter(Boolean).pop();
    throw new CommandError(`${file} failed (${why})${lastLine ? `: ${lastLine}` : ''}\n  command: ${cmd}`,
      shown, 'failed', exitCode, tail, { ...details, hint: opts.hint });
  }
  return { stdout, stderr, exitCode, durationMs };
}

/** True when `name` is an executable on PATH. */
export async function commandExists(name: string): Promise<boolean> {
  const dirs = (process.env.PATH ?? '').split(':').filter(Boolean);
  const { access, constants } = await import('node:fs/promises');
  for (const d of dirs) {
    try { await access(`${d}/${name}`, constants.X_OK); return true; } catch { /* next */ }
  }
  return false;
}
