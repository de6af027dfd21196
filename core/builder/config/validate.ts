// Validates a parsed bootc-image-builder config (TOML or JSON) into a BuilderConfig. Every error names the exact
// key path (`customizations.user[0].key: not an SSH public key`) and is a ConfigError (exit code 2).
// Unknown keys are errors, as in osbuild's schemas (additionalProperties: false): a typo must not be ignored.
import { ConfigError } from '../../errors';
import { cryptPrefix, isCryptHash } from '../crypt';
import { isCleanAbsolutePath } from '../tree-path';
import { parseSize } from './size';
import { sshKeyProblem } from './ssh-key';
import type { BuilderConfig, ConfigFilesystem, ConfigGroup, ConfigUser } from './types';

type Obj = Record<string, unknown>;

/** Keys bootc-image-builder knows but bootable's builder does not implement (yet): refused, never ignored. */
const unsupportedCustomizations = new Set([
  'disk', 'files', 'directories', 'installer', 'hostname', 'timezone', 'locale', 'services', 'firewall',
  'fips', 'openscap', 'sshd', 'fdo', 'ignition', 'repositories', 'rpm', 'cacerts',
]);

/** /var subdirectories bootc-image-builder refuses as mount points. */
const forbiddenVarMounts = new Set([
  '/var/home', '/var/lock', '/var/mail', '/var/mnt', '/var/roothome', '/var/run', '/var/srv', '/var/usrlocal',
]);

const userNameRe = /^[a-z_][a-z0-9_-]{0,31}$/;
const groupNameRe = /^[a-z_][a-z0-9_-]{0,31}$/;

