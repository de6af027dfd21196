// What the CLI and the tree view show: libvirt's view of the domain combined with what bootable recorded when
// it started it. Cheap enough to poll every 2 s: one `virsh list` for all VMs, plus one short readiness probe
// for a VM that is running but not yet known to be ready.
import { UsageError } from '../errors';
import { probeOnce } from './probe';
import { listVmRecords, readVmRecord, vmStateRoot } from './state-dir';
import { PENDING_DOMAIN_ID, type Endpoint, type VmRecord, type VmState, type VmStatus } from './types';
import { defaultLibvirtUri } from './uri';
import { leaseAddress, listDomains, type DomainListEntry } from './virsh';

const RUNNING_STATES = new Set(['running', 'idle', 'paused', 'in shutdown', 'blocked', 'pmsuspended']);
const STOPPED_STATES = new Set(['shut off', 'shutoff']);

export interface VmQuery { uri?: string; stateRoot?: string; signal?: AbortSignal }

/** Pure: the user-facing state from libvirt's state, bootable's record and (for a running VM) a probe result. */
export function mapVmState(domain: DomainListEntry | undefined, record: VmRecord, now: number, probeOk = false): { state: VmState; message?: string } {
  if (!domain) return { state: 'failed', message: 'the libvirt domain no longer exists (removed outside bootable?)' };
  const run = record.run;
  if (domain.state === 'crashed') return { state: 'failed', message: 'the guest crashed' };
  if (STOPPED_STATES.has(domain.state)) {
    if (!run) return { state: 'defined' };
    if (run.failure) return { state: 'failed', message: run.failure };
    return { state: 'stopped' };
  }
  if (RUNNING_STATES.has(domain.state)) {
    const current = run !== undefined && (domain.id === run.domainId || run.domainId === PENDING_DOMAIN_ID);
    const note = domain.state === 'running' ? undefined : domain.state;
    if (current && run.failure) return { state: 'failed', message: run.failure };
    if ((current && run.readyAt) || probeOk) return { state: 'ready', message: note };
    if (current && now - Date.parse(run.startedAt) < record.readyTimeoutMs) return { state: 'starting', message: note };
    return { state: 'running', message: note };
  }
  return { state: 'running', message: domain.state };
}

/** Pure: where each guest port is reachable. */
export function endpointsOf(record: VmRecord, address: string | undefined): Endpoint[] {
  if (record.network === 'user') return record.forwards.map((f) => ({ guestPort: f.guest, host: '127.0.0.1', port: f.host }));
  return address ? record.guestPorts.map((p) => ({ guestPort: p, host: address, port: p })) : [];
}

async function statusOf(record: VmRecord, domain: DomainListEntry | undefined, signal?: AbortSignal): Promise<VmStatus> {
  const running = domain !== undefined && RUNNING_STATES.has(domain.state);
  const current = running && record.run !== undefined && (domain.id === record.run.domainId || record.run.domainId === PENDING_DOMAIN_ID) ? record.run : undefined;
  let address: string | undefined;
  if (running) {
    address = record.network === 'user' ? '127.0.0.1' : current?.address ?? await leaseAddress(record.uri, record.name, signal);
  }
  const endpoints = running ? endpointsOf(record, address) : [];
  let probeOk = false;
  if (running && !current?.readyAt && !current?.failure) {
    const ep = endpoints.find((e) => e.guestPort === record.ready.port);
    if (ep) probeOk = await probeOnce(record.ready.kind, ep.host, ep.port, 700);
  }
  const now = Date.now();
  const { state, message } = mapVmState(domain, record, now, probeOk);
  return {
    name: record.name,
    state,
    libvirtState: domain?.state ?? 'undefined',
    address,
    endpoints,
    accel: record.accel,
    accelNote: record.accelNote,
    firmware: record.firmware,
    network: record.network,
    image: record.image,
    disk: record.disk,
    overlay: record.overlay,
    serialLog: record.serialLog,
    createdAt: record.createdAt,
    startedAt: current?.startedAt,
    uptimeSeconds: current ? Math.max(0, Math.round((now - Date.parse(current.startedAt)) / 1000)) : undefined,
    sshUser: record.sshUser,
    sshIdentity: record.sshIdentity,
    project: record.project,
    message,
    uri: record.uri,
  };
}

export async function requireVmRecord(name: string, stateRoot = vmStateRoot()): Promise<VmRecord> {
  const record = await readVmRecord(name, stateRoot);
  if (!record) throw new UsageError(`no VM named ${JSON.stringify(name)}`, { hint: 'see `bootable vm list`' });
  return record;
}

/** Every VM bootable created for this libvirt URI, with its current state. */
export async function listVms(q: VmQuery = {}): Promise<VmStatus[]> {
  const uri = q.uri?.trim() || defaultLibvirtUri();
  const records = (await listVmRecords(q.stateRoot ?? vmStateRoot())).filter((r) => r.uri === uri);
  if (records.length === 0) return [];
  const domains = await listDomains(uri, q.signal);
  return Promise.all(records.map((r) => statusOf(r, domains.find((d) => d.name === r.name), q.signal)));
}

export async function vmStatus(name: string, q: VmQuery = {}): Promise<VmStatus> {
  const record = await requireVmRecord(name, q.stateRoot ?? vmStateRoot());
  const domains = await listDomains(record.uri, q.signal);
  return statusOf(record, domains.find((d) => d.name === name), q.signal);
}
