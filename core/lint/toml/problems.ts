// Shared helpers for the bootc TOML validators: parse with positions, and locate keys for messages.
import { parse, TomlError } from 'smol-toml';

/** `replace`: a quick fix that rewrites the first `from` at or after the problem's line into `to`. */
export interface TomlProblem { message: string; line?: number; col?: number; replace?: { from: string; to: string } }

export type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; problem: TomlProblem };

export function parseToml(text: string): Parsed {
  try {
    return { ok: true, value: parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown> };
  } catch (err) {
    if (err instanceof TomlError) {
      const first = err.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
      return { ok: false, problem: { message: `invalid TOML: ${first}`, line: err.line, col: err.column } };
    }
    return { ok: false, problem: { message: `invalid TOML: ${err instanceof Error ? err.message : String(err)}` } };
  }
}

/** 1-based line/column of the first `key =` (or `[table]`) in the text, for pointing at a problem. */
export function locateKey(text: string, key: string): { line?: number; col?: number } {
  const lines = text.split('\n');
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^(\\s*)(?:"${esc}"|'${esc}'|${esc})\\s*=|^(\\s*)\\[+\\s*(?:[\\w.-]+\\.)?${esc}\\s*\\]`);
  for (let k = 0; k < lines.length; k++) {
    const m = re.exec(lines[k]);
    if (m) return { line: k + 1, col: (m[1] ?? m[2] ?? '').length + 1 };
  }
  return {};
}

export function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

export function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (v instanceof Date) return 'a date';
  return typeof v === 'object' ? 'a table' : `a ${typeof v}`;
}

/** Architecture names bootc matches against (Rust's std::env::consts::ARCH). */
export const RUST_ARCHES = ['x86_64', 'aarch64', 'powerpc64', 's390x', 'riscv64'];
/** Names people write that never match, with the name bootc expects. */
export const ARCH_ALIASES: Record<string, string> = { amd64: 'x86_64', x64: 'x86_64', arm64: 'aarch64', ppc64le: 'powerpc64', ppc64: 'powerpc64', riscv: 'riscv64' };

export function checkArches(text: string, key: string, v: unknown, out: TomlProblem[]): void {
  const at = locateKey(text, key);
  if (!isStringArray(v)) {
    out.push({ message: `${key} must be an array of strings, got ${describe(v)}`, ...at });
    return;
  }
  for (const a of v) {
    if (RUST_ARCHES.includes(a)) continue;
    const alias = ARCH_ALIASES[a];
    out.push({
      message: alias
        ? `${key}: "${a}" never matches; bootc uses Rust architecture names, write "${alias}"`
        : `${key}: unknown architecture "${a}" (expected one of ${RUST_ARCHES.join(', ')})`,
      ...at,
      ...(alias && !/["'\\]/.test(a) ? { replace: { from: `"${a}"`, to: `"${alias}"` } } : {}),
    });
  }
}
