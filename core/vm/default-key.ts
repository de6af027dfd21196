// bootable's default SSH access: one key pair per host user, made once, authorised for root in the disks
// `bootable up` builds when their config gives no user a key (docs/virtual-machines.md says why root). The key only
// ever goes into the disk's config, never into an image in podman's storage.
import { link, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveConfig } from '../builder/build';
import type { BuilderConfig } from '../builder/config/types';
import { BootableError } from '../errors';
import { run } from '../util/process';

/** The login the default key is authorised for. */
export const DEFAULT_LOGIN = 'root';
const KEY_FILE = 'id_ed25519';

/** BOOTABLE_SSH_DIR, else $XDG_DATA_HOME/bootable/ssh (~/.local/share/bootable/ssh). */
export function defaultKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BOOTABLE_SSH_DIR) return resolve(env.BOOTABLE_SSH_DIR);
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'bootable', 'ssh');
}

export function defaultKeyPath(dir = defaultKeyDir()): string {
  return join(dir, KEY_FILE);
}

export interface DefaultKey { privateKey: string; publicKey: string }

/** ssh-keygen's argv for a new, passphrase-less ed25519 pair (fast to make, accepted by every current sshd). */
export function keygenArgv(path: string): string[] {
  return ['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'bootable default key', '-f', path];
}

async function exists(path: string): Promise<boolean> {
  try { await stat(path); return true; } catch { return false; }
}

/** The default private key's path when it exists (nothing is created). */
export async function existingDefaultKey(dir = defaultKeyDir()): Promise<string | undefined> {
  const path = defaultKeyPath(dir);
  return await exists(path) ? path : undefined;
}

/**
 * The default key pair, made on first use. Made in a private temporary directory beside it and linked into
 * place (link fails if the name exists), so two concurrent first runs end with one key, never a mixed pair;
 * a missing .pub (a run killed in between) is derived again from the private key.
 */
export async function ensureDefaultKey(dir = defaultKeyDir(), signal?: AbortSignal): Promise<DefaultKey> {
  const path = defaultKeyPath(dir);
  const keygen = { signal, timeoutMs: 60_000, installHint: 'install openssh-client: apt-get install openssh-client' };
  if (!await exists(path) || !await exists(`${path}.pub`)) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = await mkdtemp(join(dir, '.new-'));
    try {
      const fresh = join(tmp, KEY_FILE);
      if (!await exists(path)) {
        await run(keygenArgv(fresh), keygen);
        try {
          await link(fresh, path);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
      }
      const pub = await run(['ssh-keygen', '-y', '-f', path], keygen);
      // Type and key only: OpenSSH 9 prints the private key's comment too, which would then appear twice.
      const [type, key] = pub.stdout.trim().split(/\s+/);
      await writeFile(`${fresh}.pub.derived`, `${type} ${key} bootable default key\n`, { mode: 0o644 });
      await rename(`${fresh}.pub.derived`, `${path}.pub`);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  const publicKey = (await readFile(`${path}.pub`, 'utf8')).trim();
  if (!/^ssh-ed25519 [A-Za-z0-9+/]+=* /.test(publicKey)) {
    throw new BootableError(`${path}.pub is not an ed25519 public key`, { hint: `remove ${path} and ${path}.pub; bootable makes a new pair` });
  }
  return { privateKey: path, publicKey };
}

/** Does the config give some user an SSH key? Then it decides who logs in, exactly as with bootc-image-builder. */
export function configHasKeys(config: BuilderConfig): boolean {
  return config.users.some((u) => u.keys.length > 0);
}

/**
 * The config with the default public key authorised for root, unless the config gives a user a key already.
 * A root entry in the config (say with a password) keeps its fields and gets the key added.
 */
export function withDefaultKey(config: BuilderConfig, publicKey: string): BuilderConfig {
  if (configHasKeys(config)) return config;
  const root = config.users.find((u) => u.name === DEFAULT_LOGIN);
  const users = root
    ? config.users.map((u) => (u === root ? { ...u, keys: [publicKey] } : u))
    : [...config.users, { name: DEFAULT_LOGIN, keys: [publicKey], groups: [] }];
  return { ...config, users };
}

/**
 * The config a disk is built with: `config` as given when it gives a user a key (or `noDefaultKey`), else with
 * the default key (made on first use) authorised for root.
 */
export async function diskConfigWithDefaultKey(config: string | BuilderConfig | undefined, noDefaultKey = false,
  signal?: AbortSignal): Promise<{ config: string | BuilderConfig | undefined; injected: boolean }> {
  if (noDefaultKey) return { config, injected: false };
  const resolved = await resolveConfig(config);
  if (configHasKeys(resolved)) return { config, injected: false };
  const key = await ensureDefaultKey(defaultKeyDir(), signal);
  return { config: withDefaultKey(resolved, key.publicKey), injected: true };
}
