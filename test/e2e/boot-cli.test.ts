// `bootable boot DISK` through the CLI against libvirt: the minimal example built (random tag), `bootable disk` with
// a config of kernel arguments only (the disk gets bootable's default key for root, in this test's own key dir), then `bootable boot` to ready, a login with
// `bootable vm ssh`, the disk left unchanged (the VM runs on an overlay), and `vm rm` leaving nothing. Everything
// (VM, image, files) is removed in after(), also when a step failed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { destroyTestDomains, nothingLeft, root, sha256, sharedTempDir } from './vm-helpers';

const PREFIX = 'bootable-test-boot-';
const id = randomBytes(3).toString('hex');
const name = `${PREFIX}${id}`;
const image = `localhost/${PREFIX}${id}:e2e`;
const dir = sharedTempDir(PREFIX);
const vmDir = join(dir, 'vms');
const env = { ...process.env, BOOTABLE_VM_DIR: vmDir, BOOTABLE_SSH_DIR: join(dir, 'ssh'), BOOTABLE_CACHE_DIR: join(dir, 'cache') };
const cli = (args: string[], timeoutMs = 10 * 60_000) =>
  spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), ...args], { cwd: dir, env, encoding: 'utf8', timeout: timeoutMs });
const ok = (r: ReturnType<typeof cli>, what: string) => assert.equal(r.status, 0, `${what} failed (${r.status}):\n${r.stderr}\n${r.stdout.slice(-2000)}`);

let disk = '';
let diskSum = '';

before(() => {
  ok(cli(['build', join(root, 'examples/minimal/Containerfile'), '-t', image, '--quiet'], 20 * 60_000), 'bootable build');
  const output = join(dir, 'output');
  // A config with kernel arguments only: it names no user, so the disk still gets bootable's default key. The
  // longer device timeout keeps a TCG guest on a loaded 2-core machine out of emergency mode (systemd's 90 s
  // default expired there while udev was still coldplugging /boot).
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ blueprint: { customizations: { kernel: { append: 'systemd.default_device_timeout_sec=600' } } } }));
  ok(cli(['disk', image, '--config', config, '--output', output, '--json'], 30 * 60_000), 'bootable disk');
  disk = join(output, 'qcow2', 'disk.qcow2');
  assert.ok(existsSync(disk), `${disk} missing`);
  // qemu (libvirt-qemu) must reach the disk: the output directories are made 0700-free like a user's would be.
  for (const d of [output, join(output, 'qcow2')]) chmodSync(d, 0o711);
  diskSum = sha256(disk);
});

after(async () => {
  cli(['vm', 'rm', name], 180_000);
  await destroyTestDomains(PREFIX);
  spawnSync('podman', ['rmi', '--force', '--ignore', image], { encoding: 'utf8', timeout: 120_000 });
  rmSync(dir, { recursive: true, force: true });
});

test('bootable boot DISK boots it to ready (ssh answers) and the default key logs in as root', { timeout: 20 * 60_000 }, () => {
  const r = cli(['boot', disk, '--name', name, '--timeout', '900', '--json'], 18 * 60_000);
  ok(r, 'bootable boot');
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
  const result = (lines.find((l) => l.type === 'result') as { vm: { name: string; state: string; address?: string } } | undefined)?.vm;
  assert.ok(result, `no result line:\n${r.stdout.slice(-2000)}`);
  assert.equal(result.name, name);
  assert.equal(result.state, 'ready');
  assert.equal(result.address, '127.0.0.1', 'user-mode networking, forwards on 127.0.0.1');
  const virsh = spawnSync('virsh', ['-c', 'qemu:///system', 'domstate', name], { encoding: 'utf8' });
  assert.equal(virsh.stdout.trim(), 'running');
  // A booted bootc guest: logged in as root with the default key, the ostree deployment mounted at /sysroot.
  const ssh = cli(['vm', 'ssh', name, '--', 'id -un; test -d /sysroot/ostree/deploy && echo deployed'], 120_000);
  ok(ssh, 'vm ssh');
  assert.equal(ssh.stdout, 'root\ndeployed\n');
});

test('the booted disk is unchanged, and vm rm leaves nothing of the VM', { timeout: 5 * 60_000 }, async () => {
  assert.equal(sha256(disk), diskSum, 'boot wrote to the disk (it must run on an overlay)');
  ok(cli(['vm', 'rm', name], 180_000), 'vm rm');
  assert.ok(await nothingLeft(name, vmDir), 'a domain or a state directory is left');
  assert.ok(existsSync(disk), 'vm rm removed the disk');
});
