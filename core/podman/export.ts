// exportImage: the image's flattened filesystem as a tar file (for disk builders), via a throw-away
// container. Written to a temporary name and renamed when complete: a failed or cancelled export leaves nothing.
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { createArgs, podmanArgv, removeContainerArgs, type PodmanTarget } from './args';
import { runPodman } from './exec';

export interface ExportOptions extends PodmanTarget {
  signal?: AbortSignal;
}

export async function exportImage(image: string, tarPath: string, opts: ExportOptions = {}): Promise<void> {
  const target: PodmanTarget = { connection: opts.connection };
  const name = `bootable-export-${randomBytes(4).toString('hex')}`;
  const partial = `${tarPath}.partial-${process.pid}`;
  await runPodman(createArgs(target, image, name), { signal: opts.signal });
  try {
    await runPodman(podmanArgv(target, 'export', '-o', partial, name), { signal: opts.signal });
    await rename(partial, tarPath);
  } finally {
    await rm(partial, { force: true });
    await runPodman(removeContainerArgs(target, name)).catch(() => undefined);
  }
}
