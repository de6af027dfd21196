// Image mode after the first boot, end to end on ONE VM (UEFI, the default; TCG): `bootable up` of the minimal
// example → state written in /var and /etc → a changed Containerfile → `bootable vm update` (new file under
// /usr/share, changed unit; /var and /etc kept; /proc/cmdline's ostree= resolves to the new deployment; status lists
// two deployments with the right digests) → `up` again = up to date, in place → `vm rollback` (old content, /var
// kept) → an update whose boot never gets ready (sshd masked) fails with the serial log and leaves the VM ready on
// the previous deployment.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { destroyTestDomains, root, sharedTempDir } from './vm-helpers';

const PREFIX = 'bootable-test-upd-';
const name = `${PREFIX}${randomBytes(3).toString('hex')}`;
const home = mkdtempSync(join(tmpdir(), 'bootable-test-upd-home-'));
const project = join(home, name);
const vmDir = sharedTempDir('bootable-test-upd-vms-');
const env = { ...process.env, BOOTABLE_VM_DIR: vmDir, BOOTABLE_SSH_DIR: join(home, 'ssh') };
const cli = (args: string[], timeoutMs: number) =>
  spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), ...args], { cwd: project, env, encoding: 'utf8', timeout: timeoutMs });
const image = `localhost/bootable/${name}:latest`;

function guest(command: string): string {
  const r = cli(['vm', 'ssh', name, '--', command], 180_000);
  assert.equal(r.status, 0, `${command}: ${r.stderr}`);
  return r.stdout;
}

