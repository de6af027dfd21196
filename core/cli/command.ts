// The shape of one `bootable` subcommand. Each lives in core/cli/commands/<name>.ts and is listed in
// core/cli/commands/index.ts; main.ts only dispatches and turns errors into messages and exit codes.

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Fires on SIGINT/SIGTERM: long commands pass it down so work stops cleanly. */
  signal: AbortSignal;
}

export interface CliCommand {
  name: string;
  /** One line for `bootable help`. */
  summary: string;
  /** Full usage text for `bootable help NAME` and `bootable NAME --help`. */
  usage: string;
  /** Returns the process exit code. Throw UsageError for bad arguments (exit 2). */
  run(args: string[], io: CliIo): Promise<number>;
}
