// The VM's base: a hard link where qemu can read it without relabelling, else bootable's own 0600 copy. The
// project's file keeps its owner, mode and content either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linkUsable, placeBaseDisk } from '../../../core/vm/base-disk';

test('a link is usable when qemu runs as us, or when others may read the file', () => {
  assert.equal(linkUsable(0o100600, false), true);
  assert.equal(linkUsable(0o100644, true), true);
  assert.equal(linkUsable(0o100600, true), false);
  assert.equal(linkUsable(0o100640, true), false);
});

function project(mode: number) {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-test-base-'));
  const disk = join(dir, 'project', 'output', 'disk.qcow2');
  mkdirSync(join(dir, 'project', 'output'), { recursive: true });
  chmodSync(join(dir, 'project'), 0o700);
  writeFileSync(disk, Buffer.alloc(64 * 1024, 7));
  chmodSync(disk, mode);
  mkdirSync(join(dir, 'vm'));
  return { dir, disk, dest: join(dir, 'vm', 'base.img') };
}

test('world-readable disk: hard-linked (same inode), project file unchanged', async () => {
  const p = project(0o644);
  try {
    const before = statSync(p.disk);
    assert.deepEqual(await placeBaseDisk(p.disk, p.dest, true), { path: p.dest, linked: true });
    const after = statSync(p.disk);
    assert.equal(statSync(p.dest).ino, before.ino);
    assert.deepEqual([after.mode, after.uid, after.gid], [before.mode, before.uid, before.gid]);
    assert.equal(statSync(join(p.dir, 'project')).mode & 0o777, 0o700);
  } finally {
    rmSync(p.dir, { recursive: true, force: true });
  }
});

test('a 0600 disk for a qemu that runs as another user: a private copy, the project file untouched', async () => {
  const p = project(0o600);
  try {
    const before = statSync(p.disk);
    assert.deepEqual(await placeBaseDisk(p.disk, p.dest, true), { path: p.dest, linked: false });
    const copy = statSync(p.dest);
    assert.notEqual(copy.ino, before.ino);
    assert.equal(copy.mode & 0o777, 0o600);
    assert.deepEqual(readFileSync(p.dest), readFileSync(p.disk));
    const after = statSync(p.disk);
    assert.deepEqual([after.mode, after.uid, after.gid, after.nlink], [before.mode, before.uid, before.gid, 1]);
  } finally {
    rmSync(p.dir, { recursive: true, force: true });
  }
});

test('the same 0600 disk when qemu runs as us: linked', async () => {
  const p = project(0o600);
  try {
    assert.equal((await placeBaseDisk(p.disk, p.dest, false)).linked, true);
  } finally {
    rmSync(p.dir, { recursive: true, force: true });
  }
});
