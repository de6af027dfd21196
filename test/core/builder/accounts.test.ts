import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addAccounts, type AccountFiles } from '../../../core/builder/users/accounts';
import { BuilderError } from '../../../core/errors';
import type { UserPlan } from '../../../core/builder/types';

const debian: AccountFiles = {
  passwd: 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n',
  shadow: 'root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n',
  group: 'root:x:0:\nsudo:x:27:\nusers:x:100:\nnogroup:x:65534:\n',
  gshadow: 'root:*::\nsudo:*::\nusers:*::\nnogroup:*::\n',
};
const user = (over: Partial<UserPlan> = {}): UserPlan => ({
  name: 'cloud-user', passwordHash: '$6$salt$hash', keys: ['ssh-ed25519 AAAA'], groups: ['wheel'],
  home: '/var/home/cloud-user', shell: '/bin/bash', ...over,
});

test('a new user gets uid/gid 1000, its own group, a shadow hash; wheel maps to sudo on Debian', () => {
  const { files, added } = addAccounts(debian, [], [user()], 20000);
  assert.match(files.passwd, /^cloud-user:x:1000:1000::\/var\/home\/cloud-user:\/bin\/bash$/m);
  assert.match(files.group, /^cloud-user:x:1000:$/m);
  assert.match(files.group, /^sudo:x:27:cloud-user$/m);
  assert.match(files.gshadow, /^sudo:\*::cloud-user$/m);
  assert.match(files.shadow, /^cloud-user:\$6\$salt\$hash:20000:0:99999:7:::$/m);
  assert.deepEqual(added, [{ name: 'cloud-user', uid: 1000, gid: 1000, home: '/var/home/cloud-user', groups: ['sudo'] }]);
  assert.equal(debian.passwd.includes('cloud-user'), false, 'input untouched');
});

test('wheel stays wheel when the image has it; config groups are created with their gid', () => {
  const withWheel = { ...debian, group: debian.group + 'wheel:x:10:\n' };
  const { files } = addAccounts(withWheel, [{ name: 'devs', gid: 2000 }], [user({ groups: ['wheel', 'devs'] })], 1);
  assert.match(files.group, /^wheel:x:10:cloud-user$/m);
  assert.match(files.group, /^devs:x:2000:cloud-user$/m);
  assert.match(files.gshadow, /^devs:!::cloud-user$/m);
});

test('root (an existing user) gets the password and keeps its ids', () => {
  const { files, added } = addAccounts(debian, [], [user({ name: 'root', groups: [], home: '/root' })], 5);
  assert.match(files.shadow, /^root:\$6\$salt\$hash:5:0:99999:7:::$/m);
  assert.equal(files.passwd.split('\n').filter((l) => l.startsWith('root:')).length, 1);
  assert.equal(added[0].uid, 0);
  assert.equal(added[0].home, '/root');
});

test('key-only user: shadow "*" (no password, key login still works)', () => {
  const { files } = addAccounts(debian, [], [user({ passwordHash: undefined, groups: [] })], 1);
  assert.match(files.shadow, /^cloud-user:\*:/m);
});

test('explicit uid, and clashes are errors', () => {
  const { files } = addAccounts(debian, [], [user({ uid: 1500, groups: [] })], 1);
  assert.match(files.passwd, /^cloud-user:x:1500:1500:/m);
  assert.throws(() => addAccounts(debian, [], [user({ uid: 0, groups: [] })], 1), /uid 0 is already used/);
  assert.throws(() => addAccounts(debian, [], [user({ groups: ['docker'] })], 1),
    (e: unknown) => e instanceof BuilderError && /group "docker" does not exist/.test(e.message) && /customizations.group/.test(e.hint ?? ''));
});
