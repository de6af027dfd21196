// exportImage writes the flattened filesystem as a tar, atomically; a cancelled export leaves nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportImage } from '../../core/podman/export';
import { runPodman } from '../../core/podman/exec';
import { isCancelled } from '../../core/errors';
import { BASE_IMAGE } from '../../core/base/recipe';
import { waitUntil } from '../wait';

const leftoverContainers = async () => (await runPodman(['podman', 'ps', '-a', '--format', '{{.Names}}'])).stdout
  .split('\n').filter((n) => n.startsWith('bootable-export-'));

test('exportImage: a complete tar with the kernel, and no container left', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-test-export-'));
  try {
    const tar = join(dir, 'rootfs.tar');
    await exportImage(BASE_IMAGE, tar);
    const list = execFileSync('tar', ['-tf', tar], { maxBuffer: 64 * 1024 * 1024 }).toString();
    assert.match(list, /^usr\/lib\/modules\/[^/]+\/vmlinuz$/m);
    assert.deepEqual(readdirSync(dir), ['rootfs.tar']);
    assert.deepEqual(await leftoverContainers(), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('exportImage cancelled: no partial file, no container', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-test-export-'));
  try {
    const tar = join(dir, 'rootfs.tar');
    const ac = new AbortController();
    const exporting = exportImage(BASE_IMAGE, tar, { signal: ac.signal });
    exporting.catch(() => undefined);
    // Abort in the middle: once the partial tar has data (its container exists then: the export reads it). A file
    // check only, quick enough to catch an export of a few seconds in flight.
    await waitUntil('a partial tar being written', () =>
      readdirSync(dir).some((n) => n.startsWith('rootfs.tar.partial-') && statSync(join(dir, n)).size > 0), 120_000, 10);
    ac.abort();
    await assert.rejects(exporting, (e) => isCancelled(e));
    assert.equal(existsSync(tar), false);
    assert.deepEqual(readdirSync(dir), []);
    assert.deepEqual(await leftoverContainers(), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
