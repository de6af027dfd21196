// `bootable disk IMAGE [--type T]… [--config FILE] [--rootfs FS] [--mode M] [--output DIR] [--plan] [--json]`
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { UsageError } from '../../errors';
import { buildDisk, planForImage } from '../../builder/build';
import { parseSize } from '../../builder/config/size';
import { deployModes, diskTypes, rootFsTypes, type DeployMode, type DiskType, type RootFsType } from '../../builder/types';
import { createProgressDisplay } from '../progress-display';

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`--${option} ${value}: expected one of ${allowed.join(', ')}`);
  return value as T;
}

export function parseDiskArgs(args: string[], cwd: string) {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true,
      options: {
        type: { type: 'string', multiple: true },
        config: { type: 'string' },
        rootfs: { type: 'string' },
        mode: { type: 'string' },
        output: { type: 'string', short: 'o' },
        size: { type: 'string' },
        plan: { type: 'boolean' },
        json: { type: 'boolean' },
        'no-cache': { type: 'boolean' },
        connection: { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message, { hint: 'see `bootable help disk`' });
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('give exactly one IMAGE', { hint: 'bootable disk localhost/myimage:latest' });
  const types = (values.type ?? ['qcow2']).map((t) => oneOf('type', t, diskTypes) as DiskType);
  let diskSize: number | undefined;
  if (values.size !== undefined) {
    diskSize = parseSize(values.size);
    if (diskSize === undefined || diskSize % 512 !== 0) throw new UsageError(`--size ${values.size}: not a size (e.g. 20GiB)`);
  }
  return {
    input: {
      image: positionals[0],
      types,
      config: values.config ? resolve(cwd, values.config) : undefined,
      rootfs: oneOf('rootfs', values.rootfs, rootFsTypes) as RootFsType | undefined,
      mode: oneOf('mode', values.mode, deployModes) as DeployMode | undefined,
      output: resolve(cwd, values.output ?? 'output'),
      diskSize,
      connection: values.connection,
      noCache: values['no-cache'] ?? false,
    },
    plan: values.plan ?? false,
    json: values.json ?? false,
  };
}

export const diskCommand: CliCommand = {
  name: 'disk',
  summary: 'make a bootable disk image (qcow2, raw, vmdk, vhd) from a bootc image, no helper container',
  usage: [
    'Usage: bootable disk IMAGE [--type qcow2|raw|vmdk|vhd]… [--config config.toml|json] [--rootfs ext4|xfs|btrfs]',
    '                           [--mode ostree|bootc|plain] [--output DIR] [--size SIZE] [--plan] [--json] [--no-cache]',
    '',
    'Builds a disk from a local podman image with bootable\'s embedded image builder: GPT with BIOS boot, ESP,',
    '/boot and root, GRUB (BIOS) and systemd-boot (UEFI). Output layout as bootc-image-builder\'s:',
    'DIR/qcow2/disk.qcow2, DIR/image/disk.raw, DIR/vmdk/disk.vmdk, DIR/vpc/disk.vhd, DIR/manifest-<type>.json.',
    '',
    '  --type T        output type, repeatable (default qcow2)',
    '  --config FILE   bootc-image-builder config (users, groups, kernel.append, filesystem minsize)',
    '  --rootfs FS     root filesystem: ext4 (default) or btrfs; xfs is refused on this machine',
    '  --mode M        ostree (default when the image can boot it), bootc (image has bootc; untested here), plain',
    '  --output DIR    output directory (default ./output)',
    '  --size SIZE     total disk size, e.g. 20GiB (default 10 GiB, grown to fit 2× the image)',
    '  --plan          print the plan (partitions, filesystems, users, kernel args) as JSON and exit',
    '  --json          progress and result as JSON lines on stdout',
    '  --no-cache      build even when an identical disk is cached',
  ].join('\n'),
  async run(args, io) {
    const { input, plan, json } = parseDiskArgs(args, io.cwd);
    if (plan) {
      io.stdout.write(JSON.stringify(await planForImage(input, { signal: io.signal }), null, 2) + '\n');
      return 0;
    }
    const display = createProgressDisplay(json ? io.stdout : io.stderr, json ? 'json' : 'auto');
    try {
      const result = await buildDisk(input, { signal: io.signal, progress: display.report });
      display.finish();
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
