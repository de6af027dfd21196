import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointsOf, mapVmState } from '../../../core/vm/status';
import type { VmRecord } from '../../../core/vm/types';

const t0 = Date.parse('2026-11-22T04:00:00Z');
const record = (over: Partial<VmRecord> = {}): VmRecord => ({
  version: 1, name: 'lamp', uuid: 'u', uri: 'qemu:///system', disk: '/d.qcow2', diskFormat: 'qcow2',
  overlay: '/s/overlay.qcow2', serialLog: '/s/serial.log', firmware: 'uefi', accel: 'tcg', accelNote: 'TCG',
  network: 'user', guestPorts: [22, 80], forwards: [{ guest: 22, host: 40022 }, { guest: 80, host: 40080 }],
  memoryMiB: 2048, cpus: 2, ready: { port: 22, kind: 'ssh' }, readyTimeoutMs: 300_000, createdAt: '2026-11-22T03:59:00Z',
  ...over,
});
const run = (over = {}) => ({ domainId: 7, startedAt: new Date(t0).toISOString(), ...over });

test('defined → starting → ready → stopped, as a VM goes through them', () => {
  assert.equal(mapVmState({ name: 'lamp', state: 'shut off' }, record(), t0).state, 'defined');
  assert.equal(mapVmState({ id: 7, name: 'lamp', state: 'running' }, record({ run: run() }), t0 + 5000).state, 'starting');
  assert.equal(mapVmState({ id: 7, name: 'lamp', state: 'running' }, record({ run: run() }), t0 + 5000, true).state, 'ready');
  assert.equal(mapVmState({ id: 7, name: 'lamp', state: 'running' }, record({ run: run({ readyAt: 'x' }) }), t0 + 5000).state, 'ready');
  assert.equal(mapVmState({ name: 'lamp', state: 'shut off' }, record({ run: run({ readyAt: 'x' }) }), t0 + 9000).state, 'stopped');
});

test('running without a readiness answer past the timeout is "running", not "starting"', () => {
  assert.equal(mapVmState({ id: 7, name: 'lamp', state: 'running' }, record({ run: run() }), t0 + 301_000).state, 'running');
});

test('a domain started outside bootable (new id) is running until it answers', () => {
  const r = record({ run: run({ readyAt: 'x' }) });
  assert.equal(mapVmState({ id: 8, name: 'lamp', state: 'running' }, r, t0).state, 'running');
  assert.equal(mapVmState({ id: 8, name: 'lamp', state: 'running' }, r, t0, true).state, 'ready');
});

test('failures: boot timeout, crash, domain gone', () => {
  const failed = record({ run: run({ failure: 'did not become ready' }) });
  assert.deepEqual(mapVmState({ id: 7, name: 'lamp', state: 'running' }, failed, t0), { state: 'failed', message: 'did not become ready' });
  assert.equal(mapVmState({ name: 'lamp', state: 'shut off' }, failed, t0).state, 'failed');
  assert.equal(mapVmState({ name: 'lamp', state: 'crashed' }, record({ run: run() }), t0).state, 'failed');
  assert.match(mapVmState(undefined, record(), t0).message ?? '', /no longer exists/);
});

test('paused and shutting-down domains say so', () => {
  assert.deepEqual(mapVmState({ id: 7, name: 'lamp', state: 'paused' }, record({ run: run({ readyAt: 'x' }) }), t0), { state: 'ready', message: 'paused' });
  assert.equal(mapVmState({ id: 7, name: 'lamp', state: 'in shutdown' }, record({ run: run({ readyAt: 'x' }) }), t0).message, 'in shutdown');
});

test('endpoints: forwarded loopback ports in user mode, the guest address in NAT mode', () => {
  assert.deepEqual(endpointsOf(record(), '127.0.0.1'), [
    { guestPort: 22, host: '127.0.0.1', port: 40022 }, { guestPort: 80, host: '127.0.0.1', port: 40080 },
  ]);
  const nat = record({ network: 'nat', forwards: [] });
  assert.deepEqual(endpointsOf(nat, '192.168.122.5'), [
    { guestPort: 22, host: '192.168.122.5', port: 22 }, { guestPort: 80, host: '192.168.122.5', port: 80 },
  ]);
  assert.deepEqual(endpointsOf(nat, undefined), []);
});

test('a run recorded as pending (virsh start under way) is already "starting"', () => {
  assert.equal(mapVmState({ id: 9, name: 'lamp', state: 'running' }, record({ run: run({ domainId: -1 }) }), t0 + 100).state, 'starting');
});
