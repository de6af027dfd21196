// Negative images, built with real podman from test/fixtures/images/*: each must be caught by the image
// checks at the right Containerfile line. Needs podman and the local base image (npm run setup).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { buildImage } from '../../core/podman/build';
import { runPodman } from '../../core/podman/exec';
import { lintImage } from '../../core/lint/image/index';
import { readImageTree } from '../../core/lint/image/source';
import { lintImageTree } from '../../core/lint/image/lint';
import { BASE_IMAGE } from '../../core/base/recipe';
import { waitUntil } from '../wait';

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

before(async () => {
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
  const ourDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith('bootable-image-check-'));
  const ourContainers = async () => (await runPodman(['podman', 'ps', '-a', '--format', '{{.Names}}'])).stdout
    .split('\n').filter((n) => n.startsWith('bootable-image-check-'));
  const dirsBefore = ourDirs();
  const containersBefore = await ourContainers();
  const ac = new AbortController();
  const check = lintImage(BASE_IMAGE, { signal: ac.signal });
  check.catch(() => undefined);
  // Cancel in the middle: once the check has its temp dir and its container (the export runs then).
  await waitUntil('the check\'s container', async () =>
    ourDirs().some((d) => !dirsBefore.includes(d)) && (await ourContainers()).some((c) => !containersBefore.includes(c)), 60_000, 20);
  ac.abort();
  await assert.rejects(check, (err) => isCancelled(err));
  assert.deepEqual((await ourContainers()).filter((c) => !containersBefore.includes(c)), []);
  assert.deepEqual(ourDirs().filter((d) => !dirsBefore.includes(d)), []);
});
