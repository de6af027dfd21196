// libvirt domain XML for one VM, built from typed data with the escaping XML builder (never by string pasting).
import { el, renderXml, type XmlElement } from './xml';
import type { Acceleration, Firmware, PortForward } from './types';
import { checkVmName } from './names';

export const OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd';
export const OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd';
const QEMU_NS = 'http://libvirt.org/schemas/domain/qemu/1.0';
const BOOTABLE_NS = 'https://bootable.dev/xmlns/vm/1';

export type DomainNetwork =
  | { mode: 'nat'; network: string }
  | { mode: 'user'; forwards: PortForward[] };

export interface DomainSpec {
  name: string;
  uuid?: string;
  memoryMiB: number;
  cpus: number;
  accel: Acceleration;
  firmware: Firmware;
  /** UEFI: the per-VM copy of the OVMF variables. */
  nvramPath?: string;
  ovmfCode?: string;
  overlayPath: string;
  /**
   * The overlay's backing file, a hard link to or copy of the built disk kept beside the overlay (so qemu
   * never needs to reach into the project). relabel false: libvirt must not chown it (a hard link shares its
   * owner and mode with the project's file).
   */
  backing?: { path: string; format: string; relabel: boolean };
  serialLogPath: string;
  network: DomainNetwork;
  /** Shown by `virsh dumpxml`, so a VM says where it came from even without bootable's state dir. */
  metadata?: { imageRef?: string; imageDigest?: string; disk?: string };
}

function checkPort(p: number): number {
  if (!Number.isInteger(p) || p < 1 || p > 65535) throw new Error(`invalid port: ${p}`);
  return p;
}

/**
 * qemu's -netdev user option string: forwards bound to 127.0.0.1 only, so guests are not exposed to the network;
 * the DHCP server hands out the VM's name as its hostname (systemd-networkd uses it when no static one is set).
 */
export function userNetdevOption(forwards: PortForward[], hostname?: string): string {
  return ['user', 'id=bootnet0', ...(hostname === undefined ? [] : [`hostname=${checkVmName(hostname)}`]),
    ...forwards.map((f) => `hostfwd=tcp:127.0.0.1:${checkPort(f.host)}-:${checkPort(f.guest)}`)].join(',');
}

/**
 * The hostname as a systemd credential in an SMBIOS type 11 string, for any network mode: systemd ≥ 254 sets
 * it at every boot; 252 (Debian 12) imports it and the base image's bootable-hostname.service sets it.
 */
export function hostnameCredentials(name: string): string[] {
  checkVmName(name);
  return [`io.systemd.credential:system.hostname=${name}`];
}

function osElement(spec: DomainSpec): XmlElement {
  const uefi = spec.firmware === 'uefi';
  if (uefi && !spec.nvramPath) throw new Error('UEFI firmware needs an nvram path');
  return el('os', {},
    el('type', { arch: 'x86_64', machine: 'q35' }, 'hvm'),
    uefi && el('loader', { readonly: 'yes', type: 'pflash', secure: 'no' }, spec.ovmfCode ?? OVMF_CODE),
    uefi && el('nvram', {}, spec.nvramPath!),
    el('boot', { dev: 'hd' }),
    el('smbios', { mode: 'sysinfo' }),
  );
}

function metadataElement(spec: DomainSpec): XmlElement | undefined {
  const m = spec.metadata;
  if (!m) return undefined;
  return el('metadata', {},
    el('bootable:vm', { 'xmlns:bootable': BOOTABLE_NS },
      m.imageRef !== undefined && el('bootable:image', {}, m.imageRef),
      m.imageDigest !== undefined && el('bootable:digest', {}, m.imageDigest),
      m.disk !== undefined && el('bootable:disk', {}, m.disk)));
}

function sysinfoElement(spec: DomainSpec): XmlElement {
  return el('sysinfo', { type: 'smbios' },
    el('oemStrings', {}, ...hostnameCredentials(spec.name).map((s) => el('entry', {}, s))));
}

function backingElement(backing: NonNullable<DomainSpec['backing']>): XmlElement {
  return el('backingStore', { type: 'file' },
    el('format', { type: backing.format === 'raw' ? 'raw' : 'qcow2' }),
    el('source', { file: backing.path }, !backing.relabel && el('seclabel', { model: 'dac', relabel: 'no' })),
    el('backingStore'));
}

function devicesElement(spec: DomainSpec): XmlElement {
  return el('devices', {},
    el('disk', { type: 'file', device: 'disk' },
      el('driver', { name: 'qemu', type: 'qcow2', discard: 'unmap' }),
      el('source', { file: spec.overlayPath }),
      spec.backing && backingElement(spec.backing),
      el('target', { dev: 'vda', bus: 'virtio' })),
    spec.network.mode === 'nat' && el('interface', { type: 'network' },
      el('source', { network: spec.network.network }),
      el('model', { type: 'virtio' })),
    el('serial', { type: 'file' },
      el('source', { path: spec.serialLogPath, append: 'off' }),
      el('target', { port: 0 })),
    el('console', { type: 'file' },
      el('source', { path: spec.serialLogPath, append: 'off' }),
      el('target', { type: 'serial', port: 0 })),
    el('rng', { model: 'virtio' }, el('backend', { model: 'random' }, '/dev/urandom')),
    el('memballoon', { model: 'none' }),
  );
}

/** User-mode networking has no libvirt element without passt, so it goes on qemu's command line. */
function qemuCommandline(forwards: PortForward[], hostname: string): XmlElement {
  const args = ['-netdev', userNetdevOption(forwards, hostname), '-device', 'virtio-net-pci,netdev=bootnet0,bus=pcie.0,addr=0x10'];
  return el('qemu:commandline', {}, ...args.map((value) => el('qemu:arg', { value })));
}

export function domainXml(spec: DomainSpec): string {
  checkVmName(spec.name);
  if (!Number.isInteger(spec.memoryMiB) || spec.memoryMiB < 128) throw new Error(`invalid memory: ${spec.memoryMiB} MiB`);
  if (!Number.isInteger(spec.cpus) || spec.cpus < 1) throw new Error(`invalid cpus: ${spec.cpus}`);
  const user = spec.network.mode === 'user';
  const domain = el('domain', { type: spec.accel === 'kvm' ? 'kvm' : 'qemu', 'xmlns:qemu': user ? QEMU_NS : undefined },
    el('name', {}, spec.name),
    spec.uuid !== undefined && el('uuid', {}, spec.uuid),
    metadataElement(spec),
    el('memory', { unit: 'MiB' }, String(spec.memoryMiB)),
    el('vcpu', {}, String(spec.cpus)),
    sysinfoElement(spec),
    osElement(spec),
    el('features', {}, el('acpi'), el('apic')),
    spec.accel === 'kvm' && el('cpu', { mode: 'host-passthrough' }),
    el('clock', { offset: 'utc' }),
    el('on_poweroff', {}, 'destroy'),
    el('on_reboot', {}, 'restart'),
    el('on_crash', {}, 'destroy'),
    devicesElement(spec),
    spec.network.mode === 'user' && qemuCommandline(spec.network.forwards, spec.name),
  );
  return renderXml(domain) + '\n';
}
