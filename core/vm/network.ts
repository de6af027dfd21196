// User-mode networking by default: qemu's own network stack with forwards on 127.0.0.1, which needs nothing from
// the host (no root, works with qemu:///session) and exposes nothing beyond loopback. libvirt's NAT network
// (`default`) on request, started when it is defined but inactive.
import { VmError } from '../errors';
import type { NetworkMode } from './types';
import { virsh } from './virsh';

export const NAT_NETWORK = 'default';

export function parseNetActive(netInfo: string): boolean {
  return /^Active:\s*yes\s*$/m.test(netInfo);
}

async function natAvailable(uri: string, signal?: AbortSignal): Promise<{ ok: boolean; why?: string }> {
  const info = await virsh(uri, ['net-info', NAT_NETWORK], { signal, okExitCodes: [0, 1] });
  if (info.exitCode !== 0) return { ok: false, why: `libvirt has no network named '${NAT_NETWORK}'` };
  if (parseNetActive(info.stdout)) return { ok: true };
  const start = await virsh(uri, ['net-start', NAT_NETWORK], { signal, okExitCodes: [0, 1] });
  if (start.exitCode === 0) return { ok: true };
  return { ok: false, why: `network '${NAT_NETWORK}' did not start: ${start.stderr.trim().split('\n').pop() ?? ''}` };
}

export async function chooseNetwork(uri: string, requested: NetworkMode | undefined, signal?: AbortSignal): Promise<NetworkMode> {
  if (requested !== 'nat') return 'user';
  const nat = await natAvailable(uri, signal);
  if (nat.ok) return 'nat';
  throw new VmError(`NAT networking is not available: ${nat.why}`, {
    hint: `define and start it (virsh net-define /usr/share/libvirt/networks/default.xml; virsh net-start ${NAT_NETWORK}), or use --network user`,
  });
}
