// runContainer: the quick start's `podman run -d -p H:G IMAGE /sbin/init`, then wait until systemd says the
// system is up (running or degraded) and list failed units. On failure or cancel the container is removed, after
// its logs are read: systemd's own words (e.g. it cannot create its cgroup) are the error the user needs.
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { PodmanError, UsageError } from '../errors';
import { noProgress, throwIfAborted, type ProgressReporter } from '../progress';
import { execArgs, podmanArgv, removeContainerArgs, runArgs, stopArgs, type PodmanTarget, type PortMapping } from './args';
import { containerExists, runPodman } from './exec';
import { inspectImage } from './inspect';

export interface RunInput extends PodmanTarget {
  image: string;
  name?: string;
  /** Ports to publish; default: every EXPOSEd TCP port of the image, on a free host port. */
  ports?: PortMapping[];
  /** How long to wait for systemd (default 180 s). */
  bootTimeoutMs?: number;
}

export interface RunRunOptions {
  signal?: AbortSignal;
  progress?: ProgressReporter;
  onLine?: (line: string) => void;
}

export interface RunResult {
  name: string;
  id: string;
  ports: PortMapping[];
  state: 'running' | 'degraded';
  failedUnits: string[];
}

const STEPS = 3;

export async function runContainer(input: RunInput, opts: RunRunOptions = {}): Promise<RunResult> {
  const progress = opts.progress ?? noProgress;
  const target: PodmanTarget = { connection: input.connection };
  const name = input.name ?? defaultName(input.image);
  progress({ step: 1, of: STEPS, id: 'ports', message: `inspecting ${input.image}` });
  const ports = input.ports ?? await portsFromImage(input.image, target, opts.signal);

  if (await containerExists(target, name, opts.signal)) {
    throw new UsageError(`a container named ${name} already exists`,
      { hint: `stop it with \`bootable run --stop ${name}\`, or choose another --name` });
  }
  progress({ step: 2, of: STEPS, id: 'start', message: `starting ${name} with /sbin/init` });
  try {
    const started = await runPodman(runArgs({ ...target, image: input.image, name, ports }),
      { signal: opts.signal, onLine: opts.onLine });
    const id = started.stdout.trim().split('\n').pop() ?? '';
    progress({ step: 3, of: STEPS, id: 'boot', message: 'waiting for systemd (systemctl is-system-running --wait)' });
    const state = await waitForSystemd(target, name, input.bootTimeoutMs ?? 180_000, opts.signal);
    const failedUnits = await listFailedUnits(target, name, opts.signal);
    return { name, id, ports, state, failedUnits };
  } catch (err) {
    // Nothing left behind: a container that did not come up (or was cancelled) is removed.
    await runPodman(removeContainerArgs(target, name)).catch(() => undefined);
    throw err;
  }
}

export async function stopContainer(name: string, target: PodmanTarget = {}): Promise<void> {
  if (!await containerExists(target, name)) {
    throw new UsageError(`no container named ${name}`, { hint: 'list them with `podman ps -a`' });
  }
  await runPodman(stopArgs(target, name), { okExitCodes: [0, 125] });
  await runPodman(removeContainerArgs(target, name));
}

export function defaultName(image: string): string {
  const base = image.replace(/[@:].*$/, '').split('/').pop()?.replace(/[^a-zA-Z0-9_.-]/g, '-') || 'image';
  return `bootable-${base}-${randomBytes(3).toString('hex')}`;
}

async function portsFromImage(image: string, target: PodmanTarget, signal?: AbortSignal): Promise<PortMapping[]> {
  const info = await inspectImage(image, target, signal);
  const ports: PortMapping[] = [];
  for (const guest of info.exposedPorts) ports.push({ host: await freePort(guest < 1024 ? 8000 + guest : guest), guest });
  return ports;
}

/** `preferred` when it is free on this host, else any free port. */
export async function freePort(preferred: number): Promise<number> {
  const tryListen = (port: number) => new Promise<number | undefined>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(undefined));
    srv.listen(port, () => {
      const addr = srv.address();
      const got = typeof addr === 'object' && addr ? addr.port : undefined;
      srv.close(() => resolve(got));
    });
  });
  return (await tryListen(preferred)) ?? (await tryListen(0))!;
}

