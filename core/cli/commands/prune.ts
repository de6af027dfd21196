// `bootable prune [--yes] [--json]`: lists (by default) or removes (--yes) what bootable made and nothing uses any
// more: cached disks, directories of VMs libvirt no longer has (overlay, base disk, update repo), and bootable's
// images no VM uses. Exit 1 when a removal failed.
import type { CliCommand } from '../command';
import { UsageError } from '../../errors';
import { findPrunable, removePrunable, type Prunable } from '../../prune/prune';
import { formatBytes } from '../../util/bytes';

function line(p: Prunable): string {
  return `  ${p.kind.padEnd(10)} ${formatBytes(p.bytes).padStart(9)}  ${p.target}  (${p.why})`;
}

export const pruneCommand: CliCommand = {
  name: 'prune',
  summary: 'list (or with --yes remove) cached disks, leftover VM directories and images no VM uses, with the space each frees',
  usage: [
    'Usage: bootable prune [--yes] [--json]',
    '',
    'Finds what bootable made and nothing uses any more, and prints it with the space each frees:',
    '  disk-cache  cached disks (~/.cache/bootable/disks; files still linked from an output directory free nothing)',
    '  vm-dir      the directory of a VM libvirt no longer has: overlay, base disk, NVRAM, host-side update repo',
    '  image       localhost/bootable/* images no VM record names (never the local base image)',
    'Nothing is removed without --yes.',
    '',
    '  --yes    remove them',
    '  --json   the list (and with --yes, each outcome) as JSON',
  ].join('\n'),
  async run(args, io) {
    const extra = args.filter((a) => a !== '--yes' && a !== '--json');
    if (extra.length) throw new UsageError(`bootable prune: unknown argument ${extra[0]}`, { hint: 'bootable prune [--yes] [--json]' });
    const items = await findPrunable({ signal: io.signal });
    const total = items.reduce((n, p) => n + p.bytes, 0);
    if (!args.includes('--yes')) {
      if (args.includes('--json')) io.stdout.write(JSON.stringify({ items, bytes: total }, null, 2) + '\n');
      else if (items.length === 0) io.stdout.write('nothing to prune\n');
      else io.stdout.write(`${items.map(line).join('\n')}\n${items.length} item(s), ${formatBytes(total)} to free: run \`bootable prune --yes\` to remove them\n`);
      return 0;
    }
    const outcomes = await removePrunable(items, { signal: io.signal });
    const failed = outcomes.filter((o) => o.error);
    const freed = outcomes.filter((o) => !o.error).reduce((n, o) => n + o.item.bytes, 0);
    if (args.includes('--json')) io.stdout.write(JSON.stringify({ outcomes, bytes: freed }, null, 2) + '\n');
    else {
      for (const o of outcomes) io.stdout.write(o.error ? `${line(o.item)}\n    not removed: ${o.error}\n` : `${line(o.item)}  removed\n`);
      io.stdout.write(`${outcomes.length - failed.length} removed, ${formatBytes(freed)} freed${failed.length ? `, ${failed.length} failed` : ''}\n`);
    }
    return failed.length ? 1 : 0;
  },
};
