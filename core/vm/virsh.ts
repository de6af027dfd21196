// Every libvirt call goes through virsh with `--connect URI` and an argv array. Connection failures become one
// clear VmError that says how to start (or install) libvirt.
import { CommandError, VmError } from '../errors';
import { run, type RunOptions, type RunResult } from '../util/process';

export const LIBVIRT_INSTALL_HINT = 'install libvirt: apt-get install libvirt-daemon-system libvirt-clients qemu-system-x86 (or run `npm run setup`)';
export const LIBVIRT_START_HINT = 'start libvirt: `systemctl start libvirtd`, or without systemd `virtlogd -d && libvirtd -d` as root (`npm run setup` does this)';

export function virshArgv(uri: string, ...args: string[]): string[] {
  return ['virsh', '--connect', uri, ...args];
}

const CONNECT_FAILURE = /failed to connect to the hypervisor|Failed to connect socket|no connection driver available|Cannot recv data|authentication failed|End of file while reading data/i;
const NO_DOMAIN = /failed to get domain|Domain not found|no domain with matching name/i;

export function isConnectFailure(stderr: string): boolean { return CONNECT_FAILURE.test(stderr); }
export function isNoDomain(stderr: string): boolean { return NO_DOMAIN.test(stderr); }

export async function virsh(uri: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  try {
    return await run(virshArgv(uri, ...args), { timeoutMs: 120_000, installHint: LIBVIRT_INSTALL_HINT, ...opts });
  } catch (err) {
    if (err instanceof CommandError && err.reason === 'failed' && isConnectFailure(err.stderrTail)) {
      const why = err.stderrTail.split('\n').filter((l) => /error/i.test(l)).slice(-1)[0]?.replace(/^error:\s*/, '') ?? '';
      throw new VmError(`cannot connect to libvirt at ${uri}${why ? `: ${why}` : ''}`, { hint: LIBVIRT_START_HINT, cause: err });
    }
    throw err;
  }
}

export interface DomainListEntry { id?: number; name: string; state: string }

/** Parses `virsh list --all` (the table: Id, Name, State; "-" as the id of a domain that is not running). */
export function parseDomainList(stdout: string): DomainListEntry[] {
  const out: DomainListEntry[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^\s*(\d+|-)\s+(\S+)\s+(.+?)\s*$/.exec(line);
    if (!m) continue;
    out.push({ id: m[1] === '-' ? undefined : Number(m[1]), name: m[2], state: m[3] });
  }
  return out;
}

export async function listDomains(uri: string, signal?: AbortSignal): Promise<DomainListEntry[]> {
  const r = await virsh(uri, ['list', '--all'], { signal, timeoutMs: 60_000 });
  return parseDomainList(r.stdout);
}

/** The domain's libvirt state and id, or undefined when libvirt does not know the name. */
export async function findDomain(uri: string, name: string, signal?: AbortSignal): Promise<DomainListEntry | undefined> {
  return (await listDomains(uri, signal)).find((d) => d.name === name);
}

/** Parses `virsh domifaddr` output: the first IPv4 address (without the /prefix). */
export function parseDomIfAddr(stdout: string): string | undefined {
  for (const line of stdout.split('\n')) {
    const m = /\sipv4\s+(\d{1,3}(?:\.\d{1,3}){3})\/\d+/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/** The guest's IPv4 address from the NAT network's DHCP leases (`--source arp` does not work everywhere). */
export async function leaseAddress(uri: string, name: string, signal?: AbortSignal): Promise<string | undefined> {
  const r = await virsh(uri, ['domifaddr', name, '--source', 'lease'], { signal, timeoutMs: 30_000, okExitCodes: [0, 1] });
  return r.exitCode === 0 ? parseDomIfAddr(r.stdout) : undefined;
}
