// Sizes and ages in the tree views (client/tree/format.ts): binary units, one decimal below 10, the two largest
// units of a duration; a VM's deployment rows (label, description, tooltip, order).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageText, deploymentDescription, deploymentLabel, deploymentTooltip, formatBytes, formatDuration, shortDigest, sortDeployments } from '../../../client/tree/format';

test('formatBytes: bytes below 1 KiB, whole numbers as they are, one decimal below 10 of a unit, rounded above', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1024), '1 KiB');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(10 * 1024), '10 KiB');
  assert.equal(formatBytes(1024 * 1024), '1 MiB');
  assert.equal(formatBytes(712.4 * 1024 ** 2), '712 MiB');
  assert.equal(formatBytes(2.5 * 1024 ** 3), '2.5 GiB');
});

test('formatBytes: TiB is the largest unit', () => {
  assert.equal(formatBytes(3 * 1024 ** 4), '3 TiB');
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

const booted = {
  id: `${'a'.repeat(64)}.1`, commit: 'a'.repeat(64), role: 'booted' as const, default: true, origin: 'bootable-host:bootable/update',
  committedAt: '2026-11-27 15:00:00 +0000',
  image: { ref: 'localhost/bootable/up:latest', id: 'sha256:' + '1'.repeat(64), digest: 'sha256:0123456789abcdef' + '2'.repeat(48), containerfile: '/w/up/Containerfile', source: 'commit' as const },
};
const rollback = { id: `${'b'.repeat(64)}.0`, commit: 'b'.repeat(64), role: 'rollback' as const, default: false,
  image: { ref: 'localhost/bootable/up:latest', digest: 'sha256:fedcba9876543210' + '3'.repeat(48), source: 'vm-record' as const } };
const staged = { id: `${'c'.repeat(64)}.0`, commit: 'c'.repeat(64), role: 'staged' as const, default: true };
const now = Date.parse('2026-11-27 15:03:05 +0000');

test('deployment rows: ● on the booted one; image reference, short digest and age in the description', () => {
  assert.equal(deploymentLabel(booted), '● booted');
  assert.equal(deploymentLabel(rollback), 'rollback');
  assert.equal(deploymentDescription(booted, now), 'localhost/bootable/up:latest · 0123456789ab · 3m 5s ago');
  // No commit date (a disk built before updates): no age; no digest known: "?".
  assert.equal(deploymentDescription(rollback, now), 'localhost/bootable/up:latest · fedcba987654');
  assert.equal(deploymentDescription(staged, now), 'image unknown · ?');
});

test('deployment rows: the tooltip has the full digest, image ID, commit, deployment, date and where the image was learnt', () => {
  const tip = deploymentTooltip(booted, now).split('\n');
  assert.equal(tip[0], 'booted: running now (the default)');
  assert.ok(tip.includes(`digest: ${booted.image.digest}`), tip.join('\n'));
  assert.ok(tip.includes('image ID: 111111111111'));
  assert.ok(tip.includes('Containerfile: /w/up/Containerfile'));
  assert.ok(tip.includes(`commit: ${booted.commit}`));
  assert.ok(tip.includes(`deployment: ${booted.id}`));
  assert.ok(tip.includes('built: 2026-11-27 15:00:00 +0000 (3m 5s ago)'));
  assert.ok(deploymentTooltip(rollback, now).includes(`digest: ${rollback.image.digest} (from the VM record)`));
  assert.match(deploymentTooltip(staged, now), /^staged: boots once/);
});

test('deployment rows: bootc\'s order (staged, booted, rollback); a date that does not parse gives no age', () => {
  assert.deepEqual(sortDeployments([rollback, booted, staged]).map((d) => d.role), ['staged', 'booted', 'rollback']);
  assert.equal(ageText('not a date', now), undefined);
  assert.equal(ageText(undefined, now), undefined);
  assert.equal(ageText('2026-11-27 15:10:00 +0000', now), '0s ago'); // a guest clock ahead of the host's
  assert.equal(shortDigest('sha256:abcdef0123456789'), 'abcdef012345');
});
