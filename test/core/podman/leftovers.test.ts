import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ourLeftovers, type ExternalContainer } from '../../../core/podman/leftovers';

const c = (id: string, imageId: string, created: number, external = true): ExternalContainer =>
  ({ id, imageId, names: [`${id}-working-container`], created, external });

test('ourLeftovers: only new build containers, created since the build began, on our images', () => {
  const now = [
    c('old', 'aaaaaaaaaaaa1111', 50),            // existed before
    c('mine-from', 'bbbbbbbbbbbb2222', 120),     // on our FROM image
    c('mine-step', 'a6d693423ff3665c', 121),     // on an intermediate image we printed as --> a6d693423ff
    c('other-image', 'cccccccccccc3333', 122),   // someone else's build
    c('podman-ctr', 'bbbbbbbbbbbb2222', 123, false), // a podman container, not a build container
    c('too-early', 'bbbbbbbbbbbb2222', 90),
  ];
  const left = ourLeftovers(now, new Set(['old']), 100, ['bbbbbbbbbbbb2222', 'a6d693423ff']);
  assert.deepEqual(left.map((x) => x.id), ['mine-from', 'mine-step']);
  assert.deepEqual(ourLeftovers(now, new Set(), 100, ['short']), [], 'ids shorter than 10 characters never match');
});
