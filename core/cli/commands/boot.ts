// `bootable boot DISK [options]`: create a VM on an overlay of DISK, start it and wait until ssh answers.
import type { CliCommand } from '../command';
import { UsageError } from '../../errors';
import { bootDisk, formatEndpoints } from '../../vm/index';
import { createOptionsUsage, parseCreateArgs } from '../vm-options';
import { progressFor } from '../progress-display';

export const bootCommand: CliCommand = {
  name: 'boot',
  summary: 'boot a disk image in libvirt and wait until it answers on ssh',
  get usage() {
    return [
      'Usage: bootable boot DISK [options]',
      '',
      'Creates a VM on a qcow2 overlay of DISK (which stays unchanged), starts it in libvirt (KVM when a probe',
      'shows it works, else TCG) and waits until the guest answers on ssh. On failure or Ctrl-C the VM is removed',
      'again and the error shows the last lines of its serial console.',
      '',
      createOptionsUsage(),
    ].join('\n');
  },
  async run(args, io) {
    const { options, json, positionals } = parseCreateArgs('boot', args, io.cwd);
    if (positionals.length !== 1) throw new UsageError('give exactly one DISK', { hint: 'bootable boot output/qcow2/disk.qcow2' });
    const display = progressFor(io, json);
    const r = await bootDisk({ ...options, disk: positionals[0] }, { signal: io.signal, progress: display.report });
    display.finish();
    if (json) {
      io.stdout.write(JSON.stringify({ type: 'result', vm: r.status, bootMs: r.bootMs }) + '\n');
      return 0;
    }
    io.stdout.write([
      `${r.name} is ${r.state} after ${Math.round(r.bootMs / 1000)} s (${r.status.accelNote})`,
      `  address  ${r.address ?? '-'}`,
      `  ports    ${formatEndpoints(r.ports) || '-'}`,
      `  ssh      bootable vm ssh ${r.name}`,
      `  console  bootable vm console ${r.name}`,
      `  remove   bootable vm rm ${r.name}`,
    ].join('\n') + '\n');
    return 0;
  },
};
