// buildImage: `podman build` with progress from its STEP lines, cancellation, and a failing step mapped to
// the Containerfile line it came from (PodmanBuildError.range), so the editor can show it there.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { CommandError, PodmanError, UsageError, type ErrorDetails } from '../errors';
import { noProgress, type ProgressReporter } from '../progress';
import type { Range } from '../lint/types';
import { buildArgs, podmanArgv, type PodmanTarget } from './args';
import { runPodman } from './exec';
import { externalContainers, ourLeftovers, removeContainers } from './leftovers';
import { killNewRunSteps, runStepContainers } from './run-step-containers';
import { buildErrorMessage, containerfileStages, instructionForStep, overallStep, parseStepLine,
  type InstructionRef } from './steps';

export interface BuildInput extends PodmanTarget {
  containerfile: string;
  /** Build context (default: the Containerfile's directory). */
  context?: string;
  tag?: string;
  buildArgs?: Record<string, string>;
}

export interface BuildRunOptions {
  signal?: AbortSignal;
  progress?: ProgressReporter;
  /** Every output line of podman (stdout and stderr), for an output channel or a terminal. */
  onLine?: (line: string) => void;
  logFile?: string;
}

export interface BuildResult {
  /** The tag when one was given, else the image id. */
  image: string;
  id: string;
}

/** A build step failed: carries the Containerfile, the failing instruction's range and podman's message. */
export class PodmanBuildError extends PodmanError {
  constructor(
    message: string,
    readonly containerfile: string,
    readonly range: Range | undefined,
    readonly podmanMessage: string,
    details: ErrorDetails = {},
  ) {
    super(message, details);
  }
}

/** The Containerfile's text; an unreadable path is a usage error (exit 2), not a crash. */
export async function readContainerfile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as Error).message}`,
      { hint: 'give the path of a Containerfile or Dockerfile' });
  }
}

export async function buildImage(input: BuildInput, opts: BuildRunOptions = {}): Promise<BuildResult> {
  const containerfile = resolve(input.containerfile);
  const text = await readContainerfile(containerfile);
  const stages = containerfileStages(text);
  if (stages.length === 0) throw new UsageError(`${containerfile}: no FROM instruction`);
  const progress = opts.progress ?? noProgress;
  const total = stages.reduce((n, s) => n + s.length, 0);

  const target = { connection: input.connection };
  const before = new Set((await externalContainers(target)).map((c) => c.id));
  const runStepsBefore = await runStepContainers(target);
  const since = Math.floor(Date.now() / 1000) - 1;
  /** Images this build started from (FROM) or produced (`--> ID`): what its working containers run. */
  const fromRefs: string[] = [];
  const producedIds: string[] = [];
  const work = await mkdtemp(join(tmpdir(), 'bootable-build-'));
  const iidFile = join(work, 'iid');
  let current: InstructionRef | undefined;
  const lines: string[] = [];
  try {
    progress({ step: 0, of: total, id: 'build', message: `building ${input.tag ?? containerfile}`, fraction: 0 });
    await runPodman(buildArgs({
      containerfile,
      context: resolve(input.context ?? dirname(containerfile)),
      tag: input.tag,
      buildArgs: input.buildArgs,
      iidFile,
      connection: input.connection,
    }), {
      signal: opts.signal,
      logFile: opts.logFile,
      onLine: (line) => {
        opts.onLine?.(line);
        lines.push(line);
        if (lines.length > 200) lines.splice(0, 100);
        const produced = /^--> (?:Using cache )?([0-9a-f]{10,64})$/.exec(line);
        if (produced) producedIds.push(produced[1]!);
        const step = parseStepLine(line);
        if (!step) return;
        const from = /^FROM\s+(\S+)/i.exec(step.instruction);
        if (from) fromRefs.push(from[1]!);
        current = instructionForStep(stages, step) ?? current;
        const at = overallStep(stages, step);
        progress({ step: at.step, of: at.of, id: 'build', message: step.instruction, fraction: (at.step - 1) / at.of });
      },
    });
    const id = (await readFile(iidFile, 'utf8')).trim().replace(/^sha256:/, '');
    progress({ step: total, of: total, id: 'build', message: 'built', fraction: 1 });
    return { image: input.tag ?? id, id };
  } catch (err) {
    await killNewRunSteps(target, runStepsBefore);
    await removeLeftovers(target, before, since, fromRefs, producedIds);
    if (!(err instanceof PodmanError) || !(err.cause instanceof CommandError) || err.cause.reason !== 'failed') throw err;
    const podmanMessage = buildErrorMessage(lines);
    const where = current ? `${containerfile}:${current.range.start.line + 1}` : containerfile;
    throw new PodmanBuildError(
      `build failed at ${where}${current ? ` (${current.keyword})` : ''}: ${podmanMessage}`,
      containerfile, current?.range, podmanMessage,
      { hint: err.hint ?? 'see the build output above', logPath: opts.logFile, cause: err },
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function removeLeftovers(target: PodmanTarget, before: ReadonlySet<string>, since: number,
  fromRefs: readonly string[], producedIds: readonly string[]): Promise<void> {
  const ids = [...producedIds];
  for (const ref of fromRefs) {
    const r = await runPodman(podmanArgv(target, 'image', 'inspect', '--format', '{{.Id}}', ref), { okExitCodes: [0, 1, 125] });
    if (r.exitCode === 0) ids.push(r.stdout.trim());
  }
  const left = ourLeftovers(await externalContainers(target), before, since, ids);
  await removeContainers(target, left.map((c) => c.id));
}
