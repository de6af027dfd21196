// `bootable base [--rebuild]`: build the local bootc base image (core/base).
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { parseOrUsage } from '../args';
import { progressLines } from '../progress-display';
import { buildBaseImage } from '../../base/build';
import { BASE_IMAGE } from '../../base/recipe';

export const baseCommand: CliCommand = {
  name: 'base',
  summary: `build the local bootc base image (${BASE_IMAGE}) from Debian packages`,
  usage: [
    'Usage: bootable base [--rebuild] [--verbose]',
    '',
    `Builds ${BASE_IMAGE} with mmdebstrap (needs the Debian mirror; ~2-3 min as root, ~5 min as a user in unshare mode):`,
    'systemd, kernel + ostree-capable initramfs in /usr/lib/modules, sshd, networkd DHCP,',
    'LABEL containers.bootc=1. Does nothing when the image exists and was built from this version\'s recipe,',
    'unless --rebuild.',
    '',
    '  --rebuild   build again even if the image exists',
    '  --verbose   show mmdebstrap\'s output',
  ].join('\n'),
  async run(args, io) {
    const { values } = parseOrUsage(() => parseArgs({ args, options: { rebuild: { type: 'boolean' }, verbose: { type: 'boolean' } } }), 'base');
    const result = await buildBaseImage({ rebuild: values.rebuild }, {
      signal: io.signal,
      progress: progressLines(io),
      onLine: values.verbose ? (l) => io.stderr.write(l + '\n') : undefined,
    });
    io.stdout.write(result.built
      ? `built ${result.image} in ${(result.durationMs / 1000).toFixed(0)} s${result.reason === 'outdated' ? ' (the recipe changed)' : ''}\n`
      : `${result.image} is up to date (use --rebuild to build it again)\n`);
    return 0;
  },
};
