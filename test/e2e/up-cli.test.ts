// `bootable up` end to end, as a newcomer runs it: the minimal example copied into a project directory nobody
// else may enter (0700, like a home directory), no config, as root with qemu:///system. It must go through lint,
// build, the /sbin/init test-run, the disk and a boot to ready; then `bootable vm ssh NAME` logs in with
// bootable's default key, `sudo` is quiet and the hostname is the VM's name; nothing under the project changed
// owner or mode (libvirt's relabelling included); another project cannot take the VM's name; `vm rm` cleans up.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { destroyTestDomains, nothingLeft, root, sharedTempDir } from './vm-helpers';
import { defaultImageTag } from '../../core/names';

const PREFIX = 'bootable-test-up-';
const name = `${PREFIX}${randomBytes(3).toString('hex')}`;
const home = mkdtempSync(join(tmpdir(), 'bootable-test-home-')); // 0700, as mkdtemp makes it
const project = join(home, name); // the directory name is the VM name
const vmDir = sharedTempDir('bootable-test-up-vms-');
const env = { ...process.env, BOOTABLE_VM_DIR: vmDir, BOOTABLE_SSH_DIR: join(home, 'ssh') };
const cli = (args: string[], timeoutMs: number, cwd = project) =>
  spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), ...args], { cwd, env, encoding: 'utf8', timeout: timeoutMs });

/** path → "mode uid:gid" of everything under dir (symlinks not followed). */
function modes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (p: string) => {
    const st = lstatSync(p);
    out.set(p, `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`);
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
  };
  walk(dir);
  return out;
}

let before0: Map<string, string>;

before(() => {
  mkdirSync(project, { mode: 0o700 });
  chmodSync(project, 0o700);
  cpSync(join(root, 'examples/minimal'), project, { recursive: true });
  before0 = modes(home);
});

after(async () => {
  cli(['vm', 'rm', name], 120_000);
  await destroyTestDomains(PREFIX);
  rmSync(home, { recursive: true, force: true });
  rmSync(vmDir, { recursive: true, force: true });
  // The image `up` built, under the project's default tag.
  spawnSync('podman', ['rmi', '--ignore', defaultImageTag(join(project, 'Containerfile'))], { encoding: 'utf8', timeout: 120_000 });
});

test('bootable --version prints the package version', () => {
  const r = cli(['--version'], 30_000, root);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}\n`);
});

test('bootable up in a 0700 project without a config: a VM you can log into, named after the project', { timeout: 40 * 60_000 }, async () => {
  const r = cli(['up', '--timeout', '900', '--json'], 35 * 60_000);
  assert.equal(r.status, 0, `bootable up failed:\n${r.stderr}\n${r.stdout.slice(-2000)}`);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const progress = lines.filter((l) => l.type === 'progress');
  const stagesSeen = [...new Set(progress.map((p) => String(p.id).split('/')[0]))];
  assert.deepEqual(stagesSeen, ['lint', 'build', 'run-check', 'disk', 'boot'], 'every stage reports progress, in order');
  assert.ok(progress.every((p, i) => i === 0 || p.fraction >= progress[i - 1].fraction), 'one monotonic progress scale');
  const result = lines.find((l) => l.type === 'result');
  assert.equal(result.vm.name, name);
  assert.equal(result.vm.state, 'ready');
  assert.equal(result.vm.network, 'user', 'user-mode networking by default');
  assert.equal(result.vm.address, '127.0.0.1');
  assert.equal(result.vm.sshUser, 'root');
  assert.equal(result.vm.sshIdentity, join(home, 'ssh', 'id_ed25519'));
  assert.equal(lstatSync(join(home, 'ssh', 'id_ed25519')).mode & 0o777, 0o600);
  assert.ok(result.disk.startsWith(join(project, 'output') + '/'), result.disk);
  // The key went into the disk only: the image in podman's storage has no authorized_keys and no trace of the key.
  const pub = readFileSync(join(home, 'ssh', 'id_ed25519.pub'), 'utf8').split(' ')[1];
  const inImage = spawnSync('podman', ['run', '--rm', '--network=none', '--entrypoint', '/bin/sh', result.image, '-c',
    `ls /root/.ssh/authorized_keys /var/roothome/.ssh/authorized_keys 2>/dev/null; grep -rls -- '${pub}' /etc /root /var/roothome 2>/dev/null; true`], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(inImage.status, 0, inImage.stderr);
  assert.equal(inImage.stdout, '', 'no ssh key in the image');

  // While the VM runs: the project (and the disk in it) keeps its owner and mode; qemu reads the VM's own base.
  const running = modes(home);
  for (const [path, mode] of before0) assert.equal(running.get(path), mode, `${path} changed`);
  const uid = process.getuid!();
  for (const [path, mode] of running) assert.match(mode, new RegExp(` ${uid}:`), `${path} is no longer ours: ${mode}`);
  assert.equal(lstatSync(project).mode & 0o777, 0o700);

  const ssh = cli(['vm', 'ssh', name, '--', 'sudo -n true && hostname'], 120_000);
  assert.equal(ssh.status, 0, ssh.stderr);
  assert.equal(ssh.stdout, `${name}\n`);
  assert.equal(ssh.stderr, '', 'sudo resolves the hostname: no "unable to resolve host"');

  // Where the guest's boot time went (issue 18), for the record: printed, not asserted.
  const analyze = cli(['vm', 'ssh', name, '--', 'systemd-analyze; systemd-analyze critical-chain ssh.service; systemd-analyze blame | head -12'], 300_000);
  for (const line of `${analyze.stdout}${analyze.stderr}`.trimEnd().split('\n')) console.log(`# guest: ${line}`);
});

test('another project cannot take the name: refused at once, before any build', { timeout: 5 * 60_000 }, () => {
  const other = join(home, 'other');
  mkdirSync(other, { mode: 0o700 });
  cpSync(join(root, 'examples/minimal'), other, { recursive: true });
  const t0 = Date.now();
  const r = cli(['up', '--name', name], 120_000, other);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`a VM named ${name} already exists, made by \`bootable up\` of ${project}/Containerfile`));
  assert.match(r.stderr, /--name/);
  assert.equal(existsSync(join(other, 'output')), false, 'nothing was built');
  assert.ok(Date.now() - t0 < 60_000, `took ${Date.now() - t0} ms`);
});

test('vm rm removes the VM and leaves the project as it was', { timeout: 5 * 60_000 }, async () => {
  const rm = cli(['vm', 'rm', name], 120_000);
  assert.equal(rm.status, 0, rm.stderr);
  assert.ok(await nothingLeft(name, vmDir));
  const now = modes(home);
  for (const [path, mode] of before0) assert.equal(now.get(path), mode, `${path} changed`);
});
