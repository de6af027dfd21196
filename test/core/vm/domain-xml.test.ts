import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { domainXml, userNetdevOption, type DomainSpec } from '../../../core/vm/domain-xml';
import { run } from '../../../core/util/process';

const fixtures = join(process.env.BOOTABLE_ROOT ?? process.cwd(), 'test/fixtures/vm');

/** Compares with test/fixtures/vm/NAME; BOOTABLE_UPDATE_GOLDEN=1 rewrites the file instead. */
function golden(name: string, actual: string) {
  const path = join(fixtures, name);
  if (process.env.BOOTABLE_UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'));
}

const base: DomainSpec = {
  name: 'lamp',
  uuid: '3f0c2a59-7d0e-4d5e-9a7e-0c1c7b1e2f33',
  memoryMiB: 2048,
  cpus: 2,
  accel: 'tcg',
  firmware: 'uefi',
  nvramPath: '/var/lib/bootable/vms/lamp/nvram.fd',
  overlayPath: '/var/lib/bootable/vms/lamp/overlay.qcow2',
  serialLogPath: '/var/lib/bootable/vms/lamp/serial.log',
  network: { mode: 'user', forwards: [{ guest: 22, host: 40022 }, { guest: 80, host: 40080 }] },
  metadata: { imageRef: 'localhost/bootable/lamp:latest', imageDigest: 'sha256:0123abcd', disk: '/srv/out/qcow2/disk.qcow2' },
};

test('UEFI + TCG + user-mode networking (golden)', () => {
  golden('domain-uefi-tcg-user.xml', domainXml(base));
});

test('BIOS + KVM + NAT (golden)', () => {
  golden('domain-bios-kvm-nat.xml', domainXml({
    ...base, name: 'web.2', firmware: 'bios', nvramPath: undefined, accel: 'kvm', memoryMiB: 4096, cpus: 4,
    network: { mode: 'nat', network: 'default' }, metadata: undefined,
  }));
});

test('hostile paths and metadata are escaped, never injected (golden)', () => {
  const evil = `x'/><qemu:commandline><qemu:arg value='-monitor'/></qemu:commandline><a b='`;
  const xml = domainXml({
    ...base,
    overlayPath: `/tmp/a dir/${evil}.qcow2`,
    serialLogPath: '/tmp/"quoted"&<log>',
    network: { mode: 'nat', network: 'default' },
    metadata: { imageRef: `localhost/x:1</bootable:image><evil/>`, imageDigest: `"; rm -rf / #`, disk: '/d/$(reboot)`id`' },
  });
  golden('domain-hostile.xml', xml);
  assert.equal((xml.match(/<qemu:/g) ?? []).length, 0);
  assert.equal((xml.match(/<evil/g) ?? []).length, 0);
  assert.ok(xml.includes('&lt;/bootable:image&gt;&lt;evil/&gt;'));
});

test('invalid names, sizes and ports are refused', () => {
  assert.throws(() => domainXml({ ...base, name: 'a</name>' }), /invalid VM name/);
  assert.throws(() => domainXml({ ...base, memoryMiB: 0 }), /invalid memory/);
  assert.throws(() => domainXml({ ...base, cpus: 1.5 }), /invalid cpus/);
  assert.throws(() => domainXml({ ...base, nvramPath: undefined }), /nvram/);
  assert.throws(() => domainXml({ ...base, network: { mode: 'user', forwards: [{ guest: 22, host: 70000 }] } }), /invalid port/);
});

test('user-mode forwards bind to loopback only', () => {
  assert.equal(userNetdevOption([{ guest: 22, host: 2222 }, { guest: 80, host: 8080 }]),
    'user,id=bootnet0,hostfwd=tcp:127.0.0.1:2222-:22,hostfwd=tcp:127.0.0.1:8080-:80');
  assert.equal(userNetdevOption([]), 'user,id=bootnet0');
});

test("every golden file validates against libvirt's own domain schema (virt-xml-validate)", async () => {
  for (const name of ['domain-uefi-tcg-user.xml', 'domain-bios-kvm-nat.xml', 'domain-hostile.xml']) {
    const r = await run(['virt-xml-validate', join(fixtures, name), 'domain'], { installHint: 'apt-get install libvirt-clients libxml2-utils' });
    assert.match(r.stdout + r.stderr, /validates/);
  }
});
