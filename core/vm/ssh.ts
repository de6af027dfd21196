// The ssh command line for a VM (the CLI execs it; the extension runs it in an integrated terminal). The user
// name can come from a disk manifest in a repository: it is validated, and passed with -l (never as USER@HOST,
// where a name starting with "-" would be read as an option) with `--` before the host.
import type { VmStatus } from './types';
import { UsageError, VmError } from '../errors';

/** A login name ssh can take safely: POSIX-ish, never starting with "-", no spaces, "@" or shell characters. */
const userNameRe = /^[A-Za-z_][A-Za-z0-9._-]{0,31}$/;

export function isSafeUserName(name: string): boolean {
  return userNameRe.test(name);
}

export function sshArgv(status: VmStatus, opts: { user?: string; identity?: string; extra?: string[] } = {}): string[] {
  const ep = status.endpoints.find((e) => e.guestPort === 22);
  if (!ep) {
    throw new VmError(`VM ${status.name} has no reachable ssh port (state: ${status.state})`, { hint: `start it: bootable vm start ${status.name}` });
  }
  const user = opts.user ?? status.sshUser ?? 'root';
  if (!isSafeUserName(user)) {
    throw new UsageError(`ssh user ${JSON.stringify(user.slice(0, 40))} is not a valid user name`, {
      hint: 'user names are letters, digits, ".", "_" and "-" (not first); give one with --user',
    });
  }
  return [
    'ssh',
    '-l', user,
    '-p', String(ep.port),
    // Each VM (and each rebuilt disk) has new host keys on a reused local port: do not pollute known_hosts.
    '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
    // bootable's default key when the VM was made with it (default-key.ts); ssh still tries the user's own keys.
    ...((opts.identity ?? status.sshIdentity) ? ['-i', (opts.identity ?? status.sshIdentity)!] : []),
    '--', ep.host,
    ...(opts.extra ?? []),
  ];
}
