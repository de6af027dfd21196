// The Images view and the image pick show each name once, grouped by repository (client/image-refs.ts), from
// podman's listing, which repeats an image once per tag with all of its names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byRepository, splitRef, uniqueRefs } from '../../client/image-refs';

test('an image with N names listed N times gives each name once, grouped by repository', () => {
  const names = ['localhost/bootable/app:latest', 'localhost/bootable/app:v2', 'quay.io/me/app:1'];
  const image = { id: 'a'.repeat(64), names, created: '', size: 1 };
  // podman images --format json: one entry per tag, each with every name.
  const listing = [image, { ...image }, { ...image }, { id: 'b'.repeat(64), names: ['<none>:<none>'], created: '', size: 2 }];
  const refs = uniqueRefs(listing);
  assert.deepEqual(refs.map((r) => r.ref), ['localhost/bootable/app:latest', 'localhost/bootable/app:v2', 'quay.io/me/app:1']);
  const groups = byRepository(refs);
  assert.deepEqual([...groups.keys()], ['localhost/bootable/app', 'quay.io/me/app']);
  assert.deepEqual(groups.get('localhost/bootable/app')!.map((r) => r.tag), ['latest', 'v2']);
});

test('splitRef: registry ports, digests and missing tags', () => {
  assert.deepEqual(splitRef('localhost:5000/a/b:1'), ['localhost:5000/a/b', '1']);
  assert.deepEqual(splitRef('localhost:5000/a/b'), ['localhost:5000/a/b', 'latest']);
  assert.deepEqual(splitRef('quay.io/x@sha256:abc'), ['quay.io/x', 'sha256:abc']);
});
