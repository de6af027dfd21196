// The OCI runtime containers buildah starts for RUN steps (`buildah-buildah<N>`): when a build is cancelled, podman
// dies but the RUN step's processes run on, re-parented to PID 1 (`RUN sleep 45` kept sleeping). A cancelled or
// failed build kills and deletes the ones that appeared while it ran. Local builds only: a remote connection's
// runtime is not reachable from here.
import { run } from '../util/process';
import { podmanArgv, type PodmanTarget } from './args';
import { runPodman } from './exec';

const runStepId = /^buildah-buildah\d+$/;

export interface RunStepContainers { runtime: string; ids: Set<string> }

/** The runtime (runc or crun, as podman uses it) and the RUN-step containers it has now; undefined if unknown. */
export async function runStepContainers(target: PodmanTarget): Promise<RunStepContainers | undefined> {
  if (target.connection) return undefined;
  try {
    const info = await runPodman(podmanArgv(target, 'info', '--format', '{{.Host.OCIRuntime.Path}}'));
    const runtime = info.stdout.trim();
    if (!runtime) return undefined;
    const list = await run([runtime, 'list', '--format', 'json']);
    const all = (JSON.parse(list.stdout || '[]') ?? []) as { id: string }[];
    return { runtime, ids: new Set(all.map((c) => c.id).filter((id) => runStepId.test(id))) };
  } catch {
    return undefined; // cleanup is best effort: never turns a cancelled build into another error
  }
}

/** Kills and deletes the RUN-step containers that were not there `before`. */
export async function killNewRunSteps(target: PodmanTarget, before: RunStepContainers | undefined): Promise<void> {
  if (!before) return;
  const now = await runStepContainers(target);
  for (const id of now?.ids ?? []) {
    if (before.ids.has(id)) continue;
    await run([before.runtime, 'kill', '--all', id, 'KILL'], { okExitCodes: [0, 1] }).catch(() => undefined);
    await run([before.runtime, 'delete', '--force', id], { okExitCodes: [0, 1] }).catch(() => undefined);
  }
}