function digestOf(ref: string): string {
  const r = spawnSync('podman', ['image', 'inspect', '--format', '{{.Digest}}', ref], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function status(): { deployments: { id: string; role: string; image?: { ref?: string; digest?: string; source: string } }[]; etcChanges: string[] } {
  const r = cli(['vm', 'status', name, '--json'], 300_000);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** The deployment directory /proc/cmdline's ostree= resolves to, as the guest sees it. */
const bootedDir = () => guest('readlink -f "$(sed -n "s/.*ostree=\\([^ ]*\\).*/\\1/p" /proc/cmdline)"').trim();

/**
 * Is `/` this deployment's directory (same device and inode, as ostree itself decides)? After a deployment change
 * made while booted (the failed update's undeploy), the cmdline's ostree= bootlink is gone until the next boot.
 */
const rootIsDeployment = (id: string) =>
  guest(`[ "$(stat -c %d:%i /)" = "$(stat -c %d:%i /sysroot/ostree/deploy/*/deploy/${id})" ] && echo yes || echo no`).trim();

let firstDigest = '';
let firstDeployment = '';
let updated = '';

before(() => {
  mkdirSync(project, { mode: 0o700 });
  chmodSync(home, 0o711);
  cpSync(join(root, 'examples/minimal'), project, { recursive: true });
  // A file from the disk config (customizations.files) is the machine's own /etc content: updates keep it.
  writeFileSync(join(project, 'config.toml'), [
    '[[customizations.files]]', 'path = "/etc/bootable-from-config.conf"', 'data = "from the disk config\\n"', 'mode = "0640"', '',
  ].join('\n'));
});

const configFile = () => guest('sudo -n stat -c "%a %U" /etc/bootable-from-config.conf && sudo -n cat /etc/bootable-from-config.conf');

after(async () => {
  cli(['vm', 'rm', name], 180_000);
  await destroyTestDomains(PREFIX);
  spawnSync('podman', ['rmi', '-f', image]);
  rmSync(home, { recursive: true, force: true });
  rmSync(vmDir, { recursive: true, force: true });
});

test('up, then state in /var and /etc', { timeout: 40 * 60_000 }, () => {
  const r = cli(['up', '--config', 'config.toml', '--timeout', '900', '--no-run-check', '--json'], 35 * 60_000);
  assert.equal(r.status, 0, `bootable up failed:\n${r.stderr}\n${r.stdout.slice(-2000)}`);
  firstDigest = digestOf(image);
  assert.equal(configFile(), '640 root\nfrom the disk config\n');
  guest('sudo -n sh -c "mkdir -p /var/lib/keep && echo kept > /var/lib/keep/data && echo local-edit >> /etc/motd"');
  const s = status();
  assert.equal(s.deployments.length, 1);
  assert.equal(s.deployments[0].role, 'booted');
  assert.equal(s.deployments[0].image?.digest, firstDigest, 'the disk\'s image, from the VM record');
  firstDeployment = s.deployments[0].id;
  assert.deepEqual(s.etcChanges.filter((c) => c.endsWith('motd')), ['M motd']);
});

test('vm update: new content, /var and /etc kept, booted from the new deployment', { timeout: 40 * 60_000 }, () => {
  appendFileSync(join(project, 'Containerfile'), 'RUN echo v2 > /usr/share/bootable-update-test\n');
  appendFileSync(join(project, 'hello.service'), '# changed by the update test\n');
  const t0 = Date.now();
  const r = cli(['vm', 'update', name, '--timeout', '900', '--json'], 35 * 60_000);
  assert.equal(r.status, 0, `vm update failed:\n${r.stderr}\n${r.stdout.slice(-3000)}`);
  const result = JSON.parse(r.stdout.trim().split('\n').pop()!);
  console.log(`# vm update: ${Math.round((Date.now() - t0) / 1000)} s, ${result.bytesMoved} bytes moved into the VM`);
  assert.equal(result.upToDate, false);
  assert.equal(result.path, 'ostree');
  assert.equal(result.previous.id, firstDeployment);
  updated = result.deployment.id;
  assert.notEqual(updated, firstDeployment);
  assert.ok(result.bytesMoved > 0 && result.bytesMoved < 20_000_000, `moved ${result.bytesMoved} bytes: only what the VM lacked`);

  assert.equal(guest('cat /usr/share/bootable-update-test'), 'v2\n');
  assert.match(guest('cat /usr/lib/systemd/system/hello.service'), /# changed by the update test/);
  assert.equal(guest('cat /var/lib/keep/data'), 'kept\n');
  assert.match(guest('cat /etc/motd'), /local-edit/);
  assert.equal(configFile(), '640 root\nfrom the disk config\n', 'the disk config\'s /etc file survives the update');
  assert.match(bootedDir(), new RegExp(`/ostree/deploy/[^/]+/deploy/${updated.replace('.', '\\.')}$`));

  const s = status();
  assert.deepEqual(s.deployments.map((d) => d.role), ['booted', 'rollback']);
  assert.equal(s.deployments[0].image?.digest, digestOf(image));
  assert.equal(s.deployments[0].image?.source, 'commit');
  assert.equal(s.deployments[1].image?.digest, firstDigest);
});

test('up on the same Containerfile updates in place: up to date, no reboot, state kept', { timeout: 20 * 60_000 }, () => {
  const bootId = guest('cat /proc/sys/kernel/random/boot_id');
  const r = cli(['up', '--no-run-check', '--json'], 15 * 60_000);
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(result.update?.upToDate, true, r.stdout.slice(-1000));
  assert.equal(guest('cat /proc/sys/kernel/random/boot_id'), bootId, 'no reboot');
  assert.equal(guest('cat /var/lib/keep/data'), 'kept\n');
});

test('vm rollback: the old content is back, /var kept; the update is the rollback now', { timeout: 30 * 60_000 }, () => {
  const r = cli(['vm', 'rollback', name, '--timeout', '900', '--json'], 25 * 60_000);
  assert.equal(r.status, 0, `vm rollback failed:\n${r.stderr}`);
  assert.equal(guest('cat /usr/share/bootable-update-test 2>/dev/null || echo absent'), 'absent\n');
  assert.equal(guest('cat /var/lib/keep/data'), 'kept\n');
  assert.match(bootedDir(), new RegExp(`/deploy/${firstDeployment.replace('.', '\\.')}$`));
  assert.deepEqual(status().deployments.map((d) => [d.id, d.role]), [[firstDeployment, 'booted'], [updated, 'rollback']]);
});

test('an update that never gets ready: fails with the serial log, the VM is ready on the previous deployment', { timeout: 40 * 60_000 }, () => {
  appendFileSync(join(project, 'Containerfile'), 'RUN systemctl mask ssh.service ssh.socket\n');
  // The new deployment never gets ready, whatever the timeout: a short one keeps CI short.
  const r = cli(['vm', 'update', name, '--timeout', '150'], 35 * 60_000);
  assert.equal(r.status, 1, `expected a failed update:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, /did not become ready within 150 s/);
  assert.match(r.stderr, /back on the previous deployment/);
  assert.match(r.stderr, /last serial console lines of the failed boot:\n {4}\| /);
  assert.equal(rootIsDeployment(firstDeployment), 'yes', 'booted from the previous deployment');
  assert.equal(guest('cat /var/lib/keep/data'), 'kept\n');
  const s = status();
  assert.equal(s.deployments[0].id, firstDeployment);
  assert.equal(s.deployments[0].role, 'booted');
  assert.ok(!s.deployments.some((d) => d.role === 'staged'), 'nothing half-staged remains');
});
