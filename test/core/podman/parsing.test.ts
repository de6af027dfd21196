import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hintFor } from '../../../core/podman/exec';
import { exposedPorts, parseImageInspect } from '../../../core/podman/inspect';
import { defaultName, parseFailedUnits, systemState } from '../../../core/podman/run';
import { parsePort } from '../../../core/cli/commands/run';
import { keyValues } from '../../../core/cli/args';
import { UsageError } from '../../../core/errors';

test('hintFor turns known podman failures into what to do', () => {
  assert.match(hintFor('Error: crun: cgroups in hybrid mode not supported')!, /runc/);
  assert.match(hintFor('error setting rlimit type 7: operation not permitted')!, /default_ulimits/);
  assert.match(hintFor('Error: x: image not known')!, /bootable build/);
  assert.match(hintFor('pinging container registry localhost: connection refused')!, /podman images/);
  assert.equal(hintFor('something new'), undefined);
});

test('image inspect: labels, EXPOSEd TCP ports, layers', () => {
  const info = parseImageInspect(JSON.stringify([{
    Id: 'abc', Size: 12, Config: { Labels: { 'containers.bootc': '1' }, ExposedPorts: { '80/tcp': {}, '53/udp': {}, '8443': {} } },
    RootFS: { Layers: ['sha256:1', 'sha256:2'] },
  }]));
  assert.deepEqual(info.labels, { 'containers.bootc': '1' });
  assert.deepEqual(info.exposedPorts, [80, 8443]);
  assert.deepEqual(info.layers, ['sha256:1', 'sha256:2']);
  assert.deepEqual(exposedPorts({}), []);
  assert.deepEqual(parseImageInspect(JSON.stringify([{ Id: 'x', Config: { Labels: null, ExposedPorts: null } }])).labels, {});
});

test('systemState and failed units', () => {
  assert.equal(systemState('running\n'), 'running');
  assert.equal(systemState('degraded'), 'degraded');
  assert.equal(systemState('starting'), undefined);
  assert.equal(systemState('maintenance'), 'failed');
  assert.equal(systemState(''), undefined);
  assert.deepEqual(parseFailedUnits('● mariadb.service loaded failed failed MariaDB\nsystemd-remount-fs.service loaded failed failed Remount\n'),
    ['mariadb.service', 'systemd-remount-fs.service']);
  assert.deepEqual(parseFailedUnits(''), []);
});

test('defaultName is a valid, prefixed container name', () => {
  assert.match(defaultName('localhost/bootable/lamp:latest'), /^bootable-lamp-[0-9a-f]{6}$/);
  assert.match(defaultName('quay.io/x/y@sha256:abc'), /^bootable-y-[0-9a-f]{6}$/);
});

test('CLI parsing: -p HOST:GUEST and --build-arg KEY=VALUE', () => {
  assert.deepEqual(parsePort('8080:80'), { host: 8080, guest: 80 });
  assert.throws(() => parsePort('80'), UsageError);
  assert.throws(() => parsePort('70000:80'), UsageError);
  assert.deepEqual(keyValues('build-arg', ['A=1', 'B=x=y', 'C=']), { A: '1', B: 'x=y', C: '' });
  assert.throws(() => keyValues('build-arg', ['=1']), UsageError);
  assert.throws(() => keyValues('build-arg', ['NOVALUE']), UsageError);
});
