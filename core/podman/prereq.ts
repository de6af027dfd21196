// Prerequisite check: is podman installed and usable here (or through the given connection)? Returns
// problems with what to do, for the CLI, the extension's walkthrough and `bootable up` to show before work.
import { commandExists } from '../util/process';
import { podmanArgv, type PodmanTarget } from './args';
import { hintFor, PODMAN_INSTALL_HINT, runPodman } from './exec';

export interface Problem {
  what: string;
  fix: string;
}

export async function checkPodman(target: PodmanTarget = {}, signal?: AbortSignal): Promise<Problem[]> {
  if (!await commandExists('podman')) return [{ what: 'podman is not installed', fix: PODMAN_INSTALL_HINT }];
  const r = await runPodman(podmanArgv(target, 'info', '--format', '{{.Host.OCIRuntime.Name}}'),
    { signal, okExitCodes: [0, 1, 125] }).catch((err: Error) => ({ exitCode: -1, stdout: '', stderr: err.message }));
  if (r.exitCode !== 0) {
    const last = r.stderr.trim().split('\n').pop() ?? '';
    return [{
      what: target.connection ? `podman connection "${target.connection}" does not answer: ${last}` : `podman does not work: ${last}`,
      fix: hintFor(r.stderr) ?? (target.connection
        ? 'check `podman system connection list` and that podman.socket runs on the remote machine'
        : 'run `podman info` to see why; `npm run setup` installs and configures podman'),
    }];
  }
  return [];
}
