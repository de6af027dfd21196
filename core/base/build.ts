// `bootable base`: builds the local bootc base image from Debian packages with mmdebstrap, for machines that
// cannot pull quay.io/fedora/fedora-bootc. Idempotent: skipped when the image exists and was built from this
// recipe (its recipe-hash label), unless `rebuild`.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BootableError } from '../errors';
import { noProgress, throwIfAborted, type ProgressReporter } from '../progress';
import { commandExists, run } from '../util/process';
import { importArgs, podmanArgv, type PodmanTarget } from '../podman/args';
import { runPodman } from '../podman/exec';
import { BASE_IMAGE, CUSTOMIZE_SCRIPT, ESSENTIAL_SCRIPT, IMAGE_CHANGES, RECIPE_LABEL, baseFiles, mmdebstrapArgs, recipeHash } from './recipe';
import { isHostRoot } from '../util/privilege';

export interface BaseOptions extends PodmanTarget {
  image?: string;
  rebuild?: boolean;
}

export interface BaseRunOptions {
  signal?: AbortSignal;
  progress?: ProgressReporter;
  onLine?: (line: string) => void;
}

export interface BaseResult {
  image: string;
  /** false when the image already existed, built from this recipe, and nothing was done. */
  built: boolean;
  /** Why it was built: 'missing', 'outdated' (another recipe), 'rebuild' (asked for). */
  reason?: 'missing' | 'outdated' | 'rebuild';
  durationMs: number;
}

const STEPS = 3;

export async function buildBaseImage(opts: BaseOptions = {}, run_: BaseRunOptions = {}): Promise<BaseResult> {
  const image = opts.image ?? BASE_IMAGE;
  const progress = run_.progress ?? noProgress;
  const started = Date.now();
  progress({ step: 1, of: STEPS, id: 'check', message: `checking for ${image}` });
  const hash = recipeHash();
  const present = await recipeLabel(opts, image, run_.signal);
  if (!opts.rebuild && present === hash) return { image, built: false, durationMs: Date.now() - started };
  const reason = opts.rebuild ? 'rebuild' : present === undefined ? 'missing' : 'outdated';
  await checkPrerequisites();
  const work = await mkdtemp(join(tmpdir(), 'bootable-base-'));
  try {
    const overlay = join(work, 'overlay');
    for (const f of baseFiles()) {
      const path = join(overlay, f.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.content, { mode: f.mode });
    }
    const script = join(work, 'customize.sh');
    await writeFile(script, CUSTOMIZE_SCRIPT);
    await chmod(script, 0o755);
    const essential = join(work, 'essential.sh');
    await writeFile(essential, ESSENTIAL_SCRIPT);
    await chmod(essential, 0o755);
    const tar = join(work, 'rootfs.tar');

    progress({ step: 2, of: STEPS, id: 'mmdebstrap', message: 'installing Debian bookworm packages (mmdebstrap, ~2 min)' });
    await run(withMmdebstrapMode(mmdebstrapArgs({ overlayDir: overlay, essentialScript: essential, customizeScript: script, outputTar: tar })), {
      signal: run_.signal,
      // mmdebstrap's own temp root (with /proc, /sys, /dev mounted) lives inside our work dir.
      env: { TMPDIR: work },
      onLine: (line) => {
        run_.onLine?.(line);
        const m = /^I: (.*)/.exec(line);
        if (m) progress({ step: 2, of: STEPS, id: 'mmdebstrap', message: m[1] });
      },
      installHint: 'install mmdebstrap: apt-get install mmdebstrap (or run `npm run setup`)',
      hint: 'mmdebstrap needs the Debian mirror (deb.debian.org), and as a normal user subordinate ids for its user namespace '
        + '(/etc/subuid, `bootable doctor`); see the output above',
    });
    throwIfAborted(run_.signal);

    progress({ step: 3, of: STEPS, id: 'import', message: `importing as ${image}` });
    const previous = await imageId(opts, image, run_.signal);
    await runPodman(importArgs(opts, tar, image, [...IMAGE_CHANGES, `LABEL ${RECIPE_LABEL}=${hash}`]), { signal: run_.signal, onLine: run_.onLine });
    if (previous) {
      // The old image lost its tag; drop it unless containers still use it.
      await runPodman(podmanArgv(opts, 'rmi', previous), { okExitCodes: [0, 1, 2, 125] });
    }
    return { image, built: true, reason, durationMs: Date.now() - started };
  } finally {
    await removeWorkDir(work);
  }
}

/**
 * The recipe is written for root (--mode=root); a normal user gets mmdebstrap's unshare mode, which builds the same
 * tree (owners, setuid bits) in a user namespace. The mode is not part of the image's content, so the recipe's
 * hash (and an image built either way) stays the same.
 */
export function withMmdebstrapMode(argv: string[], hostRoot = isHostRoot()): string[] {
  if (!argv.includes('--mode=root')) throw new Error('the base recipe no longer passes --mode=root to mmdebstrap');
  return hostRoot ? argv : argv.map((a) => (a === '--mode=root' ? '--mode=unshare' : a));
}

async function checkPrerequisites(): Promise<void> {
  for (const tool of ['mmdebstrap', 'podman']) {
    if (!await commandExists(tool)) {
      throw new BootableError(`${tool} is not installed`, { hint: `apt-get install ${tool} (or run \`npm run setup\`)` });
    }
  }
}

/** The image's recipe-hash label: undefined when there is no such image, '' when it has no label (older builds). */
async function recipeLabel(target: PodmanTarget, image: string, signal?: AbortSignal): Promise<string | undefined> {
  const r = await runPodman(podmanArgv(target, 'image', 'inspect', '--format', `{{index .Labels "${RECIPE_LABEL}"}}`, image),
    { signal, okExitCodes: [0, 1, 125] });
  if (r.exitCode !== 0) return undefined;
  const v = r.stdout.trim();
  return v === '<no value>' ? '' : v;
}

async function imageId(target: PodmanTarget, image: string, signal?: AbortSignal): Promise<string | undefined> {
  const r = await runPodman(podmanArgv(target, 'image', 'inspect', '--format', '{{.Id}}', image),
    { signal, okExitCodes: [0, 1, 125] });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/**
 * Removes the work dir, but never through a mount point: a cancelled mmdebstrap may leave /proc, /sys or a
 * bind-mounted /dev under it, and a recursive delete would reach into the host's.
 */
export async function removeWorkDir(work: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const mounts = await mountsUnder(work);
    if (mounts.length === 0) break;
    for (const m of mounts.sort().reverse()) await run(['umount', '--lazy', m], { okExitCodes: [0, 1, 32] });
  }
  const left = await mountsUnder(work);
  if (left.length > 0) {
    throw new BootableError(`cannot clean up ${work}: still mounted: ${left.join(', ')}`,
      { hint: `unmount them (umount -R PATH), then remove ${work}` });
  }
  await rm(work, { recursive: true, force: true });
}

async function mountsUnder(dir: string): Promise<string[]> {
  const text = await readFile('/proc/self/mounts', 'utf8');
  return text.split('\n').map((l) => l.split(' ')[1])
    .filter((p): p is string => !!p)
    .map((p) => p.replace(/\\040/g, ' '))
    .filter((p) => p === dir || p.startsWith(dir + '/'));
}
