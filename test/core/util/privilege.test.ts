import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostUid, hostUidOf, isHostRoot, parseIdMap } from '../../../core/util/privilege';
import { findTool, pathWithSbin } from '../../../core/util/tool-path';

// What /proc/self/uid_map says on the host and inside `podman unshare` for uid 1001 (measured on this machine).
const HOST = '         0          0 4294967295\n';
const UNSHARE = '         0       1001          1\n         1     100000      65536\n';

test('uid maps: the host uid behind a namespace uid', () => {
  assert.deepEqual(parseIdMap(UNSHARE), [{ inside: 0, outside: 1001, count: 1 }, { inside: 1, outside: 100000, count: 65536 }]);
  assert.equal(hostUidOf(0, parseIdMap(UNSHARE)), 1001);
  assert.equal(hostUidOf(42, parseIdMap(UNSHARE)), 100041);
  assert.equal(hostUidOf(70000, parseIdMap(UNSHARE)), undefined);
  assert.equal(hostUid(0, parseIdMap(HOST)), 0);
  assert.equal(hostUid(1000, parseIdMap(HOST)), 1000);
  assert.equal(hostUid(0, parseIdMap(UNSHARE)), 1001);
  // uid 0 in podman's namespace is not the host's root: no loop devices, qemu:///session, the user's dirs.
  assert.equal(isHostRoot(0, parseIdMap(UNSHARE)), false);
  assert.equal(isHostRoot(0, parseIdMap(HOST)), true);
  assert.equal(isHostRoot(1000, parseIdMap(HOST)), false);
});

test('this process: host uid read from the real /proc/self/uid_map', () => {
  // The test runs on the host (not in a namespace): the host uid is the uid.
  assert.equal(hostUid(), process.getuid!());
  assert.equal(isHostRoot(), process.getuid!() === 0);
});

test('sbin tools are found with a normal user\'s PATH', async () => {
  assert.equal(pathWithSbin('/home/u/bin:/usr/bin:/bin'), '/home/u/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin');
  assert.equal(pathWithSbin('/usr/sbin:/usr/bin'), '/usr/sbin:/usr/bin:/usr/local/sbin:/sbin');
  // Debian puts these in /usr/sbin, which a user's PATH lacks.
  for (const tool of ['sgdisk', 'mkfs.ext4', 'mkfs.vfat']) {
    assert.match((await findTool(tool, '/usr/local/bin:/usr/bin:/bin'))!, new RegExp(`^/(usr/)?sbin/${tool.replace('.', '\\.')}$`));
  }
  assert.equal(await findTool('bootable-no-such-tool', '/usr/bin'), undefined);
});
