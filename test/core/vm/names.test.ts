import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkVmName, isValidVmName, vmNameFrom } from '../../../core/vm/names';
import { UsageError } from '../../../core/errors';

test('ordinary names are accepted', () => {
  for (const n of ['lamp', 'lamp-vm', 'a', 'Web_01.test', 'bootable-test-x1', 'x'.repeat(63)]) assert.equal(checkVmName(n), n);
});

test('hostile and malformed names are refused with a UsageError', () => {
  const bad = [
    '', ' ', '-rf', '.hidden', '../etc', 'a..b', 'a/b', 'a b', "a'b", 'a"b', 'a;rm -rf /', '$(reboot)', '`id`',
    'a<b>', '</name><evil/>', 'a&b', 'a|b', 'a\nb', 'a\u0000b', 'x'.repeat(64), 'é', 'a*',
  ];
  for (const n of bad) {
    assert.equal(isValidVmName(n), false, JSON.stringify(n));
    assert.throws(() => checkVmName(n), (e: unknown) => e instanceof UsageError && /invalid VM name/.test(e.message), JSON.stringify(n));
  }
});

test('default names come from the image reference or the disk file', () => {
  assert.equal(vmNameFrom('localhost/bootable/lamp:latest'), 'lamp');
  assert.equal(vmNameFrom('quay.io/fedora/fedora-bootc@sha256:abc'), 'fedora-bootc');
  assert.equal(vmNameFrom('/tmp/out/qcow2/disk.qcow2'), 'disk');
  assert.equal(vmNameFrom('/x/my disk;$(id).raw'), 'my-disk-id-');
  assert.ok(isValidVmName(vmNameFrom('../..')));
  assert.equal(vmNameFrom(''), 'vm');
});
