// core/vm bad input against real libvirt: each case is a clear error and leaves nothing defined —
// missing disk, hostile names, libvirt not reachable, name collisions, a disk with no bootloader (refused up
// front, and when forced: a guest that never boots), cancellation mid-boot, remote create.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { bootDisk, createVm, removeVm, vmStatus } from '../../core/vm/index';
import { UsageError, VmError, isCancelled } from '../../core/errors';
import { run } from '../../core/util/process';
import { destroyTestDomains, nothingLeft, root, sharedTempDir, URI } from './vm-helpers';

const PREFIX = 'bootable-test-vmerr-';
let dir: string;
let stateRoot: string;
let blank: string;

before(async () => {
  dir = sharedTempDir('bootable-test-vmerr-');
  stateRoot = sharedTempDir('bootable-test-vmerrstate-');
  blank = join(dir, 'blank.qcow2');
  // A disk with no partition table and no bootloader.
  await run(['qemu-img', 'create', '-q', '-f', 'qcow2', blank, '1G']);
});

after(async () => {
  await destroyTestDomains(PREFIX);
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (stateRoot) rmSync(stateRoot, { recursive: true, force: true });
});

const stateRootEmpty = () => readdirSync(stateRoot).length === 0;

test('missing disk: UsageError naming the path, nothing created', async () => {
  await assert.rejects(createVm({ disk: join(dir, 'nope.qcow2'), name: `${PREFIX}missing`, stateRoot }),
    (e: unknown) => e instanceof UsageError && e.message.includes(join(dir, 'nope.qcow2')) && /bootable disk/.test(e.hint ?? ''));
  assert.ok(await nothingLeft(`${PREFIX}missing`, stateRoot));
  assert.ok(stateRootEmpty());
});

test('hostile VM names are refused before anything happens (API and CLI)', async () => {
  for (const name of [`${PREFIX}a'b`, `${PREFIX}<x/>`, '../../etc/passwd', `${PREFIX}$(touch /tmp/bootable-pwned)`, `-${PREFIX}`, `${PREFIX}a;b`]) {
    await assert.rejects(createVm({ disk: blank, name, firmware: 'uefi', stateRoot }), (e: unknown) => e instanceof UsageError && /invalid VM name/.test(e.message), name);
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'core/cli/bin.ts'), 'boot', blank, '--name', `x</name><evil/>`], {
    cwd: root, encoding: 'utf8', env: { ...process.env, BOOTABLE_VM_DIR: stateRoot },
  });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /invalid VM name/);
  assert.ok(stateRootEmpty());
  const domains = (await run(['virsh', '--connect', URI, 'list', '--all', '--name'])).stdout;
  assert.ok(!/evil|pwned|passwd/.test(domains));
});

test('hostile image metadata beside the disk is escaped in the domain XML, never injected', async () => {
  const out = join(dir, 'hostile-out');
  mkdirSync(join(out, 'qcow2'), { recursive: true });
  const disk = join(out, 'qcow2', 'disk.qcow2');
  await run(['qemu-img', 'create', '-q', '-f', 'qcow2', disk, '64M']);
  const ref = `localhost/x:1</bootable:image></bootable:vm></metadata><devices><disk type='file'><source file='/etc/shadow'/></disk></devices><metadata>`;
  writeFileSync(join(out, 'manifest-qcow2.json'), JSON.stringify({ image: { ref, digest: `sha256:"'&<>` }, bootloaders: [], users: [], outputs: [{ type: 'qcow2', path: 'qcow2/disk.qcow2' }] }));
  const name = `${PREFIX}meta`;
  try {
    const s = await createVm({ disk, name, firmware: 'uefi', network: 'user', stateRoot });
    assert.equal(s.image?.ref, ref);
    const xml = (await run(['virsh', '--connect', URI, 'dumpxml', name])).stdout;
    assert.ok(!xml.includes('/etc/shadow\'/>'), 'no injected disk');
    assert.equal((xml.match(/<disk /g) ?? []).length, 1);
    assert.ok(xml.includes('&lt;/bootable:image&gt;'));
  } finally {
    await removeVm(name, { stateRoot }).catch(() => undefined);
  }
  assert.ok(await nothingLeft(name, stateRoot));
});

