// bootable's default SSH key: made once with the real ssh-keygen, private and 0600, and put into a disk's config
// only when the config gives no user a key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configHasKeys, defaultKeyDir, diskConfigWithDefaultKey, ensureDefaultKey, existingDefaultKey, keygenArgv, withDefaultKey,
} from '../../../core/vm/default-key';
import { emptyConfig, type BuilderConfig } from '../../../core/builder/config/types';
import { sshKeyProblem } from '../../../core/builder/config/ssh-key';

const tmp = () => mkdtempSync(join(tmpdir(), 'bootable-test-key-'));

test('the key lives under XDG_DATA_HOME (or BOOTABLE_SSH_DIR), made by ssh-keygen as an argv', () => {
  assert.equal(defaultKeyDir({ XDG_DATA_HOME: '/x/data' }), '/x/data/bootable/ssh');
  assert.equal(defaultKeyDir({ BOOTABLE_SSH_DIR: '/k', XDG_DATA_HOME: '/x' }), '/k');
  assert.deepEqual(keygenArgv('/k/id_ed25519'), ['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'bootable default key', '-f', '/k/id_ed25519']);
});

test('made once: 0600 private key in a 0700 directory, a valid public key, the same pair on every later call', async () => {
  const parent = tmp();
  const dir = join(parent, 'ssh');
  try {
    assert.equal(await existingDefaultKey(dir), undefined);
    const a = await ensureDefaultKey(dir);
    assert.equal(a.privateKey, join(dir, 'id_ed25519'));
    assert.equal(statSync(a.privateKey).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.match(readFileSync(a.privateKey, 'utf8'), /^-----BEGIN OPENSSH PRIVATE KEY-----/);
    assert.equal(sshKeyProblem(a.publicKey), undefined, a.publicKey);
    assert.match(a.publicKey, /^ssh-ed25519 [A-Za-z0-9+/]+=* bootable default key$/, 'type, key and one comment');
    const b = await ensureDefaultKey(dir);
    assert.deepEqual(b, a);
    assert.equal(readFileSync(a.privateKey, 'utf8'), readFileSync(b.privateKey, 'utf8'));
    assert.equal(await existingDefaultKey(dir), a.privateKey);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test('concurrent first runs end with one pair whose halves match; a lost .pub is derived again', async () => {
  const parent = tmp();
  const dir = join(parent, 'ssh');
  try {
    const keys = await Promise.all([1, 2, 3].map(() => ensureDefaultKey(dir)));
    assert.equal(new Set(keys.map((k) => k.publicKey)).size, 1);
    const pub = keys[0].publicKey.split(' ').slice(0, 2).join(' ');
    unlinkSync(`${keys[0].privateKey}.pub`);
    const again = await ensureDefaultKey(dir);
    assert.equal(again.publicKey.split(' ').slice(0, 2).join(' '), pub);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test('a .pub that is not an ed25519 key is refused, not sent into a disk', async () => {
  const parent = tmp();
  const dir = join(parent, 'ssh');
  try {
    const k = await ensureDefaultKey(dir);
    writeFileSync(`${k.privateKey}.pub`, 'ssh-rsa AAAA evil\n');
    await assert.rejects(ensureDefaultKey(dir), /not an ed25519 public key/);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ0kq5dBYCt2vOeHfnlqkhWf5nkIZbmWIeV3cFfIl0Ia bootable default key';
const user = (name: string, extra: Partial<BuilderConfig['users'][number]> = {}) => ({ name, keys: [], groups: [], ...extra });

test('no config, or a config without keys: root gets the key; other fields and users are kept', () => {
  assert.deepEqual(withDefaultKey(emptyConfig, KEY).users, [{ name: 'root', keys: [KEY], groups: [] }]);
  const config: BuilderConfig = { ...emptyConfig, users: [user('alice', { password: 'x', groups: ['wheel'] })], kernelAppend: ['quiet'] };
  const out = withDefaultKey(config, KEY);
  assert.deepEqual(out.users, [config.users[0], { name: 'root', keys: [KEY], groups: [] }]);
  assert.deepEqual(out.kernelAppend, ['quiet']);
  assert.deepEqual(config.users.length, 1, 'the input is not modified');
  const withRoot: BuilderConfig = { ...emptyConfig, users: [user('root', { password: 'pw' })] };
  assert.deepEqual(withDefaultKey(withRoot, KEY).users, [{ name: 'root', password: 'pw', keys: [KEY], groups: [] }]);
});

test('a config that gives any user a key is used exactly as given', async () => {
  const config: BuilderConfig = { ...emptyConfig, users: [user('alice', { keys: ['ssh-ed25519 AAAA alice'] }), user('bob')] };
  assert.equal(configHasKeys(config), true);
  assert.equal(withDefaultKey(config, KEY), config);
  const dir = tmp();
  try {
    const path = join(dir, 'config.toml');
    writeFileSync(path, '[[customizations.user]]\nname = "alice"\nkey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ0kq5dBYCt2vOeHfnlqkhWf5nkIZbmWIeV3cFfIl0Ia a"\n');
    assert.deepEqual(await diskConfigWithDefaultKey(path), { config: path, injected: false });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('diskConfigWithDefaultKey: off with noDefaultKey; else the default key for root', async () => {
  const dir = tmp();
  const saved = process.env.BOOTABLE_SSH_DIR;
  process.env.BOOTABLE_SSH_DIR = join(dir, 'ssh');
  try {
    assert.deepEqual(await diskConfigWithDefaultKey(undefined, true), { config: undefined, injected: false });
    assert.equal(await existingDefaultKey(join(dir, 'ssh')), undefined, 'no key made when it is off');
    const { config, injected } = await diskConfigWithDefaultKey(undefined);
    assert.equal(injected, true);
    const pub = readFileSync(join(dir, 'ssh', 'id_ed25519.pub'), 'utf8').trim();
    assert.deepEqual((config as BuilderConfig).users, [{ name: 'root', keys: [pub], groups: [] }]);
  } finally {
    if (saved === undefined) delete process.env.BOOTABLE_SSH_DIR; else process.env.BOOTABLE_SSH_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
