// `bootable doctor [--json]`: what this machine lacks for bootable, for root or (mostly) a normal user, each with
// the command that fixes it. Exit 0 when nothing fails (warnings allowed), 1 otherwise.
import type { CliCommand } from '../command';
import { UsageError } from '../../errors';
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
    const rest = [...args];
    const at = rest.indexOf('--uri');
    const libvirtUri = at >= 0 ? rest.splice(at, 2)[1] : undefined;
    if (at >= 0 && !libvirtUri) throw new UsageError('bootable doctor: --uri needs a libvirt URI', { hint: 'bootable doctor --uri qemu:///session' });
    const extra = rest.filter((a) => a !== '--json');
    if (extra.length) throw new UsageError(`bootable doctor: unknown argument ${extra[0]}`, { hint: 'bootable doctor [--uri URI] [--json]' });
    const report = await runDoctor({ env: io.env, signal: io.signal, libvirtUri });
    io.stdout.write(args.includes('--json') ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
    return report.results.some((r) => r.status === 'fail') ? 1 : 0;
  },
};
