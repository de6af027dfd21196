import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { findOverlap } from '../../../core/cli/commands/vm';
import { createOptionsFrom } from '../../../core/cli/vm-options';
import { main } from '../../../core/cli/main';
import { UsageError } from '../../../core/errors';

test('create/boot options: numbers, choices and repeatable ports', () => {
  assert.deepEqual(createOptionsFrom('/d.qcow2', { name: 'lamp', memory: '4096', cpus: '4', firmware: 'bios', network: 'user', port: ['80', '443'], timeout: '90', uri: 'qemu:///session' }), {
    disk: '/d.qcow2', name: 'lamp', memoryMiB: 4096, cpus: 4, firmware: 'bios', network: 'user', ports: [80, 443],
    uri: 'qemu:///session', readyTimeoutMs: 90_000,
  });
  assert.throws(() => createOptionsFrom('/d', { memory: '2G' }), (e: unknown) => e instanceof UsageError && /--memory 2G/.test(e.message));
  assert.throws(() => createOptionsFrom('/d', { firmware: 'coreboot' }), /--firmware coreboot: expected one of uefi, bios/);
  assert.throws(() => createOptionsFrom('/d', { network: 'bridge' }), /--network bridge/);
  assert.throws(() => createOptionsFrom('/d', { port: ['-1'] }), /--port -1/);
});

test('console --follow prints only lines it has not printed', () => {
  assert.equal(findOverlap(['a', 'b', 'c'], ['b', 'c', 'd', 'e']), 2);
  assert.equal(findOverlap(['a', 'b'], ['x', 'y']), 0);
  assert.equal(findOverlap([], ['x']), 0);
  assert.equal(findOverlap(['a', 'b'], ['a', 'b']), 2);
});

function io() {
  const out = new PassThrough(), err = new PassThrough();
  let stdout = '', stderr = '';
  out.on('data', (d) => { stdout += d; });
  err.on('data', (d) => { stderr += d; });
  return { io: { stdout: out, stderr: err, cwd: '/', env: {}, signal: new AbortController().signal }, get stdout() { return stdout; }, get stderr() { return stderr; } };
}

test('CLI: unknown vm command, missing names, hostile names are usage errors (exit 2)', async () => {
  for (const args of [['vm'], ['vm', 'frobnicate'], ['vm', 'start'], ['vm', 'status', 'a;b'], ['boot'], ['boot', '/d', '--cpus', 'x'], ['vm', 'rm']]) {
    const t = io();
    assert.equal(await main(args, t.io), 2, args.join(' '));
    assert.match(t.stderr, /^bootable: error: /, args.join(' '));
  }
  const t = io();
  assert.equal(await main(['vm', 'status', 'bootable-test-no-such-vm-x'], t.io), 2);
  assert.match(t.stderr, /no VM named "bootable-test-no-such-vm-x"/);
});

test('CLI: help lists every vm subcommand', async () => {
  const t = io();
  assert.equal(await main(['help', 'vm'], t.io), 0);
  for (const sub of ['create', 'start', 'stop', 'restart', 'rm', 'list', 'status', 'console', 'ssh']) assert.match(t.stdout, new RegExp(`bootable vm ${sub}`));
});
