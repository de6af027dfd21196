// The disk layout a plan makes, as Markdown for the editor's Preview Disk Layout (the same plan as
// `bootable disk --plan`): partitions with sizes, filesystems and mount points, users, kernel arguments, warnings.
import type { Plan } from '../core/builder/types';
import { formatBytes } from '../core/util/bytes';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function diskLayoutMarkdown(plan: Plan, configName: string): string {
  const fsByPartition = new Map([...Object.values(plan.filesystems), ...plan.dataFilesystems].map((f) => [f.partition, f]));
  const sector = plan.disk.sectorSize;
  const lines = [
    `# Disk layout: ${cell(configName)} on ${cell(plan.image.ref)}`,
    '',
    `${formatBytes(plan.disk.sizeBytes)} ${plan.disk.table === 'dos' ? 'MBR (dos)' : 'GPT'} disk, deployment mode ${plan.mode}, outputs ${plan.outputs.map((o) => o.type).join(', ')}`,
    '',
    '| # | Partition | Size | Filesystem | Mount point |',
    '|---|---|---|---|---|',
    ...plan.disk.partitions.map((p) => {
      const fs = fsByPartition.get(p.number);
      return `| ${p.number} | ${cell(p.name)} | ${formatBytes(p.sizeSectors * sector)} | ${fs ? fs.type : '—'} | ${fs ? cell(fs.mountpoint) : '—'} |`;
    }),
    '',
    `Users: ${plan.users.length ? plan.users.map((u) => `${u.name} (${u.keys.length} key${u.keys.length === 1 ? '' : 's'}${u.passwordHash ? ', password' : ''})`).join(', ') : 'none'}`,
    '',
    `Kernel arguments: \`${plan.kernelArgs.join(' ')}\``,
  ];
  if (plan.warnings.length) lines.push('', '**Warnings**', '', ...plan.warnings.map((w) => `- ${cell(w)}`));
  lines.push('', '_From `bootable disk IMAGE --config FILE --plan`: nothing is built until you run Create Disk Image._', '');
  return lines.join('\n');
}
