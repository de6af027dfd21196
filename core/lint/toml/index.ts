// bootc TOML validation, shared by the Containerfile rules (kargs-toml, install-config), lintBootcToml and
// the image-level checks. Problems carry 1-based line/col when known.
export { validateKargsToml } from './kargs';
export { validateInstallToml, declaredRootFs, ROOT_FS_TYPES } from './install';
export type { TomlProblem } from './problems';
