// `bootable disk IMAGE [--type T]… [--config FILE] [--rootfs FS] [--mode M] [--output DIR] [--plan] [--json]`
import type { CliCommand } from '../command';
import { UsageError } from '../../errors';
import { buildDisk, planForImage } from '../../builder/build';
import { diskOptions, diskTypesOption } from '../../builder/options';
import { podmanOptions } from '../../podman/options';
import { vmOptions } from '../../vm/options';
import { diskConfigWithDefaultKey } from '../../vm/default-key';
import { createProgressDisplay } from '../progress-display';
import { parseCommandLine, usageLine, usageLines } from '../options';

/**
 * The disk builder's flags: core/builder's descriptors with --type repeatable, podman's --connection, and
 * --no-default-key (a disk whose config gives no user a key gets bootable's default key for root, as `up`'s do).
 */
const diskCliOptions = { ...diskOptions, type: diskTypesOption, ...podmanOptions, noDefaultKey: vmOptions.noDefaultKey };
const flags = { plan: { type: 'boolean' }, json: { type: 'boolean' } } as const;

export function parseDiskArgs(args: string[], cwd: string) {
  const { options, flags: f, positionals } = parseCommandLine('disk', args, cwd, diskCliOptions, flags);
  if (positionals.length !== 1) throw new UsageError('give exactly one IMAGE', { hint: 'bootable disk localhost/myimage:latest' });
  const { type, noDefaultKey, ...rest } = options;
  return {
    noDefaultKey: noDefaultKey ?? false,
    input: {
      ...rest,
      image: positionals[0],
      types: type!.length ? type! : [diskOptions.type.default!],
      output: rest.output ?? diskOptions.output.parse(diskOptions.output.default!, cwd),
      noCache: rest.noCache ?? false,
    },
    plan: f.plan ?? false,
    json: f.json ?? false,
  };
}

export const diskCommand: CliCommand = {
  name: 'disk',
  summary: 'make a bootable disk image (qcow2, raw, vmdk, vhd) from a bootc image, no helper container',
  get usage() {
    return [
      'Usage: bootable disk IMAGE [--type qcow2|raw|vmdk|vhd]… [--config config.toml|json] [--rootfs ext4|xfs|btrfs]',
      '                           [--mode ostree|bootc|plain] [--output DIR] [--size SIZE] [--plan] [--json] [--no-cache]',
      '',
      'Builds a disk from a local podman image with bootable\'s embedded image builder: GPT with BIOS boot, ESP,',
      '/boot and root, GRUB (BIOS) and systemd-boot (UEFI). Output layout as bootc-image-builder\'s:',
      'DIR/qcow2/disk.qcow2, DIR/image/disk.raw, DIR/vmdk/disk.vmdk, DIR/vpc/disk.vhd, DIR/manifest-<type>.json.',
      '',
      ...usageLines(diskCliOptions, { output: 'output directory (default ./output)' }),
      usageLine('--plan', 'print the plan (partitions, filesystems, users, kernel args) as JSON and exit'),
      usageLine('--json', 'progress and result as JSON lines on stdout'),
    ].join('\n');
  },
  async run(args, io) {
    const { input: parsed, noDefaultKey, plan, json } = parseDiskArgs(args, io.cwd);
    const withKey = await diskConfigWithDefaultKey(parsed.config, noDefaultKey, io.signal);
    const input = { ...parsed, config: withKey.config };
    // Said every time: a disk meant for others should not carry this user's key.
    if (withKey.injected && !plan) io.stderr.write('note: no user in the config has an SSH key: bootable\'s default key (~/.local/share/bootable/ssh) logs in as root; --no-default-key leaves it out\n');
    // What bootc-image-builder would warn about in this config (keys it ignores for disks, legacy keys).
    const warn = (warnings: string[] = []) => { for (const w of warnings) io.stderr.write(`warning: ${w}\n`); };
    if (plan) {
      const planned = await planForImage(input, { signal: io.signal });
      warn(planned.warnings);
      io.stdout.write(JSON.stringify(planned, null, 2) + '\n');
      return 0;
    }
    const display = createProgressDisplay(json ? io.stdout : io.stderr, json ? 'json' : 'auto');
    try {
      const result = await buildDisk(input, { signal: io.signal, progress: display.report });
      display.finish();
      warn(result.plan.warnings);
      if (json) {
        io.stdout.write(JSON.stringify({ type: 'result', outputs: result.outputs, manifest: result.manifestPath, cached: result.cached }) + '\n');
      } else {
        for (const o of result.outputs) io.stdout.write(`${o.path}\n`);
        if (result.cached) io.stderr.write('(reused a cached build: same image, config and builder version)\n');
      }
      return 0;
    } finally {
      display.finish();
    }
  },
};
