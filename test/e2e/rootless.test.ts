// Every step as a normal user: a dedicated unprivileged account (rootless-user.ts) with the base image moved from
// root's podman storage into its own (`podman save` | `podman load`, as docs/rootless.md says; never rebuilt here).
// As that user, with no sudo and no /usr/sbin on PATH: xfs is refused before any work; `bootable up` of
// examples/minimal (plus a setcap'd file) builds with rootless podman, makes the disk with the builder in its
// own user namespace and boots it in qemu:///session with user-mode networking; `vm ssh` logs in; the disk holds
// the image's owners, setuid bits and file capability (read with debugfs), while every host file is the user's.
// The container test-run is skipped: this machine has cgroup v1 without delegation, where systemd cannot run in a
// rootless container (`bootable run` says so; test/core/podman/run-exit.test.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, appendFileSync, rmSync, statSync, readdirSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { run } from '../../core/util/process';
import { asUser, bootableAsUser, importImage, prepareRootlessUser, type RootlessUser } from './rootless-user';
import { BASE_IMAGE } from '../../core/base/recipe';

const root = new URL('../..', import.meta.url).pathname;
const name = `bootable-test-rootless-${randomBytes(3).toString('hex')}`;
let user: RootlessUser;
let dir: string; // the user's project dir
let project: string;

before(async () => {
  user = await prepareRootlessUser();
  await importImage(user, BASE_IMAGE);
  dir = mkdtempSync('/var/tmp/bootable-test-rootless-');
  project = join(dir, 'minimal');
  cpSync(join(root, 'examples/minimal'), project, { recursive: true });
  appendFileSync(join(project, 'Containerfile'), '\n# a file capability the disk must keep\n'
    + 'RUN cp /usr/bin/true /usr/bin/bootable-captest && setcap cap_net_raw+ep /usr/bin/bootable-captest\n');
  await run(['chown', '-R', `${user.uid}:${user.gid}`, dir]);
});

