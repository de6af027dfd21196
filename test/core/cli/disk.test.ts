import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../core/cli/main';
import { parseDiskArgs } from '../../../core/cli/commands/disk';

const badDir = join(import.meta.dirname, '../../fixtures/builder/bad-configs');
const expected = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/builder/expected-errors.json'), 'utf8')) as Record<string, string>;

async function cli(args: string[]) {
  const out = new PassThrough(), err = new PassThrough();
  let stdout = '', stderr = '';
  out.on('data', (d) => { stdout += d; });
  err.on('data', (d) => { stderr += d; });
  const code = await main(args, { stdout: out, stderr: err, cwd: process.cwd(), env: process.env, signal: new AbortController().signal });
  return { code, stdout, stderr };
}

test('every bad config: exit code 2, the key path in the message, nothing written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-builder-cli-'));
  try {
    for (const name of readdirSync(badDir)) {
      const output = join(dir, name);
      const r = await cli(['disk', 'localhost/does-not-matter:1', '--config', join(badDir, name), '--output', output]);
      assert.equal(r.code, 2, `${name}: ${r.stderr}`);
      assert.ok(r.stderr.includes(expected[name]), `${name}: ${r.stderr}`);
      assert.ok(!existsSync(output), `${name}: the output dir must not be created`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing config file is exit 2 with its path', async () => {
  const r = await cli(['disk', 'img', '--config', '/nonexistent/config.toml', '--output', '/nonexistent/out']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\/nonexistent\/config.toml: cannot read the config file/);
});

test('argument errors are exit 2', async () => {
  for (const args of [['disk'], ['disk', 'a', 'b'], ['disk', 'img', '--type', 'iso'], ['disk', 'img', '--rootfs', 'zfs'],
    ['disk', 'img', '--mode', 'magic'], ['disk', 'img', '--size', 'big'], ['disk', 'img', '--bogus']]) {
    const r = await cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
  }
});

test('parseDiskArgs: defaults and repeated types', () => {
  const p = parseDiskArgs(['img:1', '--type', 'qcow2', '--type', 'vhd', '--size', '20GiB', '--rootfs', 'btrfs'], '/w');
  assert.deepEqual(p.input.types, ['qcow2', 'vhd']);
  assert.equal(p.input.output, '/w/output');
  assert.equal(p.input.diskSize, 20 * 2 ** 30);
  assert.equal(p.input.rootfs, 'btrfs');
  assert.equal(parseDiskArgs(['img'], '/w').input.types[0], 'qcow2');
});
