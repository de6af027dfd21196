// The golden domain XML cases: a spec each and the file under test/fixtures/vm that holds its reviewed XML.
// Shared by domain-xml.test.ts (compares) and scripts/update-golden.ts (rewrites).
import { join } from 'node:path';
import type { DomainSpec } from '../../../core/vm/domain-xml';

export const vmFixtures = join(new URL('.', import.meta.url).pathname, '../../fixtures/vm');

export const base: DomainSpec = {
  name: 'lamp',
  uuid: '3f0c2a59-7d0e-4d5e-9a7e-0c1c7b1e2f33',
  memoryMiB: 2048,
  cpus: 2,
  accel: 'tcg',
  firmware: 'uefi',
  nvramPath: '/var/lib/bootable/vms/lamp/nvram.fd',
  overlayPath: '/var/lib/bootable/vms/lamp/overlay.qcow2',
  backing: { path: '/var/lib/bootable/vms/lamp/base.img', format: 'qcow2', relabel: false },
  serialLogPath: '/var/lib/bootable/vms/lamp/serial.log',
  network: { mode: 'user', forwards: [{ guest: 22, host: 40022 }, { guest: 80, host: 40080 }] },
  metadata: { imageRef: 'localhost/bootable/lamp:latest', imageDigest: 'sha256:0123abcd', disk: '/srv/out/qcow2/disk.qcow2' },
};

const evil = `x'/><qemu:commandline><qemu:arg value='-monitor'/></qemu:commandline><a b='`;

export const goldenDomains: { title: string; file: string; spec: DomainSpec }[] = [
  { title: 'UEFI + TCG + user-mode networking', file: 'domain-uefi-tcg-user.xml', spec: base },
  {
    title: 'BIOS + KVM + NAT', file: 'domain-bios-kvm-nat.xml',
    spec: {
      ...base, name: 'web-2', firmware: 'bios', nvramPath: undefined, accel: 'kvm', memoryMiB: 4096, cpus: 4,
      network: { mode: 'nat', network: 'default' }, metadata: undefined,
      backing: { path: '/var/lib/bootable/vms/web-2/base.img', format: 'raw', relabel: true },
    },
  },
  {
    title: 'hostile paths and metadata', file: 'domain-hostile.xml',
    spec: {
      ...base,
      overlayPath: `/tmp/a dir/${evil}.qcow2`,
      backing: { path: `/tmp/b dir/${evil}`, format: `qcow2'/><x y='`, relabel: false },
      serialLogPath: '/tmp/"quoted"&<log>',
      network: { mode: 'nat', network: 'default' },
      metadata: { imageRef: `localhost/x:1</bootable:image><evil/>`, imageDigest: `"; rm -rf / #`, disk: '/d/$(reboot)`id`' },
    },
  },
];
