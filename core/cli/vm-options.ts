// The VM options `bootable boot` and `bootable vm create` share: core/vm's descriptors plus --json.
import type { CliIo } from './command';
import { formatVmDetails, type CreateVmOptions, type VmStatus } from '../vm/index';
import { vmOptions } from '../vm/options';
import { parseCommandLine, usageLine, usageLines, valuesFromArgs } from './options';

/** Computed on use, from core/vm's descriptors as they are. */
export function createOptionsUsage(): string {
  return [...usageLines(vmOptions), usageLine('--json', 'progress and result as JSON lines on stdout')].join('\n');
}

/** Pure: flag values (as parseArgs gives them) → createVm/bootDisk options. */
export function createOptionsFrom(disk: string, values: Record<string, unknown>): CreateVmOptions {
  return { disk, ...valuesFromArgs(vmOptions, values, '/') };
}

/** `COMMAND DISK [options]` → the VM's options (validated) and --json. */
export function parseCreateArgs(command: string, args: string[], cwd: string) {
  const { options, flags, positionals } = parseCommandLine(command, args, cwd, vmOptions, { json: { type: 'boolean' } });
  return { options, json: flags.json ?? false, positionals };
}

export function printVmResult(io: CliIo, status: VmStatus, json: boolean): void {
  io.stdout.write(json ? JSON.stringify({ type: 'result', vm: status }) + '\n' : formatVmDetails(status) + '\n');
}
