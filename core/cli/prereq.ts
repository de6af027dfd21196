// Prerequisite checks the subcommands run before any work, so a missing tool fails early with what to do.
import { PodmanError } from '../errors';
import { checkPodman } from '../podman/prereq';

/** Fails early, with what to do, when podman is missing or unusable (here or through the connection). */
export async function requirePodman(connection: string | undefined, signal: AbortSignal): Promise<void> {
  const [problem] = await checkPodman({ connection }, signal);
  if (problem) throw new PodmanError(problem.what, { hint: problem.fix });
}
