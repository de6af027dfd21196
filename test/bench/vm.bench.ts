// Boot to ready under libvirt (bootDisk: create overlay + vars, define, start, wait for the ssh banner), for the
// minimal example's disk against plain qemu-system-x86_64 started by hand on the same disk (same firmware, memory,
// CPUs, acceleration, virtio-rng and hostname credential as the domain), waiting for the same banner through a
// user-mode forward; then the LAMP example's disk (the one `bootable up` makes). Rounds alternate. The guest's
// own share (systemd-analyze inside the guest: kernel, initrd, userspace, and sshd's critical chain) is printed
// from the last minimal VM: raw qemu is not the floor, the guest's boot is.
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildDisk } from '../../core/builder';
import { run } from '../../core/util/process';
import { bootDisk, removeVm, sshArgv } from '../../core/vm/index';
import { chooseAcceleration } from '../../core/vm/accel';
import { diskConfigWithDefaultKey } from '../../core/vm/default-key';
import { OVMF_CODE, OVMF_VARS } from '../../core/vm/domain-xml';
import { pickFreePorts } from '../../core/vm/ports';
import { probeOnce } from '../../core/vm/probe';
import { ROUNDS, alternate, figure, ratio, report } from './stats';

const root = process.env.BOOTABLE_ROOT ?? join(import.meta.dirname, '../..');
// Tags of its own, removed at the end.
const TAG = `bench-${process.pid}`;
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
    // As the libvirt domain: an entropy source (sshd waits for the kernel's RNG) and the hostname credential.
    '-device', 'virtio-rng-pci', '-smbios', `type=11,value=io.systemd.credential:system.hostname=bench-plain-${i}`,
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

/** bootDisk to ready; `inside` runs while the VM is up (with the ssh argv), before it is removed. */
async function viaBootable(disk: string, stateRoot: string, name: string, inside?: (ssh: string[]) => Promise<void>): Promise<number> {
  try {
    const r = await bootDisk({ disk, name, network: 'user', firmware: 'uefi', memoryMiB: MEMORY, cpus: CPUS, readyTimeoutMs: TIMEOUT_MS, stateRoot });
    if (inside) await inside(sshArgv(r.status));
    return r.bootMs / 1000;
  } finally {
    await removeVm(name, { stateRoot }).catch(() => undefined);
  }
}

/** The guest's own account of its boot: systemd-analyze's split and sshd's critical chain. */
async function guestAnalysis(ssh: string[]): Promise<void> {
  const r = await run([...ssh, 'systemd-analyze; systemd-analyze critical-chain ssh.service'], { okExitCodes: [0, 1, 255], timeoutMs: 120_000 });
  const lines = r.stdout.split('\n').filter((l) => l.trim() && !/^The time /.test(l));
  const split = lines.find((l) => l.startsWith('Startup finished')) ?? `(no systemd-analyze output: ${r.stderr.trim().slice(0, 200)})`;
  console.log(`bench vm guest-boot (systemd-analyze in the last minimal VM): ${split.replace(/^Startup finished in /, '')}`);
  for (const l of lines.filter((l) => /[└─]|ssh\.service/.test(l)).slice(0, 8)) console.log(`  ${l}`);
}

async function imageDisk(example: string, dir: string): Promise<string> {
  const image = `localhost/bootable-bench-vm/${example}:${TAG}`;
  await run(['podman', 'build', '-q', '-t', image, join(root, 'examples', example)], { timeoutMs: 20 * 60_000 });
  // With bootable's default key for root, as `bootable up` makes it (so the guest can be asked how it booted).
  const { config } = await diskConfigWithDefaultKey(undefined);
  const built = await buildDisk({ image, types: ['qcow2'], output: join(dir, example), cacheDir: join(dir, 'cache'), config });
  chmodSync(join(dir, example), 0o755);
  chmodSync(join(dir, example, 'qcow2'), 0o755);
  return built.outputs[0]!.path;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-bench-vm-'));
  chmodSync(dir, 0o711);
  const stateRoot = join(dir, 'vms');
  try {
    const minimal = await imageDisk('minimal', dir);
    const t0 = Date.now();
    const accel = await chooseAcceleration('qemu:///system');
    console.log(`bench vm accel-probe: ${Date.now() - t0} ms → ${accel.note}`);
    const setup = `UEFI, ${accel.accel.toUpperCase()}, ${MEMORY} MiB, ${CPUS} vCPUs, user-mode net`;

    let booted = 0, plainRuns = 0;
    const { a: ours, b: plain } = await alternate(
      () => { booted++; return viaBootable(minimal, stateRoot, `bootable-bench-vm-${process.pid}-${booted}`, booted === ROUNDS ? guestAnalysis : undefined); },
      () => plainQemu(minimal, dir, accel.accel, plainRuns++),
      ROUNDS,
      (i, o, p) => console.log(`  round ${i + 1}: bootDisk ${o.toFixed(1)} s, plain qemu ${p.toFixed(1)} s`),
    );
    report('vm', 'boot-to-ready', `${figure(ours, 's')} via bootDisk, minimal example (${setup})`,
      { vs: ratio(ours, plain, `plain qemu on the same disk, ${figure(plain, 's')}`), goal: '< 30 s' });

    const lamp = await imageDisk('lamp', dir);
    const lampRounds: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      lampRounds.push(await viaBootable(lamp, stateRoot, `bootable-bench-vm-${process.pid}-lamp-${i}`));
      console.log(`  round ${i + 1}: LAMP bootDisk ${lampRounds[i]!.toFixed(1)} s`);
    }
    report('vm', 'lamp-boot-to-ready', `${figure(lampRounds, 's')} via bootDisk on the LAMP example's disk (as \`bootable up\` boots it)`,
      { vs: ratio(lampRounds, ours, 'the minimal example'), goal: '< 45 s' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    for (const ex of ['minimal', 'lamp']) {
      await run(['podman', 'rmi', '--force', `localhost/bootable-bench-vm/${ex}:${TAG}`], { okExitCodes: [0, 1, 2, 125] });
    }
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
