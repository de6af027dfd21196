// Typed reads of a parsed config value, each failing with a ConfigError that names the exact key path
// (`customizations.filesystem[1].mountpoint: …`). Shared by the validator's parts (validate.ts, disk.ts, fsnodes.ts).
import { ConfigError } from '../../errors';
import { parseSizeOrZero, sizeUnits } from './size';
import type { ConfigWarning } from './types';

export type Obj = Record<string, unknown>;

export class Checker {
  readonly warnings: ConfigWarning[] = [];

  constructor(readonly source: string) {}

  fail(path: string, problem: string): never {
    throw new ConfigError(path, `${problem} (in ${this.source})`, {
      hint: 'see bootc-image-builder\'s config format (docs/disk-images.md lists every key and what bootable does with it)',
    });
  }

  /** Several problems of one kind at once (bootc-image-builder lists them all): the error names the first key. */
  failAll(problems: { path: string; problem: string }[], suffix = ''): void {
    if (problems.length === 0) return;
    const [first, ...rest] = problems;
    const more = rest.map((p) => `; ${p.path}: ${p.problem}`).join('');
    this.fail(first.path, `${first.problem}${more}${suffix}`);
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

  onlyKeys(o: Obj, path: string, allowed: string[]): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.fail(path ? `${path}.${k}` : k, `unknown key (allowed: ${allowed.join(', ')})`);
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
