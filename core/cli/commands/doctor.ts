// `bootable doctor [--json]`: what this machine lacks for bootable, for root or (mostly) a normal user, each with
// the command that fixes it. Exit 0 when nothing fails (warnings allowed), 1 otherwise.
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { parseOrUsage } from '../args';
import { formatReport, runDoctor } from '../../doctor/checks';

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'check this machine for what bootable needs (rootless podman, user namespace, libvirt, KVM, tools) and how to fix it',
  usage: [
    'Usage: bootable doctor [--uri URI] [--json]',
    '',
    'Checks the tools, podman\'s storage driver, cgroups for systemd in containers, and as a normal user:',
    'subordinate ids, XDG_RUNTIME_DIR, /dev/net/tun, the disk builder\'s user namespace; then /dev/kvm and libvirt.',
    'Each problem comes with the exact command that fixes it. Exit 1 when a check fails.',
    '',
    '  --uri URI   the libvirt URI to check (default: the one VMs use, qemu:///system as root, else qemu:///session)',
    '  --json      the report as one JSON object',
  ].join('\n'),
  async run(args, io) {
    const { values } = parseOrUsage(() => parseArgs({ args, options: { uri: { type: 'string' }, json: { type: 'boolean' } } }), 'doctor');
    const report = await runDoctor({ env: io.env, signal: io.signal, libvirtUri: values.uri || undefined });
    io.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
    return report.results.some((r) => r.status === 'fail') ? 1 : 0;
  },
};
