// core/vm end to end, real libvirt under TCG, disks built by core/builder: the LAMP example with user-mode
// networking + UEFI through create/start/waitReady with the status recorded as it changes (ssh banner and
// HTTP 200), and the minimal example with NAT + BIOS through the `bootable boot` CLI with a real ssh login
// through `bootable vm ssh` (the smaller image keeps the second boot short).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createVm, removeVm, startVm, stopVm, vmStatus, waitReady } from '../../core/vm/index';
import { probeOnce } from '../../core/vm/probe';
import { chooseAcceleration } from '../../core/vm/accel';
import { run } from '../../core/util/process';
import {
  buildExampleDisk, destroyTestDomains, makeSshKey, nothingLeft, recordTransitions, root, sha256, sharedTempDir, URI, waitHttp200,
} from './vm-helpers';

const PREFIX = 'bootable-test-vmboot-';
const READY_TIMEOUT = 20 * 60_000;
let dir: string;
let stateRoot: string;
let disk: string;
let minimalDisk: string;
let key: string;
let diskHash: string;

before(async () => {
  dir = sharedTempDir('bootable-test-vm-');
  stateRoot = sharedTempDir('bootable-test-vmstate-');
  const k = await makeSshKey(dir);
  key = k.key;
  const built = await buildExampleDisk(dir, 'lamp', k.pub);
  disk = built.disk;
  console.log(`# LAMP disk from core/builder: ${built.seconds.toFixed(1)} s`);
  diskHash = sha256(disk);
  const minimal = await buildExampleDisk(dir, 'minimal', k.pub);
  minimalDisk = minimal.disk;
  console.log(`# minimal disk from core/builder: ${minimal.seconds.toFixed(1)} s`);
}, { timeout: 40 * 60_000 });

after(async () => {
  await destroyTestDomains(PREFIX);
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (stateRoot) rmSync(stateRoot, { recursive: true, force: true });
});

