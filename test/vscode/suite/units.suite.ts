// The client's pure helpers, tested where they run (they import vscode, so only the extension host can load them).
import assert from 'node:assert/strict';
import { finalFromLine } from '../../../client/codeLens';
import { defaultImageTag as defaultTag } from '../../../core/names';
import { describeProgress } from '../../../client/task';
import { vmDescription, vmTooltip } from '../../../client/tree/vms';
import { webEndpoint } from '../../../client/commands/vm';
import { formatBytes, formatDuration } from '../../../client/tree/format';
import type { VmStatus } from '../../../core/vm/index';
import { test } from './runner';

const vm: VmStatus = {
  name: 'lamp', state: 'ready', libvirtState: 'running', address: '127.0.0.1',
  endpoints: [{ guestPort: 22, host: '127.0.0.1', port: 2222 }, { guestPort: 80, host: '127.0.0.1', port: 8080 }],
  accel: 'tcg', accelNote: 'KVM probe failed', firmware: 'uefi', network: 'user',
  image: { ref: 'localhost/bootable/lamp:latest', digest: 'sha256:abc' }, disk: '/w/output/qcow2/disk.qcow2',
  overlay: '/v/lamp/overlay.qcow2', serialLog: '/v/lamp/serial.log', createdAt: '2026-11-22T04:00:00Z', uptimeSeconds: 75,
  uri: 'qemu:///system',
};

test('units: the CodeLens goes on the final stage FROM, not on continuation lines', () => {
  assert.equal(finalFromLine('FROM a AS build\nRUN x\nFROM b\nRUN y\n'), 2);
  assert.equal(finalFromLine('RUN echo \\\nFROM x\nFROM real\n'), 2);
  assert.equal(finalFromLine('# FROM nothing\nRUN x\n'), undefined);
  assert.equal(finalFromLine('  from base\n'), 0);
});

test('units: default tags are valid lower-case references named after the directory', () => {
  assert.equal(defaultTag('/w/examples/lamp/Containerfile'), 'localhost/bootable/lamp:latest');
  assert.equal(defaultTag('/w/My App!/Containerfile'), 'localhost/bootable/my-app:latest');
  assert.equal(defaultTag('/Containerfile'), 'localhost/bootable/image:latest');
});

test('units: progress events become messages and monotonic increments', () => {
  assert.deepEqual(describeProgress({ step: 2, of: 4, id: 'x', message: 'mkfs', fraction: 0.5 }, 20), { message: '2/4 mkfs', increment: 30 });
  assert.deepEqual(describeProgress({ step: 1, of: 4, id: 'x', message: 'again', fraction: 0.1 }, 50), { message: '1/4 again' });
  assert.deepEqual(describeProgress({ step: 3, of: 4, id: 'x', message: 'no fraction' }, 0), { message: '3/4 no fraction', increment: 50 });
});

test('units: VM description, tooltip and web endpoint', () => {
  assert.equal(vmDescription(vm), 'ready · 127.0.0.1 (2222→22, 8080→80)');
  const tip = vmTooltip(vm);
  for (const part of ['acceleration: tcg (KVM probe failed)', 'image: localhost/bootable/lamp:latest @ sha256:abc', 'uptime: 1m 15s']) {
    assert.ok(tip.includes(part), `tooltip lacks "${part}": ${tip}`);
  }
  assert.deepEqual(webEndpoint(vm), { url: 'http://127.0.0.1:8080/' });
  assert.equal(webEndpoint({ ...vm, endpoints: [vm.endpoints[0]] }), undefined);
  assert.equal(vmDescription({ ...vm, state: 'stopped', address: undefined, endpoints: [] }), 'stopped');
});

test('units: sizes and durations', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(5 * 1024 * 1024), '5 MiB');
  assert.equal(formatBytes(789 * 1024 * 1024), '789 MiB');
  assert.equal(formatDuration(59_000), '59s');
  assert.equal(formatDuration(3_725_000), '1h 2m');
});
