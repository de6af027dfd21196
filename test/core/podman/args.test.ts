import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildArgs, createArgs, execArgs, exportArgs, importArgs, podmanArgv, removeContainerArgs, runArgs, stopArgs }
  from '../../../core/podman/args';

test('podmanArgv adds --connection before the subcommand when a connection is set', () => {
  assert.deepEqual(podmanArgv({}, 'images'), ['podman', 'images']);
  assert.deepEqual(podmanArgv({ connection: 'remote1' }, 'images'), ['podman', '--connection', 'remote1', 'images']);
});

test('buildArgs: file, tag, build args in order, iidfile, always removes intermediate containers, context last', () => {
  assert.deepEqual(buildArgs({
    containerfile: '/src/Containerfile', context: '/src', tag: 'localhost/x:1',
    buildArgs: { A: '1', B: 'two words' }, iidFile: '/tmp/iid', connection: 'c',
  }), ['podman', '--connection', 'c', 'build', '-f', '/src/Containerfile', '-t', 'localhost/x:1',
    '--build-arg', 'A=1', '--build-arg', 'B=two words', '--iidfile', '/tmp/iid', '--rm', '--force-rm', '/src']);
  assert.deepEqual(buildArgs({ containerfile: 'C', context: '.' }), ['podman', 'build', '-f', 'C', '--rm', '--force-rm', '.']);
});

test('runArgs: detached, kept until its logs are read (no --rm), ports published, /sbin/init as the command', () => {
  assert.deepEqual(runArgs({ image: 'img', name: 'n', ports: [{ host: 8080, guest: 80 }, { host: 2222, guest: 22 }] }),
    ['podman', 'run', '-d', '--name', 'n', '-p', '8080:80', '-p', '2222:22', 'img', '/sbin/init']);
});

test('exec, stop, rm, import, export, create argv', () => {
  assert.deepEqual(execArgs({}, 'n', ['systemctl', 'is-system-running']), ['podman', 'exec', 'n', 'systemctl', 'is-system-running']);
  assert.deepEqual(stopArgs({}, 'n'), ['podman', 'stop', '--time', '10', 'n']);
  assert.deepEqual(removeContainerArgs({ connection: 'r' }, 'n'), ['podman', '--connection', 'r', 'rm', '--force', '--ignore', 'n']);
  assert.deepEqual(importArgs({}, '/t.tar', 'img', ['LABEL a=1', 'CMD ["/sbin/init"]']),
    ['podman', 'import', '--change', 'LABEL a=1', '--change', 'CMD ["/sbin/init"]', '/t.tar', 'img']);
  assert.deepEqual(exportArgs({}, 'c'), ['podman', 'export', 'c']);
  assert.deepEqual(createArgs({}, 'img', 'c'), ['podman', 'create', '--name', 'c', 'img', '/sbin/init']);
});