after(async () => {
  if (user) {
    await bootableAsUser(user, ['vm', 'rm', name], { okExitCodes: [0, 1, 2] }).catch(() => undefined);
    await asUser(user, ['podman', 'rmi', '--ignore', 'localhost/bootable/minimal:latest'], { okExitCodes: [0, 1, 2, 125] }).catch(() => undefined);
  }
  // The builder's cache lives in the user's home, owned by the user: removed as the user.
  if (user) await asUser(user, ['rm', '-rf', join(user.home, '.cache/bootable/disks')]).catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('bootable doctor as the user: what setup prepared is ok; without XDG_RUNTIME_DIR it fails with the fix', async () => {
  const r = await bootableAsUser(user, ['doctor', '--json'], { okExitCodes: [0, 1] });
  const report = JSON.parse(r.stdout) as { uid: number; results: { id: string; status: string; detail: string; fix?: string }[] };
  assert.equal(report.uid, user.uid);
  const status = Object.fromEntries(report.results.map((x) => [x.id, x.status]));
  for (const id of ['tools', 'subids', 'runtime-dir', 'podman', 'tun', 'builder-userns', 'libvirt']) assert.equal(status[id], 'ok', `${id}: ${r.stdout}`);
  assert.equal(r.exitCode, 0, r.stdout);
  // As a session without logind: the same user, XDG_RUNTIME_DIR unset.
  const bare = await asUser({ ...user, env: user.env.filter((e) => !e.startsWith('XDG_RUNTIME_DIR=')) },
    [process.execPath, join(root, 'dist/cli.cjs'), 'doctor'], { okExitCodes: [0, 1] });
  assert.equal(bare.exitCode, 1, bare.stdout);
  assert.match(bare.stdout, /^FAIL {2}XDG_RUNTIME_DIR: XDG_RUNTIME_DIR is not set.*\n {6}fix: .*install -d -m 0700/m);
});

test('xfs is refused up front for a normal user, with the way out', async () => {
  const out = join(dir, 'xfs-out');
  const started = Date.now();
  const r = await bootableAsUser(user, ['disk', BASE_IMAGE, '--rootfs', 'xfs', '--output', out], { okExitCodes: [0, 1, 2] });
  assert.equal(r.exitCode, 2, r.stderr);
  assert.match(r.stderr, /root filesystem is xfs, which needs root/);
  assert.match(r.stderr, /--rootfs ext4/);
  // Before any slow step: no filesystem was made, nothing left in the output dir.
  assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms`);
  assert.deepEqual(readdirSync(out), []);
});

test('up as a normal user: build, disk in a user namespace, VM in qemu:///session, ssh', async () => {
  const started = Date.now();
  const r = await bootableAsUser(user, ['up', join(project, 'Containerfile'), '--name', name, '--no-run-check', '--timeout', '600'],
    { cwd: project, okExitCodes: [0, 1, 2] });
  assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr.split('\n').filter((l) => !l.startsWith('    |')).slice(-30).join('\n')}`);
  console.log(`rootless up: ${Math.round((Date.now() - started) / 1000)} s`);
  // The user's libvirt, not root's.
  const session = await asUser(user, ['virsh', '--connect', 'qemu:///session', 'list', '--name']);
  assert.match(session.stdout, new RegExp(`^${name}$`, 'm'));
  const system = await run(['virsh', '--connect', 'qemu:///system', 'list', '--all', '--name']);
  assert.doesNotMatch(system.stdout, new RegExp(`^${name}$`, 'm'));
  // One string: ssh hands it to the guest's shell.
  const ssh = await bootableAsUser(user, ['vm', 'ssh', name, '--', 'cat /etc/motd; id -u; test -u /usr/bin/sudo && echo setuid-ok'],
    { okExitCodes: [0, 1, 255] });
  assert.equal(ssh.exitCode, 0, ssh.stderr);
  assert.ok(ssh.stdout.includes(readFileSync(join(root, 'examples/minimal/motd'), 'utf8').trim()), ssh.stdout);
  assert.match(ssh.stdout, /^0$/m);
  assert.match(ssh.stdout, /^setuid-ok$/m);
});

test('the disk has the image\'s owners, setuid bits and file capability; the host files are the user\'s', async () => {
  const output = join(project, 'output');
  for (const p of [output, join(output, 'qcow2'), join(output, 'qcow2/disk.qcow2'), join(output, 'manifest-qcow2.json')]) {
    const st = lstatSync(p);
    assert.deepEqual([st.uid, st.gid], [user.uid, user.gid], p);
  }
  const manifest = JSON.parse(readFileSync(join(output, 'manifest-qcow2.json'), 'utf8'));
  const rootPart = manifest.disk.partitions.find((p: { name: string }) => p.name === 'root');
  const raw = join(dir, 'disk.raw');
  await run(['qemu-img', 'convert', '-O', 'raw', join(output, 'qcow2/disk.qcow2'), raw]);
  const fs = `${raw}?offset=${rootPart.startSector * 512}`;
  const debugfs = async (request: string) => (await run(['/usr/sbin/debugfs', '-R', request, fs])).stdout;
  const deployment = /([0-9a-f]{64}\.\d+)/.exec(await debugfs('ls /ostree/deploy/default/deploy'))?.[1];
  assert.ok(deployment, 'no ostree deployment on the root filesystem');
  const at = (p: string) => `/ostree/deploy/default/deploy/${deployment}${p}`;
  const stat = async (p: string) => {
    const s = await debugfs(`stat ${at(p)}`);
    return `${/Mode:\s+(\d+)/.exec(s)?.[1]} ${/User:\s+(\d+)\s+Group:\s+(\d+)/.exec(s)?.slice(1).join(':')}`;
  };
  assert.equal(await stat('/usr/bin/sudo'), '04755 0:0');
  assert.equal(await stat('/etc/shadow'), '0640 0:42');
  // security.capability v2 (no namespace root id: valid on any host), effective, permitted = CAP_NET_RAW (bit 13).
  const ea = await debugfs(`ea_list ${at('/usr/bin/bootable-captest')}`);
  assert.match(ea, /security\.capability \(20\) = 01 00 00 02 00 20 00 00 00 00 00 00 00 00 00 00 00 00 00 00/);
  assert.ok(statSync(raw).size > 0);
});
