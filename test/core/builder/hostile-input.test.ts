// Configs, output directories and leftover work dirs from a repository are hostile input (issue 11, items 1-3,
// 5, 7, 8): each case is refused with a clear error or leaves files outside untouched.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfigText } from '../../../core/builder/config/load';
import { jsonErrorOffset } from '../../../core/builder/config/json-position';
import { hashPassword, isCryptHash, sha512Crypt } from '../../../core/builder/crypt';
import { cleanStaleWorkDirs, mountPoints, readOwner } from '../../../core/builder/workspace';
import { publicPlan, realDir, writeFileAtomic } from '../../../core/builder/output-files';
import { store } from '../../../core/builder/cache';
import { ConfigError, UsageError } from '../../../core/errors';
import { run } from '../../../core/util/process';
import type { Plan } from '../../../core/builder/types';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test@example';
const base = mkdtempSync(join(tmpdir(), 'bootable-test-hostile-'));
after(() => rmSync(base, { recursive: true, force: true }));
const toml = (user: string) => `[[customizations.user]]\nname = "alice"\nkey = "${KEY}"\n${user}\n`;

test('a config home or shell with ".." (or "." or "//") is refused at validation, naming the key', () => {
  for (const home of ['/home/../../../../tmp/x', '/var/home/./x', '/var//home/x', '/var/home/../x/']) {
    assert.throws(() => parseConfigText(toml(`home = "${home}"`), 'config.toml'), (e: unknown) =>
      e instanceof ConfigError && e.exitCode === 2 && e.message.startsWith('customizations.user[0].home: ') && /clean absolute path/.test(e.message), home);
  }
  assert.throws(() => parseConfigText(toml('shell = "/bin/../../x"'), 'config.toml'), /customizations.user\[0\].shell/);
  assert.equal(parseConfigText(toml('home = "/var/home/alice"'), 'config.toml').users[0].home, '/var/home/alice');
  // A trailing "/" is stripped, as bootc-image-builder strips it.
  assert.equal(parseConfigText(toml('home = "/var/home/alice/"'), 'config.toml').users[0].home, '/var/home/alice');
});

test('a pre-hashed password must be a crypt hash through and through: no ":" or newline can reach /etc/shadow', () => {
  const injected = '$6$salt$hash:0:0:99999:7:::\nroot::19000:0:99999:7:::';
  assert.throws(() => parseConfigText(toml(`password = ${JSON.stringify(injected)}`), 'config.toml'),
    (e: unknown) => e instanceof ConfigError && /customizations.user\[0\].password: starts like a crypt hash/.test(e.message));
  assert.throws(() => parseConfigText(toml('password = "$6$a b$c"'), 'config.toml'), ConfigError);
  assert.throws(() => hashPassword(injected), /malformed crypt hash/);
  const good = sha512Crypt('pw', 'saltsalt');
  assert.equal(isCryptHash(good), true);
  assert.equal(isCryptHash('$6$rounds=5000$salt$abc./XYZ'), true);
  assert.equal(isCryptHash('$y$j9T$abc$def'), true);
  assert.equal(parseConfigText(toml(`password = "${good}"`), 'config.toml').users[0].password, good);
  // Plaintext with ":" is still refused; plaintext is hashed, so it cannot inject anything anyway.
  assert.throws(() => parseConfigText(toml('password = "a:b"'), 'config.toml'), /must not contain ":"/);
});

test('JSON and TOML syntax errors give a position, never the text around it (it may be a password)', () => {
  const secret = 'hunter2-correct-horse';
  const cases: [string, string, RegExp][] = [
    [`{"customizations": {"user": [{"name": "a", "password": ${secret}}]}}`, 'config.json', /not valid JSON at line 1, column 56$/],
    [`{\n  "customizations": {"user": [{"name": "a", "password": "${secret}" x}]}}`, 'config.json', /not valid JSON at line 2, column \d+$/],
    [`{"password": "${secret}`, 'config.json', /not valid JSON at line 1, column \d+$/],
    [`[[customizations.user]]\nname = "a"\npassword = ${secret}\n`, 'config.toml', /not valid TOML at line 3, column \d+$/],
  ];
  for (const [text, name, want] of cases) {
    assert.throws(() => parseConfigText(text, name), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.ok(!e.message.includes('hunter2'), `no config text in: ${e.message}`);
      assert.match(e.message, want);
      return true;
    });
  }
  for (const ok of ['{}', '[1, 2.5e3, "x\\u00e9", true, null]', ' {"a": {"b": []}} ']) assert.equal(jsonErrorOffset(ok), undefined, ok);
  assert.equal(jsonErrorOffset('{"a": 1,}'), 8);
});