test('user-mode + UEFI: defined → starting → ready → stopped as it happens, ssh banner, HTTP 200, rm keeps the disk', { timeout: 40 * 60_000 }, async () => {
  const name = `${PREFIX}user`;
  const poll = recordTransitions(name, stateRoot);
  try {
    const created = await createVm({ disk, name, network: 'user', readyTimeoutMs: READY_TIMEOUT, stateRoot });
    assert.equal(created.state, 'defined');
    assert.equal(created.firmware, 'uefi', 'the builder installed systemd-boot: UEFI is preferred');
    assert.equal(created.image?.ref, 'localhost/bootable-test-vm/lamp:e2e');
    assert.match(created.image?.digest ?? '', /^(sha256:)?[0-9a-f]{64}$/);
    const accel = await chooseAcceleration(URI);
    assert.equal(created.accel, accel.accel);
    assert.equal(created.accelNote, accel.note);
    // Let the poller see "defined" before starting.
    while (!poll.states.includes('defined')) await new Promise((r) => setTimeout(r, 200));

    const t0 = Date.now();
    await startVm(name, { stateRoot });
    const ready = await waitReady(name, { stateRoot });
    console.log(`# boot to ssh banner (user-mode, UEFI, ${ready.accel}): ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    assert.equal(ready.state, 'ready');
    assert.equal(ready.address, '127.0.0.1');
    const ssh = ready.endpoints.find((e) => e.guestPort === 22)!;
    const web = ready.endpoints.find((e) => e.guestPort === 80);
    assert.ok(web, 'EXPOSE 80 in the image is forwarded');
    assert.equal(await probeOnce('ssh', ssh.host, ssh.port), true);
    assert.equal(await waitHttp200(web.host, web.port, 5 * 60_000), 200);

    const xml = (await run(['virsh', '--connect', URI, 'dumpxml', name])).stdout;
    assert.match(xml, new RegExp(`<source file='${join(stateRoot, name, 'overlay.qcow2')}'`));
    assert.match(xml, /hostfwd=tcp:127\.0\.0\.1:\d+-:22/);
    assert.match(xml, /<nvram[^>]*>[^<]*nvram\.fd<\/nvram>/);

    const s = await vmStatus(name, { stateRoot });
    assert.equal(s.state, 'ready');
    assert.ok((s.uptimeSeconds ?? 0) > 0);

    const stopped = await stopVm(name, { stateRoot, timeoutMs: 120_000 });
    assert.equal(stopped.state, 'stopped');
    await new Promise((r) => setTimeout(r, 1500));
    const states = await poll.stop();
    assert.deepEqual(states, ['defined', 'starting', 'ready', 'stopped']);

    const removed = await removeVm(name, { stateRoot });
    assert.equal(removed.keptDisk, disk);
    assert.ok(await nothingLeft(name, stateRoot));
    assert.ok(existsSync(disk));
    assert.equal(sha256(disk), diskHash, 'the built disk is unchanged: the VM wrote to its overlay');
  } finally {
    await poll.stop();
    await removeVm(name, { stateRoot }).catch(() => undefined);
  }
});

function cli(args: string[], timeoutMs = 20 * 60_000) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'core/cli/bin.ts'), ...args], {
    cwd: root, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, BOOTABLE_VM_DIR: stateRoot },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('NAT + BIOS through `bootable boot`; `vm list/status --json`; a real login with `bootable vm ssh`', { timeout: 40 * 60_000 }, async () => {
  const name = `${PREFIX}nat`;
  const minimalHash = sha256(minimalDisk);
  try {
    const t0 = Date.now();
    const boot = cli(['boot', minimalDisk, '--name', name, '--network', 'nat', '--firmware', 'bios', '--timeout', String(READY_TIMEOUT / 1000), '--json']);
    assert.equal(boot.code, 0, boot.stderr);
    console.log(`# bootable boot (NAT, BIOS): ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const result = JSON.parse(boot.stdout.trim().split('\n').pop()!);
    assert.equal(result.type, 'result');
    assert.equal(result.vm.state, 'ready');
    assert.equal(result.vm.firmware, 'bios');
    assert.equal(result.vm.network, 'nat');
    assert.match(result.vm.address, /^192\.168\.122\.\d+$/, 'address from the default network\'s DHCP lease');
    assert.ok(boot.stdout.split('\n').some((l) => l.includes('"type":"progress"')), 'progress events as JSON lines');

    const list = cli(['vm', 'list', '--json']);
    assert.equal(list.code, 0, list.stderr);
    const vms = JSON.parse(list.stdout) as { name: string; state: string }[];
    assert.deepEqual(vms.map((v) => [v.name, v.state]), [[name, 'ready']]);

    const ssh22 = (result.vm.endpoints as { guestPort: number; host: string; port: number }[]).find((e) => e.guestPort === 22)!;
    assert.deepEqual(ssh22, { guestPort: 22, host: result.vm.address, port: 22 });

    const ssh = cli(['vm', 'ssh', name, '-l', 'cloud-user', '-i', key, '--', 'cat', '/proc/cmdline'], 120_000);
    assert.equal(ssh.code, 0, ssh.stderr);
    assert.match(ssh.stdout, /ostree=\/ostree\/boot\.\d\//);

    const status = cli(['vm', 'status', name]);
    assert.match(status.stdout, /^state\s+ready$/m);
    assert.match(status.stdout, /^firmware\s+BIOS$/m);

    assert.equal(cli(['vm', 'stop', name, '--timeout', '120']).code, 0);
    const rm = cli(['vm', 'rm', name]);
    assert.equal(rm.code, 0, rm.stderr);
    assert.match(rm.stdout, new RegExp(`removed ${name} \\(disk kept: ${minimalDisk}\\)`));
    assert.ok(await nothingLeft(name, stateRoot));
    assert.equal(sha256(minimalDisk), minimalHash);
  } finally {
    await removeVm(name, { stateRoot }).catch(() => undefined);
  }
});
