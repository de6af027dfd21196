// `bootable boot DISK` and the extension's "Boot": create + start + wait for ready, as one call. If any part
// fails or is cancelled, the VM is removed again (domain, overlay, vars, log), so nothing is left defined.
import { VmError } from '../errors';
import { noProgress, type ProgressReporter } from '../progress';
import { createVm, removeVm, startVm, waitReady, type CreateVmOptions } from './lifecycle';
import type { Endpoint, VmState, VmStatus } from './types';

export interface BootResult {
  name: string;
  address?: string;
  ports: Endpoint[];
  state: VmState;
  status: VmStatus;
  /** Milliseconds from the call to ready. */
  bootMs: number;
}

export async function bootDisk(opts: CreateVmOptions, ops: { signal?: AbortSignal; progress?: ProgressReporter } = {}): Promise<BootResult> {
  const progress = ops.progress ?? noProgress;
  const t0 = Date.now();
  // Steps 1–2 create, 3 starts, 4 waits; fractions are on bootDisk's own 0..1 scale (the parts report their own).
  const OF = 4;
  const created = await createVm(opts, {
    signal: ops.signal,
    progress: (e) => progress({ ...e, step: e.step, of: OF, fraction: (e.step - 1) / OF }),
  });
  const name = created.name;
  try {
    progress({ step: 3, of: OF, id: 'start', message: `starting ${name}`, fraction: 2 / OF });
    await startVm(name, { signal: ops.signal, stateRoot: opts.stateRoot });
    const status = await waitReady(name, {
      signal: ops.signal,
      stateRoot: opts.stateRoot,
      progress: (e) => progress({ ...e, step: 4, of: OF, fraction: (3 + (e.fraction ?? 0)) / OF }),
    });
    progress({ step: OF, of: OF, id: 'ready', message: `${name} is ready`, fraction: 1 });
    return { name, address: status.address, ports: status.endpoints, state: status.state, status, bootMs: Date.now() - t0 };
  } catch (err) {
    await removeVm(name, { stateRoot: opts.stateRoot }).catch(() => undefined);
    // The console log went with the VM: keep the lines already in the message, drop the dangling path.
    if (err instanceof VmError && err.logPath) {
      throw new VmError(`${err.message}\n  (VM ${name} was removed again)`, {
        hint: 'to keep a VM that does not boot for inspection: bootable vm create DISK, then bootable vm start NAME --wait',
        cause: err,
      });
    }
    throw err;
  }
}
