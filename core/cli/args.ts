// Small argument checks shared by the subcommands: every bad value becomes a UsageError (exit 2) naming the option.
import { UsageError } from '../errors';

export function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`--${option} ${value}: expected one of ${allowed.join(', ')}`);
  return value as T;
}

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
