// `bootable lint --image` through the built CLI: text, JSON and SARIF, exit codes, and per-rule settings.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { buildImage } from '../../core/podman/build';
import { runPodman } from '../../core/podman/exec';

const root = process.env.BOOTABLE_ROOT ?? process.cwd();
const containerfile = join(root, 'test/fixtures/images/var-run-dir/Containerfile');
const image = `localhost/bootable-test-lint-cli:${randomBytes(3).toString('hex')}`;
const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'lint', ...args],
  { encoding: 'utf8', cwd: root, maxBuffer: 16 * 1024 * 1024 });

after(async () => { await runPodman(['podman', 'rmi', '--force', image], { okExitCodes: [0, 1, 2, 125] }); });

// Setup, not a test: a failing build fails every test of the file through this hook.
before(async () => { await buildImage({ containerfile, tag: image }); });

test('text: FILE:LINE:COL severity rule message, exit 1 on an error', () => {
  const r = cli('--image', image, '--containerfile', containerfile);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^test\/fixtures\/images\/var-run-dir\/Containerfile:3:1 error var-run Not a symlink: \/var\/run$/m);
  // The base image's own findings: one note on FROM, each listed (indented) under it.
  assert.match(r.stdout, /Containerfile:1:1 info base-image \d+ findings? of the base image/m);
  assert.match(r.stdout, /^  test\/fixtures\/images\/var-run-dir\/Containerfile:1:1 baseimage-composefs \(warning\): /m);
  assert.match(r.stderr, /\d+ findings \(1 error/);
});

test('json and sarif carry the same finding; --rule var-run=off makes it exit 0', () => {
  const json = cli('--image', image, '--containerfile', containerfile, '--format', 'json');
  const findings = JSON.parse(json.stdout) as { ruleId: string; range: { start: { line: number } } }[];
  assert.deepEqual(findings.filter((f) => f.ruleId === 'var-run').map((f) => f.range.start.line), [2]);
  const sarif = JSON.parse(cli('--image', image, '--containerfile', containerfile, '--format', 'sarif').stdout);
  const results = sarif.runs[0].results as { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[];
  assert.deepEqual(results.filter((x) => x.ruleId === 'var-run').map((x) => x.locations[0]!.physicalLocation.region.startLine), [3]);
  const off = cli('--image', image, '--containerfile', containerfile, '--rule', 'var-run=off');
  assert.equal(off.status, 0, off.stdout + off.stderr);
  assert.doesNotMatch(off.stdout, / var-run /);
});

test('bad input: unknown image exits non-zero with a hint; FILES with --image is a usage error', () => {
  const missing = cli('--image', 'localhost/bootable-test-no-such-image:0');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /hint: .*bootable build|podman images/);
  const usage = cli('--image', image, 'Containerfile');
  assert.equal(usage.status, 2);
});
