// `bootable up [CONTAINERFILE] …`: lint → build → test-run → disk → boot → ready, one progress display.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { UsageError } from '../../errors';
import { up } from '../../up';
import { deployModes, diskTypes, rootFsTypes } from '../../builder/types';
import { findContainerfile, keyValues, oneOf, parseOrUsage, positiveInt } from '../args';
import { createProgressDisplay } from '../progress-display';
import { parseRuleSettings } from './lint';

const usage = `Usage: bootable up [CONTAINERFILE] [options]

Runs the whole path: lint → podman build → test-run with /sbin/init → disk image → boot in libvirt → ready.
Stops before building when lint reports errors (use --force to go on). Re-running replaces the VM of the same
name; the built disk is cached and only rebuilt when the image or the config changed.

Options:
  -t, --tag TAG            image tag (default localhost/bootable/<dir>:latest)
  --build-arg K=V          build argument (repeatable)
  --config FILE            bootc-image-builder config (config.toml / config.json): users, keys, kernel args
  --type TYPE              disk type: ${diskTypes.join(', ')} (default qcow2)
  --rootfs FS              root filesystem: ${rootFsTypes.join(', ')}
  --mode MODE              deployment: ${deployModes.join(', ')} (default: from the image)
  -o, --output DIR         disk output directory (default: output/ beside the Containerfile)
  --name NAME              VM name (default: the Containerfile's directory name)
  --memory MIB             VM memory in MiB
  --cpus N                 VM vCPUs
  --firmware uefi|bios     VM firmware (default: what the disk has, UEFI first)
  --network nat|user       VM networking (default: libvirt NAT when available, else user-mode forwards)
  --uri URI                libvirt URI (default qemu:///system as root, else qemu:///session)
  --timeout SECONDS        how long to wait for the VM's ssh (default 300)
  --connection NAME        podman remote connection for build and test-run
  --rule ID=SEVERITY|off   lint rule setting (repeatable)
  --force                  go on despite lint errors
  --no-run-check           skip the container test-run
  --json                   progress as JSON lines on stdout`;

export const upCommand: CliCommand = {
  name: 'up',
  summary: 'lint, build, test-run, make a disk and boot it: the whole path in one command',
  usage,
  async run(args, io) {
    const parsed = parseOrUsage(() => parseArgs({
        args, allowPositionals: true,
        options: {
          tag: { type: 'string', short: 't' }, 'build-arg': { type: 'string', multiple: true },
          config: { type: 'string' }, type: { type: 'string' }, rootfs: { type: 'string' }, mode: { type: 'string' },
          output: { type: 'string', short: 'o' }, name: { type: 'string' }, memory: { type: 'string' },
          cpus: { type: 'string' }, firmware: { type: 'string' }, network: { type: 'string' }, uri: { type: 'string' }, timeout: { type: 'string' },
          connection: { type: 'string' }, rule: { type: 'string', multiple: true }, force: { type: 'boolean' },
          'no-run-check': { type: 'boolean' }, json: { type: 'boolean' },
        },
      }), 'up');
    const { values: v, positionals } = parsed;
    if (positionals.length > 1) throw new UsageError('give at most one CONTAINERFILE');
    const containerfile = findContainerfile(io.cwd, positionals[0]);

    const display = createProgressDisplay(v.json ? io.stdout : io.stderr, v.json ? 'json' : 'auto');
    try {
      const result = await up({
        containerfile,
        lint: { settings: parseRuleSettings(v.rule ?? []), force: v.force ?? false },
        build: {
          tag: v.tag, buildArgs: keyValues('build-arg', v['build-arg']), connection: v.connection,
          skipRunCheck: v['no-run-check'] ?? false,
        },
        disk: {
          config: v.config ? resolve(io.cwd, v.config) : undefined,
          type: oneOf('type', v.type, diskTypes),
          rootfs: oneOf('rootfs', v.rootfs, rootFsTypes),
          mode: oneOf('mode', v.mode, deployModes),
          output: v.output ? resolve(io.cwd, v.output) : undefined,
        },
        vm: {
          name: v.name,
          memoryMiB: positiveInt('memory', v.memory),
          cpus: positiveInt('cpus', v.cpus),
          firmware: oneOf('firmware', v.firmware, ['uefi', 'bios'] as const),
          network: oneOf('network', v.network, ['nat', 'user'] as const),
          uri: v.uri,
          readyTimeoutMs: v.timeout === undefined ? undefined : positiveInt('timeout', v.timeout)! * 1000,
        },
      }, { signal: io.signal, progress: display.report });
      display.finish();
      const { vm } = result;
      if (v.json) {
        io.stdout.write(JSON.stringify({ type: 'result', image: result.image, disk: result.disk, vm: vm.status }) + '\n');
      } else {
        io.stdout.write(`image  ${result.image}\n`);
        io.stdout.write(`disk   ${result.disk}${result.diskCached ? ' (cached)' : ''}\n`);
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
