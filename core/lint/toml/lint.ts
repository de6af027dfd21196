// lintBootcToml: the bootc TOML drop-ins as Findings (rule bootc-kargs for kargs.d, install-config for install/).
import { effective } from '../settings';
import { TextIndex } from '../text';
import type { Finding, Fix, RuleSettings } from '../types';
import { validateInstallToml } from './install';
import { validateKargsToml } from './kargs';
import type { TomlProblem } from './problems';

/** Which bootc drop-in a path is: usr/lib/bootc/kargs.d/*.toml or usr/lib/bootc/install/*.toml. */
export function bootcTomlKind(path: string): 'kargs' | 'install' | undefined {
  const p = path.replace(/\\/g, '/');
  if (/(^|\/)usr\/lib\/bootc\/kargs\.d\/[^/]+\.toml$/.test(p)) return 'kargs';
  if (/(^|\/)usr\/lib\/bootc\/install\/[^/]+\.toml$/.test(p)) return 'install';
  return undefined;
}

export function lintBootcToml(path: string, text: string, opts: { settings?: RuleSettings } = {}): Finding[] {
  const kind = bootcTomlKind(path);
  if (!kind) return [];
  const ruleId = kind === 'kargs' ? 'bootc-kargs' : 'install-config';
  const severity = effective(opts.settings ?? {}, ruleId, 'error');
  if (!severity) return [];
  let problems: TomlProblem[];
  try {
    problems = kind === 'kargs' ? validateKargsToml(text) : validateInstallToml(text);
  } catch (err) {
    problems = [{ message: `internal error in rule ${ruleId}: ${err instanceof Error ? err.message : String(err)}` }];
  }
  const lines = text.split('\n');
  const index = new TextIndex(text);
  /** The fix a problem names: its first `from` at or after its line, rewritten (TOML spelling mistakes). */
  const fixFor = (p: TomlProblem, line: number): Fix[] | undefined => {
    if (!p.replace) return undefined;
    const at = text.indexOf(p.replace.from, index.offsetAt({ line, character: 0 }));
    if (at < 0) return undefined;
    return [{ title: `Write ${p.replace.to}`, safe: true, edits: [{ range: index.range(at, at + p.replace.from.length), newText: p.replace.to }] }];
  };
  return problems.map((p) => {
    const line = Math.max(0, (p.line ?? 1) - 1);
    const lineText = lines[line] ?? '';
    const col = Math.max(0, (p.col ?? 1) - 1);
    // Underline from the column to the end of the line's content (the key and its value).
    const end = Math.max(col + 1, lineText.replace(/\s+$/, '').length);
    return {
      ruleId, severity, source: 'bootable' as const, file: path, message: p.message, fixes: fixFor(p, line),
      range: { start: { line, character: col }, end: { line, character: Math.min(end, Math.max(lineText.length, col)) } },
    };
  });
}
