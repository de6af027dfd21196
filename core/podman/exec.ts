// Runs podman through core/util/process.ts and turns its failures into PodmanError with what to do.
import { run, type RunOptions, type RunResult } from '../util/process';
import { CommandError, PodmanError } from '../errors';
import { podmanArgv, redactArgv, type PodmanTarget } from './args';

export const PODMAN_INSTALL_HINT = 'install podman: apt-get install podman runc (or run `npm run setup`)';

/** Run `podman ARGS…` (argv already built, starting with 'podman'). */
export async function runPodman(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  try {
    return await run(argv, { installHint: PODMAN_INSTALL_HINT, shownArgv: redactArgv(argv), ...opts });
  } catch (err) {
    if (err instanceof CommandError && err.reason !== 'aborted') {
      throw new PodmanError(err.message, { hint: err.hint ?? hintFor(err.stderrTail), logPath: err.logPath, cause: err });
    }
    throw err;
  }
}

/** Known podman failure messages → what the user can do. */
export function hintFor(stderr: string): string | undefined {
  if (/cgroups in hybrid mode not supported/.test(stderr)) {
    return 'crun cannot use hybrid cgroups here: install runc and set runtime = "runc" in containers.conf (`npm run setup` does this)';
  }
  if (/error setting rlimit/.test(stderr)) {
    return 'podman\'s default ulimits exceed this host\'s limits: set default_ulimits in /etc/containers/containers.conf (`npm run setup` does this)';
  }
  if (/cannot connect to Podman|unable to connect to Podman/i.test(stderr)) {
    return 'the podman connection is not reachable: check `podman system connection list` and that the remote podman.socket is running';
  }
  if (/image not known|manifest unknown|no such image|pinging container registry|initializing source|requested access to the resource is denied/i.test(stderr)) {
    return 'the image does not exist: build it first (`bootable build`), or check the name with `podman images`';
  }
  if (/potentially insufficient UIDs or GIDs|newuidmap/.test(stderr)) {
    return 'rootless podman needs subordinate ids: add your user to /etc/subuid and /etc/subgid, then `podman system migrate`';
  }
  if (/slirp4netns sync pipe|\/dev\/net\/tun/.test(stderr)) {
    return 'rootless networking needs /dev/net/tun usable by you (udev makes it 0666 on a desktop): `sudo chmod 0666 /dev/net/tun`; `bootable doctor` checks it';
  }
  return undefined;
}

export async function imageExists(target: PodmanTarget, image: string, signal?: AbortSignal): Promise<boolean> {
  const r = await runPodman(podmanArgv(target, 'image', 'exists', image), { signal, okExitCodes: [0, 1] });
  return r.exitCode === 0;
}

export async function containerExists(target: PodmanTarget, name: string, signal?: AbortSignal): Promise<boolean> {
  const r = await runPodman(podmanArgv(target, 'container', 'exists', name), { signal, okExitCodes: [0, 1] });
  return r.exitCode === 0;
}
