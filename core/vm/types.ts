// The data core/vm works with: what a VM is made of (kept in vm.json beside its overlay) and what its status
// looks like to the CLI and the tree view.

export const firmwares = ['uefi', 'bios'] as const;
export type Firmware = typeof firmwares[number];
export type Acceleration = 'kvm' | 'tcg';
export const networkModes = ['nat', 'user'] as const;
export type NetworkMode = typeof networkModes[number];

/** States shown to the user. */
export type VmState = 'defined' | 'starting' | 'ready' | 'running' | 'stopped' | 'failed';

/** A user-mode port forward: host 127.0.0.1:host → guest:guest. */
export interface PortForward { guest: number; host: number }

/** Where to connect to reach a guest port: the forwarded host port (user mode) or the guest's own address (NAT). */
export interface Endpoint { guestPort: number; host: string; port: number }

/** How readiness is decided: ssh = the port answers with an `SSH-` banner; http = it answers an HTTP request. */
export interface ReadyProbe { port: number; kind: 'ssh' | 'http' }

/** Everything bootable knows about one VM; saved as <state dir>/vm.json. */
export interface VmRecord {
  version: 1;
  name: string;
  /** libvirt's domain UUID (fixed, so the domain can be redefined). */
  uuid: string;
  uri: string;
  /** The built disk, never modified, as the user gave it (shown in status). */
  disk: string;
  /** The overlay's backing file: a hard link to (linked) or a copy of the disk in the VM's directory. */
  base?: { path: string; linked: boolean };
  diskFormat: string;
  overlay: string;
  serialLog: string;
  /** Per-VM copy of the OVMF variables (UEFI only). */
  nvram?: string;
  firmware: Firmware;
  accel: Acceleration;
  /** Why this acceleration was chosen (e.g. "KVM probe failed: …"). */
  accelNote: string;
  network: NetworkMode;
  /** Guest ports bootable cares about: ssh and the image's exposed ports. */
  guestPorts: number[];
  /** User mode only. */
  forwards: PortForward[];
  memoryMiB: number;
  cpus: number;
  image?: { ref?: string; digest?: string };
  /** The user ssh logs in as (from the disk's build config), when known. */
  sshUser?: string;
  /** The private key `bootable vm ssh` offers (bootable's default key, core/vm/default-key.ts). */
  sshIdentity?: string;
  /** The Containerfile whose `bootable up` made this VM. */
  project?: string;
  ready: ReadyProbe;
  readyTimeoutMs: number;
  createdAt: string;
  /** The current or last run, keyed by libvirt's domain id (a new id each start). */
  run?: RunRecord;
}

/** RunRecord.domainId while `virsh start` is under way. */
export const PENDING_DOMAIN_ID = -1;

export interface RunRecord {
  /** libvirt's id of the running domain, or PENDING_DOMAIN_ID while it starts. */
  domainId: number;
  startedAt: string;
  readyAt?: string;
  address?: string;
  failedAt?: string;
  failure?: string;
}

export interface VmStatus {
  name: string;
  state: VmState;
  /** libvirt's own word for it ("running", "shut off", …), or "undefined" when libvirt no longer has it. */
  libvirtState: string;
  /** Guest address: 127.0.0.1 with forwarded ports in user mode, the DHCP lease in NAT mode. */
  address?: string;
  endpoints: Endpoint[];
  accel: Acceleration;
  accelNote: string;
  firmware: Firmware;
  network: NetworkMode;
  image?: { ref?: string; digest?: string };
  disk: string;
  overlay: string;
  serialLog: string;
  createdAt: string;
  startedAt?: string;
  uptimeSeconds?: number;
  sshUser?: string;
  sshIdentity?: string;
  /** The Containerfile whose `bootable up` made this VM. */
  project?: string;
  /** Why it failed, or other notes. */
  message?: string;
  uri: string;
}
