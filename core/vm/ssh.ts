// The ssh command line for a VM (the CLI execs it; the extension runs it in an integrated terminal).
import type { VmStatus } from './types';
import { VmError } from '../errors';

export function sshArgv(status: VmStatus, opts: { user?: string; identity?: string; extra?: string[] } = {}): string[] {
  const ep = status.endpoints.find((e) => e.guestPort === 22);
  if (!ep) {
    throw new VmError(`VM ${status.name} has no reachable ssh port (state: ${status.state})`, { hint: `start it: bootable vm start ${status.name}` });
  }
  const user = opts.user ?? status.sshUser ?? 'root';
  return [
    'ssh',
    '-p', String(ep.port),
    // Each VM (and each rebuilt disk) has new host keys on a reused local port: do not pollute known_hosts.
    '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
    ...(opts.identity ? ['-i', opts.identity] : []),
    `${user}@${ep.host}`,
    ...(opts.extra?.length ? ['--', ...opts.extra] : []),
  ];
}
