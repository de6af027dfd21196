import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exitedError } from '../../../core/podman/run';
import { PodmanError } from '../../../core/errors';

test('a container that exits before systemd answers: systemd\'s own failure is the message, with the fix', () => {
  // systemd's words when it cannot make its cgroup (rootless on cgroup v1).
  const out = 'systemd 252.31-1~deb12u1 running in system mode\nFailed to create /init.scope control group: Read-only file system\nFailed to allocate manager object: Read-only file system\n[!!!!!!] Failed to allocate manager object.\nExiting PID 1...';
  const err = exitedError('c1', out, '255 ');
  assert.ok(err instanceof PodmanError);
  assert.equal(err.message, 'container c1 exited (exit code 255) before systemd came up: [!!!!!!] Failed to allocate manager object.');
  assert.match(err.hint!, /cgroup v2 with delegation/);
  assert.match(err.hint!, /Failed to create \/init\.scope control group/);
});

test('silent exit: the exit code and podman\'s error, and where to look', () => {
  const err = exitedError('c2', '', '127 crun: executable file `/sbin/init` not found');
  assert.equal(err.message, 'container c2 exited (exit code 127: crun: executable file `/sbin/init` not found) before systemd came up');
  assert.match(err.hint!, /printed nothing.*bootable doctor/);
  assert.equal(exitedError('c3', '').message, 'container c3 exited before systemd came up');
});

test('a RUN step without a usable /dev/net/tun (rootless) gets the fix', async () => {
  const { hintFor } = await import('../../../core/podman/exec');
  assert.match(hintFor('Error: failed to read from slirp4netns sync pipe: EOF')!, /chmod 0666 \/dev\/net\/tun/);
  assert.equal(hintFor('some other failure'), undefined);
});
