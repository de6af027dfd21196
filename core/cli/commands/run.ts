// `bootable run IMAGE [-p HOST:GUEST]… [--name N] [--connection C]` and `bootable run --stop NAME`
import type { CliCommand } from '../command';
import { UsageError } from '../../errors';
import type { PortMapping } from '../../podman/args';
import { runContainer, stopContainer } from '../../podman/run';
import { progressLines } from '../progress-display';
import { requirePodman } from '../prereq';
import { podmanOptions } from '../../podman/options';
import { parseCommandLine, usageLines } from '../options';

export function parsePort(spec: string): PortMapping {
  const m = /^(\d{1,5}):(\d{1,5})$/.exec(spec);
  const host = Number(m?.[1]), guest = Number(m?.[2]);
  if (!m || host < 1 || host > 65535 || guest < 1 || guest > 65535) {
    throw new UsageError(`-p ${spec}: expected HOST:GUEST port numbers, e.g. -p 8080:80`);
  }
  return { host, guest };
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'test-run an image as a container with systemd as PID 1',
  usage: [
    'Usage: bootable run IMAGE [-p HOST:GUEST]… [--name NAME] [--connection NAME]',
    '       bootable run --stop NAME',
    '',
    'Starts IMAGE with /sbin/init (podman run -d), publishes ports (-p, or every EXPOSEd port on a free',
    'host port), waits until `systemctl is-system-running` says running or degraded, and lists failed units.',
    '',
    '  -p, --publish HOST:GUEST  publish a port (repeatable)',
    '  --name NAME               container name (default: bootable-IMAGE-XXXXXX)',
    '  --stop NAME               stop and remove a container started by bootable run',
    ...usageLines(podmanOptions),
  ].join('\n'),
  async run(args, io) {
    const { options, flags: values, positionals } = parseCommandLine('run', args, io.cwd, podmanOptions, {
      publish: { type: 'string', short: 'p', multiple: true },
      name: { type: 'string' },
      stop: { type: 'string' },
    });
    await requirePodman(options.connection, io.signal);
    if (values.stop) {
      if (positionals.length) throw new UsageError('--stop takes only the container name');
      await stopContainer(values.stop, { connection: options.connection });
      io.stdout.write(`stopped ${values.stop}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one IMAGE', { hint: 'see `bootable help run`' });
    const result = await runContainer({
      image: positionals[0]!,
      name: values.name,
      ports: values.publish ? values.publish.map(parsePort) : undefined,
      connection: options.connection,
    }, { signal: io.signal, progress: progressLines(io) });
    io.stdout.write(`${result.name} is ${result.state}\n`);
    for (const p of result.ports) io.stdout.write(`  port ${p.guest} -> http://localhost:${p.host}/\n`);
    if (result.failedUnits.length) io.stdout.write(`  failed units: ${result.failedUnits.join(', ')}\n`);
    io.stdout.write(`stop it with: bootable run --stop ${result.name}\n`);
    return 0;
  },
};
