import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKS, formatReport, judgeCgroups, judgeRuntimeDir, judgeStorageDriver, judgeSubIds, judgeTools, runDoctor } from '../../../core/doctor/checks';

test('judges: each problem names the command that fixes it', () => {
  assert.equal(judgeStorageDriver('overlay').status, 'ok');
  const vfs = judgeStorageDriver('vfs');
  assert.equal(vfs.status, 'warn');
  assert.match(vfs.fix!, /driver = "overlay".*storage\.conf.*podman system reset/);
  assert.deepEqual(judgeTools(['sgdisk', 'mkfs.vfat', 'ssh', 'ssh-keygen']).fix, 'sudo apt-get install gdisk dosfstools openssh-client');
  assert.equal(judgeTools([]).status, 'ok');
  assert.equal(judgeCgroups('v1', [], true).status, 'ok');
  assert.match(judgeCgroups('v1', [], false).fix!, /systemd\.unified_cgroup_hierarchy=1/);
  assert.match(judgeCgroups('v2', ['cpu'], false).fix!, /Delegate=/);
  assert.equal(judgeCgroups('v2', ['cpu', 'memory', 'pids'], false).status, 'ok');
  assert.equal(judgeRuntimeDir(undefined, undefined, 1000).status, 'fail');
  assert.match(judgeRuntimeDir('/run/user/1000', { uid: 0, mode: 0o40755 }, 1000).detail, /not yours alone/);
  assert.equal(judgeRuntimeDir('/run/user/1000', { uid: 1000, mode: 0o40700 }, 1000).status, 'ok');
  assert.equal(judgeSubIds('ann', 1000, 'ann:100000:65536\n', '1000:100000:65536\n').status, 'ok');
  const none = judgeSubIds('ann', 1000, 'bob:100000:65536\n', 'ann:100000:1000\n');
  assert.match(none.detail, /\/etc\/subuid and \/etc\/subgid/);
  assert.match(none.fix!, /usermod --add-subuids .* ann/);
});

test('the real machine: every check answers, and a vfs store is caught (podman reads the storage.conf given)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-test-doctor-'));
  try {
    // A storage.conf like a fresh rootless store's default: vfs. Its own root, so nothing of the real store is touched.
    const conf = join(dir, 'storage.conf');
    writeFileSync(conf, `[storage]\ndriver = "vfs"\nrunroot = "${dir}/run"\ngraphroot = "${dir}/graph"\n`);
    const report = await runDoctor({ env: { ...process.env, CONTAINERS_STORAGE_CONF: conf } });
    assert.deepEqual(report.results.map((r) => r.id), CHECKS.map((c) => c.id));
    const byId = new Map(report.results.map((r) => [r.id, r]));
    assert.equal(byId.get('podman')!.status, 'warn', JSON.stringify(byId.get('podman')));
    assert.match(byId.get('podman')!.detail, /^vfs/);
    // setup installs every tool (the sbin ones are found off PATH too).
    assert.equal(byId.get('tools')!.status, 'ok', byId.get('tools')!.detail);
    assert.ok(report.results.every((r) => !/internal error/.test(r.detail)), formatReport(report));
    assert.match(formatReport(report), /^WARN {2}podman storage driver: vfs.*\n {6}fix: /m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('only the checks a kind of work needs; a libvirt URI that does not answer fails the libvirt check (CLI --uri too)', async () => {
  const vm = await runDoctor({ only: ['vm'], libvirtUri: 'qemu:///nonexistent' });
  assert.deepEqual(vm.results.map((r) => r.id), CHECKS.filter((c) => c.needs.includes('vm')).map((c) => c.id));
  assert.ok(!vm.results.some((r) => r.id === 'podman' || r.id === 'cgroups'), 'no podman checks for VM work');
  const libvirt = vm.results.find((r) => r.id === 'libvirt')!;
  assert.equal(libvirt.status, 'fail');
  assert.match(libvirt.detail, /^qemu:\/\/\/nonexistent does not answer/);
  const podmanOnly = await runDoctor({ only: ['podman'] });
  assert.ok(!podmanOnly.results.some((r) => r.id === 'libvirt'), 'no libvirt check for podman work');

  const root = process.env.BOOTABLE_ROOT ?? join(import.meta.dirname, '../../..');
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'doctor', '--uri', 'qemu:///nonexistent'], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /FAIL {2}libvirt: qemu:\/\/\/nonexistent does not answer/);
  assert.equal(spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'doctor', '--uri'], { encoding: 'utf8' }).status, 2);
});
