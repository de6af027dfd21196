// Diagnostics for a bootc-image-builder config: the builder's own validator (core/builder/config, the one
// `bootable disk` runs) gives every error and warning with its key path; positions.ts puts each on its key.
// One more hint the validator has no reason to give (the config is valid): a password in plain text.
import { parseConfigText } from '../../core/builder/config/load';
import { isCryptHash } from '../../core/builder/crypt';
import { ConfigError } from '../../core/errors';
import { ConfigErrors } from '../../core/builder/config/check';
import type { BuilderConfig } from '../../core/builder/config/types';
import type { Finding, Range, RuleSettings, Severity } from '../../core/lint/types';
import { jsonKeyRanges, rangeForPath, tomlKeyRanges, type KeyRanges } from './positions';

export const BIB_RULE = 'builder-config';

const lineRange = (line: number, from = 0, to = from): Range => ({ start: { line, character: from }, end: { line, character: to } });

export function keyRanges(text: string, json: boolean): KeyRanges {
  return json ? jsonKeyRanges(text) : tomlKeyRanges(text);
}

/** The validator's findings on a config text; `path` decides the format (.json or .toml), as for the builder. */
export function lintBibConfig(path: string, text: string, settings: RuleSettings = {}): Finding[] {
  const setting = settings[BIB_RULE];
  if (setting === 'off') return [];
  const json = path.toLowerCase().endsWith('.json');
  const name = path.replace(/^.*[\\/]/, '');
  const lines = text.split('\n');
  let ranges: KeyRanges | undefined;
  const where = (keyPath: string): Range => {
    ranges ??= keyRanges(text, json);
    const r = rangeForPath(ranges, keyPath);
    if (r) return r;
    return lineRange(0, 0, (lines[0] ?? '').length);
  };
  const finding = (severity: Severity, range: Range, message: string): Finding =>
    ({ ruleId: BIB_RULE, severity, source: 'bootable', file: path, range, message });
  let config: BuilderConfig;
  try {
    config = parseConfigText(text, name.endsWith('.json') || name.endsWith('.toml') ? name : `${name}.${json ? 'json' : 'toml'}`);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // A syntax error names a line and column, not a key.
    const pos = /at line (\d+), column (\d+)/.exec(err.message);
    if (pos) {
      const range = lineRange(Number(pos[1]) - 1, Number(pos[2]) - 1, (lines[Number(pos[1]) - 1] ?? '').length);
      return [finding(setting ?? 'error', range, err.message.replace(/^[^:]*: /, ''))];
    }
    // The validator reports every problem at once: one diagnostic on each key.
    const hint = err.hint ? ` (${err.hint})` : '';
    const problems = err instanceof ConfigErrors ? err.problems
      : [{ path: err.path, problem: err.message.replace(` (in ${name})`, '').replace(/^[^:]*: /, '') }];
    return problems.map((p) => finding(setting ?? 'error', where(p.path), `${p.path === name ? '' : `${p.path}: `}${p.problem}${hint}`));
  }
  const out = config.warnings.map((w) => finding('warning', where(w.path), `${w.path}: ${w.message}`));
  config.users.forEach((u, i) => {
    if (u.password === undefined || isCryptHash(u.password)) return;
    const path = findUserPath(text, json, i, ranges ??= keyRanges(text, json));
    out.push(finding('info', where(path), `${path}: a password in plain text ends up readable in this file and in the disk build's manifest; put a hash here instead (\`openssl passwd -6\` or \`mkpasswd -m sha-512\` prints one)`));
  });
  return out;
}

/** The validator lists sshkey users before `user` entries; a plain-text password can only be in a `user` entry. */
function findUserPath(_text: string, _json: boolean, index: number, ranges: KeyRanges): string {
  const prefix = ranges.has('blueprint.customizations') ? 'blueprint.customizations' : 'customizations';
  let sshkeys = 0;
  while (ranges.has(`${prefix}.sshkey[${sshkeys}]`)) sshkeys++;
  return `${prefix}.user[${index - sshkeys}].password`;
}