test('libvirt not reachable: one clear error with how to start it, nothing created', async () => {
  const uri = 'qemu:///system?socket=/nonexistent/bootable-test-libvirt-sock';
  await assert.rejects(createVm({ disk: blank, name: `${PREFIX}down`, firmware: 'uefi', uri, stateRoot }),
    (e: unknown) => e instanceof VmError && /cannot connect to libvirt/.test(e.message) && /libvirtd -d|systemctl start libvirtd/.test(e.hint ?? ''));
  assert.ok(stateRootEmpty());
});

test('creating on a remote URI is refused with what works remotely', async () => {
  await assert.rejects(createVm({ disk: blank, name: `${PREFIX}remote`, firmware: 'uefi', uri: 'qemu+ssh://bootable-test.invalid/system', stateRoot }),
    (e: unknown) => e instanceof UsageError && /remote libvirt/.test(e.message));
  assert.ok(stateRootEmpty());
});

test('name collision with a bootable VM and with a foreign libvirt domain: refused, the existing one untouched', async () => {
  const name = `${PREFIX}dup`;
  const foreign = `${PREFIX}foreign`;
  try {
    await createVm({ disk: blank, name, firmware: 'uefi', network: 'user', stateRoot });
    await assert.rejects(createVm({ disk: blank, name, firmware: 'bios', stateRoot }),
      (e: unknown) => e instanceof UsageError && /already exists/.test(e.message) && /bootable vm rm/.test(e.hint ?? ''));
    const still = await vmStatus(name, { stateRoot });
    assert.equal(still.state, 'defined');
    assert.equal(still.firmware, 'uefi');
    assert.deepEqual(readdirSync(join(stateRoot, name)).sort(), ['base.img', 'domain.xml', 'nvram.fd', 'overlay.qcow2', 'vm.json']);

    const xml = join(dir, 'foreign.xml');
    writeFileSync(xml, `<domain type='qemu'><name>${foreign}</name><memory unit='MiB'>256</memory><os><type arch='x86_64' machine='q35'>hvm</type></os></domain>`);
    await run(['virsh', '--connect', URI, 'define', xml]);
    await assert.rejects(createVm({ disk: blank, name: foreign, firmware: 'uefi', stateRoot }),
      (e: unknown) => e instanceof UsageError && /already exists/.test(e.message));
    assert.ok(!readdirSync(stateRoot).includes(foreign));
  } finally {
    await removeVm(name, { stateRoot }).catch(() => undefined);
    await run(['virsh', '--connect', URI, 'undefine', foreign], { okExitCodes: [0, 1] });
  }
  assert.ok(await nothingLeft(name, stateRoot));
});

test('a disk without a bootloader is refused up front when the firmware has to be detected', async () => {
  const name = `${PREFIX}noboot`;
  await assert.rejects(bootDisk({ disk: blank, name, stateRoot }),
    (e: unknown) => e instanceof VmError && /no partition table: it cannot boot/.test(e.message));
  assert.ok(await nothingLeft(name, stateRoot));
});

test('forced to boot anyway, a guest that never boots: error with the serial console lines, nothing left defined', { timeout: 10 * 60_000 }, async () => {
  const name = `${PREFIX}never`;
  const t0 = Date.now();
  await assert.rejects(bootDisk({ disk: blank, name, firmware: 'uefi', network: 'user', readyTimeoutMs: 60_000, stateRoot }),
    (e: unknown) => {
      assert.ok(e instanceof VmError, String(e));
      assert.match(e.message, /did not become ready within 60 s: no ssh banner from 127\.0\.0\.1:\d+/);
      // OVMF reports on the serial console that it found nothing to boot.
      assert.match(e.message, /last serial console lines:\n(\s+\| .*\n?)+/);
      assert.match(e.message, /BdsDxe|Boot|UEFI|Shell/i);
      assert.match(e.message, /was removed again/);
      return true;
    });
  console.log(`# never-booting guest reported after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  assert.ok(await nothingLeft(name, stateRoot));
});

test('cancelling mid-boot stops and removes the VM', { timeout: 10 * 60_000 }, async () => {
  const name = `${PREFIX}cancel`;
  const ac = new AbortController();
  await assert.rejects(bootDisk({ disk: blank, name, firmware: 'bios', network: 'user', stateRoot }, {
    signal: ac.signal,
    progress: (e) => { if (e.id === 'wait-ready') ac.abort(); },
  }), (e: unknown) => isCancelled(e));
  assert.ok(await nothingLeft(name, stateRoot));
});
