// core/vm end to end, real libvirt under TCG, a disk built by core/builder: the LAMP example with user-mode
// networking + UEFI through create/start/waitReady with the status recorded as it changes (ssh banner, HTTP
// 200, a login whose hostname is the VM's name), and a NAT VM defined through the CLI and checked by its domain
// XML only: tests reach VMs through 127.0.0.1 and nothing else (`virsh domifaddr` parsing is in virsh.test.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createVm, removeVm, startVm, stopVm, vmStatus, waitReady } from '../../core/vm/index';
import { leaseAddress } from '../../core/vm/virsh';
import { waitUntil } from '../wait';
import { probeOnce } from '../../core/vm/probe';
import { chooseAcceleration } from '../../core/vm/accel';
import { run } from '../../core/util/process';
import {
  buildExampleDisk, destroyTestDomains, LAMP_IMAGE, removeExampleImages, makeSshKey, nothingLeft, recordTransitions, root, sha256, sharedTempDir, URI, waitHttp200,
} from './vm-helpers';

const PREFIX = 'bootable-test-vmboot-';
const READY_TIMEOUT = 20 * 60_000;
let dir: string;
let stateRoot: string;
let disk: string;
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
}, { timeout: 40 * 60_000 });

after(async () => {
  await destroyTestDomains(PREFIX);
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (stateRoot) rmSync(stateRoot, { recursive: true, force: true });
  await removeExampleImages();
});

test('user-mode + UEFI: defined → starting → ready → stopped as it happens, ssh banner, HTTP 200, rm keeps the disk', { timeout: 40 * 60_000 }, async () => {
  const name = `${PREFIX}user`;
  const poll = recordTransitions(name, stateRoot);
  try {
    const created = await createVm({ disk, name, network: 'user', readyTimeoutMs: READY_TIMEOUT, stateRoot });
    assert.equal(created.state, 'defined');
    assert.equal(created.firmware, 'uefi', 'the builder installed systemd-boot: UEFI is preferred');
    assert.equal(created.image?.ref, LAMP_IMAGE);
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
    // A guest this slow (TCG on a loaded host) can take seconds to greet a new connection: a generous probe timeout.
    assert.equal(await probeOnce('ssh', ssh.host, ssh.port, 15_000), true);
    assert.equal(await waitHttp200(web.host, web.port, 5 * 60_000), 200);
    const login = await run(['ssh', '-p', String(ssh.port), '-i', key, '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null',
      '-o', 'LogLevel=ERROR', '-l', 'cloud-user', '--', '127.0.0.1', 'hostname'], { timeoutMs: 120_000 });
    assert.equal(login.stdout.trim(), name, 'the guest\'s hostname is the VM name (DHCP / SMBIOS credential)');

    const xml = (await run(['virsh', '--connect', URI, 'dumpxml', name])).stdout;
    assert.match(xml, new RegExp(`<source file='${join(stateRoot, name, 'overlay.qcow2')}'`));
    assert.match(xml, new RegExp(`<source file='${join(stateRoot, name, 'base.img')}'`), 'the base is the VM\'s own link or copy');
    assert.match(xml, /hostfwd=tcp:127\.0\.0\.1:\d+-:22/);
    assert.match(xml, /<nvram[^>]*>[^<]*nvram\.fd<\/nvram>/);

    const s = await vmStatus(name, { stateRoot });
    assert.equal(s.state, 'ready');
    assert.ok((s.uptimeSeconds ?? 0) > 0);

    const stopped = await stopVm(name, { stateRoot, timeoutMs: 120_000 });
    assert.equal(stopped.state, 'stopped');
    await waitUntil('the poller to see "stopped"', () => poll.states.includes('stopped'), 30_000, 200);
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

test('NAT + BIOS through `bootable vm create`: the domain XML joins libvirt\'s network, no forwards; list/status --json', { timeout: 10 * 60_000 }, async () => {
  const name = `${PREFIX}nat`;
  try {
    const create = cli(['vm', 'create', disk, '--name', name, '--network', 'nat', '--firmware', 'bios', '--json']);
    assert.equal(create.code, 0, create.stderr);
    const result = JSON.parse(create.stdout.trim().split('\n').pop()!);
    assert.equal(result.type, 'result');
    assert.equal(result.vm.state, 'defined');
    assert.equal(result.vm.firmware, 'bios');
    assert.equal(result.vm.network, 'nat');
    assert.deepEqual(result.vm.endpoints, []);

    const xml = (await run(['virsh', '--connect', URI, 'dumpxml', name])).stdout;
    assert.match(xml, /<interface type='network'>[\s\S]*<source network='default'/);
    assert.doesNotMatch(xml, /hostfwd|qemu:commandline/, 'no user-mode stack in NAT mode');
    assert.match(xml, new RegExp(`io\\.systemd\\.credential:system\\.hostname=${name}<`), 'the hostname reaches a NAT guest as a credential');
    assert.doesNotMatch(xml, /<os>[\s\S]*<loader/, 'BIOS: no UEFI loader');
    // A VM that is not running has no lease: the real virsh answers and nothing is parsed out of it.
    assert.equal(await leaseAddress(URI, name), undefined);

    const list = cli(['vm', 'list', '--json']);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual((JSON.parse(list.stdout) as { name: string; state: string }[]).map((v) => [v.name, v.state]), [[name, 'defined']]);
    const status = cli(['vm', 'status', name]);
    assert.match(status.stdout, /^state\s+defined$/m);
    assert.match(status.stdout, /^firmware\s+BIOS$/m);

    const rm = cli(['vm', 'rm', name]);
    assert.equal(rm.code, 0, rm.stderr);
    assert.match(rm.stdout, new RegExp(`removed ${name} \\(disk kept: ${disk}\\)`));
    assert.ok(await nothingLeft(name, stateRoot));
    assert.equal(sha256(disk), diskHash);
  } finally {
    await removeVm(name, { stateRoot }).catch(() => undefined);
  }
});
