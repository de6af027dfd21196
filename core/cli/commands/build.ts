// `bootable build [CONTAINERFILE] [-t TAG] [--build-arg K=V]… [--context DIR] [--connection C]`
import type { CliCommand } from '../command';
import { UsageError } from '../../errors';
import { buildImage } from '../../podman/build';
import { buildOptions } from '../../podman/options';
import { progressLines } from '../progress-display';
import { requirePodman } from '../prereq';
import { findContainerfile, keyValues } from '../args';
import { parseCommandLine, usageLine, usageLines } from '../options';

export const buildCommand: CliCommand = {
  name: 'build',
  summary: 'build a Containerfile with podman (progress, failing line reported)',
  usage: [
    'Usage: bootable build [CONTAINERFILE] [-t TAG] [--build-arg KEY=VALUE]… [--context DIR] [--connection NAME] [--quiet]',
    '',
    'Runs `podman build`. CONTAINERFILE defaults to ./Containerfile or ./Dockerfile; the build context to its',
    'directory. A failing instruction is reported as FILE:LINE with podman\'s message.',
    '',
    ...usageLines(buildOptions, { tag: 'name the image (default: only the id is printed)' }),
    usageLine('-q, --quiet', 'show progress only, not podman\'s output'),
  ].join('\n'),
  async run(args, io) {
    const { options, flags, positionals } = parseCommandLine('build', args, io.cwd, buildOptions, { quiet: { type: 'boolean', short: 'q' } });
    if (positionals.length > 1) throw new UsageError('give at most one Containerfile');
    const containerfile = findContainerfile(io.cwd, positionals[0]);
    await requirePodman(options.connection, io.signal);
    const result = await buildImage({ ...options, containerfile, buildArgs: keyValues('build-arg', options.buildArgs) }, {
      signal: io.signal,
      progress: flags.quiet ? progressLines(io) : undefined,
      onLine: flags.quiet ? undefined : (l) => io.stderr.write(l + '\n'),
    });
    io.stdout.write(`${result.image}\n`);
    return 0;
  },
};
