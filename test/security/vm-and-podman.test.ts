// Disk files, manifests and build arguments from a repository are hostile (issue 11, items 4, 9, 12): a user name
// cannot become an ssh option, a qcow2 cannot chain to host files, a build-arg value never reaches a log or an
// error, and leftover cleanup never matches a container without an image id.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sshArgv } from '../../core/vm/ssh';
import { findDiskManifest } from '../../core/vm/disk-manifest';
import { checkDiskChain } from '../../core/vm/disk';
import { ourLeftovers } from '../../core/podman/leftovers';
import { buildArgs, redactArgv } from '../../core/podman/args';
import { runPodman } from '../../core/podman/exec';
import { run } from '../../core/util/process';
import { UsageError } from '../../core/errors';
import type { VmStatus } from '../../core/vm/types';

const base = mkdtempSync(join(tmpdir(), 'bootable-test-security-'));
after(() => rmSync(base, { recursive: true, force: true }));

const status = {
  name: 'x', state: 'ready', endpoints: [{ guestPort: 22, host: '127.0.0.1', port: 40022 }],
} as unknown as VmStatus;

test('ssh: a manifest user "-oProxyCommand=…" is dropped; a bad name is refused; the host comes after --', async () => {
  const dir = join(base, 'manifest');
  mkdirSync(join(dir, 'qcow2'), { recursive: true });
  writeFileSync(join(dir, 'qcow2/disk.qcow2'), '');
  const evil = `-oProxyCommand=touch ${join(base, 'pwned')} #`;
  writeFileSync(join(dir, 'manifest-qcow2.json'), JSON.stringify({
    users: [{ name: evil, keys: ['k'] }, { name: 'a@b' }, { name: 'cloud-user', keys: ['k'] }], outputs: [{ path: 'qcow2/disk.qcow2' }],
  }));
  const m = await findDiskManifest(join(dir, 'qcow2/disk.qcow2'));
  assert.deepEqual(m?.users, [{ name: 'cloud-user', hasKeys: true }]);
  assert.throws(() => sshArgv({ ...status, sshUser: evil }), (e: unknown) => e instanceof UsageError && /not a valid user name/.test(e.message));
  assert.throws(() => sshArgv(status, { user: '-F/tmp/x' }), UsageError);
  const argv = sshArgv({ ...status, sshUser: 'cloud-user' }, { extra: ['-oX=y'] });
  assert.deepEqual(argv.slice(0, 3), ['ssh', '-l', 'cloud-user']);
  assert.ok(!argv.some((a) => a.includes('@')), 'never USER@HOST');
  assert.deepEqual(argv.slice(argv.indexOf('--')), ['--', '127.0.0.1', '-oX=y']);
});

test('qcow2 backing files: outside the disk\'s directory, through a link, a protocol or an external data file → refused', async () => {
  const dir = join(base, 'disks');
  const repo = join(dir, 'repo');
  mkdirSync(repo, { recursive: true });
  const hostFile = join(dir, 'host-secret');
  writeFileSync(hostFile, 'secret');
  const img = (name: string, ...opts: string[]) => run(['qemu-img', 'create', '-q', '-f', 'qcow2', ...opts, join(repo, name), '1M']);
  await img('outside.qcow2', '-b', hostFile, '-F', 'raw');
  await img('relative-out.qcow2', '-b', '../host-secret', '-F', 'raw');
  symlinkSync(hostFile, join(repo, 'base.raw'));
  await img('via-link.qcow2', '-b', 'base.raw', '-F', 'raw');
  await img('data-file.qcow2', '-o', `data_file=${hostFile},data_file_raw=on`);
  for (const name of ['outside.qcow2', 'relative-out.qcow2', 'via-link.qcow2', 'data-file.qcow2']) {
    await assert.rejects(checkDiskChain(join(repo, name)), (e: unknown) => e instanceof UsageError && e.exitCode === 2
      && /(backing file outside its own directory|external data file).*refused/.test(e.message) && /--allow-backing-file/.test(e.hint ?? ''), name);
  }
  // Inside its own directory, or no backing file: fine; and the flag allows everything.
  await run(['qemu-img', 'create', '-q', '-f', 'qcow2', join(repo, 'base.qcow2'), '1M']);
  await img('inside.qcow2', '-b', 'base.qcow2', '-F', 'qcow2');
  await checkDiskChain(join(repo, 'inside.qcow2'));
  await checkDiskChain(join(repo, 'base.qcow2'));
  await checkDiskChain(join(repo, 'outside.qcow2'), true);
});

test('leftovers: a container without an image id never matches (was id.startsWith(""))', () => {
  const c = { id: 'c1', imageId: '', names: [], created: 200, external: true };
  assert.deepEqual(ourLeftovers([c], new Set(), 100, ['a'.repeat(64)]), []);
  const ours = { ...c, id: 'c2', imageId: 'a'.repeat(64) };
  assert.deepEqual(ourLeftovers([c, ours], new Set(), 100, ['a'.repeat(12)]), [ours]);
});

test('build-arg values and --secret never appear in logs or errors of podman commands', async () => {
  const argv = buildArgs({ containerfile: '/nonexistent/Containerfile', context: '/nonexistent', buildArgs: { TOKEN: 's3cret-value' } });
  assert.deepEqual(redactArgv(['podman', 'build', '--build-arg', 'A=1', '--build-arg=B=2', '--secret', 'id=x,src=/k', '--secret=id=y', 'NOEQ']),
    ['podman', 'build', '--build-arg', 'A=<redacted>', '--build-arg=B=<redacted>', '--secret', '<redacted>', '--secret=<redacted>', 'NOEQ']);
  const log = join(base, 'podman.log');
  await assert.rejects(runPodman([...argv.slice(0, -1), '--secret', 'id=k,src=/root/s3cret-file', argv[argv.length - 1]], { logFile: log }), (e: unknown) => {
    const err = e as Error & { cause?: { argv?: string[] } };
    assert.ok(!err.message.includes('s3cret'), err.message);
    assert.match(err.message, /--build-arg 'TOKEN=<redacted>'/);
    assert.ok(!JSON.stringify(err.cause?.argv ?? []).includes('s3cret'));
    return true;
  });
  const text = readFileSync(log, 'utf8');
  assert.match(text, /^\$ podman build .*'TOKEN=<redacted>'/m);
  assert.ok(!text.includes('s3cret'), 'the log has no secret');
});
