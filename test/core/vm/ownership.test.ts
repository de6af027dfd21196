// `bootable up` replaces only the VM its own project made (the Containerfile recorded in vm.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkUpMayReplace, ownershipProblem } from '../../../core/vm/ownership';
import { createVmDir, vmPaths, writeVmRecord } from '../../../core/vm/state-dir';
import { UsageError } from '../../../core/errors';
import type { VmRecord } from '../../../core/vm/types';

const record = (project?: string): VmRecord => ({
  version: 1, name: 'lamp', uuid: 'u', uri: 'test:///default', disk: '/other/output/qcow2/disk.qcow2', diskFormat: 'qcow2',
  overlay: '/s/lamp/overlay.qcow2', serialLog: '/s/lamp/serial.log', firmware: 'bios', accel: 'tcg', accelNote: '',
  network: 'user', guestPorts: [22], forwards: [], memoryMiB: 512, cpus: 1, ready: { port: 22, kind: 'ssh' },
  readyTimeoutMs: 1000, createdAt: '2026-01-01T00:00:00Z', project,
});

test('its own VM, or no VM at all: up may go on', () => {
  assert.equal(ownershipProblem('lamp', '/p/lamp/Containerfile', record('/p/lamp/Containerfile'), true), undefined);
  assert.equal(ownershipProblem('lamp', '/p/lamp/Containerfile', undefined, false), undefined);
});

test("another project's VM, a VM from boot/vm create, or a libvirt domain bootable did not make: refused with a hint", () => {
  const other = ownershipProblem('lamp', '/p/lamp/Containerfile', record('/q/Lamp/Containerfile'), true);
  assert.ok(other instanceof UsageError && other.exitCode === 2);
  assert.match(other.message, /made by `bootable up` of \/q\/Lamp\/Containerfile/);
  assert.match(other.hint ?? '', /--name.*bootable vm rm lamp/);
  assert.match(ownershipProblem('lamp', '/p/lamp/Containerfile', record(undefined), true)?.message ?? '', /bootable boot.*disk \/other\/output/);
  assert.match(ownershipProblem('lamp', '/p/lamp/Containerfile', undefined, true)?.message ?? '', /libvirt already has a domain named lamp/);
});

test('checkUpMayReplace reads the record in the state directory (libvirt is not asked when there is one)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bootable-test-owner-'));
  try {
    await createVmDir(vmPaths('lamp', root));
    await writeVmRecord(record('/q/lamp/Containerfile'), root);
    await checkUpMayReplace('lamp', '/q/lamp/Containerfile', { stateRoot: root });
    await assert.rejects(checkUpMayReplace('lamp', '/p/lamp/Containerfile', { stateRoot: root }), /already exists, made by `bootable up` of \/q\/lamp/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
