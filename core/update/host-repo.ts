// The host-side ostree repo of one VM (<vm dir>/updates/repo, archive mode so the guest can pull it over HTTP):
// each update commits its image here with the disk builder's own layout (prepare-ostree.ts), so content the VM
// already has has the same object checksums and is never moved again. The image's reference, ID and digest go into
// the commit's metadata, where the guest can read them back (`ostree show --print-metadata-key=bootable.image`).
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../util/process';
import { mountImage, unmountImage } from '../builder/image';
import type { BuildContext } from '../builder/context';
import { makeOverlayTree, skipFromImage } from '../builder/steps/prepare-ostree';
import { readImageKargs } from './kargs';

/** The branch each VM's repo keeps its newest update on; the guest pulls it as bootable-host:UPDATE_BRANCH. */
export const UPDATE_BRANCH = 'bootable/update';

export interface ImageLabel { ref: string; id: string; digest: string; containerfile?: string }

export interface CommittedImage { commit: string; kargs: string[] }

export const updatesDir = (vmDir: string) => join(vmDir, 'updates');
export const repoDir = (vmDir: string) => join(updatesDir(vmDir), 'repo');

/** The commit's metadata: JSON in one string key (ASCII only, so ostree prints it back unchanged), plus `version`. */
export function commitMetadataArgs(label: ImageLabel): string[] {
  const json = JSON.stringify(label).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [
    `--add-metadata-string=bootable.image=${json}`,
    // What `ostree admin status` shows in the guest as "Version".
    `--add-metadata-string=version=${label.ref} ${label.digest.slice(0, 19)}`,
  ];
}

export function commitArgs(repo: string, trees: { image: string; overlay: string; skipList: string }, label: ImageLabel): string[] {
  return ['ostree', 'commit', `--repo=${repo}`, `--branch=${UPDATE_BRANCH}`,
    `--tree=dir=${trees.image}`, `--tree=dir=${trees.overlay}`, `--skip-list=${trees.skipList}`,
    `--subject=bootable update to ${label.ref}`, ...commitMetadataArgs(label)];
}

export async function ensureRepo(repo: string, signal?: AbortSignal): Promise<void> {
  if (await access(join(repo, 'config')).then(() => true, () => false)) return;
  await mkdir(repo, { recursive: true, mode: 0o700 });
  await run(['ostree', 'init', `--repo=${repo}`, '--mode=archive'], { signal, installHint: 'install ostree: apt-get install ostree' });
  // Every update compresses the whole image again (the content checksums need it): the fastest level is plenty on
  // a loopback link.
  await run(['ostree', 'config', `--repo=${repo}`, 'set', 'archive.zlib-level', '1'], { signal });
}

/** Commits the image (read through podman's image mount) into the VM's repo; returns the commit and its kargs.d. */
export async function commitImage(vmDir: string, label: ImageLabel, opts: { signal?: AbortSignal; logFile?: string } = {}): Promise<CommittedImage> {
  const repo = repoDir(vmDir);
  await ensureRepo(repo, opts.signal);
  const work = await mkdtemp(join(updatesDir(vmDir), 'commit-'));
  const runOpts = { signal: opts.signal, logFile: opts.logFile };
  let imageRoot: string | undefined;
  try {
    imageRoot = await mountImage(label.id, runOpts);
    const overlay = join(work, 'overlay');
    const skipList = join(work, 'skip-list');
    // makeOverlayTree only uses the context for its run options (signal, log).
    await makeOverlayTree(imageRoot, overlay, { signal: opts.signal, logFile: opts.logFile } as unknown as BuildContext);
    await writeFile(skipList, skipFromImage.join('\n') + '\n');
    const { stdout } = await run(commitArgs(repo, { image: imageRoot, overlay, skipList }, label), { ...runOpts, timeoutMs: 30 * 60_000 });
    const commit = stdout.trim().split('\n').pop()!.trim();
    if (!/^[0-9a-f]{64}$/.test(commit)) throw new Error(`ostree commit printed no checksum: ${stdout.slice(0, 200)}`);
    return { commit, kargs: await readImageKargs(imageRoot) };
  } finally {
    if (imageRoot) await unmountImage(label.id).catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}
