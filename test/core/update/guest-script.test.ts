// The guest script (core/update/guest-script.ts) run on the host against a real ostree sysroot with two deployments
// (the host's ostree 2022.7, the guest's version): status, the bootloader sync in trial and confirm mode (grub.cfg,
// grubenv, ESP entries and kernels, the LoaderEntryOneShot bytes), set-default (ostree's own order changes) and
// undeploy. The same script runs in the VMs of test/e2e/vm-update.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GUEST_SCRIPT, ONESHOT_EFIVAR } from '../../../core/update/guest-script';
import { parseGuestStatus } from '../../../core/update/deployments';
import { commitArgs, commitMetadataArgs, UPDATE_BRANCH } from '../../../core/update/host-repo';
import { serveRepo } from '../../../core/update/serve';
import { run } from '../../../core/util/process';
import { randomBytes } from 'node:crypto';

const dir = mkdtempSync(join(tmpdir(), 'bootable-test-guest-script-'));
const sr = join(dir, 'sysroot');
const repo = join(sr, 'ostree/repo');
const env: NodeJS.ProcessEnv = {
  ...process.env, BOOTABLE_BOOT: join(sr, 'boot'), BOOTABLE_SYSROOT: sr, BOOTABLE_EFIVARS: join(dir, 'efivars'),
  BOOTABLE_CMDLINE: join(dir, 'cmdline'),
};

