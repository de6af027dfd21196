// Test helper for the builder e2e tests: boot a built disk under TCG with qemu (through a throwaway qcow2
// overlay, so the disk stays pristine), user-mode networking with forwarded ports, and wait for HTTP / SSH.
// Always call stop() in a finally: it kills qemu and removes the overlay.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../core/util/process';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Vm {
  httpPort: number;
  sshPort: number;
  serialLog: string;
  qemu: ChildProcess;
  stop(): Promise<void>;
}

export async function bootDisk(disk: string, firmware: 'bios' | 'uefi', name: string): Promise<Vm> {
  const dir = mkdtempSync(join(tmpdir(), `bootable-builder-vm-${name}-`));
  const overlay = join(dir, 'overlay.qcow2');
  await run(['qemu-img', 'create', '-q', '-f', 'qcow2', '-b', disk, '-F', 'qcow2', overlay]);
  const httpPort = await freePort();
  // The first port is free again once probed, so the kernel may hand it out twice.
  let sshPort = await freePort();
  while (sshPort === httpPort) sshPort = await freePort();
  const serialLog = join(dir, 'serial.log');
  const fw: string[] = [];
  if (firmware === 'uefi') {
    const vars = join(dir, 'OVMF_VARS_4M.fd');
    copyFileSync('/usr/share/OVMF/OVMF_VARS_4M.fd', vars);
    fw.push('-drive', 'if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd',
      '-drive', `if=pflash,format=raw,unit=1,file=${vars}`);
  }
  const qemu = spawn('qemu-system-x86_64', [
    '-accel', 'tcg', '-machine', 'q35', '-m', '2048', '-smp', '2', ...fw,
    '-drive', `file=${overlay},if=virtio,format=qcow2`,
    '-nic', `user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:${sshPort}-:22,hostfwd=tcp:127.0.0.1:${httpPort}-:80`,
    // No VGA: under TCG on a busy host the guest's framebuffer setup alone can stall a CPU for minutes.
    '-vga', 'none', '-display', 'none', '-serial', `file:${serialLog}`, '-monitor', 'none',
  ], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => qemu.once('exit', () => resolve()));
  return {
    httpPort, sshPort, serialLog, qemu,
    async stop() {
      if (qemu.exitCode === null && qemu.signalCode === null) {
        qemu.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function serialTail(vm: Vm, chars = 3000): string {
  try { return readFileSync(vm.serialLog, 'latin1').slice(-chars).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''); } catch { return ''; }
}

async function httpStatus(port: number): Promise<number | undefined> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(3000) });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return undefined;
  }
}

/** Waits until the guest web server answers 200; returns the seconds it took. */
export async function waitForHttp(vm: Vm, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (vm.qemu.exitCode !== null) throw new Error(`qemu exited early; serial log tail:\n${serialTail(vm)}`);
    if (await httpStatus(vm.httpPort) === 200) return (Date.now() - start) / 1000;
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error(`no HTTP 200 after ${timeoutMs / 1000} s; serial log tail:\n${serialTail(vm)}`);
}

export function sshArgv(vm: Vm, key: string, user: string, command: string): string[] {
  return ['ssh', '-i', key, '-p', String(vm.sshPort), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null',
    '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=20', '-o', 'LogLevel=ERROR', `${user}@127.0.0.1`, command];
}

/** Runs `command` over SSH, retrying while sshd is not up yet. */
export async function sshRun(vm: Vm, key: string, user: string, command: string, timeoutMs = 300_000): Promise<string> {
  const start = Date.now();
  let last: unknown;
  while (Date.now() - start < timeoutMs) {
    try {
      return (await run(sshArgv(vm, key, user, command), { timeoutMs: 60_000 })).stdout;
    } catch (err) {
      last = err;
      // Authentication failures are answers, not "not up yet".
      if (/Permission denied/.test(String((err as Error).message))) throw err;
      await new Promise((r) => setTimeout(r, 3000));
    }
  }
  throw new Error(`ssh never succeeded: ${String(last)}\nserial log tail:\n${serialTail(vm)}`);
}

export async function makeSshKey(dir: string): Promise<{ key: string; pub: string }> {
  const key = join(dir, 'id_ed25519');
  await run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'bootable-builder-test', '-f', key]);
  return { key, pub: readFileSync(key + '.pub', 'utf8').trim() };
}
