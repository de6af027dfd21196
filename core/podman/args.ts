// Pure argv builders for every podman call bootable makes. No I/O here: each function returns the argument
// array that core/podman runs, so the exact command lines are unit-tested (test/core/podman/args.test.ts).

/** Where podman runs: the local engine (default) or one of podman's own remote connections. */
export interface PodmanTarget {
  /** A `podman system connection` name; every call gets `--connection NAME`. */
  connection?: string;
}

export function podmanArgv(target: PodmanTarget, ...args: string[]): string[] {
  return target.connection ? ['podman', '--connection', target.connection, ...args] : ['podman', ...args];
}

export interface BuildSpec extends PodmanTarget {
  containerfile: string;
  /** Build context directory (default: the Containerfile's directory). */
  context: string;
  tag?: string;
  buildArgs?: Record<string, string>;
  /** Write the built image id here (podman build --iidfile). */
  iidFile?: string;
}

export function buildArgs(spec: BuildSpec): string[] {
  const args = ['build', '-f', spec.containerfile];
  if (spec.tag) args.push('-t', spec.tag);
  for (const [k, v] of Object.entries(spec.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  if (spec.iidFile) args.push('--iidfile', spec.iidFile);
  // Remove intermediate containers even when a step fails: a failed or cancelled build leaves nothing behind.
  args.push('--rm', '--force-rm', spec.context);
  return podmanArgv(spec, ...args);
}

/** Flags whose value may be a secret: `--build-arg K=V` shows K only, `--secret …` nothing. */
const REDACTED = '<redacted>';

/**
 * The argv as it may be shown (logs, errors, progress): build-arg values and secret specs replaced. Handles both
 * `--flag value` and `--flag=value`.
 */
export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  const arg = (v: string) => { const eq = v.indexOf('='); return eq < 0 ? v : `${v.slice(0, eq)}=${REDACTED}`; };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if ((a === '--build-arg' || a === '--secret') && i + 1 < argv.length) {
      const value = argv[++i];
      out.push(a, a === '--secret' ? REDACTED : arg(value));
    } else if (a.startsWith('--build-arg=')) {
      out.push(`--build-arg=${arg(a.slice('--build-arg='.length))}`);
    } else if (a.startsWith('--secret=')) {
      out.push(`--secret=${REDACTED}`);
    } else {
      out.push(a);
    }
  }
  return out;
}

export interface PortMapping { host: number; guest: number }

export interface RunSpec extends PodmanTarget {
  image: string;
  name: string;
  ports: PortMapping[];
}

/** `podman run -d` with systemd as PID 1, the quick start's way to test-run a bootc image. */
export function runArgs(spec: RunSpec): string[] {
  // No --rm: a container whose systemd fails must keep its logs until they are read (core/podman/run.ts removes it).
  const args = ['run', '-d', '--name', spec.name];
  for (const p of spec.ports) args.push('-p', `${p.host}:${p.guest}`);
  args.push(spec.image, '/sbin/init');
  return podmanArgv(spec, ...args);
}

export function execArgs(target: PodmanTarget, container: string, command: string[]): string[] {
  return podmanArgv(target, 'exec', container, ...command);
}

export function stopArgs(target: PodmanTarget, container: string): string[] {
  return podmanArgv(target, 'stop', '--time', '10', container);
}

export function removeContainerArgs(target: PodmanTarget, container: string): string[] {
  return podmanArgv(target, 'rm', '--force', '--ignore', container);
}

export function importArgs(target: PodmanTarget, tarPath: string, image: string, changes: string[]): string[] {
  return podmanArgv(target, 'import', ...changes.flatMap((c) => ['--change', c]), tarPath, image);
}

export function exportArgs(target: PodmanTarget, container: string): string[] {
  return podmanArgv(target, 'export', container);
}

export function createArgs(target: PodmanTarget, image: string, name: string): string[] {
  return podmanArgv(target, 'create', '--name', name, image, '/sbin/init');
}
