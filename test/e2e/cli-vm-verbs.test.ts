// Every `bootable vm` verb through the CLI against libvirt, on ONE VM: the minimal example built with
// `bootable build` (random tag) and `bootable disk`, then `vm create`, `vm start --wait`, `vm status`, `vm list`,
// `vm ssh`, `vm console`, `vm restart --wait` (a new boot id), `vm stop` and `vm rm` (nothing left, disk kept).
// User-mode networking: every forwarded port listens on 127.0.0.1 only. Everything is removed in after(),
// also when a step failed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { destroyTestDomains, makeSshKey, nothingLeft, root, sha256, sharedTempDir } from './vm-helpers';

const PREFIX = 'bootable-test-verbs-';
const id = randomBytes(3).toString('hex');
const name = `${PREFIX}${id}`;
const image = `localhost/${PREFIX}${id}:e2e`;
const dir = sharedTempDir(PREFIX);
const vmDir = join(dir, 'vms');
const env = { ...process.env, BOOTABLE_VM_DIR: vmDir, BOOTABLE_SSH_DIR: join(dir, 'ssh'), BOOTABLE_CACHE_DIR: join(dir, 'cache') };
const cli = (args: string[], timeoutMs = 10 * 60_000) =>
  spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), ...args], { cwd: dir, env, encoding: 'utf8', timeout: timeoutMs });
const ok = (r: ReturnType<typeof cli>, what: string) => assert.equal(r.status, 0, `${what} failed (${r.status}):\n${r.stderr}\n${r.stdout.slice(-2000)}`);
const statusOf = () => {
  const r = cli(['vm', 'status', name, '--json']);
  ok(r, 'vm status');
  return JSON.parse(r.stdout) as { state: string; libvirtState: string; serialLog: string; disk: string; address?: string; endpoints: { guestPort: number; host: string; port: number }[] };
};
let key = '';
const bootId = () => {
  const r = cli(['vm', 'ssh', name, '-i', key, '--', 'cat /proc/sys/kernel/random/boot_id'], 120_000);
  ok(r, 'vm ssh');
  return r.stdout.trim();
};

let disk = '';
let diskSum = '';

before(async () => {
  ok(cli(['build', join(root, 'examples/minimal/Containerfile'), '-t', image, '--quiet'], 20 * 60_000), 'bootable build');
  // The disk's config authorises a key of this test's own: a disk without one has no login (bootable's default
  // key goes only into the disks `bootable up` makes).
  key = (await makeSshKey(dir)).key;
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ blueprint: { customizations: { user: [{ name: 'cloud-user', key: readFileSync(`${key}.pub`, 'utf8').trim(), groups: ['sudo'] }] } } }));
  const r = cli(['disk', image, '--config', config, '--output', join(dir, 'output'), '--json'], 30 * 60_000);
  ok(r, 'bootable disk');
  disk = join(dir, 'output', 'qcow2', 'disk.qcow2');
  assert.ok(existsSync(disk), `${disk} missing:\n${r.stdout.slice(-2000)}`);
  diskSum = sha256(disk);
});

after(async () => {
  cli(['vm', 'rm', name], 180_000);
  await destroyTestDomains(PREFIX);
  spawnSync('podman', ['rmi', '-f', image], { encoding: 'utf8', timeout: 120_000 });
  rmSync(dir, { recursive: true, force: true });
});

test('vm create defines the VM without starting it', { timeout: 5 * 60_000 }, () => {
  const r = cli(['vm', 'create', disk, '--name', name, '--network', 'user', '--timeout', '1500', '--json']);
  ok(r, 'vm create');
  const result = r.stdout.trim().split('\n').map((l) => JSON.parse(l)).find((l) => l.type === 'result');
  assert.equal(result.vm.name, name);
  assert.equal(result.vm.network, 'user');
  assert.equal(result.vm.state, 'defined');
  const s = statusOf();
  assert.equal(s.libvirtState, 'shut off');
});

