// A killed `podman build` leaves buildah working containers behind (podman cannot run its own cleanup when
// its process group is killed). This finds the ones our build created, so a cancel leaves nothing behind.
import { podmanArgv, type PodmanTarget } from './args';
import { runPodman } from './exec';

export interface ExternalContainer { id: string; imageId: string; names: string[]; created: number; external: boolean }

export async function externalContainers(target: PodmanTarget): Promise<ExternalContainer[]> {
  const r = await runPodman(podmanArgv(target, 'ps', '-a', '--external', '--format', 'json'));
  const raw = JSON.parse(r.stdout || '[]') as { Id: string; ImageID?: string; Names?: string[]; Created?: number; Status?: string }[];
  return raw.map((c) => ({
    id: c.Id, imageId: c.ImageID ?? '', names: c.Names ?? [], created: c.Created ?? 0,
    // podman lists buildah's working containers with status "Storage".
    external: c.Status === 'Storage',
  }));
}

/**
 * Containers that appeared during our build (not in `before`, created after `since`), that are build
 * containers (not podman ones), and that run an image our build started from or produced (`imageIds`,
 * full ids or the short ids podman prints as `--> abc123`). Pure, so the selection is unit-tested.
 */
export function ourLeftovers(now: readonly ExternalContainer[], before: ReadonlySet<string>, since: number,
  imageIds: readonly string[]): ExternalContainer[] {
  // Both ids must be long enough to mean something: an empty ImageID would otherwise prefix every id.
  return now.filter((c) => c.external && !before.has(c.id) && c.created >= since && c.imageId.length >= 10
    && imageIds.some((id) => id.length >= 10 && (c.imageId.startsWith(id) || id.startsWith(c.imageId))));
}

export async function removeContainers(target: PodmanTarget, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await runPodman(podmanArgv(target, 'rm', '--force', '--ignore', ...ids), { okExitCodes: [0, 1, 125] });
}
