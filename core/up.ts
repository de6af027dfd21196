// `bootable up` and the extension's "Build and Boot": the whole user path in one call —
// lint → build → test-run with /sbin/init → disk → boot → ready. Each stage is the same core function the
// individual commands use; this module only chains them, maps their progress onto one display and stops early
// (cleanly) on lint errors, failures and cancel.
import { dirname, join, resolve } from 'node:path';
import { checkVmName, defaultImageTag, projectVmName } from './names';
import { BootableError } from './errors';
import { lintContainerfile } from './lint/index';
import { contextReader } from './lint/context-reader';
import type { Finding, RuleSettings } from './lint/types';
import { buildImage, readContainerfile, type BuildInput } from './podman/build';
import { runContainer, stopContainer } from './podman/run';
import { buildDisk, type BuildDiskInput } from './builder/build';
import type { DiskType } from './builder/types';
import { bootDisk, listVms, removeVm, type BootResult, type CreateVmOptions } from './vm/index';
import { checkUpMayReplace } from './vm/ownership';
import { diskConfigWithDefaultKey } from './vm/default-key';
import { noProgress, type ProgressReporter } from './progress';
import { updateVm, type UpdateResult } from './update/index';
import { readVmRecord, vmStateRoot } from './vm/state-dir';
import { vmStatus } from './vm/status';

/**
 * What `up` does, nested by the module that owns each part: every part is that module's own input type, so an
 * option added to core/vm (or the builder, or podman) reaches `up` without touching this file.
 */
export interface UpInput {
  containerfile: string;
  lint?: UpLintInput;
  build?: UpBuildInput;
  disk?: UpDiskInput;
  vm?: UpVmInput;
  /** Delete and recreate the VM (today's `up` before updates): its /etc and /var are lost. */
  recreate?: boolean;
}

export interface UpLintInput {
  settings?: RuleSettings;
  /** Go on even when lint reports errors. */
  force?: boolean;
}

/** podman build (and the test-run, on the same connection). */
export type UpBuildInput = Omit<BuildInput, 'containerfile'> & {
  /** Skip the container test-run (systemd as PID 1) before making the disk. */
  skipRunCheck?: boolean;
};

/** The disk builder's input for the built image; one type (default qcow2), the one that boots. */
export type UpDiskInput = Partial<Omit<BuildDiskInput, 'image' | 'types' | 'connection'>> & {
  type?: DiskType;
};

/**
 * The VM's options; name defaults to the Containerfile's directory name (core/names.ts projectVmName).
 * noDefaultKey also decides the disk: without it, a config that gives no user a key gets bootable's default
 * key for root (core/vm/default-key.ts).
 */
export type UpVmInput = Omit<CreateVmOptions, 'disk'>;

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
  /** Set when the VM existed and was updated in place (or was up to date) instead of recreated. */
  update?: UpdateResult;
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
  const lint = input.lint ?? {}, build = input.build ?? {}, diskInput = input.disk ?? {}, vmInput = input.vm ?? {};
  const skipped = new Set<StageId>(build.skipRunCheck ? ['run-check'] : []);
  const report = (id: StageId) => stageReporter(progress, id, skipped);

  // 0. the VM's name, and whether up may replace a VM of that name: before any slow work.
  const vmName = vmInput.name !== undefined ? checkVmName(vmInput.name) : projectVmName(containerfile);
  await checkUpMayReplace(vmName, containerfile, { uri: vmInput.uri, stateRoot: vmInput.stateRoot, signal });

  // 1. lint: the same findings the editor shows; errors stop the chain before any slow work.
  report('lint')({ step: 1, of: 1, id: 'lint', message: `linting ${containerfile}` });
  const text = await readContainerfile(containerfile);
  const findings = lintContainerfile(text, { settings: lint.settings, readContext: contextReader(dirname(containerfile)) });
  for (const f of findings) {
    opts.onLine?.(`${containerfile}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId} ${f.message}`);
  }
  if (!lint.force && findings.some((f) => f.severity === 'error')) throw new LintBlockedError(findings, containerfile);
  signal?.throwIfAborted();

  // 2. build with podman.
  const { skipRunCheck, ...buildInput } = build;
  const built = await buildImage(
    { ...buildInput, containerfile, tag: build.tag ?? defaultImageTag(containerfile) },
    { signal, progress: report('build'), onLine: opts.onLine },
  );

  // 3. test-run: systemd must come up as PID 1 in a container before we spend minutes on a disk.
  if (!skipRunCheck) {
    const started = await runContainer(
      { image: built.image, ports: [], connection: build.connection },
      { signal, progress: report('run-check'), onLine: opts.onLine },
    );
    await stopContainer(started.name, { connection: build.connection });
    if (started.failedUnits.length > 0) {
      opts.onLine?.(`test-run: systemd is ${started.state}; failed units: ${started.failedUnits.join(', ')}`);
    }
  }

  // 3b. the VM exists (made by this Containerfile, checked above): update it in place, keeping /etc and /var.
  const record = input.recreate ? undefined : await readVmRecord(vmName, vmInput.stateRoot ?? vmStateRoot());
  if (record) {
    const t0 = Date.now();
    const update = await updateVm(
      { name: vmName, image: built.image, stateRoot: vmInput.stateRoot, readyTimeoutMs: vmInput.readyTimeoutMs },
      { signal, onLine: opts.onLine, progress: (e) => report('boot')({ ...e, id: `update/${e.id}`, message: `update: ${e.message}` }) },
    );
    const status = await vmStatus(vmName, { stateRoot: vmInput.stateRoot, signal });
    return {
      image: built.image, findings, disk: record.disk, diskCached: true, update,
      vm: { name: vmName, address: status.address, ports: status.endpoints, state: status.state, status, bootMs: Date.now() - t0 },
    };
  }

  // 4. disk with the embedded builder (cached by image digest + config + builder version).
  const { type = 'qcow2', ...diskRest } = diskInput;
  const output = resolve(diskInput.output ?? join(dirname(containerfile), 'output'));
  const { config } = await diskConfigWithDefaultKey(diskInput.config, vmInput.noDefaultKey, signal);
  const disk = await buildDisk(
    { ...diskRest, config, image: built.image, types: [type], output },
    { signal, progress: report('disk') },
  );
  const diskPath = disk.outputs.find((o) => o.type === type)?.path ?? disk.outputs[0].path;

  // 5. boot (a new VM, or --recreate: the previous one is deleted); the built disk is never touched.
  await checkUpMayReplace(vmName, containerfile, { uri: vmInput.uri, stateRoot: vmInput.stateRoot, signal });
  const existing = (await listVms({ uri: vmInput.uri, stateRoot: vmInput.stateRoot })).find((v) => v.name === vmName);
  if (existing) {
    report('boot')({ step: 1, of: 4, id: 'replace', message: `replacing the previous VM ${vmName}` });
    await removeVm(vmName, { stateRoot: vmInput.stateRoot });
  }
  const vm = await bootDisk(
    { ...vmInput, disk: diskPath, name: vmName, project: containerfile },
    { signal, progress: report('boot') },
  );
  return { image: built.image, findings, disk: diskPath, diskCached: disk.cached, vm };
}
