import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isConnectFailure, isNoDomain, parseDomIfAddr, parseDomainList, virsh, virshArgv } from '../../../core/vm/virsh';
import { defaultLibvirtUri, isLocalUri } from '../../../core/vm/uri';
import { parseNetActive } from '../../../core/vm/network';
import { VmError } from '../../../core/errors';

test('virsh argv always carries --connect URI first', () => {
  assert.deepEqual(virshArgv('qemu+ssh://h/system', 'list', '--all'), ['virsh', '--connect', 'qemu+ssh://h/system', 'list', '--all']);
});

test('`virsh list --all` table', () => {
  const out = [
    ' Id   Name                State',
    '-------------------------------------',
    ' 3    lamp                running',
    ' -    bootable-test-a.1   shut off',
    ' 12   other               in shutdown',
    '',
  ].join('\n');
  assert.deepEqual(parseDomainList(out), [
    { id: 3, name: 'lamp', state: 'running' },
    { id: undefined, name: 'bootable-test-a.1', state: 'shut off' },
    { id: 12, name: 'other', state: 'in shutdown' },
  ]);
  assert.deepEqual(parseDomainList(' Id   Name   State\n--------------------\n\n'), []);
});

test('`virsh domifaddr` output', () => {
  const out = [
    ' Name       MAC address          Protocol     Address',
    '-------------------------------------------------------------------------------',
    ' vnet0      52:54:00:8e:1a:07    ipv6         fe80::1/64',
    ' vnet0      52:54:00:8e:1a:07    ipv4         192.168.122.144/24',
  ].join('\n');
  assert.equal(parseDomIfAddr(out), '192.168.122.144');
  assert.equal(parseDomIfAddr(' Name MAC address Protocol Address\n----\n'), undefined);
});

test('libvirt error classification', () => {
  assert.ok(isConnectFailure("error: failed to connect to the hypervisor\nerror: Failed to connect socket to '/run/libvirt/libvirt-sock': No such file or directory"));
  assert.ok(isNoDomain("error: failed to get domain 'x'"));
  assert.ok(!isConnectFailure("error: failed to get domain 'x'"));
});

test('net-info active flag', () => {
  assert.equal(parseNetActive('Name:           default\nActive:         yes\nPersistent:     yes\n'), true);
  assert.equal(parseNetActive('Name:           default\nActive:         no\n'), false);
});

test('URIs: default by user, env override, local vs remote', () => {
  assert.equal(defaultLibvirtUri({}, 0), 'qemu:///system');
  assert.equal(defaultLibvirtUri({}, 1000), 'qemu:///session');
  assert.equal(defaultLibvirtUri({ BOOTABLE_LIBVIRT_URI: 'qemu+ssh://h/system' }, 0), 'qemu+ssh://h/system');
  assert.equal(isLocalUri('qemu:///system'), true);
  assert.equal(isLocalUri('qemu:///session'), true);
  assert.equal(isLocalUri('qemu+unix:///system?socket=/x'), true);
  assert.equal(isLocalUri('qemu+ssh://root@host/system'), false);
  assert.equal(isLocalUri('qemu+tcp://host/system'), false);
  assert.equal(isLocalUri('nonsense'), false);
});

test('a libvirt that is not running is one clear VmError with a hint (real virsh, socket that does not exist)', async () => {
  await assert.rejects(virsh('qemu:///system?socket=/nonexistent/bootable-test-libvirt-sock', ['list', '--all'], { timeoutMs: 30_000 }),
    (e: unknown) => e instanceof VmError && /cannot connect to libvirt at qemu:\/\/\/system/.test(e.message) && /libvirtd -d/.test(e.hint ?? ''));
});

test('networking: user mode unless NAT is asked for (libvirt is not even asked)', async () => {
  const { chooseNetwork } = await import('../../../core/vm/network');
  // An unreachable URI: asking libvirt anything would fail, so these answers come without it.
  assert.equal(await chooseNetwork('qemu+unix:///system?socket=/nonexistent/bootable-test', undefined), 'user');
  assert.equal(await chooseNetwork('qemu+unix:///system?socket=/nonexistent/bootable-test', 'user'), 'user');
  await assert.rejects(chooseNetwork('qemu+unix:///system?socket=/nonexistent/bootable-test', 'nat'), /cannot connect to libvirt|NAT/);
});
