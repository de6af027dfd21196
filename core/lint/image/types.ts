// Image-level rules: bootc's `bootc container lint` checks (same names where they overlap) computed on the
// host from the image's filesystem model, so they work for images without bootc in them.
import type { Severity } from '../types';
import type { ImageTree } from './tree';

/** What an image rule reports. `paths` (or `layer`) say which layer is responsible, for the line mapping. */
export interface ImageRuleFinding {
  message: string;
  /** Image paths (no leading "/") the finding is about; the layer that wrote them is blamed. */
  paths?: string[];
  /** Blame this layer directly (when the evidence is not a path, e.g. a user added to /etc/passwd). */
  layer?: number;
}

export interface ImageRule {
  kind: 'image';
  /** kebab-case, bootc's lint name where one exists. */
  id: string;
  severity: Severity;
  summary: string;
  /** Markdown: why it matters and what to do. */
  docs: string;
  check(tree: ImageTree): ImageRuleFinding[];
}

/** Formats a path list the way bootc does: the first few, then "...and N more". */
export function listPaths(paths: readonly string[], max = 5): string {
  const shown = paths.slice(0, max).map((p) => '/' + p);
  return shown.join(', ') + (paths.length > max ? ` ...and ${paths.length - max} more` : '');
}
