// /usr/lib/bootc/install/*.toml (bootc-install-config(5)): one top-level table `install` with
// block, filesystem.root.type, kargs, match_architectures, stateroot, root-mount-spec, boot-mount-spec, ostree.
import { checkArches, describe, isStringArray, locateKey, parseToml, type TomlProblem } from './problems';

const INSTALL_KEYS = new Set(['block', 'filesystem', 'kargs', 'match_architectures', 'stateroot', 'root-mount-spec',
  'boot-mount-spec', 'ostree', 'root-fs-type', 'discoverable-partitions']);
const BLOCK = new Set(['direct', 'tpm2-luks']);
export const ROOT_FS_TYPES = ['xfs', 'ext4', 'btrfs'];

export function validateInstallToml(text: string): TomlProblem[] {
  const parsed = parseToml(text);
  if (!parsed.ok) return [parsed.problem];
  const doc = parsed.value;
  const out: TomlProblem[] = [];
  for (const key of Object.keys(doc)) {
    if (key !== 'install') out.push({ message: `unknown top-level table "${key}"; the only one is [install]`, ...locateKey(text, key) });
  }
  const install = doc.install;
  if (install === undefined) {
    if (Object.keys(doc).length === 0) out.push({ message: 'empty install config: expected an [install] table', line: 1, col: 1 });
    return out;
  }
  if (typeof install !== 'object' || install === null || Array.isArray(install)) {
    out.push({ message: `install must be a table, got ${describe(install)}`, ...locateKey(text, 'install') });
    return out;
  }
  const t = install as Record<string, unknown>;
  for (const key of Object.keys(t)) {
    if (!INSTALL_KEYS.has(key)) {
      const hint = key === 'match-architectures' ? ' (install configs spell it match_architectures)' : '';
      out.push({ message: `unknown key install.${key}${hint}`, ...locateKey(text, key),
        ...(key === 'match-architectures' ? { replace: { from: key, to: 'match_architectures' } } : {}) });
    }
  }
  if ('kargs' in t && !isStringArray(t.kargs)) out.push({ message: `install.kargs must be an array of strings, got ${describe(t.kargs)}`, ...locateKey(text, 'kargs') });
  if ('block' in t) {
    if (!isStringArray(t.block)) out.push({ message: `install.block must be an array of strings, got ${describe(t.block)}`, ...locateKey(text, 'block') });
    else for (const b of t.block) if (!BLOCK.has(b)) out.push({ message: `install.block: unknown backend "${b}" (expected direct or tpm2-luks)`, ...locateKey(text, 'block') });
  }
  if ('match_architectures' in t) checkArches(text, 'match_architectures', t.match_architectures, out);
  for (const key of ['stateroot', 'root-mount-spec', 'boot-mount-spec']) {
    if (key in t && typeof t[key] !== 'string') out.push({ message: `install.${key} must be a string, got ${describe(t[key])}`, ...locateKey(text, key) });
  }
  if ('root-fs-type' in t) checkFsType(text, 'root-fs-type', t['root-fs-type'], out);
  if ('filesystem' in t) {
    const fs = t.filesystem;
    if (typeof fs !== 'object' || fs === null || Array.isArray(fs)) {
      out.push({ message: `install.filesystem must be a table, got ${describe(fs)}`, ...locateKey(text, 'filesystem') });
    } else {
      for (const key of Object.keys(fs)) if (key !== 'root') out.push({ message: `unknown key install.filesystem.${key}; the only one is root`, ...locateKey(text, key) });
      const root = (fs as Record<string, unknown>).root;
      if (root !== undefined) {
        if (typeof root !== 'object' || root === null || Array.isArray(root)) {
          out.push({ message: `install.filesystem.root must be a table, got ${describe(root)}`, ...locateKey(text, 'root') });
        } else {
          for (const key of Object.keys(root)) if (key !== 'type') out.push({ message: `unknown key install.filesystem.root.${key}; the only one is type`, ...locateKey(text, key) });
          if ('type' in root) checkFsType(text, 'type', (root as Record<string, unknown>).type, out);
        }
      }
    }
  }
  return out;
}

function checkFsType(text: string, key: string, v: unknown, out: TomlProblem[]): void {
  if (typeof v !== 'string') out.push({ message: `root filesystem type must be a string, got ${describe(v)}`, ...locateKey(text, key) });
  else if (!ROOT_FS_TYPES.includes(v)) out.push({ message: `root filesystem type "${v}" is not one bootc installs (expected ${ROOT_FS_TYPES.join(', ')})`, ...locateKey(text, key) });
}

/** The root filesystem type an install config declares, if any (for disk builds). */
export function declaredRootFs(text: string): string | undefined {
  const parsed = parseToml(text);
  if (!parsed.ok) return undefined;
  const install = parsed.value.install as Record<string, any> | undefined;
  const v = install?.filesystem?.root?.type ?? install?.['root-fs-type'];
  return typeof v === 'string' ? v : undefined;
}
