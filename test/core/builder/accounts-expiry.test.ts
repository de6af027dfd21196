// bootc-image-builder's user expiredate and force_password_reset reach /etc/shadow (fields 8 and 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addAccounts } from '../../../core/builder/users/accounts';
import type { UserPlan } from '../../../core/builder/types';

const files = {
  passwd: 'root:x:0:0:root:/root:/bin/bash\n', shadow: 'root:*:19000:0:99999:7:::\n', group: 'root:x:0:\n', gshadow: 'root:*::\n',
};
const user = (name: string, extra: Partial<UserPlan> = {}): UserPlan =>
  ({ name, keys: [], groups: [], home: `/var/home/${name}`, shell: '/bin/bash', ...extra });
const shadowOf = (text: string, name: string) => text.split('\n').find((l) => l.startsWith(`${name}:`))!.split(':');

test('expiredate is the account expiry; force_password_reset sets "last changed" to 0; neither: today', () => {
  const { files: out } = addAccounts(files, [], [
    user('alice', { passwordHash: '$6$s$h', expiredate: 20000, forcePasswordReset: true }),
    user('bob', { passwordHash: '$6$s$h' }),
    user('root', { forcePasswordReset: true, expiredate: 30000 }),
  ], 20500);
  const alice = shadowOf(out.shadow, 'alice');
  assert.equal(alice.length, 9);
  assert.deepEqual([alice[2], alice[7]], ['0', '20000']);
  const bob = shadowOf(out.shadow, 'bob');
  assert.deepEqual([bob[2], bob[7]], ['20500', '']);
  // An image user (root) keeps its hash; the reset and the expiry still apply.
  const root = shadowOf(out.shadow, 'root');
  assert.deepEqual([root[1], root[2], root[7]], ['*', '0', '30000']);
});
