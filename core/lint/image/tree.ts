// The image filesystem model the image checks run on, built ONCE by streaming `podman image save`
// (a docker-archive: one tar per layer + the image config). Layers are applied in order, whiteouts
// included, and every path remembers the layer that last wrote it, so findings map back to instructions.
import { TarParser, type ContentSink, type TarHeader } from './tar';

export interface ImageEntry extends TarHeader {
  /** Index into ImageTree.layers of the layer that created (dirs) or last wrote (everything else) this path. */
  layer: number;
  /** Content of small configuration files the rules read (see wantsContent). */
  content?: Buffer;
}

export interface HistoryEntry {
  createdBy: string;
  emptyLayer: boolean;
  /** Layer index for non-empty entries. */
  layer?: number;
}

export interface ImageTree {
  entries: Map<string, ImageEntry>;
  labels: Record<string, string>;
  history: HistoryEntry[];
  layerCount: number;
  /** Direct children of a directory path ("" is the root). */
  children(dir: string): ImageEntry[];
  get(path: string): ImageEntry | undefined;
  text(path: string): string | undefined;
  /** Every layer's version of a small config file (see wantsContent), oldest first. */
  versions(path: string): FileVersion[];
  /** Paths some layer deleted (whiteouts) → the last layer that deleted each. */
  deletedEntries(): Iterable<[string, number]>;
}

export interface FileVersion { layer: number; content: Buffer }

/** Files whose content the rules read: small configuration only. */
export function wantsContent(path: string, size: number): boolean {
  if (size > 1024 * 1024) return false;
  return /^etc\/(passwd|group)$/.test(path)
    || /^(usr\/lib|etc|run)\/(sysusers|tmpfiles)\.d\/[^/]+\.conf$/.test(path)
    || /^usr\/lib\/bootc\/(kargs\.d|install)\/[^/]+$/.test(path)
    || path === 'usr/lib/ostree/prepare-root.conf';
}

type LayerEntries = ImageEntry[];

/** Feeds on the bytes of `podman image save --format docker-archive`; finish() returns the tree. */
export class ImageTreeBuilder {
  private layers = new Map<string, LayerEntries>();
  private json = new Map<string, Buffer>();
  private outer: TarParser;

  constructor() {
    this.outer = new TarParser((h) => this.onArchiveEntry(h));
  }

  write(chunk: Buffer): void {
    this.outer.write(chunk);
  }

  private onArchiveEntry(h: TarHeader): ContentSink | undefined {
    if (h.type !== 'file') return undefined;
    if (h.path.endsWith('.tar')) {
      const entries: LayerEntries = [];
      this.layers.set(h.path, entries);
      const inner = new TarParser((e) => {
        const entry: ImageEntry = { ...e, layer: -1 };
        entries.push(entry);
        if (e.type !== 'file' || !wantsContent(e.path, e.size)) return undefined;
        const chunks: Buffer[] = [];
        return { data: (c) => chunks.push(Buffer.from(c)), end: () => { entry.content = Buffer.concat(chunks); } };
      });
      return { data: (c) => inner.write(c), end: () => undefined };
    }
    if (h.path.endsWith('.json')) {
      const chunks: Buffer[] = [];
      return { data: (c) => chunks.push(Buffer.from(c)), end: () => this.json.set(h.path, Buffer.concat(chunks)) };
    }
    return undefined;
  }

  finish(): ImageTree {
    const manifestRaw = this.json.get('manifest.json');
    if (!manifestRaw) throw new Error('not a docker-archive: manifest.json missing');
    const manifest = (JSON.parse(manifestRaw.toString('utf8')) as { Config: string; Layers: string[] }[])[0];
    if (!manifest) throw new Error('docker-archive manifest.json lists no image');
    const configRaw = this.json.get(manifest.Config);
    const config = configRaw ? JSON.parse(configRaw.toString('utf8')) as {
      config?: { Labels?: Record<string, string> | null };
      history?: { created_by?: string; empty_layer?: boolean }[];
    } : {};

    const entries = new Map<string, ImageEntry>();
    const versions = new Map<string, FileVersion[]>();
    const deleted = new Map<string, number>();
    manifest.Layers.forEach((name, index) => {
      const layer = this.layers.get(name);
      if (!layer) throw new Error(`docker-archive: layer ${name} missing`);
      applyLayer(entries, layer, index, deleted);
      for (const e of layer) if (e.content) addVersion(versions, e.path, { layer: index, content: e.content });
    });

    let layerIndex = 0;
    const history: HistoryEntry[] = (config.history ?? []).map((h) => ({
      createdBy: h.created_by ?? '',
      emptyLayer: !!h.empty_layer,
      layer: h.empty_layer ? undefined : layerIndex++,
    }));
    return makeTree(entries, config.config?.Labels ?? {}, history, manifest.Layers.length, versions, deleted);
  }
}

function applyLayer(entries: Map<string, ImageEntry>, layer: LayerEntries, index: number, deleted: Map<string, number>): void {
  for (const e of layer) {
    const slash = e.path.lastIndexOf('/');
    const dir = slash < 0 ? '' : e.path.slice(0, slash);
    const base = e.path.slice(slash + 1);
    if (base === '.wh..wh..opq') {
      // Opaque directory: everything below it from lower layers disappears.
      for (const p of [...entries.keys()]) if (isBelow(p, dir) && entries.get(p)!.layer < index) entries.delete(p);
      continue;
    }
    if (base.startsWith('.wh.')) {
      const target = (dir ? dir + '/' : '') + base.slice(4);
      deleted.set(target, index);
      for (const p of [...entries.keys()]) if (p === target || isBelow(p, target)) entries.delete(p);
      continue;
    }
    const old = entries.get(e.path);
    if (old && old.type === 'dir' && e.type === 'dir') {
      // Layers repeat parent directories of what they change: the directory still belongs to its creator.
      entries.set(e.path, { ...e, layer: old.layer });
      continue;
    }
    if (old && old.type === 'dir' && e.type !== 'dir') {
      for (const p of [...entries.keys()]) if (isBelow(p, e.path)) entries.delete(p);
    }
    e.layer = index;
    entries.set(e.path, e);
  }
}

function isBelow(path: string, dir: string): boolean {
  return dir === '' ? path !== '' : path.startsWith(dir + '/');
}

export function addVersion(versions: Map<string, FileVersion[]>, path: string, v: FileVersion): void {
  const list = versions.get(path);
  if (list) list.push(v); else versions.set(path, [v]);
}

export function makeTree(entries: Map<string, ImageEntry>, labels: Record<string, string>, history: HistoryEntry[],
  layerCount: number, versions: Map<string, FileVersion[]> = new Map(), deleted: Map<string, number> = new Map()): ImageTree {
  let index: Map<string, ImageEntry[]> | undefined;
  const children = (dir: string) => {
    if (!index) {
      index = new Map();
      for (const e of entries.values()) {
        if (e.path === '') continue;
        const slash = e.path.lastIndexOf('/');
        const parent = slash < 0 ? '' : e.path.slice(0, slash);
        let list = index.get(parent);
        if (!list) index.set(parent, list = []);
        list.push(e);
      }
    }
    return index.get(dir) ?? [];
  };
  return {
    entries, labels, history, layerCount, children,
    get: (p) => entries.get(p),
    text: (p) => entries.get(p)?.content?.toString('utf8'),
    versions: (p) => versions.get(p) ?? [],
    deletedEntries: () => deleted.entries(),
  };
}