test('vm start --wait boots it to ready; ports forwarded on 127.0.0.1 only; vm list shows it', { timeout: 30 * 60_000 }, () => {
  const r = cli(['vm', 'start', name, '--wait', '--timeout', '1500', '--json'], 27 * 60_000);
  ok(r, 'vm start --wait');
  const result = r.stdout.trim().split('\n').map((l) => JSON.parse(l)).find((l) => l.type === 'result');
  assert.equal(result.vm.state, 'ready');
  assert.equal(result.vm.address, '127.0.0.1');
  const s = statusOf();
  assert.equal(s.state, 'ready');
  assert.ok(s.endpoints.some((e) => e.guestPort === 22), JSON.stringify(s.endpoints));
  // What really listens: each forwarded host port is bound to loopback, not to 0.0.0.0 or another address.
  const ss = spawnSync('ss', ['-Hltn'], { encoding: 'utf8' });
  assert.equal(ss.status, 0, ss.stderr);
  for (const e of s.endpoints) {
    assert.equal(e.host, '127.0.0.1');
    const bound = ss.stdout.split('\n').map((l) => l.trim().split(/\s+/)[3]).filter((a) => a?.endsWith(`:${e.port}`));
    assert.deepEqual(bound, [`127.0.0.1:${e.port}`], `port ${e.port} listens on ${bound.join(', ')}`);
  }
  const list = cli(['vm', 'list', '--json']);
  ok(list, 'vm list');
  assert.equal((JSON.parse(list.stdout) as { name: string; state: string }[]).find((v) => v.name === name)?.state, 'ready');
  assert.match(bootId(), /^[0-9a-f-]{36}$/);
});

test('vm console prints the tail of the serial console log', { timeout: 5 * 60_000 }, () => {
  const r = cli(['vm', 'console', name, '--lines', '5']);
  ok(r, 'vm console');
  const shown = r.stdout.replace(/\n$/, '').split('\n');
  assert.equal(shown.length, 5, r.stdout);
  // The log's own lines, in the same order (the raw log has CR LF and systemd's colour escapes; blank lines are
  // not shown).
  // eslint-disable-next-line no-control-regex
  const log = readFileSync(statusOf().serialLog, 'utf8').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  let at = -1;
  for (const line of shown) {
    const next = log.indexOf(line.trim(), at + 1);
    assert.ok(next > at, `console line not in the log after the previous one: ${JSON.stringify(line)}\n${r.stdout}`);
    at = next;
  }
  // More lines asked for: more shown, ending with the same lines (the console reads at most the log's last 64 KiB).
  const more = cli(['vm', 'console', name, '--lines', '200']);
  ok(more, 'vm console --lines 200');
  assert.ok(more.stdout.split('\n').length > 100, more.stdout);
  assert.ok(more.stdout.endsWith(r.stdout), 'the last lines are the same');
});

test('vm restart --wait reboots the guest (a new boot id) and is ready again', { timeout: 30 * 60_000 }, () => {
  const before0 = bootId();
  const r = cli(['vm', 'restart', name, '--wait'], 27 * 60_000);
  ok(r, 'vm restart --wait');
  assert.match(r.stdout, new RegExp(`^${name}: ready$`, 'm'));
  const after0 = bootId();
  assert.notEqual(after0, before0, 'the guest booted again');
});

test('vm stop shuts it down; vm rm leaves nothing and keeps the disk', { timeout: 10 * 60_000 }, async () => {
  const stop = cli(['vm', 'stop', name, '--timeout', '180'], 5 * 60_000);
  ok(stop, 'vm stop');
  assert.equal(stop.stdout, `${name}: stopped\n`);
  const s = statusOf();
  assert.equal(s.state, 'stopped');
  assert.equal(s.libvirtState, 'shut off');
  const rm = cli(['vm', 'rm', name], 180_000);
  ok(rm, 'vm rm');
  assert.ok(await nothingLeft(name, vmDir), 'no domain and no state directory left');
  assert.equal(sha256(disk), diskSum, 'the built disk is unchanged');
  assert.notEqual(cli(['vm', 'status', name]).status, 0, 'status of a removed VM fails');
});
