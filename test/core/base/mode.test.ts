import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withMmdebstrapMode } from '../../../core/base/build';
import { mmdebstrapArgs, recipeHash } from '../../../core/base/recipe';

const paths = { overlayDir: '/o', essentialScript: '/e', customizeScript: '/c', outputTar: '/t.tar' };

test('mmdebstrap: root mode as root, unshare mode as a normal user; nothing else changes', () => {
  const argv = mmdebstrapArgs(paths);
  assert.deepEqual(withMmdebstrapMode(argv, true), argv);
  const user = withMmdebstrapMode(argv, false);
  assert.ok(user.includes('--mode=unshare'));
  assert.ok(!user.includes('--mode=root'));
  assert.deepEqual(user.filter((a) => !a.startsWith('--mode=')), argv.filter((a) => !a.startsWith('--mode=')));
});

test('the mode is not part of the recipe: an image built either way has the same recipe hash', () => {
  const before = recipeHash();
  withMmdebstrapMode(mmdebstrapArgs(paths), false);
  assert.equal(recipeHash(), before);
  assert.throws(() => withMmdebstrapMode(['mmdebstrap', '--mode=auto'], false), /no longer passes --mode=root/);
});
