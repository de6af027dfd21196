// `bootable base [--rebuild]`: build the local bootc base image (core/base).
import { parseArgs } from 'node:util';
import type { CliCommand, CliIo } from '../command';
import { PodmanError, UsageError } from '../../errors';
import { checkPodman } from '../../podman/prereq';
import type { ProgressReporter } from '../../progress';
import { buildBaseImage } from '../../base/build';
import { BASE_IMAGE } from '../../base/recipe';

/** Fails early, with what to do, when podman is missing or unusable (here or through the connection). */
export async function requirePodman(connection: string | undefined, signal: AbortSignal): Promise<void> {
  const [problem] = await checkPodman({ connection }, signal);
  if (problem) throw new PodmanError(problem.what, { hint: problem.fix });
}

/** Progress as one line per event on stderr ("[2/3] message"); shared by base, build and run. */
export function progressLines(io: CliIo): ProgressReporter {
  let last = '';
  return (e) => {
    const line = `[${e.step}/${e.of}] ${e.message}`;
    if (line !== last) io.stderr.write(line + '\n');
    last = line;
  };
}

export const baseCommand: CliCommand = {
  name: 'base',
  summary: `build the local bootc base image (${BASE_IMAGE}) from Debian packages`,
  usage: [
    'Usage: bootable base [--rebuild] [--verbose]',
    '',
    `Builds ${BASE_IMAGE} with mmdebstrap (needs root and the Debian mirror, ~2-3 min):`,
    'systemd, kernel + ostree-capable initramfs in /usr/lib/modules, sshd, networkd DHCP,',
    'LABEL containers.bootc=1. Does nothing when the image exists, unless --rebuild.',
    '',
    '  --rebuild   build again even if the image exists',
    '  --verbose   show mmdebstrap\'s output',
  ].join('\n'),
  async run(args, io) {
    let values;
    try {
      ({ values } = parseArgs({ args, options: { rebuild: { type: 'boolean' }, verbose: { type: 'boolean' } } }));
    } catch (err) {
      throw new UsageError((err as Error).message, { hint: 'see `bootable help base`' });
    }
    const result = await buildBaseImage({ rebuild: values.rebuild }, {
      signal: io.signal,
      progress: progressLines(io),
      onLine: values.verbose ? (l) => io.stderr.write(l + '\n') : undefined,
    });
    io.stdout.write(result.built
      ? `built ${result.image} in ${(result.durationMs / 1000).toFixed(0)} s\n`
      : `${result.image} exists (use --rebuild to build it again)\n`);
    return 0;
  },
};
