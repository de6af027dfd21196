// The options a VM is created with (`bootable boot`, `bootable vm create`, `bootable up`, the editor's settings):
// declared once here; CreateVmOptions, the CLI's flags and usage, and the `bootable.vm.*` settings come from this.
import { booleanOption, enumOption, integerOption, repeatable, stringOption, type OptionValues } from '../options';
import { firmwares, networkModes } from './types';

export const vmOptions = {
  name: stringOption({ flag: 'name', short: 'n', arg: 'NAME', doc: 'VM name (default: from the image, made unique)' }),
  memoryMiB: integerOption({
    flag: 'memory', short: 'm', arg: 'MIB', doc: 'memory in MiB', min: 256, max: 1024 * 1024, default: 2048,
    setting: { key: 'vm.memory', description: 'Memory of VMs booted by bootable, in MiB.' },
  }),
  cpus: integerOption({
    flag: 'cpus', arg: 'N', doc: 'virtual CPUs', min: 1, max: 256, default: 2,
    setting: { key: 'vm.cpus', description: 'Virtual CPUs of VMs booted by bootable.' },
  }),
  firmware: enumOption(firmwares, { flag: 'firmware', doc: 'default: what the disk was built for' }),
  network: enumOption(networkModes, {
    flag: 'network', doc: 'default user: forwards on 127.0.0.1 (no root needed); nat: libvirt\'s NAT network',
    setting: { key: 'vm.network', description: 'VM networking: `user` (default; guest ports forwarded to 127.0.0.1, works without root) or `nat` (libvirt\'s `default` network).' },
  }),
  ports: repeatable(integerOption({
    flag: 'port', short: 'p', arg: 'PORT', min: 1, max: 65535,
    doc: 'also make this guest port reachable (repeatable; EXPOSEd ports are added)',
  })),
  uri: stringOption({
    flag: 'uri', arg: 'URI', doc: 'libvirt URI (default qemu:///system as root, else qemu:///session)',
    setting: {
      key: 'libvirt.uri', scope: 'machine-overridable',
      description: 'libvirt connection URI for VMs, e.g. `qemu:///system` or `qemu+ssh://host/system`. Empty = `qemu:///system` as root, `qemu:///session` otherwise.',
    },
  }),
  readyTimeoutMs: integerOption({
    flag: 'timeout', arg: 'SECONDS', doc: 'how long to wait for ssh', min: 10, max: 86_400, scale: 1000, default: 300_000,
    setting: {
      key: 'vm.readyTimeout',
      description: 'How long to wait, in seconds, for a booted VM to answer on ssh before reporting it as failed (software emulation without KVM is slow).',
    },
  }),
  noDefaultKey: booleanOption({
    flag: 'no-default-key',
    doc: 'do not authorise bootable\'s own SSH key for root when the disk config gives no user a key',
    setting: { key: 'vm.noDefaultKey', description: 'Do not authorise bootable\'s own SSH key (~/.local/share/bootable/ssh) for root in the disks bootable makes (Build and Boot, Create Disk Image) when their config gives no user a key. See docs/virtual-machines.md (Logging in).' },
  }),
  allowBackingFile: booleanOption({
    flag: 'allow-backing-file', doc: 'boot a qcow2 that chains to files outside its own directory (only for disks you trust)',
  }),
  sshUser: stringOption({ flag: 'ssh-user', arg: 'USER', doc: 'user for `bootable vm ssh` (default: the disk\'s configured user, else root)' }),
};

/** The user-settable part of CreateVmOptions. */
export type VmOptionValues = OptionValues<typeof vmOptions>;
