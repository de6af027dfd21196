// Build and Boot: lint → build → test-run check → disk → boot → ready, one progress for the whole chain.
// This is the same chain as `bootable up`; when core/up.ts lands (the lead's module) the command calls it instead
// and this file goes away. Every stage takes the one AbortSignal, so Cancel stops whichever stage is running.
import { readFile } from 'node:fs/promises';
import { UsageError } from '../core/errors';
import { lintContainerfile } from '../core/lint/index';
import type { RuleSettings } from '../core/lint/types';
import { buildImage, type BuildResult } from '../core/podman/build';
import { runContainer, stopContainer } from '../core/podman/run';
import { buildDisk, type BuildDiskResult, type DiskType, type RootFsType } from '../core/builder/index';
import { bootDisk, type BootResult } from '../core/vm/index';
import type { ProgressReporter } from '../core/progress';

export interface UpInput {
  containerfile: string;
  tag: string;
  podmanConnection?: string;
  libvirtUri?: string;
  output: string;
  diskType: DiskType;
  rootfs?: RootFsType;
  config?: string;
  memoryMiB: number;
  cpus: number;
  lintRules: RuleSettings;
  /** Go on when lint finds errors. */
  force?: boolean;
  /** Skip the test-run as a container. */
  skipRun?: boolean;
}

export interface UpResult { image: BuildResult; disk: BuildDiskResult; vm: BootResult }

export interface UpOptions { signal: AbortSignal; progress: ProgressReporter; onLine: (line: string) => void }

const STAGES = ['lint', 'build', 'run', 'disk', 'boot'] as const;

/** Maps a stage's own progress events into the chain's: step = stage, fraction across all stages. */
export function stageProgress(progress: ProgressReporter, stage: (typeof STAGES)[number]): ProgressReporter {
  const index = STAGES.indexOf(stage);
  return (e) => {
    const inner = e.fraction ?? (e.of > 0 ? Math.max(0, e.step - 1) / e.of : 0);
    progress({ step: index + 1, of: STAGES.length, id: `${stage}:${e.id}`, message: `${stage}: ${e.message}`, fraction: (index + Math.min(1, inner)) / STAGES.length });
  };
}

export async function up(input: UpInput, opts: UpOptions): Promise<UpResult> {
  const { signal } = opts;
  const report = (stage: (typeof STAGES)[number], message: string) => stageProgress(opts.progress, stage)({ step: 1, of: 1, id: stage, message, fraction: 0 });

  report('lint', `linting ${input.containerfile}`);
  const text = await readFile(input.containerfile, 'utf8');
  const errors = lintContainerfile(text, { settings: input.lintRules }).filter((f) => f.severity === 'error');
  if (errors.length && !input.force) {
    const list = errors.slice(0, 5).map((f) => `line ${f.range.start.line + 1}: ${f.message} (${f.ruleId})`).join('; ');
    throw new UsageError(`lint found ${errors.length} error(s): ${list}`, { hint: 'fix them (see the Problems panel), or build anyway with force' });
  }
  signal.throwIfAborted();

  const image = await buildImage({ containerfile: input.containerfile, tag: input.tag, connection: input.podmanConnection },
    { signal, progress: stageProgress(opts.progress, 'build'), onLine: opts.onLine });

  if (!input.skipRun) {
    const run = await runContainer({ image: image.image, connection: input.podmanConnection },
      { signal, progress: stageProgress(opts.progress, 'run'), onLine: opts.onLine });
    await stopContainer(run.name, { connection: input.podmanConnection });
    opts.onLine(`test-run: systemd ${run.state}${run.failedUnits.length ? `, failed units: ${run.failedUnits.join(', ')}` : ''}`);
  }

  const disk = await buildDisk({ image: image.image, types: [input.diskType], rootfs: input.rootfs, config: input.config, output: input.output },
    { signal, progress: stageProgress(opts.progress, 'disk') });

  const vm = await bootDisk({ disk: disk.outputs[0].path, memoryMiB: input.memoryMiB, cpus: input.cpus, uri: input.libvirtUri },
    { signal, progress: stageProgress(opts.progress, 'boot') });
  return { image, disk, vm };
}
