// Option descriptors: each core module declares its options once, beside its input type (core/podman/options.ts,
// core/builder/options.ts, core/vm/options.ts). The CLI's parse specs and usage lines (core/cli/options.ts), the
// editor's typed settings (client/config.ts) and package.json's setting schema (core/settings.ts) are derived from
// them, so a value is named, documented and checked in one place, by one validator.
import { isAbsolute, join } from 'node:path';
import { UsageError } from './errors';

/** The workspace setting `bootable.<key>` that backs an option in the editor. */
export interface SettingSpec {
  key: string;
  description: string;
  scope?: 'resource' | 'machine-overridable';
}

export type OptionKind = 'string' | 'path' | 'integer' | 'enum' | 'boolean' | 'size';

export interface Option<T = unknown> {
  kind: OptionKind;
  /** Long command-line flag, without the dashes. */
  flag: string;
  short?: string;
  /** Placeholder in usage text (MIB, FILE, …); none for booleans. */
  arg?: string;
  /** One line for usage text; the default is appended when there is one. */
  doc: string;
  /** enum: the allowed values. */
  values?: readonly string[];
  /** integer: the allowed range, in the unit the user types. */
  min?: number;
  max?: number;
  /** integer: the value is the typed number times this (seconds → ms: 1000). */
  scale?: number;
  /** The default the owning module applies, as a value (not as typed text). */
  default?: T;
  /** Repeatable on the command line; the value is a list. */
  multiple?: boolean;
  setting?: SettingSpec;
  /**
   * The one validator: text from the command line or a setting → the value. Relative paths resolve against
   * `base` (the working directory, or the workspace folder). Throws a UsageError naming the flag.
   */
  parse(raw: string, base: string): T;
}

export type Options = Record<string, Option<any>>;

/** The value type a descriptor produces: a list for repeatable options. */
export type ValueOf<O> = O extends Option<infer T> ? (O extends { multiple: true } ? T[] : T) : never;

/** The input fields a set of descriptors fills (each optional: the owning module applies the defaults). */
export type OptionValues<D extends Options> = { [K in keyof D]?: ValueOf<D[K]> };

type Common<T> = Pick<Option<T>, 'flag' | 'short' | 'arg' | 'doc' | 'default' | 'setting'>;

function bad(flag: string, raw: string, expected: string): UsageError {
  return new UsageError(`--${flag} ${raw}: expected ${expected}`);
}

export function stringOption(o: Common<string>): Option<string> {
  return {
    kind: 'string', arg: 'VALUE', ...o,
    parse(raw) {
      if (raw === '' || /[\0\n]/.test(raw)) throw bad(o.flag, raw, 'a non-empty value on one line');
      return raw;
    },
  };
}

/** A file or directory; relative paths resolve against the base directory. */
export function pathOption(o: Common<string>): Option<string> {
  return {
    kind: 'path', arg: 'PATH', ...o,
    parse(raw, base) {
      if (raw === '' || raw.includes('\0')) throw bad(o.flag, raw, 'a path');
      return isAbsolute(raw) ? raw : join(base, raw);
    },
  };
}

export function integerOption(o: Common<number> & { min: number; max: number; scale?: number }): Option<number> {
  const scale = o.scale ?? 1;
  return {
    kind: 'integer', arg: 'N', ...o,
    parse(raw) {
      const n = /^[0-9]{1,15}$/.test(raw) ? Number(raw) : NaN;
      if (!(n >= o.min && n <= o.max)) throw bad(o.flag, raw, `a whole number from ${o.min} to ${o.max}`);
      return n * scale;
    },
  };
}

export function enumOption<V extends string>(values: readonly V[], o: Common<V>): Option<V> {
  return {
    kind: 'enum', arg: values.join('|'), values, ...o,
    parse(raw) {
      if (!values.includes(raw as V)) throw bad(o.flag, raw, `one of ${values.join(', ')}`);
      return raw as V;
    },
  };
}

export function booleanOption(o: Omit<Common<boolean>, 'arg'>): Option<boolean> {
  return {
    kind: 'boolean', ...o,
    parse(raw) {
      if (raw !== 'true' && raw !== 'false') throw bad(o.flag, raw, 'true or false');
      return raw === 'true';
    },
  };
}

/** A value with its own syntax (e.g. a size): `check` returns the value or undefined when the text is wrong. */
export function customOption<T>(o: Common<T> & { kind: OptionKind; expected: string; check(raw: string): T | undefined }): Option<T> {
  const { expected, check, ...rest } = o;
  return {
    ...rest,
    parse(raw) {
      const v = check(raw);
      if (v === undefined) throw bad(o.flag, raw, expected);
      return v;
    },
  };
}

/** The same option, repeatable: its value is a list. */
export function repeatable<T>(o: Option<T>, doc = o.doc): Option<T> & { multiple: true } {
  return { ...o, doc, multiple: true };
}

/** The default as the user would type it (seconds, not ms), for usage text and settings. */
export function displayDefault(o: Option): string | number | boolean | undefined {
  if (o.default === undefined) return undefined;
  if (o.kind === 'integer') return (o.default as number) / (o.scale ?? 1);
  return o.default as string | boolean;
}

/**
 * Reads each option's value from `get` (raw text, or undefined when absent) through its validator. Absent options
 * are left out (the owning module applies its default); repeatable ones are always there, maybe empty.
 */
export function readOptions<D extends Options>(d: D, get: (key: string, o: Option) => string | readonly string[] | undefined, base: string): OptionValues<D> {
  const out: Record<string, unknown> = {};
  for (const [key, o] of Object.entries(d)) {
    const raw = get(key, o);
    if (o.multiple) out[key] = (raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw).map((r) => o.parse(r, base));
    else if (raw !== undefined) out[key] = o.parse(typeof raw === 'string' ? raw : raw[raw.length - 1], base);
  }
  return out as OptionValues<D>;
}

/** For a value that arrives typed (from the editor or another module): the same validator, on its text. */
export function checkValue<T>(o: Option<T>, value: T): T {
  return o.parse(o.kind === 'integer' ? String((value as number) / (o.scale ?? 1)) : String(value), '/');
}
