// One error class per boundary. Each carries what failed, what to do about it, and where the log is,
// so the CLI and the extension can show a useful message instead of a stack trace.

export interface ErrorDetails {
  /** What the user can do about it, one sentence. */
  hint?: string;
  /** A log file with the full story. */
  logPath?: string;
  cause?: unknown;
}

export class BootableError extends Error {
  readonly hint?: string;
  readonly logPath?: string;
  /** Process exit code for the CLI: 2 = bad usage or input, 1 = the work failed. */
  readonly exitCode: number = 1;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.hint = details.hint;
    this.logPath = details.logPath;
  }
}

/** Bad input from the user: arguments, files, configuration. Exit code 2. */
export class UsageError extends BootableError {
  override readonly exitCode = 2;
}

/** A bootc-image-builder style config that does not validate. `path` names the exact key. */
export class ConfigError extends UsageError {
  constructor(readonly path: string, problem: string, details: ErrorDetails = {}) {
    super(`${path}: ${problem}`, details);
  }
}

/** An external command failed, was not found, timed out or was cancelled. */
export class CommandError extends BootableError {
  constructor(
    message: string,
    readonly argv: readonly string[],
    readonly reason: 'failed' | 'not-found' | 'timeout' | 'aborted',
    readonly exitCodeOfCommand: number | undefined,
    readonly stderrTail: string,
    details: ErrorDetails = {},
  ) {
    super(message, details);
  }
}

export class PodmanError extends BootableError {}
export class BuilderError extends BootableError {}
export class VmError extends BootableError {}

/** The user cancelled (an AbortSignal fired): not a failure to report loudly, but the work did not complete. */
export function isCancelled(err: unknown): boolean {
  return (err instanceof CommandError && err.reason === 'aborted')
    || (err instanceof Error && err.name === 'AbortError');
}
