import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextReader } from '../../../core/lint/context-reader';

test('contextReader: reads inside the build context only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-context-'));
  try {
    mkdirSync(join(dir, 'ctx/files'), { recursive: true });
    writeFileSync(join(dir, 'ctx/files/a.toml'), 'kargs = []\n');
    writeFileSync(join(dir, 'secret.toml'), 'no\n');
    writeFileSync(join(dir, 'ctx/big.toml'), Buffer.alloc(1024 * 1024 + 1, 'a'));
    symlinkSync(join(dir, 'secret.toml'), join(dir, 'ctx/escape.toml'));
    symlinkSync('files/a.toml', join(dir, 'ctx/inner.toml'));
    const read = contextReader(join(dir, 'ctx'));
    assert.equal(read('files/a.toml'), 'kargs = []\n');
    assert.equal(read('./files/../files/a.toml'), 'kargs = []\n');
    assert.equal(read('/files/a.toml'), 'kargs = []\n', 'a leading / is relative to the context, as in a build');
    assert.equal(read('../secret.toml'), undefined);
    assert.equal(read('escape.toml'), undefined, 'a symlink out of the context is not followed');
    assert.equal(read('inner.toml'), 'kargs = []\n', 'a symlink inside the context is');
    assert.equal(read('files/missing.toml'), undefined);
    assert.equal(read('files'), undefined, 'a directory is not a file');
    assert.equal(read('big.toml'), undefined, 'over the size limit');
    assert.equal(read('.'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
