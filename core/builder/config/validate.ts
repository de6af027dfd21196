// Validates a parsed bootc-image-builder config (TOML or JSON) into a BuilderConfig: the one validator that
// `bootable disk`, the builder-config lint rule and the language server use. Every error names the exact key path
// (`customizations.user[0].key: not an SSH public key`) and is a ConfigError (exit code 2). Unknown keys are
// errors, as in bootc-image-builder (its decoders refuse unknown fields): a typo must not be ignored. Keys
// bootc-image-builder knows are handled as keys.ts says: applied, refused with why, or ignored with its warning.
import { cryptPrefix, isCryptHash } from '../crypt';
import { isCleanAbsolutePath } from '../tree-path';
import { Checker, type Obj } from './check';
import { validateDisk } from './disk';
import { checkFsNodes, validateDirectories, validateFiles } from './fsnodes';
import { configKey, keysUnder } from './keys';
import { sshKeyProblem } from './ssh-key';
import type { BuilderConfig, ConfigFilesystem, ConfigGroup, ConfigUser } from './types';

/** /var subdirectories bootc-image-builder refuses as mount points. */
export const forbiddenVarMounts = [
  '/var/home', '/var/lock', '/var/mail', '/var/mnt', '/var/roothome', '/var/run', '/var/srv', '/var/usrlocal',
];

/** bootc-image-builder's mountpoint policy for bootc disks: / and /boot exactly, /var/* but not /var itself. */
export function mountpointAllowed(mp: string): boolean {
  if (mp === '/' || mp === '/boot') return true;
  return mp.startsWith('/var/') && !forbiddenVarMounts.some((f) => mp === f || mp.startsWith(f + '/'));
}
export const mountpointPolicyText = `allowed: /, /boot and subdirectories of /var except ${forbiddenVarMounts.join(' ')}`;

const userNameRe = /^[a-z_][a-z0-9_-]{0,31}$/;
const groupNameRe = /^[a-z_][a-z0-9_-]{0,31}$/;
const blueprintKeys = keysUnder('');

export function validateConfig(raw: unknown, source = 'config'): BuilderConfig {
  const c = new Checker(source);
  const config = c.part(() => validateBlueprint(c, raw));
  c.finish();
  return config!;
}

/** The whole config; every problem is recorded in `c` (validateConfig throws them together). */
function validateBlueprint(c: Checker, raw: unknown): BuilderConfig {
  const top = c.obj(raw, '(top level)');
  let bp: Obj = top;
  let prefix = 'customizations';
  // bootc-image-builder's legacy JSON form (before 2024/05): the blueprint under "blueprint". load.ts refuses it in TOML.
  if ('blueprint' in top) {
    c.onlyKeys(top, '', ['blueprint']);
    bp = c.obj(top.blueprint, 'blueprint');
    prefix = 'blueprint.customizations';
  }
  const bpPrefix = prefix === 'customizations' ? '' : 'blueprint';
  c.onlyKeys(bp, bpPrefix, blueprintKeys);
  for (const k of Object.keys(bp)) if (k !== 'customizations') c.part(() => knownKey(c, k, bpPrefix ? `${bpPrefix}.${k}` : k, bp[k]));

  const config: BuilderConfig = { users: [], groups: [], kernelAppend: [], filesystems: [], files: [], directories: [], warnings: c.warnings };
  if (bp.customizations === undefined) return config;
  const cz = c.obj(bp.customizations, prefix);
  c.onlyKeys(cz, prefix, keysUnder('customizations'));

  const users: { user: ConfigUser; path: string }[] = [];
  if (cz.sshkey !== undefined) {
    c.part(() => {
      knownKey(c, 'customizations.sshkey', `${prefix}.sshkey`, cz.sshkey);
      // bootc-image-builder turns each entry into a user with that key, before the `user` entries.
      users.push(...c.items(cz.sshkey, `${prefix}.sshkey`, (s, path) => {
        const o = c.obj(s, path);
        c.onlyKeys(o, path, ['user', 'key']);
        const user = validateUser(c, { name: o.user ?? '', key: o.key ?? '' }, path, { name: 'user' });
        return user ? { user, path } : c.skip();
      }));
    });
  }
  if (cz.user !== undefined) {
    users.push(...c.items(cz.user, `${prefix}.user`, (u, path) => {
      const user = validateUser(c, c.obj(u, path), path);
      return user ? { user, path } : c.skip();
    }));
  }
  const names = new Set<string>();
  for (const { user, path } of users) {
    if (names.has(user.name)) c.report(`${path}.name`, `duplicate user "${user.name}"`);
    names.add(user.name);
    config.users.push(user);
  }
  if (cz.group !== undefined) config.groups = validateGroups(c, cz.group, `${prefix}.group`);
  if (cz.kernel !== undefined) {
    c.part(() => {
      const path = `${prefix}.kernel`;
      const k = c.obj(cz.kernel, path);
      c.onlyKeys(k, path, keysUnder('customizations.kernel'));
      if (k.append !== undefined) {
        c.part(() => {
          const append = c.str(k.append, `${path}.append`);
          if (/[\n\r\0]/.test(append)) c.fail(`${path}.append`, 'must be a single line');
          config.kernelAppend = append.split(/\s+/).filter(Boolean);
        });
      }
      if (k.name !== undefined) {
        c.part(() => {
          const name = c.str(k.name, `${path}.name`);
          if (name !== '') config.kernelName = name;
        });
      }
    });
  }
  if (cz.filesystem !== undefined) {
    c.part(() => {
      knownKey(c, 'customizations.filesystem', `${prefix}.filesystem`, cz.filesystem);
      config.filesystems = validateFilesystems(c, cz.filesystem, `${prefix}.filesystem`);
    });
  }
  if (cz.disk !== undefined) {
    c.part(() => {
      if (cz.filesystem !== undefined) c.fail(`${prefix}.disk`, 'cannot combine disk and filesystem customizations (use one of them)');
      config.disk = validateDisk(c, cz.disk, `${prefix}.disk`);
    });
  }
  if (cz.files !== undefined) config.files = c.part(() => validateFiles(c, cz.files, `${prefix}.files`)) ?? [];
  if (cz.directories !== undefined) config.directories = c.part(() => validateDirectories(c, cz.directories, `${prefix}.directories`)) ?? [];
  // Cross-checks of files and directories only over entries that validated (their indexes are their keys).
  if (c.problemsUnder(`${prefix}.files`) === 0 && c.problemsUnder(`${prefix}.directories`) === 0) {
    checkFsNodes(c, config.files, config.directories, prefix);
  }
  for (const k of Object.keys(cz)) {
    if (!['user', 'group', 'kernel', 'filesystem', 'disk', 'files', 'directories', 'sshkey'].includes(k)) {
      c.part(() => knownKey(c, `customizations.${k}`, `${prefix}.${k}`, cz[k]));
    }
  }
  return config;
}

