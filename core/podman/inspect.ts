// Typed views of `podman image inspect`, `podman images` and `podman ps` (only the fields bootable uses).
import { podmanArgv, type PodmanTarget } from './args';
import { runPodman } from './exec';

export interface ImageInfo {
  id: string;
  digest?: string;
  labels: Record<string, string>;
  /** Guest ports from EXPOSE, e.g. [80]. */
  exposedPorts: number[];
  /** Layer diff ids, oldest first. */
  layers: string[];
  size: number;
  created?: string;
}

interface RawInspect {
  Id: string;
  Digest?: string;
  Size?: number;
  Created?: string;
  Config?: { Labels?: Record<string, string> | null; ExposedPorts?: Record<string, unknown> | null };
  RootFS?: { Layers?: string[] };
}

export function parseImageInspect(json: string): ImageInfo {
  const raw = (JSON.parse(json) as RawInspect[])[0];
  if (!raw) throw new Error('podman image inspect returned no image');
  return {
    id: raw.Id,
    digest: raw.Digest,
    labels: raw.Config?.Labels ?? {},
    exposedPorts: exposedPorts(raw.Config?.ExposedPorts ?? {}),
    layers: raw.RootFS?.Layers ?? [],
    size: raw.Size ?? 0,
    created: raw.Created,
  };
}

/** {"80/tcp": {}, "53/udp": {}} → [80] (TCP only: that is what `-p H:G` publishes). */
export function exposedPorts(spec: Record<string, unknown>): number[] {
  return Object.keys(spec)
    .map((k) => /^(\d+)(?:\/(tcp|udp|sctp))?$/.exec(k))
    .filter((m): m is RegExpExecArray => !!m && (m[2] ?? 'tcp') === 'tcp')
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

export async function inspectImage(image: string, target: PodmanTarget = {}, signal?: AbortSignal): Promise<ImageInfo> {
  const r = await runPodman(podmanArgv(target, 'image', 'inspect', image), { signal });
  return parseImageInspect(r.stdout);
}

export interface ImageSummary { id: string; names: string[]; created: string; size: number }

export async function listImages(target: PodmanTarget = {}): Promise<ImageSummary[]> {
  const r = await runPodman(podmanArgv(target, 'images', '--format', 'json'));
  const raw = JSON.parse(r.stdout || '[]') as { Id: string; Names?: string[]; CreatedAt?: string; Created?: number; Size?: number }[];
  return raw.map((i) => ({ id: i.Id, names: i.Names ?? [], created: i.CreatedAt ?? String(i.Created ?? ''), size: i.Size ?? 0 }));
}

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  state: string;
  ports: { host: number; guest: number }[];
}

export async function listContainers(target: PodmanTarget = {}): Promise<ContainerSummary[]> {
  const r = await runPodman(podmanArgv(target, 'ps', '-a', '--format', 'json'));
  const raw = JSON.parse(r.stdout || '[]') as {
    Id: string; Names?: string[]; Image?: string; State?: string;
    Ports?: { host_port: number; container_port: number; range?: number }[] | null;
  }[];
  return raw.map((c) => ({
    id: c.Id,
    name: c.Names?.[0] ?? c.Id.slice(0, 12),
    image: c.Image ?? '',
    state: c.State ?? 'unknown',
    ports: (c.Ports ?? []).map((p) => ({ host: p.host_port, guest: p.container_port })),
  }));
}
