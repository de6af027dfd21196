// lintImage: run every image rule on the image's filesystem and map each finding to the Containerfile
// instruction whose layer wrote the path; findings from the base image go on the FROM line.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../../errors';
import type { PodmanTarget } from '../../podman/args';
import { containerfileStages, type InstructionRef } from '../../podman/steps';
import type { Finding, Range, RuleSettings } from '../types';
import { BASE_NOTE_ID, groupBaseFindings } from './base-note';
import { firstLineRange, layerInstructions } from './mapping';
import { imageRules } from './rules/index';
import { readImageTree } from './source';
import type { ImageTree } from './tree';
import type { ImageRule, ImageRuleFinding } from './types';

export interface LintImageOptions extends PodmanTarget {
  /** The Containerfile the image was built from: findings get its path and the responsible line. */
  containerfile?: string;
  settings?: RuleSettings;
  signal?: AbortSignal;
}

export async function lintImage(image: string, opts: LintImageOptions = {}): Promise<Finding[]> {
  let text: string | undefined;
  const file = opts.containerfile ? resolve(opts.containerfile) : undefined;
  if (file) {
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
    }
  }
  const finalStage = text === undefined ? [] : containerfileStages(text).pop() ?? [];
  const tree = await readImageTree(image, {
    connection: opts.connection,
    signal: opts.signal,
    // Only the layers of the Containerfile's own instructions need per-path attribution.
    firstOwnLayer: (history) => Math.min(...layerInstructions(history, finalStage).keys(), history.length),
  });
  return lintImageTree(tree, { text, file, settings: opts.settings });
}

export interface LintTreeOptions {
  text?: string;
  file?: string;
  settings?: RuleSettings;
  rules?: readonly ImageRule[];
}

const NO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function lintImageTree(tree: ImageTree, opts: LintTreeOptions = {}): Finding[] {
  const stages = opts.text !== undefined ? containerfileStages(opts.text) : [];
  const finalStage = stages[stages.length - 1] ?? [];
  const byLayer = layerInstructions(tree.history, finalStage);
  const from = finalStage[0];
  const findings: Finding[] = [];
  /** Findings about the base (its layers, or no layer at all) or left by the runtime, not by a line of the file. */
  const notOurs = new Set<Finding>();
  for (const rule of opts.rules ?? imageRules) {
    const setting = opts.settings?.[rule.id];
    if (setting === 'off') continue;
    let found: ImageRuleFinding[];
    try {
      found = rule.check(tree);
    } catch (err) {
      // A crash is a bug in the rule, never a finding about the image.
      throw new Error(`internal error in image rule ${rule.id}: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err });
    }
    for (const f of found) {
      const layer = responsibleLayer(tree, f);
      const inst: InstructionRef | undefined = layer === undefined ? undefined : byLayer.get(layer);
      const at = inst ?? from;
      const fromBase = !inst && from !== undefined && layer !== undefined;
      const finding: Finding = {
        ruleId: rule.id,
        severity: setting ?? rule.severity,
        source: 'bootable',
        file: opts.file,
        range: at && opts.text !== undefined ? firstLineRange(at, opts.text) : NO_RANGE,
        message: f.message + (fromBase ? ' (from the base image)' : ''),
      };
      findings.push(finding);
      if (from && (!inst || (rule.id === 'buildah-injected' && inst.keyword === 'RUN'))) notOurs.add(finding);
    }
  }
  // Without a Containerfile there is no FROM line to gather on, and nothing to tell base from own layers.
  if (!from || opts.text === undefined) return findings.sort(byPosition);
  const note = opts.settings?.[BASE_NOTE_ID];
  if (note === 'off') return findings.filter((f) => f.severity === 'error' || !notOurs.has(f)).sort(byPosition);
  return groupBaseFindings(findings, firstLineRange(from, opts.text), (f) => notOurs.has(f), note).sort(byPosition);
}

function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.ruleId.localeCompare(b.ruleId);
}

/** The newest layer among the finding's paths (that layer's instruction introduced the problem). */
function responsibleLayer(tree: ImageTree, f: ImageRuleFinding): number | undefined {
  if (f.layer !== undefined) return f.layer;
  const layers = (f.paths ?? []).map((p) => tree.get(p)?.layer).filter((l): l is number => l !== undefined);
  return layers.length ? Math.max(...layers) : undefined;
}
