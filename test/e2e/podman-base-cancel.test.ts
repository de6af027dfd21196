// Cancelling `bootable base` in the middle of mmdebstrap: no image, no work dir, nothing left mounted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildBaseImage } from '../../core/base/build';
import { runPodman } from '../../core/podman/exec';
import { isCancelled } from '../../core/errors';
import { waitUntil } from '../wait';

const workDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith('bootable-base-'));
/** Mount points under the given work dirs (another `bootable base` may run meanwhile, e.g. `npm run setup`). */
const mountsUnder = (dirs: string[]) => readFileSync('/proc/self/mounts', 'utf8').split('\n')
  .map((l) => l.split(' ')[1] ?? '').filter((m) => dirs.some((d) => m.startsWith(join(tmpdir(), d) + '/')));

test('cancel during mmdebstrap removes the work dir and its mounts, and makes no image', async () => {
  const image = `localhost/bootable-test-base-cancel:${randomBytes(3).toString('hex')}`;
  const before = workDirs();
  const ac = new AbortController();
  let sawMmdebstrap = false;
  const building = buildBaseImage({ image, rebuild: true }, {
    signal: ac.signal,
    progress: (e) => {
      if (e.id === 'mmdebstrap' && /^(extracting archives|installing essential packages)/.test(e.message)) sawMmdebstrap = true;
    },
  });
  building.catch(() => undefined);
  // Cancel once mmdebstrap installs packages and its chroot has /proc, /sys or /dev mounted: what must be undone.
  const ours = () => workDirs().filter((d) => !before.includes(d));
  await waitUntil('mmdebstrap\'s chroot mounts', () => sawMmdebstrap && mountsUnder(ours()).length > 0, 20 * 60_000, 20);
  const work = ours();
  ac.abort();
  await assert.rejects(building, (err) => isCancelled(err));
  assert.deepEqual(workDirs().filter((d) => !before.includes(d)), [], 'work dir removed');
  assert.deepEqual(mountsUnder(work), [], 'nothing left mounted');
  const exists = await runPodman(['podman', 'image', 'exists', image], { okExitCodes: [0, 1] });
  assert.equal(exists.exitCode, 1);
});