test('output files: a planted link at the temp or final name is replaced, never written through', async () => {
  const dir = join(base, 'out1');
  mkdirSync(dir);
  const canary = join(base, 'canary-out1');
  writeFileSync(canary, 'canary\n');
  symlinkSync(canary, join(dir, 'manifest-qcow2.json.tmp'));
  symlinkSync(canary, join(dir, 'manifest-qcow2.json'));
  await writeFileAtomic(join(dir, 'manifest-qcow2.json'), '{}\n');
  assert.equal(readFileSync(canary, 'utf8'), 'canary\n');
  assert.equal(readFileSync(join(dir, 'manifest-qcow2.json'), 'utf8'), '{}\n');
  assert.equal(statSync(join(dir, 'manifest-qcow2.json')).mode & 0o777, 0o644);
  assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp') && n !== 'manifest-qcow2.json.tmp'), [], 'no temp file left');
});

test('output directories: a link as the output dir or one of its subdirs (qcow2/) is refused with exit code 2', async () => {
  const dir = join(base, 'out2');
  mkdirSync(dir);
  const elsewhere = join(base, 'elsewhere');
  mkdirSync(elsewhere);
  symlinkSync(elsewhere, join(dir, 'qcow2'));
  await assert.rejects(realDir(dir, 'qcow2'), (e: unknown) => e instanceof UsageError && e.exitCode === 2
    && /output path .*\/qcow2 is a symbolic link \(to .*elsewhere\): refused/.test(e.message));
  symlinkSync(elsewhere, join(base, 'out-link'));
  await assert.rejects(realDir(join(base, 'out-link')), /is a symbolic link/);
  assert.equal(await realDir(join(base, 'out3'), 'image'), join(base, 'out3', 'image'));
});

test('manifests and cache entries carry no password hash; the cache entry is 0600', async () => {
  const plan = { cacheKey: 'k'.repeat(64), users: [{ name: 'alice', passwordHash: '$6$s$h', keys: [], groups: [], home: '/h', shell: '/s' }], outputs: [{ type: 'qcow2', path: 'qcow2/disk.qcow2' }] } as unknown as Plan;
  assert.ok(!JSON.stringify(publicPlan(plan)).includes('$6$s$h'));
  assert.equal(plan.users[0].passwordHash, '$6$s$h', 'the plan itself is not changed');
  const out = join(base, 'cache-out');
  mkdirSync(join(out, 'qcow2'), { recursive: true });
  writeFileSync(join(out, 'qcow2/disk.qcow2'), 'disk');
  const cache = join(base, 'cache');
  await store(cache, plan, out);
  const entry = join(cache, 'disks', plan.cacheKey, 'entry.json');
  assert.ok(!readFileSync(entry, 'utf8').includes('$6$'));
  assert.equal(statSync(entry).mode & 0o777, 0o600);
});

test('owner.json is validated: a planted "--all" image or odd pid is not trusted', async () => {
  const dir = join(base, 'owner');
  mkdirSync(dir);
  for (const bad of [{ pid: 1, startTicks: '1', mountedImage: '--all' }, { pid: -1, startTicks: '1' }, { pid: 1, startTicks: '1; x' }]) {
    writeFileSync(join(dir, 'owner.json'), JSON.stringify(bad));
    assert.equal(await readOwner(dir), undefined, JSON.stringify(bad));
  }
  const good = { pid: 123, startTicks: '456', mountedImage: 'a'.repeat(64) };
  writeFileSync(join(dir, 'owner.json'), JSON.stringify(good));
  assert.deepEqual(await readOwner(dir), good);
});

