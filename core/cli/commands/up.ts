// `bootable up [CONTAINERFILE] …`: lint → build → test-run → disk → boot → ready, one progress display.
import type { CliCommand } from '../command';
import { UsageError } from '../../errors';
import { up } from '../../up';
import { diskOptions } from '../../builder/options';
import { buildOptions } from '../../podman/options';
import { vmOptions } from '../../vm/options';
import { lintOptions } from '../../lint/options';
import { findContainerfile, keyValues } from '../args';
import { mergeOptions, parseCommandLine, usageLine, usageLines } from '../options';
import type { Options, OptionValues } from '../../options';
import { createProgressDisplay } from '../progress-display';

// Every option of every stage, from the descriptor of the module that owns it, read when used: a new VM option
// shows up here without editing this file.
const allOptions = () => mergeOptions(lintOptions, buildOptions, diskOptions, vmOptions);
const flags = { 'no-run-check': { type: 'boolean' }, recreate: { type: 'boolean' }, json: { type: 'boolean' } } as const;

const usage = () => `Usage: bootable up [CONTAINERFILE] [options]

Runs the whole path: lint → podman build → test-run with /sbin/init → disk image → boot in libvirt → ready.
Stops before building when lint reports errors (use --force to go on). Re-running updates the VM in place (a new
deployment; /etc and /var kept; docs/updates.md); --recreate deletes it and boots a fresh disk instead. The built
disk is cached and only rebuilt when the image or the config changed.

Lint:
${usageLines(lintOptions).join('\n')}

Build (podman):
${usageLines(buildOptions, { tag: 'image tag (default localhost/bootable/<dir>:latest)', context: 'build context directory (default: the Containerfile\'s directory)' }).join('\n')}
${usageLine('--no-run-check', 'skip the container test-run')}

Disk:
${usageLines(diskOptions, { output: 'disk output directory (default: output/ beside the Containerfile)' }).join('\n')}

VM:
${usageLines(vmOptions, { name: 'VM name (default: the Containerfile\'s directory name)' }).join('\n')}

${usageLine('--recreate', 'delete an existing VM of this Containerfile and boot a new one (default: update it in place)')}
${usageLine('--json', 'progress as JSON lines on stdout')}`;

/** One stage's fields out of the whole command line's values. */
function pick<D extends Options>(d: D, options: Record<string, unknown>): OptionValues<D> {
  return Object.fromEntries(Object.keys(d).map((k) => [k, options[k]])) as OptionValues<D>;
}

export const upCommand: CliCommand = {
  name: 'up',
  summary: 'lint, build, test-run, make a disk and boot it: the whole path in one command',
  get usage() { return usage(); },
  async run(args, io) {
    const { options, flags: v, positionals } = parseCommandLine('up', args, io.cwd, allOptions(), flags);
    if (positionals.length > 1) throw new UsageError('give at most one CONTAINERFILE');
    const containerfile = findContainerfile(io.cwd, positionals[0]);

    const display = createProgressDisplay(v.json ? io.stdout : io.stderr, v.json ? 'json' : 'auto');
    try {
      const result = await up({
        containerfile,
        lint: { settings: Object.fromEntries(options.rules ?? []), force: options.force },
        build: { ...pick(buildOptions, options), buildArgs: keyValues('build-arg', options.buildArgs), skipRunCheck: v['no-run-check'] ?? false },
        disk: pick(diskOptions, options),
        vm: pick(vmOptions, options),
        recreate: v.recreate ?? false,
      }, { signal: io.signal, progress: display.report });
      display.finish();
      const { vm } = result;
      if (v.json) {
        io.stdout.write(JSON.stringify({ type: 'result', image: result.image, disk: result.disk, vm: vm.status, update: result.update }) + '\n');
      } else {
        io.stdout.write(`image  ${result.image}\n`);
        if (result.update) io.stdout.write(`update ${result.update.upToDate ? 'up to date' : `new deployment ${result.update.deployment?.id} (${result.update.bytesMoved} bytes moved)`}\n`);
        else io.stdout.write(`disk   ${result.disk}${result.diskCached ? ' (cached)' : ''}\n`);
        io.stdout.write(`vm     ${vm.name}: ${vm.state} in ${Math.round(vm.bootMs / 1000)} s (${vm.status.accel})\n`);
        for (const e of vm.ports) io.stdout.write(`       guest port ${e.guestPort} → ${e.host}:${e.port}\n`);
        io.stdout.write(`ssh    bootable vm ssh ${vm.name}\n`);
      }
      return 0;
    } finally {
      display.finish();
    }
  },
};
