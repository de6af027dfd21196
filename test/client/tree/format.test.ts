// Sizes and ages in the tree views (client/tree/format.ts): binary units, one decimal below 10, the two largest
// units of a duration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatDuration } from '../../../client/tree/format';

test('formatBytes: bytes below 1 KiB, one decimal below 10 of a unit, whole numbers above', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1024), '1.0 KiB');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(10 * 1024), '10 KiB');
  assert.equal(formatBytes(1024 * 1024), '1.0 MiB');
  assert.equal(formatBytes(2.5 * 1024 ** 3), '2.5 GiB');
});

test('formatBytes: TiB is the largest unit', () => {
  assert.equal(formatBytes(3 * 1024 ** 4), '3.0 TiB');
  assert.equal(formatBytes(2048 * 1024 ** 4), '2048 TiB');
});

test('formatDuration: seconds, then minutes and seconds, hours and minutes, days and hours', () => {
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(999), '0s');
  assert.equal(formatDuration(59_999), '59s');
  assert.equal(formatDuration(60_000), '1m 0s');
  assert.equal(formatDuration(3_599_000), '59m 59s');
  assert.equal(formatDuration(3_600_000), '1h 0m');
  assert.equal(formatDuration(23 * 3_600_000 + 59 * 60_000), '23h 59m');
  assert.equal(formatDuration(24 * 3_600_000), '1d 0h');
  assert.equal(formatDuration(50 * 3_600_000), '2d 2h');
});
