// lintContainerfile: dockerfile-utils' generic validation + every bootc rule of the catalogue over one shared
// parse, then settings (severity/off) and inline suppressions. Total: it never throws on any input.
import { DockerfileParser } from 'dockerfile-ast';
import type { Dockerfile } from 'dockerfile-ast';
import { parserText, validateParsed } from './generic';
import { buildContext, type ContainerfileContext } from './containerfile';
import { containerfileRules } from './rules/index';
import { effective } from './settings';
import { filterSuppressed } from './suppression';
import { TextIndex } from './text';
import type { ContainerfileRule, ContextReader, Finding, RuleSettings, Severity } from './types';

export interface LintOptions {
  /** Per-rule severity or 'off' (keys = rule ids; generic findings use dockerfile-utils' code). */
  settings?: RuleSettings;
  /** Reads build-context files, for rules that validate COPY sources. */
  readContext?: ContextReader;
  /** Include dockerfile-utils' generic validation (default true). */
  generic?: boolean;
}

const SEVERITIES: Severity[] = ['error', 'error', 'warning', 'info', 'hint'];

export function lintContainerfile(text: string, opts: LintOptions = {}): Finding[] {
  return lintWithRules(containerfileRules, text, opts);
}

/** lintContainerfile over a given catalogue (tests use it to prove a crashing rule cannot crash the lint). */
export function lintWithRules(rules: readonly ContainerfileRule[], text: string, opts: LintOptions = {}): Finding[] {
  const settings = opts.settings ?? {};
  const findings: Finding[] = [];
  const index = new TextIndex(text);
  let dockerfile: Dockerfile | undefined;
  try {
    dockerfile = DockerfileParser.parse(parserText(text));
  } catch (err) {
    findings.push(internalError('parser', err, 'dockerfile-ast'));
  }
  if (opts.generic !== false) {
    try {
      for (const d of validateParsed(text, dockerfile)) {
        const ruleId = String(d.code ?? 'dockerfile');
        const severity = effective(settings, ruleId, SEVERITIES[d.severity ?? 1] ?? 'error');
        if (!severity) continue;
        findings.push({ ruleId, severity, source: 'dockerfile-utils', range: d.range, message: typeof d.message === 'string' ? d.message : d.message.value });
      }
    } catch (err) {
      findings.push(internalError('dockerfile-utils', err, 'dockerfile-utils'));
    }
  }
  if (dockerfile) {
    let ctx: ContainerfileContext | undefined;
    try {
      ctx = buildContext(text, opts.readContext, dockerfile);
    } catch (err) {
      findings.push(internalError('bootable', err));
    }
    if (ctx) runRules(rules, ctx, settings, findings);
  }
  const kept = dockerfile ? safeFilter(findings, index, dockerfile) : findings;
  return kept.sort(byPosition);
}

function runRules(rules: readonly ContainerfileRule[], ctx: ContainerfileContext, settings: RuleSettings, out: Finding[]): void {
  for (const rule of rules) {
    const severity = effective(settings, rule.id, rule.severity);
    if (!severity) continue;
    try {
      for (const f of rule.check(ctx)) out.push({ ...f, ruleId: rule.id, severity, source: 'bootable' });
    } catch (err) {
      // A rule that crashes is a bug in that rule, reported as such: never a crash of the whole lint.
      out.push(internalError(rule.id, err));
    }
  }
}

function safeFilter(findings: Finding[], index: TextIndex, dockerfile: Dockerfile): Finding[] {
  try {
    return filterSuppressed(findings, index, dockerfile);
  } catch (err) {
    return [...findings, internalError('suppression', err)];
  }
}

function internalError(ruleId: string, err: unknown, library?: string): Finding {
  const msg = err instanceof Error ? err.message : String(err);
  return {
    ruleId, severity: 'error', source: library === 'dockerfile-utils' ? 'dockerfile-utils' : 'bootable',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message: library
      ? `${library} failed on this document (${msg}); the other checks still ran`
      : `internal error in rule ${ruleId}: ${msg} (this is a bug in bootable, please report it)`,
  };
}

export function byPosition(a: Finding, b: Finding): number {
  return (a.file ?? '').localeCompare(b.file ?? '')
    || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character
    || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message);
}