test('leftover cleanup: planted links and other users\' dirs are left alone; a planted mnt-1 link to a mount is never unmounted', async () => {
  const out = join(base, 'stale');
  mkdirSync(out);
  const dead = JSON.stringify({ pid: 999_999_999, startTicks: '1' });
  // 1. A link named like a work dir, to a directory with content.
  const victim = join(base, 'victim');
  mkdirSync(join(victim, 'sysroot/ostree/deploy/os/deploy/d'), { recursive: true });
  writeFileSync(join(victim, 'owner.json'), dead);
  writeFileSync(join(victim, 'keep'), 'keep\n');
  symlinkSync(victim, join(out, '.bootable-build-aaaaaa'));
  // 2. A real dir of another user.
  mkdirSync(join(out, '.bootable-build-bbbbbb'));
  writeFileSync(join(out, '.bootable-build-bbbbbb/owner.json'), dead);
  chownSync(join(out, '.bootable-build-bbbbbb'), 12345, 12345);
  // 3. A real dir of ours whose mnt-1 is a link to a real mount point, and whose sysroot is a link out.
  const mnt = join(base, 'a-mount');
  mkdirSync(mnt);
  await run(['mount', '-t', 'tmpfs', 'tmpfs', mnt]);
  try {
    const planted = join(out, '.bootable-build-cccccc');
    mkdirSync(planted);
    writeFileSync(join(planted, 'owner.json'), dead);
    symlinkSync(mnt, join(planted, 'mnt-1'));
    symlinkSync(victim, join(planted, 'sysroot'));
    // 4. A name that is not one mkdtemp makes.
    mkdirSync(join(out, '.bootable-build-../'), { recursive: true });
    const old = new Date(Date.now() - 3_600_000);
    for (const n of readdirSync(out)) utimesSync(join(out, n), old, old);

    const removed = await cleanStaleWorkDirs(out);
    assert.deepEqual(removed, [planted], 'only our own real dir is removed');
    assert.ok(mountPoints().has(mnt), 'the mount a planted link pointed at is still mounted');
    assert.equal(readFileSync(join(victim, 'keep'), 'utf8'), 'keep\n');
    assert.ok(existsSync(join(victim, 'sysroot/ostree/deploy/os/deploy/d')));
    assert.ok(existsSync(join(out, '.bootable-build-bbbbbb')), 'another user\'s dir is left alone');
  } finally {
    await run(['umount', mnt], { okExitCodes: [0, 32] });
  }
});

test('image kernels: only real files in real directories, with a name that is safe in grub.cfg', async () => {
  const { describeImageTree } = await import('../../../core/builder/image');
  const facts = { id: 'a'.repeat(64), digest: 'sha256:x', sizeBytes: 1 };
  const img = join(base, 'image');
  const mods = join(img, 'usr/lib/modules');
  mkdirSync(join(mods, '6.1.0-1-amd64'), { recursive: true });
  const hostKernel = join(base, 'host-kernel');
  writeFileSync(hostKernel, 'host');
  symlinkSync(hostKernel, join(mods, '6.1.0-1-amd64/vmlinuz'));
  writeFileSync(join(mods, '6.1.0-1-amd64/initramfs.img'), 'i');
  await assert.rejects(describeImageTree('r', img, facts), /has no kernel/);
  rmSync(join(mods, '6.1.0-1-amd64/vmlinuz'));
  writeFileSync(join(mods, '6.1.0-1-amd64/vmlinuz'), 'k');
  assert.equal((await describeImageTree('r', img, facts)).kernelVersion, '6.1.0-1-amd64');
  rmSync(join(mods, '6.1.0-1-amd64/initramfs.img'));
  symlinkSync(hostKernel, join(mods, '6.1.0-1-amd64/initramfs.img'));
  await assert.rejects(describeImageTree('r', img, facts), /no \/usr\/lib\/modules\/6.1.0-1-amd64\/initramfs.img/);
  rmSync(join(mods, '6.1.0-1-amd64'), { recursive: true });
  mkdirSync(join(mods, '6.1\nmenuentry x'));
  writeFileSync(join(mods, '6.1\nmenuentry x/vmlinuz'), 'k');
  await assert.rejects(describeImageTree('r', img, facts), (e: unknown) => e instanceof UsageError && /unusable name/.test(e.message));
});
