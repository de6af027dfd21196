// Negative images, built with real podman from test/fixtures/images/*: each must be caught by the image
// checks at the right Containerfile line. Needs podman and the local base image (npm run setup).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { buildImage } from '../../core/podman/build';
import { runPodman } from '../../core/podman/exec';
import { lintImage } from '../../core/lint/image/index';
import { readImageTree } from '../../core/lint/image/source';
import { lintImageTree } from '../../core/lint/image/lint';
import { BASE_IMAGE } from '../../core/base/recipe';

const fixtures = join(process.env.BOOTABLE_ROOT ?? process.cwd(), 'test/fixtures/images');
const suffix = randomBytes(3).toString('hex');
const built: string[] = [];

after(async () => {
  for (const image of built) await runPodman(['podman', 'rmi', '--force', image], { okExitCodes: [0, 1, 2, 125] });
});

async function build(name: string): Promise<{ image: string; containerfile: string }> {
  const containerfile = join(fixtures, name, 'Containerfile');
  const tag = `localhost/bootable-test-${name}:${suffix}`;
  built.push(tag);
  await buildImage({ containerfile, tag });
  return { image: tag, containerfile };
}

test('the base image exists (npm run setup builds it)', async () => {
  const r = await runPodman(['podman', 'image', 'exists', BASE_IMAGE], { okExitCodes: [0, 1] });
  assert.equal(r.exitCode, 0, `${BASE_IMAGE} is missing: run \`npm run setup\` or \`bootable base\``);
});

// [fixture, rule, 1-based line, message pattern]
const cases: [string, string, number, RegExp][] = [
  ['var-run-dir', 'var-run', 3, /Not a symlink: \/var\/run/],
  ['usr-etc', 'etc-usretc', 2, /Found \/usr\/etc/],
  ['no-kernel', 'no-kernel', 3, /No kernel found/],
  ['two-kernels', 'kernel', 2, /Multiple kernels found: .*6\.99\.0-extra/],
  ['run-leftover', 'nonempty-run-tmp', 3, /\/run\/leftover\.txt/],
  ['var-lib-copy', 'var-tmpfiles', 3, /\/var\/lib\/myapp/],
  ['useradd', 'sysusers', 3, /\/etc\/passwd entry .*appuser/],
  ['bad-kargs', 'bootc-kargs', 3, /10-console\.toml:1: kargs must be an array of strings/],
];

for (const [name, rule, line, message] of cases) {
  test(`${name}: ${rule} at line ${line}`, async () => {
    const { image, containerfile } = await build(name);
    const findings = await lintImage(image, { containerfile });
    const hits = findings.filter((f) => f.ruleId === rule && message.test(f.message));
    assert.equal(hits.length, 1, `expected one ${rule} finding matching ${message}, got:\n${findings.map((f) => `${f.range.start.line + 1} ${f.ruleId}: ${f.message}`).join('\n')}`);
    assert.equal(hits[0]!.range.start.line + 1, line, `${rule} on the wrong line`);
    assert.equal(hits[0]!.file, containerfile);
    // The base image itself has no errors: every error comes from the fixture's own instruction.
    for (const f of findings.filter((x) => x.severity === 'error')) assert.equal(f.range.start.line + 1, line, f.message);
  });
}

test('the podman-save path (remote connections) finds the same as the local export path', async () => {
  const { image, containerfile } = await build('useradd');
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(containerfile, 'utf8');
  const viaExport = lintImageTree(await readImageTree(image), { text });
  const viaSave = lintImageTree(await readImageTree(image, { viaSave: true }), { text });
  const key = (f: { ruleId: string; range: { start: { line: number } }; message: string }) =>
    `${f.range.start.line} ${f.ruleId} ${f.message}`;
  assert.deepEqual(viaSave.map(key), viaExport.map(key));
  assert.ok(viaSave.some((f) => f.ruleId === 'sysusers' && f.range.start.line === 2));
});

test('cancelling an image check leaves no container and no temp dir', async () => {
  const { readdirSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { isCancelled } = await import('../../core/errors');
  const ours = () => readdirSync(tmpdir()).filter((n) => n.startsWith('bootable-image-check-'));
  const tempBefore = ours();
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 1500);
  await assert.rejects(lintImage(BASE_IMAGE, { signal: ac.signal }), (err) => isCancelled(err));
  const left = await runPodman(['podman', 'ps', '-a', '--format', '{{.Names}}']);
  assert.deepEqual(left.stdout.split('\n').filter((n) => n.startsWith('bootable-image-check-')), []);
  assert.deepEqual(ours().filter((d) => !tempBefore.includes(d)), []);
});
