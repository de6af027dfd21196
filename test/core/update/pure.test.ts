// The pure parts of core/update: GVariant string parsing, kargs.d → deploy options, the guest argv (quoting,
// refusal of unsafe arguments) and the repo server's path checks, plus the server itself on 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGVariantString } from '../../../core/update/deployments';
import { kargOptions, kargsOfConcatenated, kargsOfToml } from '../../../core/update/kargs';
import { guestScriptArgv } from '../../../core/update/guest';
import { fileFor, serveRepo } from '../../../core/update/serve';
import type { VmStatus } from '../../../core/vm/types';

test('GVariant strings as ostree prints them', () => {
  assert.equal(parseGVariantString(`'{"ref":"a"}'`), '{"ref":"a"}');
  assert.equal(parseGVariantString(`"it's"`), "it's");
  assert.equal(parseGVariantString(`'a\\'b\\\\c\\u00e9'`), "a'b\\c\u00e9");
  assert.equal(parseGVariantString(''), undefined);
  assert.equal(parseGVariantString('nope'), undefined);
});

test('kargs.d: arrays, architectures, invalid files ignored; deploy options add new and drop old-only ones', () => {
  assert.deepEqual(kargsOfToml('kargs = ["a=1", "b"]'), ['a=1', 'b']);
  assert.deepEqual(kargsOfToml('kargs = ["x"]\nmatch-architectures = ["aarch64"]'), []);
  assert.deepEqual(kargsOfToml('kargs = ["x"]\nmatch-architectures = ["x86_64"]'), ['x']);
  assert.deepEqual(kargsOfToml('kargs = '), []);
  assert.deepEqual(kargsOfConcatenated('kargs = ["a"]\nkargs = ["b"]'), ['a', 'b']);
  assert.deepEqual(kargOptions(['root=UUID=1', 'old=1', 'keep'], ['old=1', 'keep'], ['keep', 'new=2']), ['--karg-delete=old=1', '--karg-append=new=2']);
  assert.deepEqual(kargOptions(['a'], [], []), []);
});

const status = (over: Partial<VmStatus> = {}): VmStatus => ({
  name: 'v', state: 'ready', libvirtState: 'running', endpoints: [{ guestPort: 22, host: '127.0.0.1', port: 40022 }],
  accel: 'tcg', accelNote: '', firmware: 'uefi', network: 'user', disk: '/d', overlay: '/o', serialLog: '/s',
  createdAt: '', uri: 'qemu:///system', ...over,
});

test('guest argv: ssh to the forward, every remote word quoted, sudo for a non-root login, unsafe args refused', () => {
  const argv = guestScriptArgv(status({ sshIdentity: '/k' }), 'stage', ['http://10.0.2.2:1234/', '--karg-append=a=b']);
  assert.deepEqual(argv.slice(0, 7), ['ssh', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=30', '-o', 'ServerAliveInterval=10']);
  const host = argv.indexOf('127.0.0.1');
  assert.equal(argv[host - 1], '--');
  assert.deepEqual(argv.slice(host + 1), ["'unshare'", "'--mount'", "'--propagation'", "'private'", "'sh'", "'-s'", "'--'", "'stage'", "'http://10.0.2.2:1234/'", "'--karg-append=a=b'"]);
  assert.ok(argv.includes('/k'));
  assert.deepEqual(guestScriptArgv(status({ sshUser: 'cloud-user' }), 'status').slice(-10, -8), ["'sudo'", "'-n'"]);
  assert.throws(() => guestScriptArgv(status(), 'stage', ['a;reboot']), /refusing to pass/);
  assert.throws(() => guestScriptArgv(status(), 'stage', ["it's"]), /refusing to pass/);
});

test('repo server: files under the root only, no traversal, no links out; serves and counts bytes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-test-serve-'));
  try {
    mkdirSync(join(dir, 'repo/objects/ab'), { recursive: true });
    writeFileSync(join(dir, 'repo/config'), '[core]\nmode=archive-z2\n');
    writeFileSync(join(dir, 'repo/objects/ab/cd.filez'), 'x'.repeat(1000));
    writeFileSync(join(dir, 'secret'), 'no');
    symlinkSync(join(dir, 'secret'), join(dir, 'repo/link'));
    const repo = join(dir, 'repo');
    assert.equal(await fileFor(repo, '/config'), join(repo, 'config'));
    assert.equal(await fileFor(repo, '/../secret'), undefined);
    assert.equal(await fileFor(repo, '/%2e%2e/secret'), undefined);
    assert.equal(await fileFor(repo, '/link'), undefined);
    assert.equal(await fileFor(repo, '/objects'), undefined);
    const server = await serveRepo(repo);
    try {
      assert.match(server.guestUrl, /^http:\/\/10\.0\.2\.2:\d+\/$/);
      const ok = await fetch(`http://127.0.0.1:${server.port}/objects/ab/cd.filez`);
      assert.equal(ok.status, 200);
      assert.equal((await ok.text()).length, 1000);
      assert.equal((await fetch(`http://127.0.0.1:${server.port}/link`)).status, 404);
      assert.equal((await fetch(`http://127.0.0.1:${server.port}/summary`)).status, 404);
      assert.equal(server.bytesSent(), 1000);
      assert.equal(server.requests(), 3);
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
