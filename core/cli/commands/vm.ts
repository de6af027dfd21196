// `bootable vm create|start|stop|restart|rm|list|status|console|ssh …`: manage VMs made from built disks.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CliCommand, CliIo } from '../command';
import { UsageError } from '../../errors';
import { parseOrUsage, positiveInt } from '../args';
import {
  createVm, formatVmDetails, formatVmTable, listVms, removeVm, restartVm, sshArgv, startVm, stopVm, tailSerialLog,
  vmStatus, waitReady,
} from '../../vm/index';
import { vmOptions } from '../../vm/options';
import { progressFor } from '../progress-display';
import { createOptionsUsage, parseCreateArgs, printVmResult } from '../vm-options';
import { parseCommandLine, usageLines, valuesFromArgs } from '../options';
import { formatDeployments, rollbackVm, updateOptions, updateVm, vmDeployments, type UpdateResult } from '../../update/index';
import { findContainerfile } from '../args';

function oneName(positionals: string[], sub: string): string {
  if (positionals.length !== 1) throw new UsageError(`bootable vm ${sub}: give exactly one VM name`, { hint: 'see `bootable vm list`' });
  return positionals[0];
}

type Sub = (args: string[], io: CliIo) => Promise<number>;

const subcommands: Record<string, { usage: string; run: Sub }> = {
  create: {
    usage: 'bootable vm create DISK [options]   define a VM on an overlay of DISK (not started)',
    async run(args, io) {
      const { options, json, positionals } = parseCreateArgs('vm', args, io.cwd);
      if (positionals.length !== 1) throw new UsageError('bootable vm create: give exactly one DISK');
      const display = progressFor(io, json);
      const status = await createVm({ ...options, disk: positionals[0] }, { signal: io.signal, progress: display.report });
      display.finish();
      printVmResult(io, status, json);
      return 0;
    },
  },
  start: {
    usage: 'bootable vm start NAME [--wait] [--timeout SECONDS] [--json]',
    async run(args, io) {
      const { values, positionals } = parseOrUsage(() => parseArgs({ args, allowPositionals: true, options: { wait: { type: 'boolean' }, timeout: { type: 'string' }, json: { type: 'boolean' } } }), 'vm');
      const name = oneName(positionals, 'start');
      // The same --timeout (and validator) as boot's: how long to wait for ssh.
      const { readyTimeoutMs } = valuesFromArgs({ readyTimeoutMs: vmOptions.readyTimeoutMs }, values, io.cwd);
      const display = progressFor(io, values.json ?? false);
      let status = await startVm(name, { signal: io.signal });
      if (values.wait) {
        status = await waitReady(name, { signal: io.signal, progress: display.report, timeoutMs: readyTimeoutMs });
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
      const t = positiveInt('timeout', values.timeout);
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
      const { options, flags: values, positionals } = parseCommandLine('vm', args, io.cwd, { uri: vmOptions.uri }, { json: { type: 'boolean' } });
      if (positionals.length) throw new UsageError('bootable vm list takes no names', { hint: 'bootable vm status NAME' });
      const vms = await listVms({ uri: options.uri, signal: io.signal });
      if (values.json) io.stdout.write(JSON.stringify(vms, null, 2) + '\n');
      else io.stdout.write(vms.length ? formatVmTable(vms) + '\n' : 'no VMs (make one with `bootable boot DISK`)\n');
      return 0;
    },
  },
  status: {
    usage: 'bootable vm status NAME [--json]   the VM, and its deployments (booted, rollback, staged) when it runs',
    async run(args, io) {
      const { values, positionals } = parseOrUsage(() => parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } }), 'vm');
      const name = oneName(positionals, 'status');
      const status = await vmStatus(name, { signal: io.signal });
      // Deployments are read from the guest: only when it answers; what cannot be read is said, not guessed.
      let guest: Awaited<ReturnType<typeof vmDeployments>> | undefined;
      let guestError: string | undefined;
      if (status.state === 'ready') {
        try { guest = await vmDeployments(name, { signal: io.signal }); } catch (err) { guestError = err instanceof Error ? err.message.split('\n')[0] : String(err); }
      }
      if (values.json) {
        io.stdout.write(JSON.stringify({ ...status, deployments: guest?.deployments, etcChanges: guest?.etcChanges, deploymentsError: guestError }, null, 2) + '\n');
      } else {
        io.stdout.write(formatVmDetails(status) + '\n');
        if (guest) io.stdout.write(formatDeployments(guest) + '\n');
        else if (guestError) io.stdout.write(`deployments: unknown (${guestError})\n`);
      }
      return 0;
    },
  },
  update: {
    usage: 'bootable vm update NAME [CONTAINERFILE | --image IMAGE] [--timeout SECONDS] [--json]   new image → new deployment, reboot, ready (or back on the previous one)',
    async run(args, io) {
      const { options, flags, positionals } = parseCommandLine('vm', args, io.cwd, updateOptions, { json: { type: 'boolean' } });
      if (positionals.length < 1 || positionals.length > 2) throw new UsageError('bootable vm update: give a VM name and at most one CONTAINERFILE');
      const [name, file] = positionals;
      if (file !== undefined && options.image !== undefined) throw new UsageError('bootable vm update: give a CONTAINERFILE or --image, not both');
      const containerfile = options.image === undefined ? findContainerfile(io.cwd, file) : undefined;
      const json = flags.json ?? false;
      const display = progressFor(io, json);
      let result: UpdateResult;
      try {
        result = await updateVm(
          { name, containerfile, image: options.image, lint: { force: options.force }, readyTimeoutMs: options.readyTimeoutMs },
          { signal: io.signal, progress: display.report },
        );
      } finally {
        display.finish();
      }
      if (json) io.stdout.write(JSON.stringify({ type: 'result', ...result }) + '\n');
      else if (result.upToDate) io.stdout.write(`${name}: up to date (${result.image.ref}, ${result.image.digest})\n`);
      else {
        io.stdout.write(`${name}: updated to ${result.image.ref} (${result.image.digest}) in ${Math.round(result.durationMs / 1000)} s, through ${result.path}\n`);
        io.stdout.write(`  booted   ${result.deployment?.id}\n  rollback ${result.previous?.id}\n  moved    ${result.bytesMoved} bytes into the VM\n`);
      }
      return 0;
    },
  },
  rollback: {
    usage: 'bootable vm rollback NAME [--timeout SECONDS] [--json]   boot the other deployment and make it the default',
    async run(args, io) {
      const { options, flags, positionals } = parseCommandLine('vm', args, io.cwd, { readyTimeoutMs: updateOptions.readyTimeoutMs }, { json: { type: 'boolean' } });
      const name = oneName(positionals, 'rollback');
      const display = progressFor(io, flags.json ?? false);
      let r;
      try {
        r = await rollbackVm(name, { signal: io.signal, progress: display.report, readyTimeoutMs: options.readyTimeoutMs });
      } finally {
        display.finish();
      }
      if (flags.json) io.stdout.write(JSON.stringify({ type: 'result', ...r }) + '\n');
      else io.stdout.write(`${name}: rolled back to ${r.deployment?.image?.ref ?? '?'} (${r.deployment?.id}); rollback is now ${r.previous.id}\n`);
      return 0;
    },
  },
  console: {
    usage: 'bootable vm console NAME [--lines N] [--follow]   show the serial console log',
    async run(args, io) {
      const { values, positionals } = parseOrUsage(() => parseArgs({ args, allowPositionals: true, options: { lines: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' } } }), 'vm');
      const status = await vmStatus(oneName(positionals, 'console'), { signal: io.signal });
      const count = positiveInt('lines', values.lines) ?? 50;
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

export const vmUsage = (): string => [
  'Usage: bootable vm <command> …',
  '',
  ...Object.values(subcommands).map((s) => '  ' + s.usage.split('\n')[0]),
  '',
  'create options:',
  createOptionsUsage(),
  '',
  'update options:',
  ...usageLines(updateOptions),
  '',
  'Each VM runs on its own qcow2 overlay of the disk, in /var/lib/bootable/vms/NAME (root) or',
  '~/.local/share/bootable/vms/NAME (BOOTABLE_VM_DIR overrides), with its serial console logged there.',
].join('\n');

export const vmCommand: CliCommand = {
  name: 'vm',
  summary: 'manage VMs: create, start, stop, restart, rm, list, status, console, ssh, update, rollback',
  get usage() { return vmUsage(); },
  async run(args, io) {
    const [sub, ...rest] = args;
    const s = sub ? subcommands[sub] : undefined;
    if (!s || !Object.hasOwn(subcommands, sub!)) {
      throw new UsageError(sub ? `unknown vm command '${sub}'` : 'missing vm command', { hint: `one of: ${Object.keys(subcommands).join(', ')}` });
    }
    return s.run(rest, io);
  },
};