/** A key bootable does not validate itself: refused or ignored with a warning, as keys.ts says. */
function knownKey(c: Checker, key: string, path: string, value: unknown): void {
  const k = configKey(key);
  if (!k || k.treatment === 'supported') return;
  if (k.treatment === 'refused') c.fail(path, `known to bootc-image-builder but not supported by bootable's disk builder: ${k.why}; remove it`);
  // Empty values are what bootc-image-builder's own checks treat as unset: no warning for `packages = []`.
  const empty = value === '' || value === false || (Array.isArray(value) && value.length === 0)
    || (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
  if (empty) return;
  const verb = k.treatment === 'applied-with-warning' ? 'applied' : 'ignored';
  c.warn(path, `not supported for disk images (${verb}: ${k.why})`);
}

/** A user, or undefined when its name is unusable (every problem is recorded). */
function validateUser(c: Checker, o: Obj, path: string, rename: { name?: string } = {}): ConfigUser | undefined {
  c.onlyKeys(o, path, ['name', 'password', 'key', 'groups', 'home', 'shell', 'uid', 'gid', 'description', 'expiredate', 'force_password_reset']);
  const namePath = `${path}.${rename.name ?? 'name'}`;
  const name = c.part(() => {
    if (o.name === undefined) c.fail(namePath, 'required');
    const n = c.str(o.name, namePath);
    if (!userNameRe.test(n)) c.fail(namePath, `"${n.slice(0, 40)}" is not a valid user name (lower case letters, digits, _ and -, at most 32)`);
    return n;
  });
  const user: ConfigUser = { name: name ?? '', keys: [], groups: [] };
  if (o.password !== undefined) {
    c.part(() => {
      const pw = c.str(o.password, `${path}.password`);
      if (pw.length === 0) c.fail(`${path}.password`, 'empty password (leave the key out for no password)');
      if (cryptPrefix.test(pw)) {
        // A pre-hashed password goes into /etc/shadow as it is: only crypt's alphabet, or it could add lines.
        if (!isCryptHash(pw)) c.fail(`${path}.password`, 'starts like a crypt hash ($id$…) but has characters a crypt hash cannot have (only a-z A-Z 0-9 . / $)');
      } else if (/[\n\r\0:]/.test(pw)) {
        c.fail(`${path}.password`, 'must not contain ":", newlines or NUL');
      }
      user.password = pw;
    });
  }
  if (o.key !== undefined) {
    c.part(() => {
      const lines = c.str(o.key, `${path}.key`).split('\n').map((l) => l.trim()).filter(Boolean);
      if (lines.length === 0) c.fail(`${path}.key`, 'empty key');
      for (const line of lines) {
        const problem = sshKeyProblem(line);
        if (problem) c.fail(`${path}.key`, problem);
      }
      user.keys = lines;
    });
  }
  if (o.groups !== undefined) {
    user.groups = c.part(() => c.items(o.groups, `${path}.groups`, (g, gpath) => {
      const gname = c.str(g, gpath);
      if (!groupNameRe.test(gname)) c.fail(gpath, `"${gname.slice(0, 40)}" is not a valid group name`);
      return gname;
    })) ?? [];
  }
  for (const k of ['home', 'shell'] as const) {
    if (o[k] === undefined) continue;
    c.part(() => {
      let p = c.str(o[k], `${path}.${k}`);
      // bootc-image-builder strips a home's trailing slashes ("/srv/widget/" is "/srv/widget").
      if (k === 'home' && p.length > 1) p = p.replace(/\/+$/, '') || '/';
      if (!isCleanAbsolutePath(p) || /[\n\r:\0]/.test(p)) {
        c.fail(`${path}.${k}`, `"${p.slice(0, 80)}" must be a clean absolute path (no "..", ".", "//", ":" or newlines)`);
      }
      user[k] = p;
    });
  }
  if (o.uid !== undefined) c.part(() => { user.uid = c.int(o.uid, `${path}.uid`); });
  if (o.gid !== undefined) c.part(() => { user.gid = c.int(o.gid, `${path}.gid`); });
  if (o.description !== undefined) {
    c.part(() => {
      const d = c.str(o.description, `${path}.description`);
      if (/[\n:\0]/.test(d)) c.fail(`${path}.description`, 'must not contain ":" or newlines');
      user.description = d;
    });
  }
  if (o.expiredate !== undefined) c.part(() => { user.expiredate = c.int(o.expiredate, `${path}.expiredate`); });
  if (o.force_password_reset !== undefined) c.part(() => { user.forcePasswordReset = c.bool(o.force_password_reset, `${path}.force_password_reset`); });
  return name === undefined ? undefined : user;
}

function validateGroups(c: Checker, raw: unknown, prefix: string): ConfigGroup[] {
  const names = new Set<string>();
  const gids = new Map<number, string>();
  return c.part(() => c.items(raw, prefix, (g, path) => {
    const o = c.obj(g, path);
    c.onlyKeys(o, path, ['name', 'gid']);
    const gid = o.gid === undefined ? undefined : c.part(() => c.int(o.gid, `${path}.gid`));
    if (o.name === undefined) c.fail(`${path}.name`, 'required');
    const name = c.str(o.name, `${path}.name`);
    if (!groupNameRe.test(name)) c.fail(`${path}.name`, `"${name.slice(0, 40)}" is not a valid group name (lower case letters, digits, _ and -)`);
    if (names.has(name)) c.fail(`${path}.name`, `duplicate group "${name}"`);
    names.add(name);
    const group: ConfigGroup = { name };
    if (gid !== undefined) {
      group.gid = gid;
      const other = gids.get(gid);
      if (other !== undefined) c.fail(`${path}.gid`, `duplicate group ID ${gid} (also group "${other}")`);
      gids.set(gid, name);
    }
    return group;
  })) ?? [];
}

function validateFilesystems(c: Checker, raw: unknown, prefix: string): ConfigFilesystem[] {
  const list = c.items(raw, prefix, (f, path): ConfigFilesystem => {
    const o = c.obj(f, path);
    c.onlyKeys(o, path, ['mountpoint', 'minsize', 'size']);
    const mountpoint = c.part(() => {
      if (o.mountpoint === undefined) c.fail(`${path}.mountpoint`, 'required');
      return c.str(o.mountpoint, `${path}.mountpoint`);
    });
    // `size` is bootc-image-builder's older name of `minsize`: accepted in TOML, refused in JSON (its JSON decoder
    // reads only minsize), never both.
    if (o.size !== undefined && o.minsize !== undefined) c.fail(`${path}.size`, 'size and minsize cannot both be set (size is the old name of minsize: use minsize)');
    if (o.size !== undefined && c.source.endsWith('.json')) c.fail(`${path}.size`, 'not read from JSON configs by bootc-image-builder: use minsize');
    if (o.minsize === undefined && o.size === undefined) c.fail(`${path}.minsize`, 'required');
    const minsize = o.minsize !== undefined ? c.size(o.minsize, `${path}.minsize`) : c.size(o.size, `${path}.size`);
    if (mountpoint === undefined) c.skip();
    return { mountpoint: mountpoint!, minsize, key: path };
  });
  // bootc-image-builder lists every mountpoint it refuses.
  for (const fs of list) {
    const mp = fs.mountpoint;
    const at = `${fs.key}.mountpoint`;
    if (!mp.startsWith('/')) c.report(at, `path "${mp.slice(0, 80)}" must be absolute (${mountpointPolicyText})`);
    else if (mp !== '/' && !isCleanAbsolutePath(mp)) c.report(at, `path "${mp.slice(0, 80)}" must be canonical (${mountpointPolicyText})`);
    else if (!mountpointAllowed(mp)) c.report(at, `path "${mp.slice(0, 80)}" is not allowed (${mountpointPolicyText})`);
  }
  const seen = new Set<string>();
  for (const fs of list) {
    if (seen.has(fs.mountpoint)) c.report(`${fs.key}.mountpoint`, `duplicate mountpoint "${fs.mountpoint}"`);
    seen.add(fs.mountpoint);
  }
  return list;
}
