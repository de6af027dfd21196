// Small argument checks shared by the subcommands: every bad value becomes a UsageError (exit 2) naming the option.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors';

export function positiveInt(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value)) throw new UsageError(`--${option} ${value}: expected a positive whole number`);
  return Number(value);
}

/** KEY=VALUE pairs (e.g. --build-arg) into a record. */
export function keyValues(option: string, pairs: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${option} ${p}: expected KEY=VALUE`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** Runs a parseArgs call; its errors (unknown option, missing value) become a UsageError pointing at the help. */
export function parseOrUsage<T>(f: () => T, command: string): T {
  try { return f(); } catch (err) {
    throw new UsageError((err as Error).message, { hint: `see \`bootable help ${command}\`` });
  }
}

/** CONTAINERFILE argument, else ./Containerfile, else ./Dockerfile. */
export function findContainerfile(cwd: string, given?: string): string {
  if (given) return resolve(cwd, given);
  for (const name of ['Containerfile', 'Dockerfile']) if (existsSync(join(cwd, name))) return join(cwd, name);
  throw new UsageError(`no Containerfile or Dockerfile in ${cwd}`, { hint: 'give the Containerfile\'s path as an argument' });
}
