import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { absoluteInput, childArgv, deserializeError, needsUserNamespace, parseMessage, serializeError } from '../../../core/builder/userns';
import { checkRootOnlyOptions } from '../../../core/builder/preflight';
import { BuilderError, ConfigError, PodmanError, UsageError } from '../../../core/errors';
import type { FilesystemPlan } from '../../../core/builder/types';

test('only a non-root builder enters a user namespace (uid 0 inside `podman unshare` builds directly)', () => {
  assert.equal(needsUserNamespace(1000), true);
  assert.equal(needsUserNamespace(0), false);
});

test('relative paths are resolved against the caller\'s directory before the child sees them', () => {
  const input = absoluteInput({ image: 'i', types: ['qcow2'], output: 'out', config: 'c.toml', cacheDir: '../cache' }, '/p/q');
  assert.deepEqual(input, { image: 'i', types: ['qcow2'], output: '/p/q/out', config: '/p/q/c.toml', cacheDir: '/p/cache' });
  const withObject = absoluteInput({ image: 'i', types: ['raw'], output: '/abs', config: { users: [] } as never }, '/p');
  assert.deepEqual(withObject.config, { users: [] });
  assert.equal(withObject.output, '/abs');
});

test('the child is started from source under tsx here, and its file exists', () => {
  const { argv } = childArgv();
  assert.equal(argv[0], process.execPath);
  assert.deepEqual(argv.slice(1, 3), ['--import', 'tsx']);
  assert.ok(existsSync(argv[3]), argv[3]);
});

test('messages: only the builder\'s JSON lines count', () => {
  assert.deepEqual(parseMessage('{"bootableUserns":"result","value":{"cached":true}}'), { bootableUserns: 'result', value: { cached: true } });
  assert.equal(parseMessage('{"other":1}'), undefined);
  assert.equal(parseMessage('{"bootableUserns": broken'), undefined);
  assert.equal(parseMessage('mke2fs 1.47'), undefined);
});

test('errors cross the namespace with their kind, hint, log and exit code', () => {
  const usage = deserializeError(serializeError(new ConfigError('customizations.user[0].name', 'must be a string', { hint: 'h' })));
  assert.ok(usage instanceof UsageError);
  assert.equal((usage as UsageError).exitCode, 2);
  assert.equal(usage.message, 'customizations.user[0].name: must be a string');
  const built = deserializeError(serializeError(new BuilderError('mkfs failed', { hint: 'see log', logPath: '/l.log' }))) as BuilderError;
  assert.ok(built instanceof BuilderError);
  assert.deepEqual([built.message, built.hint, built.logPath, built.exitCode], ['mkfs failed', 'see log', '/l.log', 1]);
  assert.ok(deserializeError(serializeError(new PodmanError('no image'))) instanceof PodmanError);
  assert.ok(deserializeError(serializeError(new TypeError('bug'))) instanceof BuilderError);
  const abort = deserializeError(serializeError(Object.assign(new Error('stop'), { name: 'AbortError' })));
  assert.equal(abort.name, 'AbortError');
});

test('xfs is refused up front for a normal user; ext4 and btrfs are not', () => {
  const fs = (type: FilesystemPlan['type']) => ({ type } as FilesystemPlan);
  const plan = (root: FilesystemPlan['type']) => ({ filesystems: { esp: fs('vfat'), boot: fs('ext4'), root: fs(root) } });
  assert.throws(() => checkRootOnlyOptions(plan('xfs'), false), (err: unknown) =>
    err instanceof UsageError && /root filesystem is xfs, which needs root/.test(err.message) && /--rootfs ext4/.test(err.hint ?? ''));
  checkRootOnlyOptions(plan('xfs'), true);
  checkRootOnlyOptions(plan('ext4'), false);
  checkRootOnlyOptions(plan('btrfs'), false);
});
