// Image-level bootc checks: the public entry points.
export { lintImage, lintImageTree, type LintImageOptions } from './lint';
export { readImageTree } from './source';
export { imageRules } from './rules/index';
export type { ImageRule, ImageRuleFinding } from './types';
export type { ImageTree, ImageEntry } from './tree';
