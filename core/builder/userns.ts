// As a normal user, the disk builder alone runs in podman's user namespace (`podman unshare`): there it is uid 0
// over the user's subordinate ids, so it can mount the image from the user's podman storage and write the image's
// owners, setuid bits and file capabilities into the disk, while every file it leaves on the host is the user's.
// The rest of bootable stays the user (qemu:///session, the user's state and cache dirs). The request goes to a
// child process (userns-child.ts) as JSON on stdin; progress, the result or the error come back as JSON lines.
import { dirname, join, resolve } from 'node:path';
import { BootableError, BuilderError, CommandError, PodmanError, UsageError, VmError } from '../errors';
import { packageRoot } from '../package-root';
import { run } from '../util/process';
import type { ProgressEvent } from '../progress';
import type { BuildDiskInput, BuildDiskOptions, BuildDiskResult } from './build';
import type { Plan } from './types';

export type UsernsOp = 'build' | 'plan';
export interface UsernsRequest { op: UsernsOp; input: BuildDiskInput }

/** What the child writes on stdout, one JSON object a line; the key keeps stray output apart. */
export type UsernsMessage =
  | { bootableUserns: 'progress'; event: ProgressEvent }
  | { bootableUserns: 'result'; value: BuildDiskResult | Plan }
  | { bootableUserns: 'error'; error: SerializedError };

export interface SerializedError { name: string; message: string; hint?: string; logPath?: string; exitCode?: number }

/** Not root: the builder needs a user namespace. uid 0 (root, or already inside `podman unshare`) builds directly. */
export function needsUserNamespace(uid = process.getuid?.() ?? 0): boolean {
  return uid !== 0;
}

/** Relative paths are the caller's: made absolute before the child (whose working directory differs) sees them. */
export function absoluteInput(input: BuildDiskInput, cwd = process.cwd()): BuildDiskInput {
  return {
    ...input,
    output: resolve(cwd, input.output),
    ...(typeof input.config === 'string' ? { config: resolve(cwd, input.config) } : {}),
    ...(input.cacheDir !== undefined ? { cacheDir: resolve(cwd, input.cacheDir) } : {}),
  };
}

/** How to start the child: its own bundle beside ours (dist/), or the TypeScript source through tsx (tests). */
export function childArgv(): { argv: string[]; cwd: string } {
  const self = typeof __filename === 'string' ? __filename : '';
  if (self.endsWith('.cjs')) return { argv: [process.execPath, join(dirname(self), 'userns-child.cjs')], cwd: dirname(self) };
  const root = packageRoot();
  return { argv: [process.execPath, '--import', 'tsx', join(root, 'core/builder/userns-child.ts')], cwd: root };
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof BootableError) {
    return { name: err.name, message: err.message, hint: err.hint, logPath: err.logPath, exitCode: err.exitCode };
  }
  return { name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) };
}

/** The child's error as the same kind of error the builder throws in-process (a failed command is a BuilderError). */
export function deserializeError(e: SerializedError): Error {
  const details = { hint: e.hint, logPath: e.logPath };
  if (e.name === 'AbortError') return Object.assign(new Error(e.message), { name: 'AbortError' });
  if (e.exitCode === 2 || e.name === 'UsageError' || e.name === 'ConfigError') return new UsageError(e.message, details);
  if (e.name === 'PodmanError') return new PodmanError(e.message, details);
  if (e.name === 'VmError') return new VmError(e.message, details);
  return new BuilderError(e.message, details);
}

export function parseMessage(line: string): UsernsMessage | undefined {
  if (!line.startsWith('{"bootableUserns"')) return undefined;
  try { return JSON.parse(line) as UsernsMessage; } catch { return undefined; }
}

const NAMESPACE_HINT = 'the builder runs in podman\'s user namespace as a normal user: check `podman unshare id` works '
  + '(subordinate ids in /etc/subuid and /etc/subgid); `bootable doctor` lists what is missing';

export function runInUserNamespace(op: 'build', input: BuildDiskInput, opts: BuildDiskOptions): Promise<BuildDiskResult>;
export function runInUserNamespace(op: 'plan', input: BuildDiskInput, opts: BuildDiskOptions): Promise<Plan>;
export async function runInUserNamespace(op: UsernsOp, input: BuildDiskInput, opts: BuildDiskOptions = {}): Promise<BuildDiskResult | Plan> {
  const { argv, cwd } = childArgv();
  const request: UsernsRequest = { op, input: absoluteInput(input) };
  let outcome: UsernsMessage | undefined;
  const onLine = (line: string, stream: 'stdout' | 'stderr') => {
    const m = stream === 'stdout' ? parseMessage(line) : undefined;
    if (m?.bootableUserns === 'progress') opts.progress?.(m.event);
    else if (m) outcome = m;
  };
  try {
    // ELECTRON_RUN_AS_NODE: in the editor process.execPath is the editor's own binary, which then acts as node.
    await run(['podman', 'unshare', ...argv], {
      cwd, input: JSON.stringify(request), signal: opts.signal, onLine, env: { ELECTRON_RUN_AS_NODE: '1' },
      okExitCodes: [0, 1, 2], hint: NAMESPACE_HINT,
    });
  } catch (err) {
    opts.signal?.throwIfAborted();
    if (err instanceof CommandError && err.reason === 'not-found') throw err;
    throw new BuilderError(`could not run the disk builder in a user namespace: ${err instanceof Error ? err.message : String(err)}`,
      { hint: NAMESPACE_HINT, cause: err });
  }
  opts.signal?.throwIfAborted();
  if (outcome?.bootableUserns === 'result') return outcome.value;
  if (outcome?.bootableUserns === 'error') throw deserializeError(outcome.error);
  throw new BuilderError('the disk builder in the user namespace stopped without a result', { hint: NAMESPACE_HINT });
}
