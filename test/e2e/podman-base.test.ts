// The local bootc base image (built by `npm run setup` / `bootable base`): its content follows bootc's
// conventions, it boots with /sbin/init, and `bootable base` is idempotent.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runPodman } from '../../core/podman/exec';
import { inspectImage } from '../../core/podman/inspect';
import { runContainer, stopContainer } from '../../core/podman/run';
import { BASE_IMAGE, PACKAGES, baseFiles } from '../../core/base/recipe';

const root = process.env.BOOTABLE_ROOT ?? process.cwd();
const name = `bootable-test-base-${randomBytes(3).toString('hex')}`;

after(async () => { await runPodman(['podman', 'rm', '--force', '--ignore', name]); });

const sh = async (script: string) =>
  (await runPodman(['podman', 'run', '--rm', '--entrypoint', '/bin/sh', BASE_IMAGE, '-c', script])).stdout.trim();

test('bootable base is idempotent: exits 0 at once when the image exists', () => {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'base'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /localhost\/bootable\/debian-bootc:12 is up to date/);
  assert.ok(Date.now() - t0 < 30_000);
});

test('image config: bootc labels and /sbin/init', async () => {
  const info = await inspectImage(BASE_IMAGE);
  assert.equal(info.labels['containers.bootc'], '1');
  assert.equal(info.labels['ostree.bootable'], '1');
  const cmd = (await runPodman(['podman', 'image', 'inspect', '--format', '{{json .Config.Cmd}}', BASE_IMAGE])).stdout.trim();
  assert.equal(cmd, '["/sbin/init"]');
});

test('filesystem: one kernel with an ostree initramfs in /usr/lib/modules, empty /boot, bootc layout', async () => {
  const out = await sh([
    'cd /usr/lib/modules && ls',
    'ls /boot | wc -l',
    'test -s /usr/lib/modules/*/vmlinuz && echo vmlinuz-ok',
    'test -s /usr/lib/modules/*/initramfs.img && echo initramfs-ok',
    'readlink /ostree', 'test -d /sysroot && echo sysroot-ok',
    'ls /etc/ssh/ssh_host_* 2>/dev/null | wc -l',
    'wc -c < /etc/machine-id',
    'cat /usr/lib/bootc/install/00-bootable.toml',
    'cat /etc/systemd/network/20-wired.network | grep -c DHCP=yes',
    'readlink /var/run',
  ].join('; '));
  const lines = out.split('\n');
  assert.equal(lines.length, 12, out);
  assert.match(lines[0]!, /^\d+\.\d+\.\d+-\d+-amd64$/, 'exactly one kernel version');
  assert.deepEqual(lines.slice(1), ['0', 'vmlinuz-ok', 'initramfs-ok', 'sysroot/ostree', 'sysroot-ok', '0', '0',
    '[install.filesystem.root]', 'type = "ext4"', '1', '/run'].map(String));
});

test("the recipe's packages are installed", async () => {
  const { stdout } = await runPodman(['podman', 'run', '--rm', '--network=none', '--entrypoint', 'dpkg-query', BASE_IMAGE,
    '-W', '-f=${Package} ${db:Status-Status}\n', ...PACKAGES]);
  assert.deepEqual(stdout.trim().split('\n').sort(), PACKAGES.map((p) => `${p} installed`).sort());
});

test("the recipe's files are in the image as written (content and mode)", async () => {
  // Not /etc/hostname and /etc/hosts: podman bind-mounts its own over them in every container.
  const files = baseFiles().filter((f) => f.path !== 'etc/hostname' && f.path !== 'etc/hosts');
  const { stdout } = await runPodman(['podman', 'run', '--rm', '--network=none', '--entrypoint', '/bin/sh', BASE_IMAGE, '-c',
    'for f; do stat -c %a "/$f"; cat "/$f"; echo @@; done', 'sh', ...files.map((f) => f.path)]);
  assert.equal(stdout.trimEnd(), files.map((f) => `${f.mode.toString(8)}\n${f.content}@@`).join('\n'));
});

test('users the packages created are declared in sysusers.d (no sysusers findings on the base)', async () => {
  const out = await sh('cat /usr/lib/sysusers.d/bootable-base.conf');
  assert.match(out, /^u sshd \d+:\d+ /m);
  const { lintImage } = await import('../../core/lint/image/index');
  const findings = await lintImage(BASE_IMAGE);
  assert.deepEqual(findings.filter((f) => f.severity === 'error' || f.ruleId === 'sysusers'), []);
});

test('the initramfs contains ostree-prepare-root (so ostree deployments boot)', async () => {
  const out = await sh('lsinitrd /usr/lib/modules/*/initramfs.img | grep -c ostree-prepare-root');
  assert.ok(Number(out) >= 1, out);
});

test('boots with /sbin/init: systemd running, no failed units, SSH host keys made at first boot', async () => {
  const r = await runContainer({ image: BASE_IMAGE, name, ports: [] });
  assert.equal(r.state, 'running');
  assert.deepEqual(r.failedUnits, []);
  // One host key, ed25519, made at first boot (the image has none: each machine gets its own).
  const keys = await runPodman(['podman', 'exec', name, 'sh', '-c', 'ls /etc/ssh/ssh_host_*_key']);
  assert.equal(keys.stdout.trim(), '/etc/ssh/ssh_host_ed25519_key');
  const sshd = await runPodman(['podman', 'exec', name, 'systemctl', 'is-active', 'ssh'], { okExitCodes: [0, 3] });
  assert.equal(sshd.stdout.trim(), 'active');
  await stopContainer(name);
});
