// Rules that find many paths report one finding per responsible layer, like bootc's "first 5 ...and N more".
import type { ImageTree } from '../tree';
import { listPaths, type ImageRuleFinding } from '../types';

export function byLayer(tree: ImageTree, paths: readonly string[], header: string): ImageRuleFinding[] {
  const groups = new Map<number, string[]>();
  for (const p of [...paths].sort()) {
    const layer = tree.get(p)?.layer ?? 0;
    let g = groups.get(layer);
    if (!g) groups.set(layer, g = []);
    g.push(p);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0])
    .map(([layer, ps]) => ({ message: `${header}: ${listPaths(ps)}`, paths: ps, layer }));
}
