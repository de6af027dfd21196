// Entry point of the `bootable` command: dispatch to a subcommand, map errors to clear messages and exit codes
// (0 ok, 1 the work failed or lint found errors, 2 bad usage or unreadable input, 130 cancelled).
import { commands } from './commands/index';
import type { CliIo } from './command';
import { BootableError, isCancelled } from '../errors';
import { version } from '../version';

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    `bootable ${version} — bootc Containerfiles from editor to booted VM`,
    '',
    'Usage: bootable <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `bootable help <command>` for a command\'s options.',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const target = rest[0] && commands.find((c) => c.name === rest[0]);
    io.stdout.write((target ? target.usage : helpText()) + '\n');
    return 0;
  }
  if (name === '--version' || name === 'version') {
    io.stdout.write(`${version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`bootable: unknown command '${name}'\n\n${helpText()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    return reportError(err, io);
  }
}

function reportError(err: unknown, io: CliIo): number {
  if (isCancelled(err)) {
    io.stderr.write('bootable: cancelled\n');
    return 130;
  }
  if (err instanceof BootableError) {
    io.stderr.write(`bootable: error: ${err.message}\n`);
    if (err.hint) io.stderr.write(`  hint: ${err.hint}\n`);
    if (err.logPath) io.stderr.write(`  log: ${err.logPath}\n`);
    return err.exitCode;
  }
  // Anything else is a bug in bootable: say so, with the stack, so it can be reported.
  io.stderr.write(`bootable: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  return 1;
}
