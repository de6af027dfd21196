// The options a disk build takes from the user (`bootable disk`, `bootable up`, the editor's `bootable.disk.*`
// settings): declared once here; the CLI's flags and usage and the settings schema come from this.
import { booleanOption, customOption, enumOption, pathOption, repeatable, type OptionValues } from '../options';
import { parseSize } from './config/size';
import { deployModes, diskTypes, rootFsTypes } from './types';

export const diskOptions = {
  type: enumOption(diskTypes, {
    flag: 'type', doc: 'disk type', default: 'qcow2',
    setting: { key: 'disk.type', description: 'Disk image type made by "Build Disk Image" and "Build and Boot".' },
  }),
  config: pathOption({
    flag: 'config', arg: 'FILE', doc: 'bootc-image-builder config (config.toml / config.json): users, keys, kernel args, disk layout, files',
    setting: {
      key: 'disk.config', scope: 'resource',
      description: 'bootc-image-builder config (config.toml or config.json: users, SSH keys, kernel arguments), relative to the workspace folder. Empty = none.',
    },
  }),
  rootfs: enumOption(rootFsTypes, {
    flag: 'rootfs', arg: 'FS', doc: 'root filesystem (default: the image\'s install config, else ext4; xfs needs root: a loop device)',
    setting: { key: 'disk.rootfs', description: 'Root filesystem of the disk. Empty = the image\'s `/usr/lib/bootc/install` config, else ext4.' },
  }),
  mode: enumOption(deployModes, {
    flag: 'mode', arg: 'MODE', doc: 'ostree (when the image can boot it), bootc (the image\'s bootc; untested here), plain',
  }),
  output: pathOption({
    flag: 'output', short: 'o', arg: 'DIR', doc: 'disk output directory', default: 'output',
    setting: {
      key: 'builder.outputDir', scope: 'resource',
      description: 'Where disk images are written, relative to the workspace folder (bootc-image-builder layout: `qcow2/disk.qcow2`, `image/disk.raw`, …).',
    },
  }),
  diskSize: customOption<number>({
    kind: 'size', flag: 'size', arg: 'SIZE', doc: 'total disk size, e.g. 20GiB (default 10 GiB, grown to fit 2× the image)',
    expected: 'a size (e.g. 20GiB)',
    check: (raw) => { const n = parseSize(raw); return n !== undefined && n % 512 === 0 ? n : undefined; },
  }),
  noCache: booleanOption({ flag: 'no-cache', doc: 'build even when an identical disk is cached' }),
};

/** `bootable disk` makes several types at once: --type is repeatable there. */
export const diskTypesOption = repeatable(diskOptions.type, 'output type, repeatable (default qcow2)');

export type DiskOptionValues = OptionValues<typeof diskOptions>;
