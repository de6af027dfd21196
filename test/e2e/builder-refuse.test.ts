// Images that cannot make a bootable disk are refused before any work, with the fix in the message, and
// leave nothing behind (no disk, no work dir, no image mount).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDisk } from '../../core/builder';
import { BuilderError } from '../../core/errors';
import { run } from '../../core/util/process';
import { imageId, mountedImageIds } from './image-mounts';

// Its own tag and, from its random content, its own image ID: no other test mounts it meanwhile.
const NOKERNEL = `localhost/bootable-builder-test/nokernel:${randomBytes(3).toString('hex')}`;
let dir: string;
let id: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bootable-builder-refuse-'));
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'etc'), { recursive: true });
  mkdirSync(join(tree, 'usr/lib/modules'), { recursive: true });
  writeFileSync(join(tree, 'etc/os-release'), `ID=test\nBUILD_ID=${NOKERNEL}\n`);
  await run(['tar', '-C', tree, '-cf', join(dir, 'tree.tar'), '.']);
  await run(['podman', 'import', '-q', join(dir, 'tree.tar'), NOKERNEL]);
  id = await imageId(NOKERNEL);
});

after(async () => {
  while (id && (await mountedImageIds()).includes(id)) await run(['podman', 'image', 'unmount', id]);
  await run(['podman', 'rmi', '-f', NOKERNEL], { okExitCodes: [0, 1, 125] });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an image without a kernel is refused, naming the fix; nothing is left behind', async () => {
  const output = join(dir, 'output');
  await assert.rejects(buildDisk({ image: NOKERNEL, types: ['qcow2'], output, cacheDir: join(dir, 'cache') }), (e: unknown) => {
    assert.ok(e instanceof BuilderError, String(e));
    assert.match(e.message, /has no kernel: nothing at \/usr\/lib\/modules\/\*\/vmlinuz/);
    assert.match(e.hint ?? '', /install a kernel/);
    return true;
  });
  assert.deepEqual(readdirSync(output), [], 'no disk, no manifest, no work dir');
  assert.deepEqual((await mountedImageIds()).filter((m) => m === id), [], 'the image is unmounted again');
});

test('an image that does not exist is a usage error (exit code 2)', async () => {
  await assert.rejects(buildDisk({ image: 'localhost/bootable-builder-test/missing:none', types: ['qcow2'], output: join(dir, 'o2'), cacheDir: join(dir, 'cache') }),
    (e: unknown) => e instanceof Error && (e as { exitCode?: number }).exitCode === 2 && /not found in local podman storage/.test(e.message));
});
