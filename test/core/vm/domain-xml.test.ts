// Domain XML against reviewed golden files (test/fixtures/vm/domain-*.xml, cases in domain-golden.ts).
// `npm run update-golden` rewrites them (review the diff!); this test only reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { domainXml, userNetdevOption } from '../../../core/vm/domain-xml';
import { run } from '../../../core/util/process';
import { base, goldenDomains, vmFixtures as fixtures } from './domain-golden';

for (const g of goldenDomains) {
  test(`${g.title} (golden ${g.file})`, () => {
    assert.equal(domainXml(g.spec), readFileSync(join(fixtures, g.file), 'utf8'));
  });
}

test('hostile paths and metadata are escaped, never injected', () => {
  const xml = domainXml(goldenDomains.find((g) => g.file === 'domain-hostile.xml')!.spec);
  assert.equal((xml.match(/<qemu:/g) ?? []).length, 0);
  assert.equal((xml.match(/<evil/g) ?? []).length, 0);
  assert.ok(xml.includes('&lt;/bootable:image&gt;&lt;evil/&gt;'));
  assert.ok(xml.includes('&lt;qemu:commandline&gt;'), 'the injected element is present, escaped');
});

test('invalid names, sizes and ports are refused', () => {
  assert.throws(() => domainXml({ ...base, name: 'a</name>' }), /invalid VM name/);
  assert.throws(() => domainXml({ ...base, memoryMiB: 0 }), /invalid memory/);
  assert.throws(() => domainXml({ ...base, cpus: 1.5 }), /invalid cpus/);
  assert.throws(() => domainXml({ ...base, nvramPath: undefined }), /nvram/);
  assert.throws(() => domainXml({ ...base, network: { mode: 'user', forwards: [{ guest: 22, host: 70000 }] } }), /invalid port/);
});

test('user-mode forwards bind to loopback only; DHCP hands out the VM name as hostname', () => {
  assert.equal(userNetdevOption([{ guest: 22, host: 2222 }, { guest: 80, host: 8080 }]),
    'user,id=bootnet0,hostfwd=tcp:127.0.0.1:2222-:22,hostfwd=tcp:127.0.0.1:8080-:80');
  assert.equal(userNetdevOption([], 'lamp'), 'user,id=bootnet0,hostname=lamp');
  assert.throws(() => userNetdevOption([], 'a,hostfwd=tcp::22-:22'), /invalid VM name/);
  assert.ok(domainXml(base).includes(`<qemu:arg value='user,id=bootnet0,hostname=lamp,hostfwd=tcp:127.0.0.1:40022-:22,`));
});

test('the hostname is also a systemd credential in SMBIOS, in every network mode', () => {
  for (const g of goldenDomains) {
    const xml = domainXml(g.spec);
    assert.ok(xml.includes(`<entry>io.systemd.credential:system.hostname=${g.spec.name}</entry>`), g.file);
    assert.doesNotMatch(xml, /firstboot\.hostname/, 'a static hostname on first boot would hide the per-boot one');
    assert.ok(xml.includes(`<smbios mode='sysinfo'/>`), g.file);
  }
});

test('the base under the overlay is named explicitly; a hard-linked one is never relabelled by libvirt', () => {
  const linked = domainXml(base);
  assert.match(linked, /<backingStore type='file'>\s*<format type='qcow2'\/>\s*<source file='\/var\/lib\/bootable\/vms\/lamp\/base.img'>\s*<seclabel model='dac' relabel='no'\/>/);
  const copied = domainXml({ ...base, backing: { path: '/v/base.img', format: 'raw', relabel: true } });
  assert.match(copied, /<format type='raw'\/>\s*<source file='\/v\/base.img'\/>/);
  assert.doesNotMatch(copied, /seclabel/);
  assert.doesNotMatch(domainXml({ ...base, backing: undefined }), /backingStore/);
});

test("every golden file validates against libvirt's own domain schema (virt-xml-validate)", async () => {
  for (const { file } of goldenDomains) {
    const r = await run(['virt-xml-validate', join(fixtures, file), 'domain'], { installHint: 'apt-get install libvirt-clients libxml2-utils' });
    assert.match(r.stdout + r.stderr, /validates/);
  }
});
