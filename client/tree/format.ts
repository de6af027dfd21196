// Small formatting helpers for tree items.
import type { Deployment } from '../../core/update/deployments';
import { shortDigest } from '../../core/update/format';

export { formatBytes } from '../../core/util/bytes';
export { shortDigest };

export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return h < 24 ? `${h}h ${m % 60}m` : `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** What a deployment row needs: core/update's Deployment (types only: the unit tests run without vscode). */
export type DeploymentFacts = Omit<Deployment, 'osname'>;

/** "3m 5s ago" from ostree's commit date ("2026-11-27 15:00:00 +0000"); undefined when it does not parse. */
export function ageText(date: string | undefined, now: number): string | undefined {
  const at = date ? Date.parse(date) : NaN;
  return Number.isNaN(at) ? undefined : `${formatDuration(Math.max(0, now - at))} ago`;
}

/** bootc's order: staged (the next boot), booted, rollback. */
export function sortDeployments<T extends DeploymentFacts>(deployments: T[]): T[] {
  const rank = { staged: 0, booted: 1, rollback: 2 } as const;
  return [...deployments].sort((a, b) => rank[a.role] - rank[b.role]);
}

export function deploymentLabel(d: DeploymentFacts): string {
  return d.role === 'booted' ? '● booted' : d.role;
}

export function deploymentDescription(d: DeploymentFacts, now = Date.now()): string {
  return [d.image?.ref ?? 'image unknown', shortDigest(d.image?.digest ?? d.image?.id), ageText(d.committedAt, now)].filter(Boolean).join(' · ');
}

const roleText = {
  booted: 'booted: running now',
  rollback: 'rollback: the previous deployment (Roll Back VM boots it)',
  staged: 'staged: boots once, becomes the default when it reaches ready',
} as const;

export function deploymentTooltip(d: DeploymentFacts, now = Date.now()): string {
  const img = d.image;
  const age = ageText(d.committedAt, now);
  return [
    `${roleText[d.role]}${d.default ? ' (the default)' : ''}`,
    `image: ${img?.ref ?? 'unknown'}`,
    `digest: ${img?.digest ?? '?'}${img?.source === 'vm-record' ? ' (from the VM record)' : ''}`,
    ...(img?.id ? [`image ID: ${shortDigest(img.id)}`] : []),
    ...(img?.containerfile ? [`Containerfile: ${img.containerfile}`] : []),
    `commit: ${d.commit}`,
    `deployment: ${d.id}`,
    ...(d.committedAt ? [`built: ${d.committedAt}${age ? ` (${age})` : ''}`] : []),
    ...(d.origin ? [`origin: ${d.origin}`] : []),
  ].join('\n');
}
