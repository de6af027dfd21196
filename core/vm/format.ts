// Plain-text views of VM status for the CLI (and tooltips): a table for `vm list`, details for `vm status`.
import type { Endpoint, VmStatus } from './types';

export function formatEndpoints(endpoints: Endpoint[]): string {
  return endpoints.map((e) => `${e.guestPort}→${e.host}:${e.port}`).join(', ');
}

export function formatUptime(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}

export function formatVmTable(vms: VmStatus[]): string {
  const rows = [['NAME', 'STATE', 'ADDRESS', 'PORTS', 'ACCEL', 'UPTIME', 'IMAGE']];
  for (const v of vms) {
    rows.push([v.name, v.state, v.address ?? '-', formatEndpoints(v.endpoints) || '-', v.accel.toUpperCase(),
      formatUptime(v.uptimeSeconds) || '-', v.image?.ref ?? '-']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n');
}

export function formatVmDetails(v: VmStatus): string {
  const lines: [string, string | undefined][] = [
    ['name', v.name],
    ['state', v.message ? `${v.state} (${v.message})` : v.state],
    ['libvirt', `${v.libvirtState} on ${v.uri}`],
    ['address', v.address],
    ['ports', formatEndpoints(v.endpoints) || undefined],
    ['accel', v.accelNote],
    ['firmware', v.firmware.toUpperCase()],
    ['network', v.network === 'nat' ? 'NAT (libvirt default network)' : 'user-mode with port forwards'],
    ['image', v.image?.ref],
    ['digest', v.image?.digest],
    ['uptime', formatUptime(v.uptimeSeconds) || undefined],
    ['disk', `${v.disk} (unchanged; the VM writes to its overlay)`],
    ['overlay', v.overlay],
    ['console', v.serialLog],
    ['created', v.createdAt],
  ];
  return lines.filter(([, val]) => val !== undefined && val !== '').map(([k, val]) => `${k.padEnd(9)} ${val}`).join('\n');
}
