// `bootable vm create|start|stop|restart|rm|list|status|console|ssh …`: manage VMs made from built disks.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CliCommand, CliIo } from '../command';
import { UsageError } from '../../errors';
import { parseOrUsage } from '../args';
import {
  createVm, formatVmDetails, formatVmTable, listVms, removeVm, restartVm, sshArgv, startVm, stopVm, tailSerialLog,
  vmStatus, waitReady, type CreateVmOptions, type Firmware, type NetworkMode, type VmStatus,
} from '../../vm/index';
import { createProgressDisplay, type ProgressStyle } from '../progress-display';

/** Options shared by `bootable boot` and `bootable vm create`. */
export const createOptionSpec = {
  name: { type: 'string', short: 'n' },
  memory: { type: 'string', short: 'm' },
  cpus: { type: 'string' },
  firmware: { type: 'string' },
  network: { type: 'string' },
  port: { type: 'string', short: 'p', multiple: true },
  uri: { type: 'string' },
  timeout: { type: 'string' },
  'ssh-user': { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const createOptionsUsage = [
  '  -n, --name NAME          VM name (default: from the image, made unique)',
  '  -m, --memory MIB         memory in MiB (default 2048)',
  '  --cpus N                 virtual CPUs (default 2)',
  '  --firmware uefi|bios     default: what the disk was built for',
  '  --network nat|user       default: libvirt\'s NAT network when it can start, else user-mode + port forwards',
  '  -p, --port PORT          also make this guest port reachable (repeatable; EXPOSEd ports are added)',
  '  --uri URI                libvirt URI (default qemu:///system as root, else qemu:///session)',
  '  --timeout SECONDS        how long to wait for ssh (default 300)',
  '  --ssh-user USER          user for `bootable vm ssh` (default: the disk\'s configured user, else root)',
  '  --json                   progress and result as JSON lines on stdout',
].join('\n');

function intOption(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} ${v}: expected a whole number`);
  return Number(v);
}

function choice<T extends string>(name: string, v: string | undefined, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) throw new UsageError(`--${name} ${v}: expected one of ${allowed.join(', ')}`);
  return v as T;
}

type CreateValues = { [K in keyof typeof createOptionSpec]?: (typeof createOptionSpec)[K] extends { multiple: true } ? string[] : (typeof createOptionSpec)[K]['type'] extends 'boolean' ? boolean : string };

/** Pure: parsed option values → createVm/bootDisk options. */
export function createOptionsFrom(disk: string, v: CreateValues): CreateVmOptions {
  const timeout = intOption('timeout', v.timeout);
  return {
    disk,
    name: v.name,
    memoryMiB: intOption('memory', v.memory),
    cpus: intOption('cpus', v.cpus),
    firmware: choice<Firmware>('firmware', v.firmware, ['uefi', 'bios']),
    network: choice<NetworkMode>('network', v.network, ['nat', 'user']),
    ports: (v.port ?? []).map((p) => intOption('port', p)!),
    uri: v.uri,
    readyTimeoutMs: timeout === undefined ? undefined : timeout * 1000,
    sshUser: v['ssh-user'],
  };
}


export function progressFor(io: CliIo, json: boolean) {
  return createProgressDisplay(json ? io.stdout : io.stderr, (json ? 'json' : 'auto') as ProgressStyle);
}

export function printVmResult(io: CliIo, status: VmStatus, json: boolean): void {
  io.stdout.write(json ? JSON.stringify({ type: 'result', vm: status }) + '\n' : formatVmDetails(status) + '\n');
}

function oneName(positionals: string[], sub: string): string {
  if (positionals.length !== 1) throw new UsageError(`bootable vm ${sub}: give exactly one VM name`, { hint: 'see `bootable vm list`' });
  return positionals[0];
}

type Sub = (args: string[], io: CliIo) => Promise<number>;

const subcommands: Record<string, { usage: string; run: Sub }> = {
  create: {
    usage: `bootable vm create DISK [options]   define a VM on an overlay of DISK (not started)\n${createOptionsUsage}`,
    async run(args, io) {
      const { values, positionals } = parseOrUsage(() => parseArgs({ args, allowPositionals: true, options: createOptionSpec }), 'vm');
      if (positionals.length !== 1) throw new UsageError('bootable vm create: give exactly one DISK');
      const display = progressFor(io, values.json ?? false);
      const status = await createVm(createOptionsFrom(positionals[0], values), { signal: io.signal, progress: display.report });
      display.finish();
      printVmResult(io, status, values.json ?? false);
      return 0;
    },
  },
  start: {
    usage: 'bootable vm start NAME [--wait] [--timeout SECONDS] [--json]',
    async run(args, io) {
      const { values, positionals } = parseOrUsage(() => parseArgs({ args, allowPositionals: true, options: { wait: { type: 'boolean' }, timeout: { type: 'string' }, json: { type: 'boolean' } } }), 'vm');
      const name = oneName(positionals, 'start');
      const display = progressFor(io, values.json ?? false);
      let status = await startVm(name, { signal: io.signal });
      if (values.wait) {
        const t = intOption('timeout', values.timeout);
        status = await waitReady(name, { signal: io.signal, progress: display.report, timeoutMs: t === undefined ? undefined : t * 1000 });
      }
      display.finish();
      printVmResult(io, status, values.json ?? false);
      return 0;
    },
  },
  stop: {
    usage: 'bootable vm stop NAME [--force] [--timeout SECONDS]   ACPI shutdown (forced off after the timeout, default 60)',
    async run(args, io) {
      const { values, positionals } = parseOrUsage(() => parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean', short: 'f' }, timeout: { type: 'string' } } }), 'vm');
      const t = intOption('timeout', values.timeout);
      const status = await stopVm(oneName(positionals, 'stop'), { signal: io.signal, force: values.force, timeoutMs: t === undefined ? undefined : t * 1000 });
      io.stdout.write(`${status.name}: ${status.state}\n`);
      return 0;
    },
  },
  restart: {
    usage: 'bootable vm restart NAME [--wait] [--force]',
    async run(args, io) {
      const { values, positionals } = parseOrUsage(() => parseArgs({ args, allowPositionals: true, options: { wait: { type: 'boolean' }, force: { type: 'boolean', short: 'f' } } }), 'vm');
      const display = progressFor(io, false);
      const status = await restartVm(oneName(positionals, 'restart'), { signal: io.signal, wait: values.wait, force: values.force, progress: display.report });
      display.finish();
      io.stdout.write(`${status.name}: ${status.state}\n`);
      return 0;
    },
  },
  rm: {
    usage: 'bootable vm rm NAME…   stop and delete the VM (definition, overlay, firmware vars, console log); the built disk is kept',
    async run(args, io) {
      const { positionals } = parseOrUsage(() => parseArgs({ args, allowPositionals: true, options: {} }), 'vm');
      if (positionals.length === 0) throw new UsageError('bootable vm rm: give at least one VM name');
      for (const name of positionals) {
        const r = await removeVm(name, { signal: io.signal });
        io.stdout.write(`removed ${r.name} (disk kept: ${r.keptDisk})\n`);
      }
      return 0;
    },
  },
  list: {
    usage: 'bootable vm list [--uri URI] [--json]',
    async run(args, io) {
      const { values } = parseOrUsage(() => parseArgs({ args, options: { uri: { type: 'string' }, json: { type: 'boolean' } } }), 'vm');
      const vms = await listVms({ uri: values.uri, signal: io.signal });
      if (values.json) io.stdout.write(JSON.stringify(vms, null, 2) + '\n');
      else io.stdout.write(vms.length ? formatVmTable(vms) + '\n' : 'no VMs (make one with `bootable boot DISK`)\n');
      return 0;
    },
  },
  status: {
    usage: 'bootable vm status NAME [--json]',
    async run(args, io) {
      const { values, positionals } = parseOrUsage(() => parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } }), 'vm');
      const status = await vmStatus(oneName(positionals, 'status'), { signal: io.signal });
      io.stdout.write(values.json ? JSON.stringify(status, null, 2) + '\n' : formatVmDetails(status) + '\n');
      return 0;
    },
  },
  console: {
    usage: 'bootable vm console NAME [--lines N] [--follow]   show the serial console log',
    async run(args, io) {
      const { values, positionals } = parseOrUsage(() => parseArgs({ args, allowPositionals: true, options: { lines: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' } } }), 'vm');
      const status = await vmStatus(oneName(positionals, 'console'), { signal: io.signal });
      const count = intOption('lines', values.lines) ?? 50;
      let shown = await tailSerialLog(status.serialLog, count);
      for (const l of shown) io.stdout.write(l + '\n');
      // --follow: poll the log and print lines that were not there before, until Ctrl-C.
      while (values.follow && !io.signal.aborted) {
        try { await sleep(1000, undefined, { signal: io.signal }); } catch { break; }
        const now = await tailSerialLog(status.serialLog, 200);
        const overlap = findOverlap(shown, now);
        for (const l of now.slice(overlap)) io.stdout.write(l + '\n');
        shown = now;
      }
      return 0;
    },
  },
  ssh: {
    usage: 'bootable vm ssh NAME [--user USER] [-i KEY] [-- COMMAND…]   ssh into the VM through its address or forwarded port',
    async run(args, io) {
      const { values, positionals } = parseOrUsage(() => parseArgs({ args, allowPositionals: true, options: { user: { type: 'string', short: 'l' }, identity: { type: 'string', short: 'i' } } }), 'vm');
      if (positionals.length === 0) throw new UsageError('bootable vm ssh: give a VM name');
      const [name, ...extra] = positionals;
      const argv = sshArgv(await vmStatus(name, { signal: io.signal }), { user: values.user, identity: values.identity, extra });
      return new Promise<number>((resolve, reject) => {
        const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit' });
        child.on('error', (err) => reject(new UsageError(`cannot run ssh: ${err.message}`, { hint: 'apt-get install openssh-client' })));
        child.on('exit', (code, sig) => resolve(code ?? (sig ? 128 + 15 : 1)));
      });
    },
  },
};

/** How many leading lines of `now` were already printed (the longest suffix of `before` that prefixes `now`). */
export function findOverlap(before: string[], now: string[]): number {
  for (let k = Math.min(before.length, now.length); k > 0; k--) {
    let same = true;
    for (let i = 0; i < k; i++) if (before[before.length - k + i] !== now[i]) { same = false; break; }
    if (same) return k;
  }
  return 0;
}

export const vmUsage = [
  'Usage: bootable vm <command> …',
  '',
  ...Object.values(subcommands).map((s) => '  ' + s.usage.split('\n')[0]),
  '',
  'create options:',
  createOptionsUsage,
  '',
  'Each VM runs on its own qcow2 overlay of the disk, in /var/lib/bootable/vms/NAME (root) or',
  '~/.local/share/bootable/vms/NAME (BOOTABLE_VM_DIR overrides), with its serial console logged there.',
].join('\n');

export const vmCommand: CliCommand = {
  name: 'vm',
  summary: 'manage VMs: create, start, stop, restart, rm, list, status, console, ssh',
  usage: vmUsage,
  async run(args, io) {
    const [sub, ...rest] = args;
    const s = sub ? subcommands[sub] : undefined;
    if (!s || !Object.hasOwn(subcommands, sub!)) {
      throw new UsageError(sub ? `unknown vm command '${sub}'` : 'missing vm command', { hint: `one of: ${Object.keys(subcommands).join(', ')}` });
    }
    return s.run(rest, io);
  },
};
