// Every problem of a config at once (as bootc-image-builder lists every bad mountpoint): the validator collects
// them with their key paths, `bootable disk` prints them all (exit 2, nothing written). The language server's
// side (one diagnostic per key) is in test/server/bib-config.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseConfigText } from '../../../core/builder/config/load';
import { ConfigErrors } from '../../../core/builder/config/check';
import { main } from '../../../core/cli/main';

/** Three different problems in three places: a user name, a group's gid, a mountpoint (plus an unknown key). */
export const threeBad = [
  '[[customizations.user]]', 'name = "Bad Name"', '',
  '[[customizations.group]]', 'name = "ops"', 'gid = -1', '',
  '[[customizations.filesystem]]', 'mountpoint = "/usr"', 'minsize = "1 GiB"', '',
  '[customizations.kernal]', 'append = "quiet"', '',
].join('\n');

const expected = [
  ['customizations.kernal', /^unknown key \(allowed: /],
  ['customizations.user[0].name', /^"Bad Name" is not a valid user name/],
  ['customizations.group[0].gid', /^expected a non-negative integer/],
  ['customizations.filesystem[0].mountpoint', /^path "\/usr" is not allowed/],
] as const;

test('the validator reports every problem, each with its key path, in one ConfigErrors', () => {
  assert.throws(() => parseConfigText(threeBad, 'config.toml'), (e: unknown) => {
    assert.ok(e instanceof ConfigErrors, String(e));
    assert.equal(e.exitCode, 2);
    assert.deepEqual(e.problems.map((p) => p.path), expected.map(([path]) => path));
    e.problems.forEach((p, i) => assert.match(p.problem, expected[i]![1], p.path));
    assert.equal(e.path, 'customizations.kernal', 'the first problem names the error');
    assert.match(e.message, /^4 problems in config.toml:\n {2}customizations.kernal: unknown key/);
    return true;
  });
});

test('a later item is still checked after a bad one; a good config after the fixes validates', () => {
  const users = '[[customizations.user]]\nname = 3\n[[customizations.user]]\nname = "ok"\nuid = "x"\n[[customizations.user]]\nname = "Also Bad"\n';
  assert.throws(() => parseConfigText(users, 'config.toml'), (e: unknown) => {
    assert.ok(e instanceof ConfigErrors);
    assert.deepEqual(e.problems.map((p) => p.path), ['customizations.user[0].name', 'customizations.user[1].uid', 'customizations.user[2].name']);
    return true;
  });
  const fixed = threeBad.replace('Bad Name', 'alice').replace('gid = -1', 'gid = 2000').replace('"/usr"', '"/var/data"').replace('kernal', 'kernel');
  assert.equal(parseConfigText(fixed, 'config.toml').users[0]!.name, 'alice');
});

test('bootable disk prints every problem and exits 2 without writing anything', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-builder-allerr-'));
  try {
    const config = join(dir, 'config.toml');
    writeFileSync(config, threeBad);
    const out = new PassThrough(), err = new PassThrough();
    let stderr = '';
    err.on('data', (d) => { stderr += d; });
    out.resume();
    const output = join(dir, 'output');
    const code = await main(['disk', 'localhost/does-not-matter:1', '--config', config, '--output', output],
      { stdout: out, stderr: err, cwd: dir, env: process.env, signal: new AbortController().signal });
    assert.equal(code, 2, stderr);
    assert.match(stderr, /^bootable: error: 4 problems in config.toml:\n/);
    for (const [path] of expected) assert.ok(stderr.includes(`\n  ${path}: `), `${path} in:\n${stderr}`);
    assert.ok(!existsSync(output), 'nothing written');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