/** Interpret `systemctl is-system-running` output. undefined = not settled yet (keep waiting). */
export function systemState(output: string): 'running' | 'degraded' | 'failed' | undefined {
  const s = output.trim().split('\n').pop()?.trim();
  if (s === 'running' || s === 'degraded') return s;
  if (s === 'maintenance' || s === 'stopping' || s === 'offline') return 'failed';
  return undefined;
}

async function waitForSystemd(target: PodmanTarget, name: string, timeoutMs: number, signal?: AbortSignal):
  Promise<'running' | 'degraded'> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    throwIfAborted(signal);
    // Right after `podman run` systemd may not have its bus yet: exec fails, so retry until the deadline.
    const r = await runPodman(execArgs(target, name, ['systemctl', 'is-system-running', '--wait']), {
      signal, timeoutMs: Math.max(1000, deadline - Date.now()), okExitCodes: [0, 1, 125, 126, 127, 255],
    });
    last = (r.stdout + '\n' + r.stderr).trim();
    const state = systemState(r.stdout);
    if (state === 'running' || state === 'degraded') return state;
    if (state === 'failed') break;
    // podman 4 says 125 for a removed container, 255 for an exited one.
    if ((r.exitCode === 125 || r.exitCode === 255) && /no such container|is not running|container state improper/i.test(r.stderr)) {
      const logs = await runPodman(podmanArgv(target, 'logs', '--tail', '20', name), { okExitCodes: [0, 125] });
      const state = await runPodman(podmanArgv(target, 'inspect', '--format', '{{.State.ExitCode}} {{.State.Error}}', name), { okExitCodes: [0, 125] });
      throw exitedError(name, logs.stdout.trim(), state.exitCode === 0 ? state.stdout.trim() : undefined);
    }
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new PodmanError(`systemd in ${name} did not reach running/degraded within ${Math.round(timeoutMs / 1000)} s (${last || 'no answer'})`,
    { hint: `look at \`podman logs ${name}\`; is /sbin/init systemd in this image?` });
}

/** Known causes in systemd's last words, and what fixes them. */
const EXIT_CAUSES: { pattern: RegExp; hint: string }[] = [
  {
    pattern: /cgroup|control group/i,
    hint: 'systemd needs a cgroup it may write: as a normal user that is cgroup v2 with delegation (a systemd desktop session '
      + 'gives it; `bootable doctor` checks it); on cgroup v1 run as root, or skip the test-run (`bootable up --no-run-check`)',
  },
];

/**
 * The container stopped before systemd answered: its own output (and podman's exit code and error for it) is the
 * message, with a fix when the cause is known. `state` is `EXITCODE ERROR` from podman inspect.
 */
export function exitedError(name: string, output: string, state?: string): PodmanError {
  const lines = output.split('\n').map((l) => l.trimEnd()).filter(Boolean);
  // The cause is systemd's last line that says what failed, not its "Freezing execution" after it.
  const cause = [...lines].reverse().find((l) => /fail|error|cannot|denied|read-only/i.test(l));
  const [code, ...error] = (state ?? '').split(' ');
  const how = code ? ` (exit code ${code}${error.join(' ').trim() ? `: ${error.join(' ').trim()}` : ''})` : '';
  const known = EXIT_CAUSES.find((c) => c.pattern.test(output));
  return new PodmanError(`container ${name} exited${how} before systemd came up${cause ? `: ${cause.trim()}` : ''}`, {
    hint: [
      known?.hint,
      lines.length ? `its last output:\n${lines.join('\n')}` : 'it printed nothing; as a normal user this is usually systemd '
        + 'without a cgroup it may write (cgroup v1, or v2 without delegation): `bootable doctor` checks it; '
        + '`bootable up --no-run-check` skips the test-run',
    ].filter(Boolean).join('\n'),
  });
}

/** `systemctl list-units --failed` → unit names. */
export function parseFailedUnits(output: string): string[] {
  return output.split('\n')
    .map((l) => l.replace(/^[●*\s]+/, '').trim().split(/\s+/)[0] ?? '')
    .filter((u) => /\.(service|socket|mount|target|timer|path|scope|slice|device|swap|automount)$/.test(u));
}

async function listFailedUnits(target: PodmanTarget, name: string, signal?: AbortSignal): Promise<string[]> {
  const r = await runPodman(execArgs(target, name, ['systemctl', 'list-units', '--failed', '--plain', '--no-legend']),
    { signal });
  return parseFailedUnits(r.stdout);
}
