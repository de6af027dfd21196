import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVmDir, listVmRecords, readVmRecord, removeVmDir, vmPaths, vmStateRoot, writeVmRecord } from '../../../core/vm/state-dir';
import type { VmRecord } from '../../../core/vm/types';

test('state root: env override, root, XDG for users', () => {
  assert.equal(vmStateRoot({ BOOTABLE_VM_DIR: '/x/vms' }, 0), '/x/vms');
  assert.equal(vmStateRoot({}, 0), '/var/lib/bootable/vms');
  assert.equal(vmStateRoot({ XDG_DATA_HOME: '/home/u/.data' }, 1000), '/home/u/.data/bootable/vms');
});

test('paths refuse hostile names', () => {
  assert.throws(() => vmPaths('../../etc', '/r'), /invalid VM name/);
  assert.equal(vmPaths('lamp', '/r').overlay, '/r/lamp/overlay.qcow2');
});

test('records: created dir is private-but-traversable, written atomically, listed, removed', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bootable-test-vmstate-'));
  try {
    const p = vmPaths('lamp', root);
    await createVmDir(p);
    assert.equal(statSync(p.dir).mode & 0o777, 0o711);
    await assert.rejects(createVmDir(p), /EEXIST/);
    const rec = { version: 1, name: 'lamp', uri: 'qemu:///system' } as VmRecord;
    await writeVmRecord(rec, root);
    assert.deepEqual(readdirSync(p.dir), ['vm.json']);
    assert.deepEqual(await readVmRecord('lamp', root), rec);
    assert.equal(await readVmRecord('other', root), undefined);
    assert.deepEqual((await listVmRecords(root)).map((r) => r.name), ['lamp']);
    await assert.rejects(removeVmDir({ ...p, dir: root }, root), /refusing to remove/);
    await removeVmDir(p, root);
    assert.equal(existsSync(p.dir), false);
    assert.equal(existsSync(root), true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
