// Deployments as `bootable vm status` prints them, bootc-style.
import type { Deployment, GuestState } from './deployments';

/** The first 12 hex digits of a digest or image ID ("sha256:" dropped), "?" when unknown. */
export function shortDigest(digest: string | undefined): string {
  return digest ? digest.replace(/^sha256:/, '').slice(0, 12) : '?';
}

export function formatDeployment(d: Deployment): string[] {
  const mark = d.role === 'booted' ? '●' : ' ';
  const img = d.image;
  return [
    `${mark} ${d.role.padEnd(8)} ${img?.ref ?? '(image unknown)'}`,
    `             digest ${img?.digest ?? '?'}${img?.source === 'vm-record' ? ' (from the VM record)' : ''}`,
    ...(img?.id ? [`             image ID ${shortDigest(img.id)}`] : []),
    `             commit ${d.commit}  deployment ${d.id.split('.')[1] ? `${d.osname}.${d.id.split('.')[1]}` : d.osname}`,
    ...(d.committedAt ? [`             built ${d.committedAt}`] : []),
  ];
}

export function formatDeployments(s: GuestState): string {
  const lines = ['deployments:'];
  for (const d of s.deployments) lines.push(...formatDeployment(d));
  lines.push(s.etcChanges.length ? `/etc changes (booted): ${s.etcChanges.join(', ')}` : '/etc changes (booted): none');
  return lines.join('\n');
}
