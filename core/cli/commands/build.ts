// `bootable build [CONTAINERFILE] [-t TAG] [--build-arg K=V]… [--context DIR] [--connection C]`
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { UsageError } from '../../errors';
import { buildImage } from '../../podman/build';
import { progressLines, requirePodman } from './base';
import { findContainerfile, keyValues, parseOrUsage } from '../args';

export const buildCommand: CliCommand = {
  name: 'build',
  summary: 'build a Containerfile with podman (progress, failing line reported)',
  usage: [
    'Usage: bootable build [CONTAINERFILE] [-t TAG] [--build-arg KEY=VALUE]… [--context DIR] [--connection NAME] [--quiet]',
    '',
    'Runs `podman build`. CONTAINERFILE defaults to ./Containerfile or ./Dockerfile; the build context to its',
    'directory. A failing instruction is reported as FILE:LINE with podman\'s message.',
    '',
    '  -t, --tag TAG          name the image (default: only the id is printed)',
    '  --build-arg KEY=VALUE  passed to podman build (repeatable)',
    '  --context DIR          build context directory',
    '  --connection NAME      use a podman system connection (remote podman)',
    '  -q, --quiet            show progress only, not podman\'s output',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseOrUsage(() => parseArgs({
        args, allowPositionals: true,
        options: {
          tag: { type: 'string', short: 't' },
          'build-arg': { type: 'string', multiple: true },
          context: { type: 'string' },
          connection: { type: 'string' },
          quiet: { type: 'boolean', short: 'q' },
        },
      }), 'build');
    const { values, positionals } = parsed;
    if (positionals.length > 1) throw new UsageError('give at most one Containerfile');
    const containerfile = findContainerfile(io.cwd, positionals[0]);
    await requirePodman(values.connection, io.signal);
    const result = await buildImage({
      containerfile,
      context: values.context ? resolve(io.cwd, values.context) : undefined,
      tag: values.tag,
      buildArgs: keyValues('build-arg', values['build-arg']),
      connection: values.connection,
    }, {
      signal: io.signal,
      progress: values.quiet ? progressLines(io) : undefined,
      onLine: values.quiet ? undefined : (l) => io.stderr.write(l + '\n'),
    });
    io.stdout.write(`${result.image}\n`);
    return 0;
  },
};
