// `bootable lint [FILES…] [--format text|json|sarif] [--fix] [--rule ID=SEVERITY|off]…`
// Lints Containerfiles (and bootc kargs.d / install TOML drop-ins). Exit 0 clean or warnings only,
// 1 findings at error severity, 2 bad usage or unreadable input.
import { existsSync, readFileSync, renameSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { UsageError } from '../../errors';
import { version } from '../../version';
import { applyFixes, bootcTomlKind, containerfileRules, tomlRules, lintBootcToml, lintContainerfile, ruleDocPath } from '../../lint/index';
import { formatJson, formatSarif, formatText, summarize, type RuleDescriptor } from '../../lint/format/index';
import type { Finding, RuleSettings, Severity } from '../../lint/types';
import { contextReader } from '../../lint/context-reader';
import { findContainerfile } from '../args';
import { imageRules, lintImage } from '../../lint/image/index';

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);
const FORMATS = new Set(['text', 'json', 'sarif']);

export function parseRuleSettings(pairs: readonly string[]): RuleSettings {
  const out: RuleSettings = {};
  for (const p of pairs) {
    const m = /^([\w.-]+)=(\w+)$/.exec(p);
    if (!m || !SEVERITIES.has(m[2])) throw new UsageError(`--rule ${p}: expected ID=error|warning|info|hint|off`);
    out[m[1]] = m[2] as Severity | 'off';
  }
  return out;
}

