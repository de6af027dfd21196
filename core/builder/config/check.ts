// Typed reads of a parsed config value, each failing with the exact key path (`customizations.filesystem[1].
// mountpoint: …`). Shared by the validator's parts (validate.ts, disk.ts, fsnodes.ts). A failed check records its
// problem and skips the rest of its part (`part()`), so one run reports every problem of a config at once, as
// bootc-image-builder lists every bad mountpoint: `finish()` throws them together as one ConfigErrors.
import { ConfigError } from '../../errors';
import { parseSizeOrZero, sizeUnits } from './size';
import type { ConfigWarning } from './types';

export type Obj = Record<string, unknown>;

export interface ConfigProblem {
  /** The exact key path. */
  path: string;
  problem: string;
}

const configHint = 'see bootc-image-builder\'s config format (docs/disk-images.md lists every key and what bootable does with it)';

/**
 * Every problem of a config: a ConfigError (exit code 2) whose `path` is the first problem's key. One problem reads
 * as before (`key: problem (in config.toml)`); several are one line each under a count, for the CLI.
 */
export class ConfigErrors extends ConfigError {
  constructor(readonly problems: ConfigProblem[], readonly source?: string, hint: string | undefined = configHint) {
    super(problems[0].path, `${problems[0].problem}${source ? ` (in ${source})` : ''}`, { hint });
    if (problems.length > 1) {
      this.message = `${problems.length} problems in ${source ?? 'the config'}:\n${problems.map((p) => `  ${p.path}: ${p.problem}`).join('\n')}`;
    }
  }
}

/** Thrown by a failed check to leave its part; caught by part(). */
class SkipPart {}
const skip = new SkipPart();

export class Checker {
  readonly warnings: ConfigWarning[] = [];
  readonly problems: ConfigProblem[] = [];

  constructor(readonly source: string) {}

  /** Records a problem and leaves the current part (the rest of it depends on this value). */
  fail(path: string, problem: string): never {
    this.report(path, problem);
    throw skip;
  }

  /** Leaves the current part without a problem of its own (one was recorded already). */
  skip(): never {
    throw skip;
  }

  /** Records a problem and goes on. */
  report(path: string, problem: string): void {
    this.problems.push({ path, problem });
  }

  /** One independent part of the config (a key, an array item): a failure inside ends it, the caller goes on. */
  part<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      if (err === skip) return undefined;
      throw err;
    }
  }

  /** Each item of an array as its own part; the items that validated, with their index. */
  items<T>(v: unknown, path: string, fn: (item: unknown, path: string, index: number) => T): T[] {
    const out: T[] = [];
    this.arr(v, path).forEach((item, i) => {
      const r = this.part(() => fn(item, `${path}[${i}]`, i));
      if (r !== undefined) out.push(r);
    });
    return out;
  }

  /** The problems found so far under `prefix` (a failed item leaves later cross-checks out). */
  problemsUnder(prefix: string): number {
    return this.problems.filter((p) => p.path === prefix || p.path.startsWith(`${prefix}.`) || p.path.startsWith(`${prefix}[`)).length;
  }

  /** Throws every recorded problem at once. */
  finish(): void {
    if (this.problems.length) throw new ConfigErrors(this.problems, this.source);
  }

  warn(path: string, message: string): void {
    this.warnings.push({ path, message });
  }

  obj(v: unknown, path: string): Obj {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Date) this.fail(path, `expected a table/object, got ${kind(v)}`);
    return v as Obj;
  }

  arr(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, `expected an array, got ${kind(v)}`);
    return v as unknown[];
  }

  str(v: unknown, path: string): string {
    if (typeof v !== 'string') this.fail(path, `expected a string, got ${kind(v)}`);
    return v as string;
  }

  bool(v: unknown, path: string): boolean {
    if (typeof v !== 'boolean') this.fail(path, `expected true or false, got ${kind(v)}`);
    return v as boolean;
  }

  int(v: unknown, path: string): number {
    if (typeof v === 'bigint') v = Number(v);
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) this.fail(path, `expected a non-negative integer, got ${kind(v)}`);
    return v as number;
  }

  /** A size as bootc-image-builder reads one: bytes, or a number with a case-sensitive unit; > 0. */
  size(v: unknown, path: string): number {
    const n = parseSizeOrZero(v);
    if (n === undefined) {
      this.fail(path, `${kind(v)} is not a size (bytes, or a number with one of the units ${sizeUnits.join(' ')}, e.g. "20 GiB"; units are case-sensitive)`);
    }
    if (n === 0) this.fail(path, 'must be greater than 0');
    return n!;
  }

  /** Every unknown key is reported; the known ones are still checked. */
  onlyKeys(o: Obj, path: string, allowed: string[]): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.report(path ? `${path}.${k}` : k, `unknown key (allowed: ${allowed.join(', ')})`);
    }
  }
}

export function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a date';
  if (typeof v === 'object') return 'a table/object';
  if (typeof v === 'string') return `the string "${v.length > 30 ? v.slice(0, 30) + '…' : v}"`;
  return `${typeof v} ${String(v)}`;
}
