// Cancelling `bootable base` in the middle of mmdebstrap: no image, no work dir, nothing left mounted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { buildBaseImage } from '../../core/base/build';
import { runPodman } from '../../core/podman/exec';
import { isCancelled } from '../../core/errors';

const workDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith('bootable-base-'));
const ourMounts = () => readFileSync('/proc/self/mounts', 'utf8').split('\n')
  .map((l) => l.split(' ')[1] ?? '').filter((m) => m.includes('/bootable-base-'));

test('cancel during mmdebstrap removes the work dir and its mounts, and makes no image', async () => {
  const image = `localhost/bootable-test-base-cancel:${randomBytes(3).toString('hex')}`;
  const before = workDirs();
  const ac = new AbortController();
  let sawMmdebstrap = false;
  await assert.rejects(buildBaseImage({ image, rebuild: true }, {
    signal: ac.signal,
    // Cancel once mmdebstrap is installing packages (its chroot has /proc, /sys and /dev mounted then).
    progress: (e) => {
      if (e.id === 'mmdebstrap' && /^(extracting archives|installing essential packages)/.test(e.message) && !sawMmdebstrap) {
        sawMmdebstrap = true;
        setTimeout(() => ac.abort(), 2000);
      }
    },
  }), (err) => isCancelled(err));
  assert.ok(sawMmdebstrap, 'mmdebstrap was running when cancelled');
  assert.deepEqual(workDirs().filter((d) => !before.includes(d)), [], 'work dir removed');
  assert.deepEqual(ourMounts(), [], 'nothing left mounted');
  const exists = await runPodman(['podman', 'image', 'exists', image], { okExitCodes: [0, 1] });
  assert.equal(exists.exitCode, 1);
});
