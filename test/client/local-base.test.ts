import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localBaseFromLine } from '../../client/local-base';

test('the FROM line of the local base image is found (any tag, --platform, case), others are not', () => {
  assert.equal(localBaseFromLine('# c\nFROM localhost/bootable/debian-bootc:12\nRUN x\n'), 1);
  assert.equal(localBaseFromLine('from --platform=linux/amd64 localhost/bootable/debian-bootc AS b\n'), 0);
  assert.equal(localBaseFromLine('FROM quay.io/fedora/fedora-bootc:42\n'), undefined);
  assert.equal(localBaseFromLine('FROM localhost/bootable/debian-bootc-extra:12\n'), undefined);
});
