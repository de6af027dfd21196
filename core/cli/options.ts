// Command lines from option descriptors (core/options.ts): parseArgs specs, the values each core module takes,
// and usage lines. A subcommand lists the descriptors it accepts plus its own flags (--json, --plan…).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { displayDefault, readOptions, type Option, type Options, type OptionValues } from '../options';
import { parseOrUsage } from './args';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
type Spec = ParseArgsOptionsConfig[string];

/** Several modules' descriptors on one command line; a field or flag declared twice is a bug caught here. */
export function mergeOptions<A extends Options, B extends Options, C extends Options, D extends Options>(a: A, b: B, c: C, d: D): A & B & C & D {
  const out: Options = {};
  for (const part of [a, b, c, d]) {
    for (const [key, o] of Object.entries(part)) {
      if (key in out || Object.values(out).some((x) => x.flag === o.flag)) throw new Error(`option ${key} (--${o.flag}) declared twice`);
      out[key] = o;
    }
  }
  return out as A & B & C & D;
}

/** parseArgs' options for a set of descriptors, keyed by flag. */
export function cliSpec(d: Options): Record<string, Spec> {
  const spec: Record<string, Spec> = {};
  for (const o of Object.values(d)) {
    spec[o.flag] = {
      type: o.kind === 'boolean' ? 'boolean' : 'string',
      ...(o.short ? { short: o.short } : {}),
      ...(o.multiple ? { multiple: true } : {}),
    };
  }
  return spec;
}

/** Parsed flag values → the fields the owning module takes, each through its descriptor's validator. */
export function valuesFromArgs<D extends Options>(d: D, values: Record<string, unknown>, cwd: string): OptionValues<D> {
  return readOptions(d, (_key, o) => {
    const v = values[o.flag];
    if (v === undefined) return undefined;
    return typeof v === 'boolean' ? String(v) : (v as string | string[]);
  }, cwd);
}

type Flags<E extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: E; allowPositionals: true }>>['values'];

/**
 * Parses a subcommand's arguments: the descriptors' flags (validated, as module fields) and the command's own
 * `flags`. Unknown options and bad values are UsageErrors pointing at `bootable help COMMAND`.
 */
export function parseCommandLine<D extends Options, E extends ParseArgsOptionsConfig>(
  command: string, args: string[], cwd: string, d: D, flags: E,
): { options: OptionValues<D>; flags: Flags<E>; positionals: string[] } {
  const parsed = parseOrUsage(() => parseArgs({ args, allowPositionals: true, strict: true, options: { ...cliSpec(d), ...flags } }), command);
  return { options: valuesFromArgs(d, parsed.values, cwd), flags: parsed.values as Flags<E>, positionals: parsed.positionals };
}

/** One usage line: `  -m, --memory MIB         memory in MiB (default 2048)`. */
export function usageLine(left: string, doc: string): string {
  return `  ${left.padEnd(Math.max(23, left.length + 1))}  ${doc}`;
}

function describe(o: Option, doc = o.doc): string {
  const d = displayDefault(o);
  return d === undefined || /default/.test(doc) ? doc : `${doc} (default ${d})`;
}

/** Usage lines for the descriptors; `docs` overrides a line's text where a command means something narrower. */
export function usageLines<D extends Options>(d: D, docs: Partial<Record<keyof D, string>> = {}): string[] {
  return Object.entries(d).map(([key, o]) => {
    const left = `${o.short ? `-${o.short}, ` : ''}--${o.flag}${o.arg ? ` ${o.arg}` : ''}`;
    return usageLine(left, describe(o, docs[key as keyof D]));
  });
}
