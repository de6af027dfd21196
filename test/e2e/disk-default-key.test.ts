// `bootable disk` gives a disk whose config names no user with a key bootable's default key for root, as `up`
// does (so `vm create` + `vm ssh` work out of the box); --no-default-key and a config with a key keep it out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const base = 'localhost/bootable/debian-bootc:12';

function plan(sshDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'disk', base, '--plan', ...args],
    { encoding: 'utf8', env: { ...process.env, BOOTABLE_SSH_DIR: sshDir } });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { users: { name: string; keys?: string[] }[] };
}

test('bootable disk: the default key for root when no config gives a key; --no-default-key and own keys keep it out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-diskkey-'));
  try {
    const ssh = join(dir, 'ssh');
    const withKey = plan(ssh);
    const pub = readFileSync(join(ssh, 'id_ed25519.pub'), 'utf8').trim();
    assert.deepEqual(withKey.users.map((u) => [u.name, u.keys]), [['root', [pub]]]);

    assert.deepEqual(plan(ssh, '--no-default-key').users, []);

    const own = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOwnSxBfrWn6dWF+3cN0vJj3h0aC5Zfgqc4Dzi1rAKpH alice@example';
    writeFileSync(join(dir, 'config.toml'), `[[customizations.user]]\nname = "alice"\nkey = "${own}"\n`);
    const users = plan(ssh, '--config', join(dir, 'config.toml')).users;
    assert.deepEqual(users.map((u) => [u.name, u.keys]), [['alice', [own]]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
