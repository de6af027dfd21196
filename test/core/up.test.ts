import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LintBlockedError, stageReporter, up } from '../../core/up';
import { containerfileName, defaultImageTag } from '../../core/names';
import type { ProgressEvent } from '../../core/progress';

const root = process.env.BOOTABLE_ROOT ?? process.cwd();

test('tag and VM name come from the Containerfile directory', () => {
  assert.equal(containerfileName('/x/examples/lamp/Containerfile'), 'lamp');
  assert.equal(containerfileName('/x/My App!/Containerfile'), 'my-app');
  assert.equal(containerfileName('/x/__/Containerfile'), 'image');
  assert.equal(defaultImageTag('/x/examples/lamp/Containerfile'), 'localhost/bootable/lamp:latest');
});

test('stage progress is placed on one scale for the whole chain', () => {
  const seen: ProgressEvent[] = [];
  const build = stageReporter((e) => seen.push(e), 'build');
  build({ step: 1, of: 2, id: 'step', message: 'STEP 1/2' });
  build({ step: 2, of: 2, id: 'step', message: 'STEP 2/2', fraction: 1 });
  const boot = stageReporter((e) => seen.push(e), 'boot');
  boot({ step: 4, of: 4, id: 'ready', message: 'ready', fraction: 1 });
  assert.deepEqual(seen.map((e) => [e.step, e.of, e.id]), [[2, 5, 'build/step'], [2, 5, 'build/step'], [5, 5, 'boot/ready']]);
  assert.equal(seen[0].fraction, 1 / 100);
  assert.equal(seen[1].fraction, 16 / 100);
  assert.equal(seen[2].fraction, 1);
  assert.match(seen[0].message, /^build: STEP 1\/2/);
});

test('skipping the run check renumbers the stages', () => {
  const seen: ProgressEvent[] = [];
  stageReporter((e) => seen.push(e), 'disk', new Set(['run-check']))({ step: 1, of: 1, id: 'x', message: 'm' });
  assert.deepEqual([seen[0].step, seen[0].of], [3, 4]);
  assert.equal(seen[0].fraction, 16 / 90);
});

test('up stops before building when lint finds errors, naming them', async () => {
  const file = join(root, 'test/fixtures/up/usr-etc/Containerfile');
  await assert.rejects(up({ containerfile: file }), (e: unknown) => {
    assert.ok(e instanceof LintBlockedError);
    assert.match(e.message, /usr-etc/);
    assert.match(e.message, /Containerfile:2:/);
    assert.match(e.hint ?? '', /--force/);
    return true;
  });
});

test('up refuses a missing Containerfile with a usage error', async () => {
  await assert.rejects(up({ containerfile: join(root, 'test/fixtures/up/nope/Containerfile') }),
    (e: unknown) => e instanceof Error && /cannot read/.test(e.message) && (e as { exitCode?: number }).exitCode === 2);
});
