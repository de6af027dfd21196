// Which libvirt to talk to. The URI is passed to virsh unchanged, so remote ones (qemu+ssh://host/system) work.
// The uid that decides is the host's: uid 0 inside a user namespace (`podman unshare bootable …`) is still the user.
import { hostUid } from '../util/privilege';

/** `qemu:///system` as root, `qemu:///session` otherwise; BOOTABLE_LIBVIRT_URI overrides. */
export function defaultLibvirtUri(env: NodeJS.ProcessEnv = process.env, uid = hostUid()): string {
  const fromEnv = env.BOOTABLE_LIBVIRT_URI?.trim();
  if (fromEnv) return fromEnv;
  return uid === 0 ? 'qemu:///system' : 'qemu:///session';
}

/** A URI whose hypervisor runs on this machine, so files bootable creates here are visible to it. */
export function isLocalUri(uri: string): boolean {
  const m = /^([a-z0-9+]+):\/\/([^/]*)\//i.exec(uri);
  if (!m) return false;
  const [, scheme, host] = m;
  const transport = scheme.split('+')[1];
  return (transport === undefined || transport === 'unix') && (host === '' || host === 'localhost');
}
