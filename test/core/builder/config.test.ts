import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigText } from '../../../core/builder/config/load';
import { parseSize } from '../../../core/builder/config/size';
import { sshKeyProblem } from '../../../core/builder/config/ssh-key';
import { ConfigError } from '../../../core/errors';

const fixtures = join(import.meta.dirname, '../../fixtures/builder');
const badDir = join(fixtures, 'bad-configs');
const expected = JSON.parse(readFileSync(join(fixtures, 'expected-errors.json'), 'utf8')) as Record<string, string>;
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test@example';

test('there are at least 20 bad configs, each with an expected message', () => {
  const files = readdirSync(badDir);
  assert.ok(files.length >= 20, `${files.length} bad configs`);
  assert.deepEqual(files.sort(), Object.keys(expected).sort());
});

for (const name of Object.keys(expected)) {
  test(`bad config ${name} → ConfigError naming the key`, () => {
    const text = readFileSync(join(badDir, name), 'utf8');
    assert.throws(() => parseConfigText(text, name), (e: unknown) => {
      assert.ok(e instanceof ConfigError, `got ${e}`);
      assert.equal(e.exitCode, 2);
      assert.ok(e.message.startsWith(expected[name]), `message: ${e.message}\nexpected to start with: ${expected[name]}`);
      return true;
    });
  });
}

test('the quick start config (JSON, blueprint wrapper) validates', () => {
  const c = parseConfigText(JSON.stringify({ blueprint: { customizations: { user: [
    { name: 'cloud-user', password: 'changeme', key: KEY, groups: ['wheel'] }] } } }), 'config.json');
  assert.equal(c.users[0].name, 'cloud-user');
  assert.deepEqual(c.users[0].keys, [KEY]);
  assert.deepEqual(c.users[0].groups, ['wheel']);
});

test('TOML config with every supported customization', () => {
  const c = parseConfigText([
    '[[customizations.user]]', 'name = "alice"', `key = """${KEY}\n${KEY}"""`, 'uid = 1500',
    '[[customizations.group]]', 'name = "devs"', 'gid = 2000',
    '[customizations.kernel]', 'append = "quiet  mitigations=off"',
    '[[customizations.filesystem]]', 'mountpoint = "/"', 'minsize = "20 GiB"',
    '[[customizations.filesystem]]', 'mountpoint = "/var/lib/data"', 'minsize = 1073741824',
  ].join('\n'), 'config.toml');
  assert.equal(c.users[0].keys.length, 2);
  assert.equal(c.users[0].uid, 1500);
  assert.deepEqual(c.groups, [{ name: 'devs', gid: 2000 }]);
  assert.deepEqual(c.kernelAppend, ['quiet', 'mitigations=off']);
  assert.deepEqual(c.filesystems, [
    { mountpoint: '/', minsize: 20 * 2 ** 30, key: 'customizations.filesystem[0]' },
    { mountpoint: '/var/lib/data', minsize: 2 ** 30, key: 'customizations.filesystem[1]' },
  ]);
  assert.deepEqual(c.warnings.map((w) => w.path), ['customizations.filesystem']);
});

test('an empty config is valid and empty', () => {
  assert.deepEqual(parseConfigText('', 'config.toml'), { users: [], groups: [], kernelAppend: [], filesystems: [], files: [], directories: [], warnings: [] });
});

test('sizes', () => {
  assert.equal(parseSize('20 GiB'), 20 * 2 ** 30);
  assert.equal(parseSize('10GB'), 10e9);
  assert.equal(parseSize('1.5 GiB'), 1.5 * 2 ** 30);
  assert.equal(parseSize('123 kB'), 123000);
  // bootc-image-builder's units are case-sensitive and have no "B".
  for (const bad of ['20 gib', '10 KB', '4096 B', '1 mb', '1 PiB']) assert.equal(parseSize(bad), undefined, bad);
  assert.equal(parseSize('512 MiB'), 512 * 2 ** 20);
  assert.equal(parseSize(4096), 4096);
  assert.equal(parseSize('12'), 12);
  assert.equal(parseSize('-1 GiB'), undefined);
  assert.equal(parseSize('1 parsec'), undefined);
  assert.equal(parseSize(0), undefined);
});

test('ssh key check accepts real key types and refuses look-alikes', () => {
  assert.equal(sshKeyProblem(KEY), undefined);
  assert.equal(sshKeyProblem(KEY.split(' ').slice(0, 2).join(' ')), undefined);
  assert.match(sshKeyProblem('ssh-ed25519') ?? '', /expected/);
  assert.match(sshKeyProblem('ssh-foo AAAA') ?? '', /unknown key type/);
  assert.match(sshKeyProblem('ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOMq') ?? '', /does not match/);
});
