// `bootable up` end to end, as the README's main command runs it: the minimal example goes through lint,
// podman build, the /sbin/init test-run, the embedded disk builder and a libvirt boot to ready; then an ssh
// login with the configured key proves the config reached the disk, and `vm rm` leaves the disk in place.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { destroyTestDomains, makeSshKey, root, sharedTempDir } from './vm-helpers';

const PREFIX = 'bootable-test-up-';
const name = `${PREFIX}${randomBytes(3).toString('hex')}`;
const dir = sharedTempDir('bootable-test-up-');
const env = { ...process.env, BOOTABLE_VM_DIR: join(dir, 'vms') };
const cli = (args: string[], timeoutMs: number) =>
  spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), ...args], { cwd: root, env, encoding: 'utf8', timeout: timeoutMs });

after(async () => {
  cli(['vm', 'rm', name], 120_000);
  await destroyTestDomains(PREFIX);
  rmSync(dir, { recursive: true, force: true });
});

test('bootable up: Containerfile to a ready VM, ssh login as the configured user', { timeout: 40 * 60_000 }, async () => {
  const { key, pub } = await makeSshKey(dir);
  const config = join(dir, 'config.toml');
  writeFileSync(config, `[[customizations.user]]\nname = "cloud-user"\nkey = "${pub}"\ngroups = ["sudo"]\n`);
  const output = join(dir, 'output');

  const r = cli(['up', 'examples/minimal/Containerfile', '--config', config, '--output', output, '--name', name,
    '--network', 'user', '--timeout', '900', '--json'], 35 * 60_000);
  assert.equal(r.status, 0, `bootable up failed:\n${r.stderr}\n${r.stdout.slice(-2000)}`);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const progress = lines.filter((l) => l.type === 'progress');
  const stagesSeen = [...new Set(progress.map((p) => String(p.id).split('/')[0]))];
  assert.deepEqual(stagesSeen, ['lint', 'build', 'run-check', 'disk', 'boot'], 'every stage reports progress, in order');
  assert.ok(progress.every((p, i) => i === 0 || p.fraction >= progress[i - 1].fraction), 'one monotonic progress scale');
  const result = lines.find((l) => l.type === 'result');
  assert.equal(result.vm.state, 'ready');
  assert.ok(existsSync(result.disk), 'the disk is in the output directory');

  const ssh = cli(['vm', 'ssh', name, '-i', key, '--', 'id -un; cat /proc/cmdline'], 120_000);
  assert.equal(ssh.status, 0, ssh.stderr);
  assert.match(ssh.stdout, /^cloud-user$/m);
  assert.match(ssh.stdout, /ostree=/);

  const rm = cli(['vm', 'rm', name], 120_000);
  assert.equal(rm.status, 0, rm.stderr);
  assert.ok(existsSync(result.disk), 'vm rm keeps the built disk');
});
