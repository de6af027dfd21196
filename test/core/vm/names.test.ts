import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkVmName, isValidVmName, vmNameFrom } from '../../../core/vm/names';
import { projectVmName } from '../../../core/names';
import { UsageError } from '../../../core/errors';

test('VM names are hostname labels: a-z 0-9 and -, 1–63 characters', () => {
  for (const n of ['lamp', 'lamp-vm', 'a', '0', 'web-01', 'bootable-test-x1', 'x'.repeat(63), `a${'-'.repeat(61)}b`]) assert.equal(checkVmName(n), n);
});

test('hostile, malformed and non-hostname names are refused with a UsageError', () => {
  const bad = [
    '', ' ', '-rf', 'a-', '.hidden', '../etc', 'a..b', 'a/b', 'a b', "a'b", 'a"b', 'a;rm -rf /', '$(reboot)', '`id`',
    'a<b>', '</name><evil/>', 'a&b', 'a|b', 'a\nb', 'a\u0000b', 'x'.repeat(64), 'é', 'a*', 'Web', 'web_01', 'web.test',
  ];
  for (const n of bad) {
    assert.equal(isValidVmName(n), false, JSON.stringify(n));
    assert.throws(() => checkVmName(n), (e: unknown) => e instanceof UsageError && e.exitCode === 2 && /invalid VM name/.test(e.message), JSON.stringify(n));
  }
});

test('default names for disks come from the image reference or the disk file, always valid', () => {
  assert.equal(vmNameFrom('localhost/bootable/lamp:latest'), 'lamp');
  assert.equal(vmNameFrom('quay.io/fedora/fedora-bootc@sha256:abc'), 'fedora-bootc');
  assert.equal(vmNameFrom('/tmp/out/qcow2/disk.qcow2'), 'disk');
  assert.equal(vmNameFrom('/x/My disk;$(id).raw'), 'my-disk-id');
  assert.equal(vmNameFrom('localhost/Web_App.v2:1'), 'web-app-v2');
  assert.equal(vmNameFrom('../..'), 'vm');
  assert.equal(vmNameFrom(''), 'vm');
  assert.equal(vmNameFrom('Ünïcode'), 'n-code');
  assert.ok(vmNameFrom('x'.repeat(80)).length <= 50);
});

test("up's name: the project directory, lower-cased, single _ . or space read as -", () => {
  assert.equal(projectVmName('/w/examples/lamp/Containerfile'), 'lamp');
  assert.equal(projectVmName('/w/My_App/Containerfile'), 'my-app');
  assert.equal(projectVmName('/w/web.v2/Containerfile'), 'web-v2');
  assert.equal(projectVmName('/w/My Project/Containerfile'), 'my-project');
  assert.equal(projectVmName(`/w/${'a'.repeat(63)}/Containerfile`), 'a'.repeat(63));
});

test("up's name: directories that would need guessing are refused up front, never silently mangled", () => {
  for (const dir of ['Ünïcode', 'my..project', 'my--project', '-lead', 'trail_', 'a!b', 'x'.repeat(64), '__']) {
    assert.throws(() => projectVmName(`/w/${dir}/Containerfile`),
      (e: unknown) => e instanceof UsageError && e.exitCode === 2 && /cannot make a VM name/.test(e.message) && /--name/.test(e.hint ?? ''), dir);
  }
  assert.throws(() => projectVmName('/Containerfile'), UsageError);
});
