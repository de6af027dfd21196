// Build and image-check diagnostics follow edits (client/edit-tracking.ts): pure position arithmetic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moveWithChange } from '../../client/edit-tracking';

const span = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const finding = span(5, 4, 5, 20);

test('a change below leaves the finding; lines added or removed above move it', () => {
  assert.deepEqual(moveWithChange(finding, { range: span(7, 0, 7, 0), text: 'RUN x\n' }), finding);
  assert.deepEqual(moveWithChange(finding, { range: span(1, 0, 1, 0), text: 'A\nB\n' }), span(7, 4, 7, 20));
  assert.deepEqual(moveWithChange(finding, { range: span(1, 0, 3, 0), text: '' }), span(3, 4, 3, 20));
  // A whole line inserted right above (at column 0 of its line) is above, not on it.
  assert.deepEqual(moveWithChange(finding, { range: span(5, 0, 5, 0), text: '# note\n' }), span(6, 4, 6, 20));
});

test('a change on its lines makes it stale', () => {
  assert.equal(moveWithChange(finding, { range: span(5, 6, 5, 9), text: 'x' }), undefined);
  assert.equal(moveWithChange(finding, { range: span(5, 0, 5, 0), text: 'x' }), undefined);
  assert.equal(moveWithChange(finding, { range: span(4, 2, 6, 0), text: '' }), undefined);
  assert.equal(moveWithChange(finding, { range: span(5, 25, 5, 25), text: ' # trailing' }), undefined);
});
