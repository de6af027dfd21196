// `bootable up` and the extension's "Build and Boot": the whole user path in one call —
// lint → build → test-run with /sbin/init → disk → boot → ready. Each stage is the same core function the
// individual commands use; this module only chains them, maps their progress onto one display and stops early
// (cleanly) on lint errors, failures and cancel.
import { dirname, join, resolve } from 'node:path';
import { containerfileName, defaultImageTag } from './names';
import { BootableError } from './errors';
import { lintContainerfile } from './lint/index';
import { contextReader } from './lint/context-reader';
import type { Finding, RuleSettings } from './lint/types';
import { buildImage, readContainerfile } from './podman/build';
import { runContainer, stopContainer } from './podman/run';
import { buildDisk } from './builder/build';
import type { DeployMode, DiskType, RootFsType } from './builder/types';
import { bootDisk, listVms, removeVm, type BootResult, type Firmware, type NetworkMode } from './vm/index';
import { noProgress, type ProgressReporter } from './progress';

export interface UpInput {
  containerfile: string;
  tag?: string;
  buildArgs?: Record<string, string>;
  /** bootc-image-builder config (users, kernel args…): path to config.toml or config.json. */
  config?: string;
  type?: DiskType;
  rootfs?: RootFsType;
  mode?: DeployMode;
  /** Disk output directory (default: output/ beside the Containerfile). */
  output?: string;
  vmName?: string;
  memoryMiB?: number;
  cpus?: number;
  firmware?: Firmware;
  network?: NetworkMode;
  uri?: string;
  /** How long to wait for the guest's ssh (default: core/vm's). */
  readyTimeoutMs?: number;
  connection?: string;
  lintSettings?: RuleSettings;
  /** Go on even when lint reports errors. */
  force?: boolean;
  /** Skip the container test-run (systemd as PID 1) before making the disk. */
  skipRunCheck?: boolean;
}

export interface UpOptions {
  signal?: AbortSignal;
  progress?: ProgressReporter;
  /** Build output and other detail lines, for an output channel or a terminal. */
  onLine?: (line: string) => void;
}

export interface UpResult {
  image: string;
  findings: Finding[];
  disk: string;
  diskCached: boolean;
  vm: BootResult;
}

/** Lint found errors and --force was not given: the message lists them. */
export class LintBlockedError extends BootableError {
  constructor(readonly findings: Finding[], file: string) {
    const errors = findings.filter((f) => f.severity === 'error');
    const lines = errors.slice(0, 10).map((f) => `  ${file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} ${f.message}`);
    super(`lint found ${errors.length} error(s):\n${lines.join('\n')}`, {
      hint: 'fix them (`bootable lint --fix` applies the safe fixes), or pass --force to build anyway',
    });
  }
}

/** The stages and their share of the whole run's time (measured under TCG here: disk and boot dominate). */
const stages = [
  { id: 'lint', weight: 1 },
  { id: 'build', weight: 15 },
  { id: 'run-check', weight: 10 },
  { id: 'disk', weight: 35 },
  { id: 'boot', weight: 39 },
] as const;
type StageId = typeof stages[number]['id'];

/** A reporter for one stage that places its events on the whole chain's scale. */
export function stageReporter(progress: ProgressReporter, id: StageId, skipped: ReadonlySet<StageId> = new Set()): ProgressReporter {
  const active = stages.filter((s) => !skipped.has(s.id));
  const total = active.reduce((n, s) => n + s.weight, 0);
  const index = active.findIndex((s) => s.id === id);
  const before = active.slice(0, index).reduce((n, s) => n + s.weight, 0);
  const weight = active[index].weight;
  return (e) => progress({
    step: index + 1,
    of: active.length,
    id: `${id}/${e.id}`,
    message: `${id}: ${e.message}`,
    fraction: (before + weight * (e.fraction ?? (e.of > 0 ? (e.step - 1) / e.of : 0))) / total,
  });
}

export async function up(input: UpInput, opts: UpOptions = {}): Promise<UpResult> {
  const progress = opts.progress ?? noProgress;
  const signal = opts.signal;
  const containerfile = resolve(input.containerfile);
  const skipped = new Set<StageId>(input.skipRunCheck ? ['run-check'] : []);
  const report = (id: StageId) => stageReporter(progress, id, skipped);

  // 1. lint: the same findings the editor shows; errors stop the chain before any slow work.
  report('lint')({ step: 1, of: 1, id: 'lint', message: `linting ${containerfile}` });
  const text = await readContainerfile(containerfile);
  const findings = lintContainerfile(text, { settings: input.lintSettings, readContext: contextReader(dirname(containerfile)) });
  for (const f of findings) {
    opts.onLine?.(`${containerfile}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId} ${f.message}`);
  }
  if (!input.force && findings.some((f) => f.severity === 'error')) throw new LintBlockedError(findings, containerfile);
  signal?.throwIfAborted();

  // 2. build with podman.
  const tag = input.tag ?? defaultImageTag(containerfile);
  const built = await buildImage(
    { containerfile, tag, buildArgs: input.buildArgs, connection: input.connection },
    { signal, progress: report('build'), onLine: opts.onLine },
  );

  // 3. test-run: systemd must come up as PID 1 in a container before we spend minutes on a disk.
  if (!input.skipRunCheck) {
    const started = await runContainer(
      { image: built.image, ports: [], connection: input.connection },
      { signal, progress: report('run-check'), onLine: opts.onLine },
    );
    await stopContainer(started.name, { connection: input.connection });
    if (started.failedUnits.length > 0) {
      opts.onLine?.(`test-run: systemd is ${started.state}; failed units: ${started.failedUnits.join(', ')}`);
    }
  }

  // 4. disk with the embedded builder (cached by image digest + config + builder version).
  const output = resolve(input.output ?? join(dirname(containerfile), 'output'));
  const type = input.type ?? 'qcow2';
  const disk = await buildDisk(
    { image: built.image, types: [type], config: input.config, rootfs: input.rootfs, mode: input.mode, output },
    { signal, progress: report('disk') },
  );
  const diskPath = disk.outputs.find((o) => o.type === type)?.path ?? disk.outputs[0].path;

  // 5. boot: `up` recreates its VM, like a compose `up` after a change; the built disk is never touched.
  const vmName = input.vmName ?? containerfileName(containerfile);
  const existing = (await listVms({ uri: input.uri })).find((v) => v.name === vmName);
  if (existing) {
    report('boot')({ step: 1, of: 4, id: 'replace', message: `replacing the previous VM ${vmName}` });
    await removeVm(vmName);
  }
  const vm = await bootDisk(
    { disk: diskPath, name: vmName, memoryMiB: input.memoryMiB, cpus: input.cpus, firmware: input.firmware,
      network: input.network, uri: input.uri, readyTimeoutMs: input.readyTimeoutMs },
    { signal, progress: report('boot') },
  );
  return { image: built.image, findings, disk: diskPath, diskCached: disk.cached, vm };
}
