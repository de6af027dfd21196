// Reads an image into an ImageTree with one streaming pass, never extracting it to disk.
// Local overlay storage (the usual case): `podman export` of a throw-away container streams the flattened
// filesystem, while the layer directories (names only) tell which layer wrote each path.
// Anything else (a remote --connection, another storage driver): `podman image save` streams every layer.
import { constants, open as openFd } from 'node:fs';
import { Socket } from 'node:net';
import { access, lstat, mkdtemp, open, readFile, readdir, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../util/process';
import { createArgs, podmanArgv, removeContainerArgs, type PodmanTarget } from '../../podman/args';
import { runPodman } from '../../podman/exec';
import { TarParser } from './tar';
import { ImageTreeBuilder, addVersion, makeTree, wantsContent, type FileVersion, type HistoryEntry, type ImageEntry,
  type ImageTree } from './tree';

export interface ReadImageOptions extends PodmanTarget {
  signal?: AbortSignal;
  /** Force the `podman image save` path (used by tests and for remote connections). */
  viaSave?: boolean;
  /**
   * Which layers need per-path attribution: given the history, the index of the oldest layer worth walking.
   * Paths only in older layers are attributed to the layer just below it (the base image). Default: all.
   */
  firstOwnLayer?: (history: HistoryEntry[]) => number;
}

interface RawInspect {
  Config?: { Labels?: Record<string, string> | null };
  History?: { created_by?: string; empty_layer?: boolean }[];
  GraphDriver?: { Name?: string; Data?: Record<string, string> };
  RootFS?: { Layers?: string[] };
}

export async function readImageTree(image: string, opts: ReadImageOptions = {}): Promise<ImageTree> {
  const target: PodmanTarget = { connection: opts.connection };
  const inspect = (JSON.parse((await runPodman(podmanArgv(target, 'image', 'inspect', image),
    { signal: opts.signal })).stdout) as RawInspect[])[0]!;
  const layerDirs = opts.viaSave || opts.connection ? undefined : await overlayLayerDirs(inspect);
  const work = await mkdtemp(join(tmpdir(), 'bootable-image-check-'));
  try {
    if (!layerDirs) {
      const builder = new ImageTreeBuilder();
      await streamThroughFifo(work, (fifo) => runPodman(
        podmanArgv(target, 'image', 'save', '--format', 'docker-archive', '-o', fifo, image), { signal: opts.signal }),
      (chunk) => builder.write(chunk));
      return builder.finish();
    }
    const name = `bootable-image-check-${randomBytes(4).toString('hex')}`;
    await runPodman(createArgs(target, image, name), { signal: opts.signal });
    try {
      const entries = new Map<string, ImageEntry>();
      const parser = new TarParser((h) => {
        const e: ImageEntry = { ...h, layer: 0 };
        entries.set(h.path, e);
        if (h.type !== 'file' || !wantsContent(h.path, h.size)) return undefined;
        const chunks: Buffer[] = [];
        return { data: (c) => chunks.push(Buffer.from(c)), end: () => { e.content = Buffer.concat(chunks); } };
      });
      const history = historyOf(inspect);
      // Walking a layer costs a readdir per directory: skip the base image's layers, nothing maps to them.
      const first = Math.min(Math.max(opts.firstOwnLayer?.(history) ?? 0, 0), layerDirs.length);
      const [, layers] = await Promise.all([
        streamThroughFifo(work, (fifo) => runPodman(podmanArgv(target, 'export', '-o', fifo, name),
          { signal: opts.signal }), (chunk) => parser.write(chunk)),
        indexLayers(layerDirs, first, opts.signal),
      ]);
      const baseLayer = Math.max(first - 1, 0);
      for (const e of entries.values()) {
        const seen = layers.paths.get(e.path);
        e.layer = !seen ? baseLayer : e.type === 'dir' && seen.dir && seen.createdBelow
          ? baseLayer : e.type === 'dir' ? seen.first : seen.last;
      }
      return makeTree(entries, inspect.Config?.Labels ?? {}, history, layerDirs.length, layers.versions,
        layers.deleted);
    } finally {
      await runPodman(removeContainerArgs(target, name)).catch(() => undefined);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function historyOf(inspect: RawInspect): HistoryEntry[] {
  let layer = 0;
  return (inspect.History ?? []).map((h) => ({
    createdBy: h.created_by ?? '',
    emptyLayer: !!h.empty_layer,
    layer: h.empty_layer ? undefined : layer++,
  }));
}

/** The image's layer directories, oldest first, when they are readable overlay `diff` dirs on this host. */
async function overlayLayerDirs(inspect: RawInspect): Promise<string[] | undefined> {
  const data = inspect.GraphDriver?.Data;
  if (inspect.GraphDriver?.Name !== 'overlay' || !data?.UpperDir) return undefined;
  const dirs = [...(data.LowerDir ? data.LowerDir.split(':').reverse() : []), data.UpperDir];
  if (dirs.length !== (inspect.RootFS?.Layers?.length ?? -1)) return undefined;
  try {
    for (const d of dirs) await access(d, constants.R_OK);
  } catch {
    return undefined;
  }
  return dirs;
}

interface LayerSeen {
  first: number;
  last: number;
  dir: boolean;
  /** A directory that already existed in the unwalked (base) layers: overlay only copied it up. */
  createdBelow?: boolean;
  /** Its type changed, or it was deleted and recreated, within the walked layers. */
  replaced?: boolean;
}

interface LayerIndex {
  /** For every path present in some layer: the first and the last layer that has it. */
  paths: Map<string, LayerSeen>;
  versions: Map<string, FileVersion[]>;
  /** Whiteouts: path → the last layer that deleted it. */
  deleted: Map<string, number>;
}

/** Walks the diff directories of layers `first`… (names and types only; small config files are read). */
async function indexLayers(dirs: string[], first: number, signal?: AbortSignal): Promise<LayerIndex> {
  const paths = new Map<string, LayerSeen>();
  const versions = new Map<string, FileVersion[]>();
  const deleted = new Map<string, number>();
  for (let layer = first; layer < dirs.length; layer++) {
    const stack = [''];
    while (stack.length) {
      signal?.throwIfAborted();
      const rel = stack.pop()!;
      const ents = await readdir(join(dirs[layer]!, rel), { withFileTypes: true });
      for (const d of ents) {
        const p = rel ? `${rel}/${d.name}` : d.name;
        if (d.isCharacterDevice()) { deleted.set(p, layer); continue; } // overlay whiteout: a deletion
        const seen = paths.get(p);
        const isDir = d.isDirectory();
        // A directory belongs to the layer that made it a directory: restart when it was something else before.
        if (!seen) paths.set(p, { first: layer, last: layer, dir: isDir });
        else if (seen.dir !== isDir || (deleted.get(p) ?? -1) >= seen.last) {
          paths.set(p, { first: layer, last: layer, dir: isDir, replaced: true });
        } else seen.last = layer;
        if (isDir) stack.push(p);
        else if (d.isFile() && wantsContent(p, 0)) {
          const content = await readFile(join(dirs[layer]!, p));
          if (wantsContent(p, content.length)) addVersion(versions, p, { layer, content });
        }
      }
    }
  }
  // Directories in the walked layers may be copies of base directories (parents of changed files).
  if (first > 0) {
    // And config files the walked layers changed need their base version, to tell what a layer added.
    for (const [p, list] of versions) {
      for (let layer = first - 1; layer >= 0; layer--) {
        const st = await lstat(join(dirs[layer]!, p)).catch(() => undefined);
        if (!st) continue;
        if (!st.isFile()) break; // never follow a symlink out of the layer
        const content = await readFile(join(dirs[layer]!, p));
        list.unshift({ layer, content });
        break;
      }
    }
    for (const [p, seen] of paths) {
      if (!seen.dir || seen.replaced) continue;
      for (let layer = first - 1; layer >= 0; layer--) {
        const st = await lstat(join(dirs[layer]!, p)).catch(() => undefined);
        if (!st) continue;
        seen.createdBelow = st.isDirectory();
        break;
      }
    }
  }
  return { paths, versions, deleted };
}

/**
 * Runs `start(fifo)` (a podman command writing to the FIFO) while feeding what it writes to `onChunk`.
 * A FIFO, not stdout: podman's own stdout copy of `save` is unreliable, and nothing is buffered or stored.
 */
async function streamThroughFifo(work: string, start: (fifo: string) => Promise<unknown>,
  onChunk: (chunk: Buffer) => void): Promise<void> {
  const fifo = join(work, `stream-${randomBytes(4).toString('hex')}.fifo`);
  await run(['mkfifo', '-m', '600', fifo]);
  let opened = false;
  let parseError: unknown;
  const reading = new Promise<void>((resolve, reject) => {
    // Blocks (in the thread pool) until the writer opens the FIFO; then a socket reads it through epoll,
    // which is ~10x faster than fs reads of 64 KiB pipe chunks.
    openFd(fifo, 'r', (err, fd) => {
      if (err) return reject(err);
      opened = true;
      const sock = new Socket({ fd, readable: true, writable: false });
      sock.on('data', (c: Buffer) => {
        if (parseError) return;
        try { onChunk(c); } catch (e) { parseError = e; }
      });
      sock.on('end', resolve);
      sock.on('error', reject);
    });
  });
  reading.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  try {
    await start(fifo);
    await reading;
  } finally {
    if (!opened) {
      // The writer never came (podman failed or was cancelled first): open and close the write end so the
      // pending read-side open returns instead of blocking a thread forever.
      const fh = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
      await fh?.close();
      await reading.catch(() => undefined);
    }
  }
  if (parseError) throw parseError;
}
