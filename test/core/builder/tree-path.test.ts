// BuildTree resolves the built system's paths inside the build tree, as if chrooted: real files and links on
// disk, the builder's own user (root in the e2e runs).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuildTree, TreeEscapeError, deploymentTree, isCleanAbsolutePath, treeAt } from '../../../core/builder/tree-path';

const base = mkdtempSync(join(tmpdir(), 'bootable-test-treepath-'));
after(() => rmSync(base, { recursive: true, force: true }));

function fixture(name: string) {
  const dir = join(base, name);
  const root = join(dir, 'root');
  const outside = join(dir, 'outside');
  mkdirSync(join(root, 'etc'), { recursive: true });
  mkdirSync(join(root, 'usr/lib'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'canary'), 'canary\n');
  return { root, outside, canary: join(outside, 'canary') };
}

test('absolute links resolve against the tree root, never the host: writing /etc/passwd -> <host file> stays inside', async () => {
  const { root, canary } = fixture('abs');
  symlinkSync(canary, join(root, 'etc/passwd'));
  const tree = treeAt(root);
  const r = await tree.resolve('/etc/passwd');
  assert.equal(r.host, join(root, canary));
  await tree.writeFile('/etc/passwd', 'root:x:0:0::/root:/bin/sh\n');
  assert.equal(readFileSync(canary, 'utf8'), 'canary\n', 'the host file is untouched');
  assert.equal(readFileSync(join(root, canary), 'utf8'), 'root:x:0:0::/root:/bin/sh\n');
});

test('relative links that climb above the root are refused, naming the path (exit code 2)', async () => {
  const { root, canary } = fixture('rel');
  symlinkSync('../../../../../../../../..' + canary, join(root, 'etc/shadow'));
  const tree = treeAt(root);
  await assert.rejects(tree.writeFile('/etc/shadow', 'x'), (e: unknown) => e instanceof TreeEscapeError && e.exitCode === 2
    && /\/etc\/shadow climbs above the root of the image: refused/.test(e.message));
  await assert.rejects(tree.resolve('/home/../../etc'), TreeEscapeError);
  assert.equal(readFileSync(canary, 'utf8'), 'canary\n');
});

test('legitimate in-tree links keep working: /etc/os-release -> ../usr/lib/os-release', async () => {
  const { root } = fixture('legit');
  writeFileSync(join(root, 'usr/lib/os-release'), 'ID=debian\n');
  symlinkSync('../usr/lib/os-release', join(root, 'etc/os-release'));
  const tree = treeAt(root);
  assert.equal((await tree.readText('/etc/os-release')), 'ID=debian\n');
  assert.equal((await tree.resolve('/etc/os-release')).path, '/usr/lib/os-release');
  assert.equal((await tree.resolve('/etc/os-release', { followLast: false })).path, '/etc/os-release');
  assert.equal(await tree.readText('/etc/missing'), undefined);
});

test('a linked directory on the way is followed inside the tree; mkdirp and chown never leave it', async () => {
  const { root, outside } = fixture('dir');
  symlinkSync(outside, join(root, 'home'));
  const tree = treeAt(root);
  const made = await tree.mkdirp('/home/alice/.ssh', 0o700);
  assert.equal(made.host, join(root, outside, 'alice/.ssh'));
  await tree.writeFile('/home/alice/.ssh/authorized_keys', 'key\n', 0o600);
  await tree.chown('/home/alice/.ssh/authorized_keys', 1000, 1000);
  assert.deepEqual(readFileSync(join(outside, 'canary'), 'utf8'), 'canary\n');
  assert.equal(lstatSync(join(outside)).isDirectory(), true);
  assert.throws(() => lstatSync(join(outside, 'alice')), /ENOENT/, 'nothing was created outside');
});

test('link loops and files used as directories are refused', async () => {
  const { root } = fixture('loop');
  symlinkSync('/etc/b', join(root, 'etc/a'));
  symlinkSync('/etc/a', join(root, 'etc/b'));
  writeFileSync(join(root, 'etc/file'), '');
  const tree = treeAt(root);
  await assert.rejects(tree.resolve('/etc/a'), /too many levels of symbolic links/);
  await assert.rejects(tree.resolve('/etc/file/x'), /non-directory/);
});

