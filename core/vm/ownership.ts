// Which VMs `bootable up` may replace: only the one its own project (the same Containerfile) made. Checked
// before any slow work, so a name clash is reported in a second, not after a build and a disk.
import { UsageError } from '../errors';
import { readVmRecord, vmStateRoot } from './state-dir';
import type { VmRecord } from './types';
import { defaultLibvirtUri } from './uri';
import { findDomain } from './virsh';

/** Pure: why `project` may not replace the VM in `record` (undefined: it may, or there is none). */
export function ownershipProblem(name: string, project: string, record: VmRecord | undefined, libvirtHasIt: boolean): UsageError | undefined {
  const hint = `choose another name with --name, or remove that VM first: bootable vm rm ${name}`;
  if (record) {
    if (record.project === project) return undefined;
    const owner = record.project ? `\`bootable up\` of ${record.project}` : `\`bootable boot\` / \`bootable vm create\` (disk ${record.disk})`;
    return new UsageError(`a VM named ${name} already exists, made by ${owner}; bootable up replaces only the VM of its own project`, { hint });
  }
  if (libvirtHasIt) return new UsageError(`libvirt already has a domain named ${name} that bootable did not make`, { hint: `choose another name with --name (see \`virsh list --all\`)` });
  return undefined;
}

/** Throws a UsageError when `name` belongs to another project, to another bootable command or to libvirt alone. */
export async function checkUpMayReplace(name: string, project: string, opts: { uri?: string; stateRoot?: string; signal?: AbortSignal } = {}): Promise<void> {
  const record = await readVmRecord(name, opts.stateRoot ?? vmStateRoot());
  const uri = record?.uri ?? (opts.uri?.trim() || defaultLibvirtUri());
  const libvirtHasIt = record ? true : (await findDomain(uri, name, opts.signal)) !== undefined;
  const problem = ownershipProblem(name, project, record, libvirtHasIt);
  if (problem) throw problem;
}
