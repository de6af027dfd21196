// Shared by test/e2e/vm-*.test.ts: a private VM state root, an ssh key, the LAMP disk from core/builder,
// a status poller that records transitions, and a check that nothing of a VM is left behind.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHash, randomBytes } from 'node:crypto';
import { buildDisk } from '../../core/builder';
import { run } from '../../core/util/process';
import { vmStatus, type VmState } from '../../core/vm/index';
import { listDomains } from '../../core/vm/virsh';

export const root = process.env.BOOTABLE_ROOT ?? new URL('../..', import.meta.url).pathname;
export const URI = 'qemu:///system';
// Tags of this run's own (each test file is its own process); removeExampleImages() removes them.
const RUN_TAG = randomBytes(3).toString('hex');
export const LAMP_IMAGE = `localhost/bootable-test-vm/lamp:${RUN_TAG}`;
export const MINIMAL_IMAGE = `localhost/bootable-test-vm/minimal:${RUN_TAG}`;

/** Removes the tags buildExampleDisk made (the layers stay in podman's build cache). */
export async function removeExampleImages(): Promise<void> {
  await run(['podman', 'rmi', '--ignore', LAMP_IMAGE, MINIMAL_IMAGE]);
}

/** A temp dir qemu (libvirt-qemu) can traverse: mkdtemp makes 0700 ones. */
export function sharedTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o711);
  return dir;
}

export async function makeSshKey(dir: string): Promise<{ key: string; pub: string }> {
  const key = join(dir, 'id_ed25519');
  await run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'bootable-test', '-f', key]);
  return { key, pub: readFileSync(`${key}.pub`, 'utf8').trim() };
}

/** An example image (examples/<example>) → a qcow2 from core/builder, with a user that logs in with `pub`. */
export async function buildExampleDisk(dir: string, example: 'lamp' | 'minimal', pub: string): Promise<{ disk: string; seconds: number }> {
  const t0 = Date.now();
  const image = example === 'lamp' ? LAMP_IMAGE : MINIMAL_IMAGE;
  await run(['podman', 'build', '-q', '-t', image, join(root, 'examples', example)], { timeoutMs: 20 * 60_000 });
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ blueprint: { customizations: { user: [{ name: 'cloud-user', key: pub, groups: ['sudo'] }] } } }));
  const output = join(dir, `output-${example}`);
  const built = await buildDisk({ image, types: ['qcow2'], config, output, cacheDir: join(dir, 'cache') });
  chmodSync(output, 0o711);
  chmodSync(join(output, 'qcow2'), 0o711);
  return { disk: built.outputs[0].path, seconds: (Date.now() - t0) / 1000 };
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Polls vmStatus every 500 ms and records each new state, until stop(). */
export function recordTransitions(name: string, stateRoot: string): { states: VmState[]; stop(): Promise<VmState[]> } {
  const states: VmState[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const s = await vmStatus(name, { stateRoot });
        if (states[states.length - 1] !== s.state) states.push(s.state);
      } catch { /* not created yet, or removed */ }
      await sleep(500);
    }
  })();
  return { states, async stop() { running = false; await loop; return states; } };
}

/** True when libvirt has no domain `name` and the state root has no directory for it. */
export async function nothingLeft(name: string, stateRoot: string): Promise<boolean> {
  const domains = await listDomains(URI);
  let dirs: string[] = [];
  try { dirs = readdirSync(stateRoot); } catch { /* gone */ }
  return !domains.some((d) => d.name === name) && !dirs.includes(name);
}

/** Removes any domain the tests made, even when a test failed half-way. */
export async function destroyTestDomains(prefix: string): Promise<void> {
  for (const d of await listDomains(URI)) {
    if (!d.name.startsWith(prefix)) continue;
    if (d.state !== 'shut off') await run(['virsh', '--connect', URI, 'destroy', d.name], { okExitCodes: [0, 1] });
    await run(['virsh', '--connect', URI, 'undefine', d.name, '--nvram'], { okExitCodes: [0, 1] });
  }
}

/** HTTP status of http://host:port/, retried until 200 or the deadline. */
export async function waitHttp200(host: string, port: number, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last: number | undefined;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://${host}:${port}/`, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      last = res.status;
      if (last === 200) return 200;
    } catch { /* not up yet */ }
    await sleep(1000);
  }
  return last;
}
