import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sshArgv } from '../../../core/vm/ssh';
import { formatEndpoints, formatUptime, formatVmDetails, formatVmTable } from '../../../core/vm/format';
import type { VmStatus } from '../../../core/vm/types';
import { VmError } from '../../../core/errors';

const status: VmStatus = {
  name: 'lamp', state: 'ready', libvirtState: 'running', address: '127.0.0.1',
  endpoints: [{ guestPort: 22, host: '127.0.0.1', port: 40022 }, { guestPort: 80, host: '127.0.0.1', port: 40080 }],
  accel: 'tcg', accelNote: 'TCG (software emulation)', firmware: 'uefi', network: 'user',
  image: { ref: 'localhost/bootable/lamp:latest', digest: 'sha256:ab' }, disk: '/out/qcow2/disk.qcow2',
  overlay: '/s/overlay.qcow2', serialLog: '/s/serial.log', createdAt: '2026-11-22T04:00:00.000Z', uptimeSeconds: 75,
  uri: 'qemu:///system',
};

test('ssh argv: forwarded port, no known_hosts pollution, user and command as separate words', () => {
  assert.deepEqual(sshArgv(status), ['ssh', '-l', 'root', '-p', '40022', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '--', '127.0.0.1']);
  const a = sshArgv({ ...status, sshUser: 'cloud-user' }, { identity: '/k/id', extra: ['uname', '-a; id'] });
  assert.deepEqual(a.slice(0, 3), ['ssh', '-l', 'cloud-user']);
  assert.deepEqual(a.slice(-6), ['-i', '/k/id', '--', '127.0.0.1', 'uname', '-a; id']);
  assert.throws(() => sshArgv({ ...status, state: 'stopped', endpoints: [] }), (e: unknown) => e instanceof VmError && /no reachable ssh port/.test(e.message));
});

test('formatting for the CLI', () => {
  assert.equal(formatEndpoints(status.endpoints), '22→127.0.0.1:40022, 80→127.0.0.1:40080');
  assert.equal(formatUptime(75), '1m15s');
  assert.equal(formatUptime(3 * 3600 + 120), '3h02m');
  assert.equal(formatUptime(9), '9s');
  const table = formatVmTable([status]).split('\n');
  assert.match(table[0], /^NAME\s+STATE\s+ADDRESS\s+PORTS\s+ACCEL\s+UPTIME\s+IMAGE$/);
  assert.match(table[1], /^lamp\s+ready\s+127\.0\.0\.1\s+22→127\.0\.0\.1:40022, 80→127\.0\.0\.1:40080\s+TCG\s+1m15s\s+localhost\/bootable\/lamp:latest$/);
  const details = formatVmDetails({ ...status, state: 'failed', message: 'did not become ready' });
  assert.match(details, /^state\s+failed \(did not become ready\)$/m);
  assert.match(details, /^disk\s+\/out\/qcow2\/disk\.qcow2 \(unchanged/m);
});
