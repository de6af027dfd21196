// Linting one file by its path (Containerfile or bootc TOML drop-in) and applying its safe fixes: what
// `bootable lint [--fix]` does per file, here so the editor can do the same.
import { dirname } from 'node:path';
import { applyFixes } from './fixes';
import { contextReader } from './context-reader';
import { lintContainerfile } from './lint';
import { lintBootcToml } from './toml/lint';
import type { Finding, RuleSettings } from './types';

/** A Containerfile's COPY sources are read from its directory, as in a build. */
export function lintFile(path: string, text: string, settings: RuleSettings): Finding[] {
  if (path.endsWith('.toml')) return lintBootcToml(path, text, { settings });
  return lintContainerfile(text, { settings, readContext: contextReader(dirname(path)) });
}

/** Applies safe fixes until none is left (at most a few rounds); returns the new text and how many were applied. */
export function fixText(path: string, text: string, settings: RuleSettings): { text: string; applied: number } {
  let applied = 0;
  for (let round = 0; round < 5; round++) {
    const fixes = lintFile(path, text, settings).flatMap((f) => (f.fixes ?? []).filter((x) => x.safe).slice(0, 1));
    if (fixes.length === 0) break;
    const next = applyFixes(text, fixes);
    if (next === text) break;
    applied += fixes.length;
    text = next;
  }
  return { text, applied };
}