function sh(...args: string[]): string {
  const r = spawnSync('sh', ['-s', '--', ...args], { input: GUEST_SCRIPT, env, encoding: 'utf8' });
  assert.equal(r.status, 0, `guest script ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

function ostree(...args: string[]): string {
  const r = spawnSync('ostree', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `ostree ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** 2 MB every tree shares: an update must not move it again. */
const big = randomBytes(2 * 1024 * 1024);

function tree(name: string, extra: string): string {
  const t = join(dir, name);
  mkdirSync(join(t, 'usr/lib/modules/6.1.0-t'), { recursive: true });
  mkdirSync(join(t, 'usr/etc'), { recursive: true });
  mkdirSync(join(t, 'usr/share'), { recursive: true });
  writeFileSync(join(t, 'usr/lib/modules/6.1.0-t/vmlinuz'), 'kernel');
  writeFileSync(join(t, 'usr/lib/modules/6.1.0-t/initramfs.img'), 'initramfs');
  writeFileSync(join(t, 'usr/lib/os-release'), 'ID=debian\nPRETTY_NAME="Debian 12"\n');
  writeFileSync(join(t, 'usr/etc/motd'), 'hello\n');
  writeFileSync(join(t, 'usr/share', extra), extra);
  writeFileSync(join(t, 'usr/share/big'), big);
  return t;
}

/** The deployment a BLS entry's ostree= path resolves to, as the booted kernel's cmdline would. */
function deploymentIds(): string[] {
  return readdirSync(join(sr, 'ostree/deploy/debian/deploy')).filter((n) => !n.endsWith('.origin'));
}
const statusIds = () => ostree('admin', 'status', `--sysroot=${sr}`).split('\n').map((l) => /debian ([0-9a-f]{64}\.\d+)/.exec(l)?.[1]).filter(Boolean);

let oldId = '';
let newId = '';

before(() => {
  mkdirSync(sr);
  ostree('admin', 'init-fs', sr);
  ostree('admin', 'os-init', `--sysroot=${sr}`, 'debian');
  ostree('config', `--repo=${repo}`, 'set', 'sysroot.bootloader', 'none');
  ostree('commit', `--repo=${repo}`, '--branch=b', `--tree=dir=${tree('t1', 'one')}`);
  ostree('admin', 'deploy', `--sysroot=${sr}`, '--os=debian', '--karg-append=console=ttyS0', "--karg-append=quote='x'", 'b');
  oldId = deploymentIds()[0];
  const entry = readdirSync(join(sr, 'boot/loader/entries'))[0];
  const opts = /^options (.*)$/m.exec(readFileSync(join(sr, 'boot/loader/entries', entry), 'utf8'))![1];
  writeFileSync(join(dir, 'cmdline'), opts + '\n');
  env.BOOTABLE_ROOT = join(sr, 'ostree/deploy/debian/deploy', oldId); // booted: the first deployment
  ostree('commit', `--repo=${repo}`, '--branch=b', `--tree=dir=${tree('t2', 'two')}`,
    ...commitMetadataArgs({ ref: 'localhost/x:2', id: 'abc', digest: 'sha256:' + 'd'.repeat(64), containerfile: "/p/it's/Containerfile" }));
  ostree('admin', 'deploy', `--sysroot=${sr}`, '--os=debian', 'b');
  newId = deploymentIds().find((d) => d !== oldId)!;
  // What the disk builder leaves: a GRUB dir, an ESP with its own entry and kernel copy, efivarfs.
  mkdirSync(join(sr, 'boot/grub'));
  mkdirSync(join(sr, 'boot/efi/loader/entries'), { recursive: true });
  mkdirSync(join(sr, 'boot/efi/ostree/debian-stale'), { recursive: true });
  writeFileSync(join(sr, 'boot/efi/ostree/debian-stale/vmlinuz-old'), 'old');
  writeFileSync(join(sr, 'boot/efi/loader/entries/ostree-1-debian.conf'), 'stale');
  mkdirSync(join(dir, 'efivars'));
});

after(() => {
  for (const d of deploymentIds()) spawnSync('chattr', ['-i', join(sr, 'ostree/deploy/debian/deploy', d)]);
  rmSync(dir, { recursive: true, force: true });
});

test('status: booted, both deployments in ostree order, the image label read back from the commit', () => {
  const s = parseGuestStatus(sh('status'), { ref: 'localhost/x:1', digest: 'sha256:1' });
  assert.equal(s.booted, oldId);
  assert.deepEqual(s.deployments.map((d) => [d.id, d.role, d.default]), [[newId, 'staged', true], [oldId, 'booted', false]]);
  assert.deepEqual(s.deployments[0].image, { ref: 'localhost/x:2', id: 'abc', digest: 'sha256:' + 'd'.repeat(64), containerfile: "/p/it's/Containerfile", source: 'commit' });
  assert.deepEqual(s.deployments[1].image, { ref: 'localhost/x:1', digest: 'sha256:1', source: 'vm-record' });
  assert.match(s.deployments[0].committedAt ?? '', /^\d{4}-\d\d-\d\d /);
  assert.equal(s.deployments[0].origin, 'b');
});

test('sync trial: the booted deployment stays the default, the new one boots once (GRUB and systemd-boot)', () => {
  assert.match(sh('sync', 'trial'), new RegExp(`@@sync default=${oldId.replace('.', '\\.')} oneshot=${newId.replace('.', '\\.')}`));
  const cfg = readFileSync(join(sr, 'boot/grub/grub.cfg'), 'utf8');
  assert.match(cfg, new RegExp(`^set default='bootable-${oldId}'$`, 'm'));
  assert.equal((cfg.match(/^menuentry /gm) ?? []).length, 2);
  assert.match(cfg, /'quote='\\''x'\\'''/, 'a quote in a karg stays one GRUB word');
  assert.match(cfg, /save_env next_entry/);
  const env = readFileSync(join(sr, 'boot/grub/grubenv'), 'latin1');
  assert.equal(env.length, 1024);
  assert.ok(env.startsWith(`# GRUB Environment Block\nnext_entry=bootable-${newId}\n#`));
  const esp = join(sr, 'boot/efi');
  assert.deepEqual(readdirSync(join(esp, 'loader/entries')).sort(), [`bootable-${newId}.conf`, `bootable-${oldId}.conf`].sort());
  assert.match(readFileSync(join(esp, 'loader/loader.conf'), 'utf8'), new RegExp(`^default bootable-${oldId}\\.conf$`, 'm'));
  assert.ok(!existsSync(join(esp, 'ostree/debian-stale')), 'kernels no entry uses are removed from the ESP');
  const kernels = readdirSync(join(esp, 'ostree'));
  assert.equal(kernels.length, 1);
  assert.equal(readFileSync(join(esp, 'ostree', kernels[0], 'vmlinuz-6.1.0-t'), 'utf8'), 'kernel');
  const oneshot = readFileSync(join(dir, 'efivars', ONESHOT_EFIVAR));
  assert.deepEqual([...oneshot.subarray(0, 4)], [7, 0, 0, 0]);
  assert.equal(oneshot.subarray(4).toString('utf16le'), `bootable-${newId}.conf\0`);
});

test('sync confirm: the first deployment is the default, no one-shot is left', () => {
  sh('sync', 'confirm');
  assert.match(readFileSync(join(sr, 'boot/grub/grub.cfg'), 'utf8'), new RegExp(`^set default='bootable-${newId}'$`, 'm'));
  assert.ok(!readFileSync(join(sr, 'boot/grub/grubenv'), 'latin1').includes('next_entry='));
  assert.match(readFileSync(join(sr, 'boot/efi/loader/loader.conf'), 'utf8'), new RegExp(`^default bootable-${newId}\\.conf$`, 'm'));
  assert.ok(!existsSync(join(dir, 'efivars', ONESHOT_EFIVAR)));
});

test('set-default reorders ostree\'s own deployment list (emulating admin set-default), and back', () => {
  assert.deepEqual(statusIds(), [newId, oldId]);
  sh('set-default', oldId);
  assert.deepEqual(statusIds(), [oldId, newId], 'ostree admin status lists the rollback target first');
  assert.match(readFileSync(join(sr, 'boot/efi/loader/loader.conf'), 'utf8'), new RegExp(`default bootable-${oldId}\\.conf`));
  sh('set-default', newId);
  assert.deepEqual(statusIds(), [newId, oldId]);
});

test('undeploy removes one deployment and re-syncs the bootloaders', () => {
  sh('undeploy', newId);
  assert.deepEqual(statusIds(), [oldId]);
  const cfg = readFileSync(join(sr, 'boot/grub/grub.cfg'), 'utf8');
  assert.equal((cfg.match(/^menuentry /gm) ?? []).length, 1);
  assert.match(cfg, new RegExp(`set default='bootable-${oldId}'`));
  assert.deepEqual(readdirSync(join(sr, 'boot/efi/loader/entries')), [`bootable-${oldId}.conf`]);
});

test('stage: pulls only the missing objects from an archive repo over HTTP, deploys, one-shot for the new one', async () => {
  const hostRepo = join(dir, 'host-repo');
  ostree('init', `--repo=${hostRepo}`, '--mode=archive');
  const t3 = tree('t3', 'three');
  mkdirSync(join(dir, 'empty-overlay'));
  writeFileSync(join(dir, 'skip'), '');
  const label = { ref: 'localhost/x:3', id: 'id3', digest: 'sha256:' + '3'.repeat(64) };
  const args = commitArgs(hostRepo, { image: t3, overlay: join(dir, 'empty-overlay'), skipList: join(dir, 'skip') }, label);
  const commit = ostree(...args.slice(1)).trim();
  const server = await serveRepo(hostRepo);
  try {
    const url = `http://127.0.0.1:${server.port}/`;
    // Asynchronously: the server answers from this process's event loop.
    const r = await run(['sh', '-s', '--', 'stage', url, UPDATE_BRANCH, 'debian', '--karg-append=added=1'], { input: GUEST_SCRIPT, env, timeoutMs: 300_000 });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.ok(server.bytesSent() < 200_000, `moved ${server.bytesSent()} bytes; the shared 2 MB file must not move`);
    assert.ok(server.bytesSent() > 0);
  } finally {
    await server.close();
  }
  const s = parseGuestStatus(sh('status'));
  assert.equal(s.deployments[0].commit, commit);
  assert.equal(s.deployments[0].role, 'staged');
  assert.equal(s.deployments[0].origin, `bootable-host:${UPDATE_BRANCH}`);
  assert.deepEqual(s.deployments[0].image, { ...label, containerfile: undefined, source: 'commit' });
  assert.equal(s.deployments[1].id, oldId);
  const cfg = readFileSync(join(sr, 'boot/grub/grub.cfg'), 'utf8');
  assert.match(cfg, new RegExp(`set default='bootable-${oldId}'`));
  assert.match(cfg, /'added=1'/, 'kargs.d arguments reach the new entry');
  assert.ok(readFileSync(join(sr, 'boot/grub/grubenv'), 'latin1').includes(`next_entry=bootable-${s.deployments[0].id}`));
});
