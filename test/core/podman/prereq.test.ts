import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPodman } from '../../../core/podman/prereq';

test('checkPodman: no problems with the installed podman', async () => {
  assert.deepEqual(await checkPodman(), []);
});

test('checkPodman: podman missing from PATH → says what to install', async () => {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent-bootable-test';
  try {
    const problems = await checkPodman();
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.what, 'podman is not installed');
    assert.match(problems[0]!.fix, /apt-get install podman/);
  } finally {
    process.env.PATH = path;
  }
});

test('checkPodman: an unknown connection → says how to check connections', async () => {
  const problems = await checkPodman({ connection: 'bootable-test-no-such-connection' });
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.what, /bootable-test-no-such-connection/);
  assert.match(problems[0]!.fix, /podman system connection list|podman\.socket/);
});
