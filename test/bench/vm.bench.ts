// Boot-to-ready under libvirt (bootDisk: create overlay + vars, define, start, wait for the ssh banner) against
// plain qemu-system-x86_64 started by hand on the same kind of overlay with the same firmware, memory, CPUs and
// acceleration, waiting for the same banner through a user-mode forward. Runs alternate (plain, bootable, …) so
// that load from other work on the machine hits both alike.
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildDisk } from '../../core/builder';
import { run } from '../../core/util/process';
import { bootDisk, removeVm } from '../../core/vm/index';
import { chooseAcceleration } from '../../core/vm/accel';
import { OVMF_CODE, OVMF_VARS } from '../../core/vm/domain-xml';
import { pickFreePorts } from '../../core/vm/ports';
import { probeOnce } from '../../core/vm/probe';

const root = process.env.BOOTABLE_ROOT ?? join(import.meta.dirname, '../..');
// A tag of its own, removed at the end.
const IMAGE = `localhost/bootable-bench-vm/minimal:${process.pid}`;
const ROUNDS = Number(process.env.BOOTABLE_BENCH_VM_ROUNDS ?? 2);
const MEMORY = 2048, CPUS = 2, TIMEOUT_MS = 15 * 60_000;

async function plainQemu(disk: string, dir: string, accel: 'kvm' | 'tcg', i: number): Promise<number> {
  const overlay = join(dir, `plain-${i}.qcow2`), vars = join(dir, `plain-${i}-vars.fd`);
  const [port] = await pickFreePorts(1);
  const t0 = Date.now();
  await run(['qemu-img', 'create', '-q', '-f', 'qcow2', '-b', disk, '-F', 'qcow2', overlay]);
  copyFileSync(OVMF_VARS, vars);
  const qemu = spawn('qemu-system-x86_64', [
    '-accel', accel, ...(accel === 'kvm' ? ['-cpu', 'host'] : []), '-machine', 'q35', '-m', String(MEMORY), '-smp', String(CPUS),
    '-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${OVMF_CODE}`, '-drive', `if=pflash,format=raw,unit=1,file=${vars}`,
    '-drive', `file=${overlay},if=virtio,format=qcow2`,
    '-netdev', `user,id=n0,hostfwd=tcp:127.0.0.1:${port}-:22`, '-device', 'virtio-net-pci,netdev=n0',
    '-display', 'none', '-serial', `file:${join(dir, `plain-${i}.log`)}`, '-monitor', 'none',
  ], { stdio: 'ignore' });
  try {
    while (Date.now() - t0 < TIMEOUT_MS) {
      if (qemu.exitCode !== null) throw new Error(`qemu exited with ${qemu.exitCode}`);
      if (await probeOnce('ssh', '127.0.0.1', port, 1500)) return (Date.now() - t0) / 1000;
      await sleep(500);
    }
    throw new Error('plain qemu: no ssh banner before the timeout');
  } finally {
    qemu.kill('SIGKILL');
    await new Promise((r) => (qemu.exitCode !== null ? r(undefined) : qemu.once('exit', r)));
  }
}

async function viaBootable(disk: string, stateRoot: string, i: number): Promise<number> {
  const name = `bootable-bench-vm-${process.pid}-${i}`;
  try {
    const r = await bootDisk({ disk, name, network: 'user', firmware: 'uefi', memoryMiB: MEMORY, cpus: CPUS, readyTimeoutMs: TIMEOUT_MS, stateRoot });
    return r.bootMs / 1000;
  } finally {
    await removeVm(name, { stateRoot }).catch(() => undefined);
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-bench-vm-'));
  chmodSync(dir, 0o711);
  const stateRoot = join(dir, 'vms');
  try {
    await run(['podman', 'build', '-q', '-t', IMAGE, join(root, 'examples/minimal')], { timeoutMs: 20 * 60_000 });
    const built = await buildDisk({ image: IMAGE, types: ['qcow2'], output: join(dir, 'output'), cacheDir: join(dir, 'cache') });
    chmodSync(join(dir, 'output'), 0o755);
    chmodSync(join(dir, 'output', 'qcow2'), 0o755);
    const disk = built.outputs[0].path;

    const t0 = Date.now();
    const accel = await chooseAcceleration('qemu:///system');
    console.log(`bench vm accel-probe: ${Date.now() - t0} ms → ${accel.note}`);

    const plain: number[] = [], ours: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      plain.push(await plainQemu(disk, dir, accel.accel, i));
      console.log(`  round ${i + 1}: plain qemu ${plain[i].toFixed(1)} s`);
      ours.push(await viaBootable(disk, stateRoot, i));
      console.log(`  round ${i + 1}: bootDisk   ${ours[i].toFixed(1)} s`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
    const p = median(plain), o = median(ours);
    const load = (await run(['cat', '/proc/loadavg'])).stdout.split(' ')[0];
    console.log(`bench vm boot-to-ready: ${o.toFixed(1)} s via bootDisk (UEFI, ${accel.accel.toUpperCase()}, ${MEMORY} MiB, ${CPUS} vCPUs, user-mode net; median of ${ROUNDS}) (goal < 45 s)`);
    console.log(`bench vm plain-qemu-boot-to-ready: ${p.toFixed(1)} s (same overlay/firmware/memory/cpus, by hand)`);
    console.log(`bench vm orchestration-ratio: ${(o / p).toFixed(2)}× plain qemu (goal ≤ 1.1×; load average ${load})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await run(['podman', 'rmi', '--force', IMAGE], { okExitCodes: [0, 1, 2, 125] });
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