test('symlink() replaces the link itself, never what it points to', async () => {
  const { root, canary } = fixture('replace');
  symlinkSync(canary, join(root, 'etc/unit'));
  await treeAt(root).symlink('/etc/unit', '../x');
  assert.equal(readlinkSync(join(root, 'etc/unit')), '../x');
  assert.equal(readFileSync(canary, 'utf8'), 'canary\n');
});

test('ostree deployment: /var is the stateroot var, /home -> var/home follows into it; /usr is read-only', async () => {
  const dir = join(base, 'ostree');
  const deploy = join(dir, 'deploy');
  const varDir = join(dir, 'var');
  mkdirSync(join(deploy, 'etc'), { recursive: true });
  mkdirSync(join(deploy, 'var'), { recursive: true });
  mkdirSync(join(deploy, 'usr'), { recursive: true });
  mkdirSync(varDir, { recursive: true });
  symlinkSync('var/home', join(deploy, 'home'));
  symlinkSync('var/roothome', join(deploy, 'root'));
  const tree = deploymentTree(deploy, varDir);
  assert.equal((await tree.resolve('/home/alice')).host, join(varDir, 'home/alice'));
  assert.equal((await tree.resolve('/root/.ssh')).host, join(varDir, 'roothome/.ssh'));
  assert.equal((await tree.resolve('/etc/fstab')).host, join(deploy, 'etc/fstab'));
  await assert.rejects(tree.mkdirp('/usr/local/home/x'), (e: unknown) => e instanceof TreeEscapeError && /read-only side of an ostree system/.test(e.message));
  assert.ok(tree instanceof BuildTree);
});

test('config paths: clean absolute paths only', () => {
  for (const ok of ['/', '/var/home/alice', '/root']) assert.equal(isCleanAbsolutePath(ok), true, ok);
  for (const bad of ['home/x', '/home/../../etc', '/home/./x', '/home//x', '/home/x/', '/..']) assert.equal(isCleanAbsolutePath(bad), false, bad);
});

test('preflight: the paths a build writes are checked in the image before any step (ostree: in bootc\'s layout)', async () => {
  const { checkImagePaths, bootcLayoutPath } = await import('../../../core/builder/preflight');
  assert.equal(bootcLayoutPath('/home/alice/.ssh'), '/var/home/alice/.ssh');
  assert.equal(bootcLayoutPath('/root'), '/var/roothome');
  assert.equal(bootcLayoutPath('/etc/passwd'), '/etc/passwd');
  const { root, canary } = fixture('preflight');
  const user = { name: 'alice', keys: [], groups: [], home: '/var/home/alice', shell: '/bin/sh' };
  mkdirSync(join(root, 'root'));
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\n');
  await checkImagePaths(root, { mode: 'ostree', users: [user, { ...user, name: 'root', home: '/root' }] });
  // An image root whose passwd home climbs out, an absolute link to a host file in ostree mode, a relative escape.
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0::/root/../../..:/bin/sh\n');
  await assert.rejects(checkImagePaths(root, { mode: 'plain', users: [{ ...user, name: 'root' }] }), TreeEscapeError);
  rmSync(join(root, 'etc/passwd'));
  symlinkSync(canary, join(root, 'etc/passwd'));
  await assert.rejects(checkImagePaths(root, { mode: 'ostree', users: [] }), /\/etc\/passwd \(-> .*canary\) is on the read-only side/);
  await checkImagePaths(root, { mode: 'plain', users: [] }); // plain: the link resolves inside the tree
  symlinkSync('../../../../../../..' + canary, join(root, 'etc/shadow'));
  await assert.rejects(checkImagePaths(root, { mode: 'plain', users: [] }), /\/etc\/shadow climbs above the root/);
  assert.equal(readFileSync(canary, 'utf8'), 'canary\n');
});
