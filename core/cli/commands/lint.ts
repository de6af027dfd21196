// `bootable lint [FILES…] [--format text|json|sarif] [--fix] [--rule ID=SEVERITY|off]…`
// Lints Containerfiles (and bootc kargs.d / install TOML drop-ins). Exit 0 clean or warnings only,
// 1 findings at error severity, 2 bad usage or unreadable input.
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CliCommand, CliIo } from '../command';
import { UsageError } from '../../errors';
import { version } from '../../version';
import { packageRoot } from '../../package-root';
import { bootcTomlKind, ruleDocPath } from '../../lint/index';
import { documentedRules, ruleCatalogue } from '../../lint/catalogue';
import { fixText, lintFile } from '../../lint/fix-text';
import { formatJson, formatSarif, formatText, summarize, type RuleDescriptor } from '../../lint/format/index';
import { lintOptions } from '../../lint/options';
import type { Finding } from '../../lint/types';
import { findContainerfile } from '../args';
import { parseCommandLine, usageLines } from '../options';
import { checkReplaceable, replaceFile } from '../replace-file';
import { lintImage } from '../../lint/image/index';
import { podmanOptions } from '../../podman/options';

const FORMATS = new Set(['text', 'json', 'sarif']);
const lintCliOptions = { rules: lintOptions.rules, ...podmanOptions };

/** SARIF's rule descriptors: one per rule id, from the catalogue. */
function ruleDescriptors(env: NodeJS.ProcessEnv): RuleDescriptor[] {
  const base = env.BOOTABLE_DOCS_URL ?? pathToFileURL(packageRoot() + sep).href;
  return documentedRules().map((r) => ({
    id: r.id, summary: r.summary, docs: r.docs, severity: r.severity,
    helpUri: new URL(ruleDocPath(r.id), base.endsWith('/') ? base : base + '/').href,
  }));
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
    '  --format FORMAT          text (file:line:col severity rule message), json, or sarif (SARIF 2.1.0)',
    '  --fix                    apply the safe quick fixes in place (never through a symlink), then report what remains',
    ...usageLines({ rules: lintOptions.rules }),
    '  --list-rules             print the rule catalogue (every kind: Containerfile, bootc TOML, image)',
    '  --image IMAGE            check a built image\'s filesystem like `bootc container lint` (on the host)',
    '  --containerfile F        with --image: put each finding on the line of F that made the layer',
    ...usageLines(podmanOptions, { connection: 'with --image: use a podman system connection (remote podman)' }),
    '',
    'Suppress a finding with `# bootable-ignore RULE-ID` on the line above the instruction,',
    'or for the whole file with `# bootable-ignore-file RULE-ID`.',
    '',
    'Exit status: 0 no errors (warnings allowed), 1 findings at error severity, 2 bad usage or unreadable input.',
  ].join('\n'),
  async run(args, io) {
    const { options, flags: values, positionals } = parseCommandLine('lint', args, io.cwd, lintCliOptions, {
      format: { type: 'string', default: 'text' },
      fix: { type: 'boolean', default: false },
      'list-rules': { type: 'boolean', default: false },
      image: { type: 'string' },
      containerfile: { type: 'string' },
    });
    if (values['list-rules']) {
      for (const r of ruleCatalogue) io.stdout.write(`${r.id.padEnd(24)} ${r.severity.padEnd(8)} ${r.kind.padEnd(13)} ${r.summary}\n`);
      return 0;
    }
    const format = values.format!;
    if (!FORMATS.has(format)) throw new UsageError(`--format ${format}: expected text, json or sarif`);
    const settings = Object.fromEntries(options.rules ?? []);

    if (values.image) {
      // Image-level checks (core/lint/image): bootc's lints on the built image, mapped to --containerfile lines.
      if (positionals.length || values.fix) throw new UsageError('--image takes no FILES and no --fix; use --containerfile F');
      const containerfile = values.containerfile ? resolve(io.cwd, values.containerfile) : undefined;
      const found = (await lintImage(values.image, { containerfile, settings, connection: options.connection, signal: io.signal }))
        .map((f) => ({ ...f, file: f.file ? (relative(io.cwd, f.file) || f.file).split(sep).join('/') : undefined }));
      return report(found, format, io);
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
      let text: string;
      try {
        if (!statSync(path).isFile()) throw new Error('not a regular file');
        text = readFileSync(path, 'utf8');
      } catch (err) {
        const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
        throw new UsageError(`cannot read ${relative(io.cwd, path) || path}: ${why}`);
      }
      if (values.fix) checkReplaceable(path, relative(io.cwd, path) || path);
      return { path, text };
    });

    const all: Finding[] = [];
    for (const input of inputs) {
      let text = input.text;
      const shown = relative(io.cwd, input.path) || input.path;
      if (values.fix) {
        const r = fixText(input.path, text, settings);
        if (r.applied > 0) {
          replaceFile(input.path, r.text);
          io.stderr.write(`${shown}: applied ${r.applied} fix${r.applied === 1 ? '' : 'es'}\n`);
          text = r.text;
        }
      }
      for (const f of lintFile(input.path, text, settings)) all.push({ ...f, file: shown.split(sep).join('/') });
    }

    return report(all, format, io);
  },
};

/** Prints the findings in the chosen format; the exit code is 1 when any is an error. */
function report(findings: Finding[], format: string, io: CliIo): number {
  if (format === 'json') io.stdout.write(formatJson(findings));
  else if (format === 'sarif') io.stdout.write(formatSarif(findings, { toolVersion: version, rules: ruleDescriptors(io.env) }));
  else {
    io.stdout.write(formatText(findings));
    if (findings.length) io.stderr.write(summarize(findings) + '\n');
  }
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
