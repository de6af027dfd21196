// --rootfs xfs: the one place the builder uses a loop device and a mount (xfsprogs cannot populate from a
// directory). The root partition must hold an xfs with the planned UUID and the deployment, and no loop device
// or mount may outlive the build.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDisk } from '../../core/builder';
import { run } from '../../core/util/process';

const BASE = 'localhost/bootable/debian-bootc:12';
const dir = mkdtempSync(join(tmpdir(), 'bootable-builder-xfs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('xfs root filesystem through a loop device, released afterwards', { timeout: 30 * 60_000 }, async () => {
  const r = await buildDisk({ image: BASE, types: ['raw'], rootfs: 'xfs', output: join(dir, 'out'), cacheDir: join(dir, 'cache') });
  const raw = r.outputs[0].path;
  const root = r.plan.disk.partitions[3];
  const { stdout } = await run(['blkid', '-p', '-O', String(root.startSector * 512), '-o', 'export', raw]);
  assert.match(stdout, /^TYPE=xfs$/m);
  assert.match(stdout, new RegExp(`^UUID=${r.plan.filesystems.root.uuid}$`, 'm'));
  const loops = await run(['losetup', '-a']);
  assert.ok(!loops.stdout.includes(dir), `no loop device left:\n${loops.stdout}`);
  assert.ok(!readFileSync('/proc/mounts', 'utf8').includes(dir), 'no mount left');
});