export function validateConfig(raw: unknown, source = 'config'): BuilderConfig {
  const fail = (path: string, problem: string): never => {
    throw new ConfigError(path, `${problem} (in ${source})`, {
      hint: 'see bootc-image-builder\'s config format: customizations.user, group, kernel.append, filesystem',
    });
  };
  const obj = (v: unknown, path: string): Obj => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, `expected a table/object, got ${kind(v)}`);
    return v as Obj;
  };
  const arr = (v: unknown, path: string): unknown[] => {
    if (!Array.isArray(v)) fail(path, `expected an array, got ${kind(v)}`);
    return v as unknown[];
  };
  const str = (v: unknown, path: string): string => {
    if (typeof v !== 'string') fail(path, `expected a string, got ${kind(v)}`);
    return v as string;
  };
  const int = (v: unknown, path: string): number => {
    if (typeof v === 'bigint') v = Number(v);
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(path, `expected a non-negative integer, got ${kind(v)}`);
    return v as number;
  };
  const onlyKeys = (o: Obj, path: string, allowed: string[]) => {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) fail(path ? `${path}.${k}` : k, `unknown key (allowed: ${allowed.join(', ')})`);
    }
  };

  const top = obj(raw, '(top level)');
  let customizations: unknown;
  let prefix = 'customizations';
  if ('blueprint' in top) {
    onlyKeys(top, '', ['blueprint']);
    const bp = obj(top.blueprint, 'blueprint');
    onlyKeys(bp, 'blueprint', ['name', 'description', 'version', 'customizations']);
    customizations = bp.customizations;
    prefix = 'blueprint.customizations';
  } else {
    onlyKeys(top, '', ['name', 'description', 'version', 'customizations']);
    customizations = top.customizations;
  }
  const config: BuilderConfig = { users: [], groups: [], kernelAppend: [], filesystems: [] };
  if (customizations === undefined) return config;
  const c = obj(customizations, prefix);

  for (const key of Object.keys(c)) {
    if (unsupportedCustomizations.has(key)) {
      fail(`${prefix}.${key}`, 'supported by bootc-image-builder but not by bootable\'s disk builder; remove it');
    }
  }
  onlyKeys(c, prefix, ['user', 'group', 'kernel', 'filesystem']);

  if (c.user !== undefined) {
    const names = new Set<string>();
    arr(c.user, `${prefix}.user`).forEach((u, i) => {
      const path = `${prefix}.user[${i}]`;
      const user = validateUser(obj(u, path), path);
      if (names.has(user.name)) fail(`${path}.name`, `duplicate user "${user.name}"`);
      names.add(user.name);
      config.users.push(user);
    });
  }
  if (c.group !== undefined) {
    const names = new Set<string>();
    arr(c.group, `${prefix}.group`).forEach((g, i) => {
      const path = `${prefix}.group[${i}]`;
      const o = obj(g, path);
      onlyKeys(o, path, ['name', 'gid']);
      if (o.name === undefined) fail(`${path}.name`, 'required');
      const name = str(o.name, `${path}.name`);
      if (!groupNameRe.test(name)) fail(`${path}.name`, `"${name}" is not a valid group name (lower case letters, digits, _ and -)`);
      if (names.has(name)) fail(`${path}.name`, `duplicate group "${name}"`);
      names.add(name);
      const group: ConfigGroup = { name };
      if (o.gid !== undefined) group.gid = int(o.gid, `${path}.gid`);
      config.groups.push(group);
    });
  }
  if (c.kernel !== undefined) {
    const path = `${prefix}.kernel`;
    const k = obj(c.kernel, path);
    onlyKeys(k, path, ['append']);
    if (k.append !== undefined) {
      const append = str(k.append, `${path}.append`);
      if (/[\n\r\0]/.test(append)) fail(`${path}.append`, 'must be a single line');
      config.kernelAppend = append.split(/\s+/).filter(Boolean);
    }
  }
  if (c.filesystem !== undefined) {
    const seen = new Set<string>();
    arr(c.filesystem, `${prefix}.filesystem`).forEach((f, i) => {
      const path = `${prefix}.filesystem[${i}]`;
      const fs = validateFilesystem(obj(f, path), path);
      if (seen.has(fs.mountpoint)) fail(`${path}.mountpoint`, `duplicate mountpoint "${fs.mountpoint}"`);
      seen.add(fs.mountpoint);
      config.filesystems.push(fs);
    });
  }
  return config;

  function validateUser(o: Obj, path: string): ConfigUser {
    onlyKeys(o, path, ['name', 'password', 'key', 'groups', 'home', 'shell', 'uid', 'gid', 'description']);
    if (o.name === undefined) fail(`${path}.name`, 'required');
    const name = str(o.name, `${path}.name`);
    if (!userNameRe.test(name)) fail(`${path}.name`, `"${name}" is not a valid user name (lower case letters, digits, _ and -, at most 32)`);
    const user: ConfigUser = { name, keys: [], groups: [] };
    if (o.password !== undefined) {
      const pw = str(o.password, `${path}.password`);
      if (pw.length === 0) fail(`${path}.password`, 'empty password (leave the key out for no password)');
      if (cryptPrefix.test(pw)) {
        // A pre-hashed password goes into /etc/shadow as it is: only crypt's alphabet, or it could add lines.
        if (!isCryptHash(pw)) fail(`${path}.password`, 'starts like a crypt hash ($id$…) but has characters a crypt hash cannot have (only a-z A-Z 0-9 . / $)');
      } else if (/[\n\r\0:]/.test(pw)) {
        fail(`${path}.password`, 'must not contain ":", newlines or NUL');
      }
      user.password = pw;
    }
    if (o.key !== undefined) {
      const lines = str(o.key, `${path}.key`).split('\n').map((l) => l.trim()).filter(Boolean);
      if (lines.length === 0) fail(`${path}.key`, 'empty key');
      for (const line of lines) {
        const problem = sshKeyProblem(line);
        if (problem) fail(`${path}.key`, problem);
      }
      user.keys = lines;
    }
    if (o.groups !== undefined) {
      arr(o.groups, `${path}.groups`).forEach((g, j) => {
        const gname = str(g, `${path}.groups[${j}]`);
        if (!groupNameRe.test(gname)) fail(`${path}.groups[${j}]`, `"${gname}" is not a valid group name`);
        user.groups.push(gname);
      });
    }
    for (const k of ['home', 'shell'] as const) {
      if (o[k] === undefined) continue;
      const p = str(o[k], `${path}.${k}`);
      if (!isCleanAbsolutePath(p) || /[\n\r:\0]/.test(p)) {
        fail(`${path}.${k}`, `"${p.slice(0, 80)}" must be a clean absolute path (no "..", ".", "//", ":" or newlines)`);
      }
      user[k] = p;
    }
    if (o.uid !== undefined) user.uid = int(o.uid, `${path}.uid`);
    if (o.gid !== undefined) user.gid = int(o.gid, `${path}.gid`);
    if (o.description !== undefined) {
      const d = str(o.description, `${path}.description`);
      if (/[\n:\0]/.test(d)) fail(`${path}.description`, 'must not contain ":" or newlines');
      user.description = d;
    }
    if (user.password === undefined && user.keys.length === 0) {
      fail(path, `user "${name}" has neither password nor key: nobody could log in as it`);
    }
    return user;
  }

  function validateFilesystem(o: Obj, path: string): ConfigFilesystem {
    onlyKeys(o, path, ['mountpoint', 'minsize']);
    if (o.mountpoint === undefined) fail(`${path}.mountpoint`, 'required');
    if (o.minsize === undefined) fail(`${path}.minsize`, 'required');
    const mp = str(o.mountpoint, `${path}.mountpoint`);
    if (!mp.startsWith('/') || (mp !== '/' && (mp.endsWith('/') || mp.includes('//') || /(^|\/)\.\.?(\/|$)/.test(mp)))) {
      fail(`${path}.mountpoint`, `"${mp}" is not a clean absolute path`);
    }
    const allowed = mp === '/' || mp === '/boot' || (mp.startsWith('/var/') && !forbiddenVarMounts.has(mp)
      && ![...forbiddenVarMounts].some((f) => mp.startsWith(f + '/')));
    if (!allowed) {
      fail(`${path}.mountpoint`, `"${mp}" is not allowed (allowed: /, /boot and subdirectories of /var except ${[...forbiddenVarMounts].join(' ')})`);
    }
    const minsize = parseSize(o.minsize);
    if (minsize === undefined) fail(`${path}.minsize`, `"${String(o.minsize)}" is not a size (bytes, or e.g. "20 GiB")`);
    return { mountpoint: mp, minsize: minsize! };
  }
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'a table/object';
  if (typeof v === 'string') return `the string "${v.length > 30 ? v.slice(0, 30) + '…' : v}"`;
  return `${typeof v} ${String(v)}`;
}
