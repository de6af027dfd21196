// The public lint API used by the language server, the CLI and the image checks.
export { lintContainerfile, type LintOptions } from './lint';
export { lintBootcToml, bootcTomlKind } from './toml/lint';
export { containerfileRules } from './rules/index';
export { tomlRules } from './toml/rules';
export { ruleDocPath, ruleDocUrl } from './docs';
export { applyFixes } from './fixes';
export { suppressionFix } from './suppression';
export type * from './types';
