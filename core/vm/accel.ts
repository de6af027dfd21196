// KVM is used only when a probe shows it really runs guest code: on some hosts /dev/kvm exists but a guest
// hangs or qemu aborts (ENVIRONMENT.md: kvm_pvm, "failed to set MSR 0x10a"). The probe starts a diskless guest
// and waits for SeaBIOS to print "No bootable device" on its debug port, which only happens if the vCPU
// actually executed the BIOS. Otherwise bootable falls back to TCG (libvirt type='qemu').
import { access, constants } from 'node:fs/promises';
import { run } from '../util/process';
import type { Acceleration } from './types';
import { isLocalUri } from './uri';
import { virsh } from './virsh';

export interface AccelChoice { accel: Acceleration; note: string }

const PROBE_TIMEOUT_MS = 3000;
const BIOS_DONE = 'No bootable device';

export function kvmProbeArgv(): string[] {
  return [
    'qemu-system-x86_64', '-accel', 'kvm', '-cpu', 'host', '-machine', 'q35', '-m', '64',
    '-nodefaults', '-no-reboot', '-display', 'none', '-monitor', 'none', '-serial', 'none',
    '-chardev', 'stdio,id=dbg', '-device', 'isa-debugcon,iobase=0x402,chardev=dbg',
  ];
}

async function probeLocalKvm(signal?: AbortSignal): Promise<AccelChoice> {
  try {
    await access('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return { accel: 'tcg', note: 'TCG (software emulation): /dev/kvm is not available' };
  }
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let sawBios = false;
  try {
    await run(kvmProbeArgv(), {
      signal: stop.signal,
      timeoutMs: PROBE_TIMEOUT_MS,
      onLine: (line) => { if (line.includes(BIOS_DONE)) { sawBios = true; stop.abort(); } },
    });
  } catch { /* expected: the probe is always stopped, by us or by the timeout */ } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  signal?.throwIfAborted();
  return sawBios
    ? { accel: 'kvm', note: 'KVM (probe guest ran)' }
    : { accel: 'tcg', note: `TCG (software emulation): /dev/kvm exists but a probe guest did not run within ${PROBE_TIMEOUT_MS / 1000} s` };
}

/** For a remote hypervisor the probe cannot run here: trust libvirt's capabilities for KVM. */
async function remoteKvm(uri: string, signal?: AbortSignal): Promise<AccelChoice> {
  const r = await virsh(uri, ['domcapabilities', '--virttype', 'kvm'], { signal, okExitCodes: [0, 1] });
  return r.exitCode === 0
    ? { accel: 'kvm', note: 'KVM (reported by the remote libvirt; not probed)' }
    : { accel: 'tcg', note: 'TCG (software emulation): the remote libvirt does not offer KVM' };
}

const cache = new Map<string, Promise<AccelChoice>>();

/** The acceleration for VMs on `uri`, probed once per process. BOOTABLE_VM_ACCEL=tcg|kvm forces a choice. */
export function chooseAcceleration(uri: string, signal?: AbortSignal): Promise<AccelChoice> {
  const forced = process.env.BOOTABLE_VM_ACCEL;
  if (forced === 'tcg' || forced === 'kvm') return Promise.resolve({ accel: forced, note: `${forced.toUpperCase()} (forced by BOOTABLE_VM_ACCEL)` });
  const key = isLocalUri(uri) ? 'local' : uri;
  let p = cache.get(key);
  if (!p) {
    p = isLocalUri(uri) ? probeLocalKvm(signal) : remoteKvm(uri, signal);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}
