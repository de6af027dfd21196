// `bootable lint --fix` rewrites files in a workspace that may be hostile: it must never write through a symlink
// (the target, or a planted temp file), and a refused file leaves everything untouched (exit 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replaceFile } from '../../../core/cli/replace-file';
import { runCli } from './run-cli';
import { UsageError } from '../../../core/errors';

const FIXABLE = 'FROM quay.io/fedora/fedora-bootc:42@sha256:0123456789abcdef\nRUN dnf -y install httpd\nRUN bootc container lint\n';

const lint = (args: string[], cwd: string) => runCli(['lint', ...args], cwd);

test('replaceFile: atomic, keeps the mode, leaves no temp file behind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-replace-'));
  try {
    const file = join(dir, 'Containerfile');
    writeFileSync(file, 'old');
    chmodSync(file, 0o640);
    replaceFile(file, 'new text');
    assert.equal(readFileSync(file, 'utf8'), 'new text');
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ['Containerfile']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('replaceFile refuses a symlinked target; the file it points to stays as it was', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-replace-'));
  try {
    const canary = join(dir, 'outside.txt');
    writeFileSync(canary, 'canary');
    symlinkSync(canary, join(dir, 'Containerfile'));
    assert.throws(() => replaceFile(join(dir, 'Containerfile'), 'pwned'), (e: unknown) => e instanceof UsageError && /symbolic link/.test(e.message));
    assert.equal(readFileSync(canary, 'utf8'), 'canary');
    assert.ok(lstatSync(join(dir, 'Containerfile')).isSymbolicLink());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('lint --fix on a symlinked Containerfile: exit 2, nothing written; the old fixed temp names are not used', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-fix-link-'));
  try {
    const canary = join(dir, 'canary');
    writeFileSync(canary, FIXABLE);
    symlinkSync(canary, join(dir, 'Containerfile'));
    const r = await lint(['--fix'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /Containerfile: is a symbolic link/);
    assert.equal(readFileSync(canary, 'utf8'), FIXABLE);

    // A regular file gets fixed, even with the pre-fix temp name (`<file>.bootable-fix-<pid>`) planted as a
    // symlink to the canary: the temp file now has a random name and is opened O_EXCL|O_NOFOLLOW.
    rmSync(join(dir, 'Containerfile'));
    writeFileSync(join(dir, 'Containerfile'), FIXABLE);
    symlinkSync(canary, join(dir, `Containerfile.bootable-fix-${process.pid}`));
    const fixed = await lint(['--fix'], dir);
    assert.match(fixed.stderr, /applied 1 fix/);
    assert.match(readFileSync(join(dir, 'Containerfile'), 'utf8'), /dnf -y install httpd && dnf clean all/);
    assert.equal(readFileSync(canary, 'utf8'), FIXABLE);
    assert.deepEqual(readdirSync(dir).sort(), ['Containerfile', `Containerfile.bootable-fix-${process.pid}`, 'canary']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