/** Package root (where docs/rules lives): dist/cli.cjs → .., or core/cli/commands → ../../.. in tests. */
function packageRoot(): string {
  // __dirname exists in the CJS bundle; under tsx (ESM) fall back to the working directory.
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let k = 0; k < 5; k++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

function ruleDescriptors(env: NodeJS.ProcessEnv): RuleDescriptor[] {
  const base = env.BOOTABLE_DOCS_URL ?? pathToFileURL(packageRoot() + sep).href;
  // One descriptor per id: bootc-kargs and install-config exist both as file rules and as image rules.
  const unique = new Map<string, { id: string; summary: string; docs: string; severity: Severity }>();
  for (const r of [...containerfileRules, ...tomlRules, ...imageRules]) if (!unique.has(r.id)) unique.set(r.id, r);
  return [...unique.values()].map((r) => ({
    id: r.id, summary: r.summary, docs: r.docs, severity: r.severity,
    helpUri: new URL(ruleDocPath(r.id), base.endsWith('/') ? base : base + '/').href,
  }));
}

function lintOne(path: string, text: string, settings: RuleSettings): Finding[] {
  if (path.endsWith('.toml')) return lintBootcToml(path, text, { settings });
  return lintContainerfile(text, { settings, readContext: contextReader(dirname(path)) });
}

/** Applies safe fixes until none is left (at most a few rounds); returns the new text and how many were applied. */
export function fixText(path: string, text: string, settings: RuleSettings): { text: string; applied: number } {
  let applied = 0;
  for (let round = 0; round < 5; round++) {
    const fixes = lintOne(path, text, settings).flatMap((f) => (f.fixes ?? []).filter((x) => x.safe).slice(0, 1));
    if (fixes.length === 0) break;
    const next = applyFixes(text, fixes);
    if (next === text) break;
    applied += fixes.length;
    text = next;
  }
  return { text, applied };
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.bootable-fix-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'lint Containerfiles (and bootc TOML drop-ins) for bootc',
  usage: [
    'Usage: bootable lint [FILES…] [--format text|json|sarif] [--fix] [--rule ID=SEVERITY|off]… [--list-rules]',
    '       bootable lint --image IMAGE [--containerfile F] [--format …] [--rule …] [--connection NAME]',
    '',
    'Checks Containerfiles against the bootc rules (docs/rules/) and dockerfile-utils\' generic validation.',
    'FILES default to ./Containerfile or ./Dockerfile. usr/lib/bootc/kargs.d/*.toml and usr/lib/bootc/install/*.toml',
    'files are validated too (rules bootc-kargs, install-config). COPY sources are read from the Containerfile\'s directory.',
    '',
    '  --format FORMAT        text (file:line:col severity rule message), json, or sarif (SARIF 2.1.0)',
    '  --fix                  apply the safe quick fixes in place, then report what remains',
    '  --rule ID=SEVERITY     error, warning, info, hint or off for one rule (repeatable)',
    '  --list-rules           print the rule catalogue',
    '  --image IMAGE          check a built image\'s filesystem like `bootc container lint` (on the host)',
    '  --containerfile F      with --image: put each finding on the line of F that made the layer',
    '',
    'Suppress a finding with `# bootable-ignore RULE-ID` on the line above the instruction,',
    'or for the whole file with `# bootable-ignore-file RULE-ID`.',
    '',
    'Exit status: 0 no errors (warnings allowed), 1 findings at error severity, 2 bad usage or unreadable input.',
  ].join('\n'),
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args, allowPositionals: true, strict: true,
        options: {
          format: { type: 'string', default: 'text' },
          fix: { type: 'boolean', default: false },
          rule: { type: 'string', multiple: true, default: [] },
          'list-rules': { type: 'boolean', default: false },
          image: { type: 'string' },
          containerfile: { type: 'string' },
          connection: { type: 'string' },
        },
      });
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err), { hint: 'run `bootable lint --help`' });
    }
    const { values, positionals } = parsed;
    if (values['list-rules']) {
      for (const r of containerfileRules) io.stdout.write(`${r.id.padEnd(24)} ${r.severity.padEnd(8)} ${r.summary}\n`);
      return 0;
    }
    const format = values.format!;
    if (!FORMATS.has(format)) throw new UsageError(`--format ${format}: expected text, json or sarif`);
    const settings = parseRuleSettings(values.rule ?? []);
    const ids = new Set([...containerfileRules, ...tomlRules, ...imageRules].map((r) => r.id));
    for (const id of Object.keys(settings)) {
      if (!ids.has(id) && !/^\d+$/.test(id)) throw new UsageError(`--rule ${id}: unknown rule`, { hint: 'see `bootable lint --list-rules`' });
    }

    if (values.image) {
      // Image-level checks (core/lint/image): bootc's lints on the built image, mapped to --containerfile lines.
      if (positionals.length || values.fix) throw new UsageError('--image takes no FILES and no --fix; use --containerfile F');
      const containerfile = values.containerfile ? resolve(io.cwd, values.containerfile) : undefined;
      const found = (await lintImage(values.image, { containerfile, settings, connection: values.connection, signal: io.signal }))
        .map((f) => ({ ...f, file: f.file ? (relative(io.cwd, f.file) || f.file).split(sep).join('/') : undefined }));
      if (format === 'json') io.stdout.write(formatJson(found));
      else if (format === 'sarif') io.stdout.write(formatSarif(found, { toolVersion: version, rules: ruleDescriptors(io.env) }));
      else {
        io.stdout.write(formatText(found));
        if (found.length) io.stderr.write(summarize(found) + '\n');
      }
      return found.some((f) => f.severity === 'error') ? 1 : 0;
    }
    let files = positionals.map((p) => resolve(io.cwd, p));
    if (files.length === 0) {
      files = [findContainerfile(io.cwd)];
    }
    // Read everything first: an unreadable input is a usage error before any output or fix.
    const inputs = files.map((path) => {
      if (path.endsWith('.toml') && !bootcTomlKind(path)) {
        throw new UsageError(`${relative(io.cwd, path) || path}: not a bootc drop-in (expected usr/lib/bootc/kargs.d/*.toml or usr/lib/bootc/install/*.toml)`);
      }
      try {
        if (!statSync(path).isFile()) throw new Error('not a regular file');
        return { path, text: readFileSync(path, 'utf8') };
      } catch (err) {
        const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
        throw new UsageError(`cannot read ${relative(io.cwd, path) || path}: ${why}`);
      }
    });

    const all: Finding[] = [];
    for (const input of inputs) {
      let text = input.text;
      const shown = relative(io.cwd, input.path) || input.path;
      if (values.fix) {
        const r = fixText(input.path, text, settings);
        if (r.applied > 0) {
          writeAtomic(input.path, r.text);
          io.stderr.write(`${shown}: applied ${r.applied} fix${r.applied === 1 ? '' : 'es'}\n`);
          text = r.text;
        }
      }
      for (const f of lintOne(input.path, text, settings)) all.push({ ...f, file: shown.split(sep).join('/') });
    }

    if (format === 'json') io.stdout.write(formatJson(all));
    else if (format === 'sarif') io.stdout.write(formatSarif(all, { toolVersion: version, rules: ruleDescriptors(io.env) }));
    else {
      io.stdout.write(formatText(all));
      if (all.length) io.stderr.write(summarize(all) + '\n');
    }
    return all.some((f) => f.severity === 'error') ? 1 : 0;
  },
};
