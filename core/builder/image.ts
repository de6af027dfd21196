// What the builder needs from podman: image facts (id, digest, size; through core/podman) and a read-only view of
// the image's files (`podman image mount`, podman's own overlay view of its storage: no container, nothing to clean but the mount).
import { access, lstat, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BuilderError, PodmanError, UsageError } from '../errors';
import { inspectImage } from '../podman/inspect';
import { run, type RunOptions } from '../util/process';
import type { ImageFacts } from './types';
import { treeAt } from './tree-path';
import { declaredRootFs as rootFsInConfig } from '../lint/toml/install';
import { INITRAMFS_FILE, KERNEL_FILE, MODULES_DIR } from '../kernel-layout';

/** A kernel directory name that is safe in a BLS entry, grub.cfg and a file name. */
const KERNEL_VERSION = /^[A-Za-z0-9][A-Za-z0-9._+~-]{0,127}$/;

export interface PodmanImageFacts { id: string; digest: string; sizeBytes: number }

/** Image facts through core/podman; a missing image is the user's mistake (exit code 2), not a failure. */
export async function readPodmanFacts(image: string, opts: { signal?: AbortSignal } = {}): Promise<PodmanImageFacts> {
  try {
    const info = await inspectImage(image, {}, opts.signal);
    return { id: info.id, digest: info.digest || `sha256:${info.id}`, sizeBytes: info.size };
  } catch (err) {
    if (err instanceof Error && /image not known|no such image|failed to find image/i.test(`${err.message} ${(err as { stderrTail?: string }).stderrTail ?? ''}`)) {
      throw new UsageError(`image ${image} not found in local podman storage`, {
        hint: 'build it first (bootable build / podman build -t NAME .) or check `podman images`', cause: err,
      });
    }
    throw err;
  }
}

export async function mountImage(image: string, opts: RunOptions = {}): Promise<string> {
  const { stdout } = await run(['podman', 'image', 'mount', image], opts);
  const path = stdout.trim().split('\n').pop()?.trim();
  if (!path) throw new PodmanError(`podman image mount ${image} printed no path`);
  return path;
}

export async function unmountImage(image: string, opts: RunOptions = {}): Promise<void> {
  await run(['podman', 'image', 'unmount', image], { ...opts, okExitCodes: [0, 125] });
}

const exists = (p: string) => access(p).then(() => true, () => false);
/** The kernel's files are copied to /boot (by ostree or by us): only real files in real directories, no links. */
const isRealFile = (p: string) => lstat(p).then((s) => s.isFile(), () => false);
const isRealDir = (p: string) => lstat(p).then((s) => s.isDirectory(), () => false);

/** Reads the facts planning needs from the mounted image tree. Refuses images that cannot boot. */
export async function describeImageTree(ref: string, root: string, facts: PodmanImageFacts): Promise<ImageFacts> {
  // Resolved inside the image: a link to the host's /lib/modules must not find the host's kernel.
  const modules = (await treeAt(root).resolve(`/${MODULES_DIR}`)).host;
  const kernels: string[] = [];
  for (const name of await readdir(modules).catch(() => [] as string[])) {
    // Under the in-tree resolved modules dir: a link there must not lead to the host's files.
    if (await isRealDir(join(modules, name)) && await isRealFile(join(modules, name, KERNEL_FILE))) kernels.push(name);
  }
  const odd = kernels.find((k) => !KERNEL_VERSION.test(k));
  if (odd !== undefined) {
    throw new UsageError(`the image ${ref} has a kernel directory with an unusable name: ${JSON.stringify(odd.slice(0, 80))}`, {
      hint: 'kernel directories under /usr/lib/modules are named like 6.1.0-28-amd64 (letters, digits, . _ + ~ -)',
    });
  }
  if (kernels.length === 0) {
    throw new BuilderError(`the image ${ref} has no kernel: nothing at /usr/lib/modules/*/vmlinuz`, {
      hint: 'install a kernel in the Containerfile and copy it to /usr/lib/modules/$KVER/vmlinuz with its initramfs.img '
        + '(or build FROM a bootc base image, e.g. `bootable base`)',
    });
  }
  if (kernels.length > 1) {
    throw new BuilderError(`the image ${ref} has ${kernels.length} kernels (${kernels.join(', ')}); a bootc image has exactly one`, {
      hint: 'remove the extra kernel packages in the Containerfile',
    });
  }
  const kver = kernels[0];
  if (!(await isRealFile(join(modules, kver, INITRAMFS_FILE)))) {
    throw new BuilderError(`the image ${ref} has a kernel but no /usr/lib/modules/${kver}/initramfs.img`, {
      hint: `run \`dracut --force --no-hostonly --kver ${kver} /usr/lib/modules/${kver}/initramfs.img\` in the Containerfile`,
    });
  }
  const hasOstree = await exists(join(root, 'usr/bin/ostree'))
    && (await exists(join(root, 'usr/lib/ostree/ostree-prepare-root')) || await exists(join(root, 'usr/lib/dracut/modules.d/98ostree')));
  return {
    ref, id: facts.id, digest: facts.digest, sizeBytes: facts.sizeBytes, kernelVersion: kver,
    hasBootc: await exists(join(root, 'usr/bin/bootc')),
    hasOstree,
    declaredRootFs: await declaredRootFs(root),
  };
}

/** `[install.filesystem.root] type = "xfs"` from /usr/lib/bootc/install/*.toml (last file wins, as in bootc). */
async function declaredRootFs(root: string): Promise<string | undefined> {
  const dir = join(root, 'usr/lib/bootc/install');
  let type: string | undefined;
  for (const name of (await readdir(dir).catch(() => [] as string[])).sort()) {
    if (!name.endsWith('.toml')) continue;
    // The install config is read as the linter reads it (one parser); an unparsable drop-in is the linter's
    // business, the disk falls back to ext4.
    const t = rootFsInConfig(await readFile(join(dir, name), 'utf8').catch(() => ''));
    if (t !== undefined) type = t;
  }
  return type;
}
