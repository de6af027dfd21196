// `bootable doctor`: what bootable needs from this machine, each check with the exact command that fixes it.
// Checks are data (id, title, run); pure judges (`judge…`) decide from facts so tests can feed them any machine.
import { access, constants, readFile, stat } from 'node:fs/promises';
import { run, type RunOptions } from '../util/process';
import { findTool } from '../util/tool-path';
import { hostUid } from '../util/privilege';
import { defaultLibvirtUri } from '../vm/uri';

export type Status = 'ok' | 'warn' | 'fail';
export interface CheckResult { status: Status; detail: string; fix?: string }
/** What a kind of work needs from the machine: the editor checks only these before it starts (client/preflight.ts). */
export type Need = 'podman' | 'disk' | 'vm';
export interface Check { id: string; title: string; needs: Need[]; run(ctx: DoctorContext): Promise<CheckResult> }
export interface DoctorContext {
  uid: number; user: string; env: NodeJS.ProcessEnv; signal?: AbortSignal;
  /** The libvirt URI VMs will use (a setting in the editor); default: bootable's. */
  libvirtUri?: string;
}

/** Each tool bootable runs, and the Debian package that has it. */
export const TOOLS: Record<string, string> = {
  podman: 'podman', 'qemu-img': 'qemu-utils', 'qemu-system-x86_64': 'qemu-system-x86', virsh: 'libvirt-clients',
  ostree: 'ostree', sgdisk: 'gdisk', 'mkfs.ext4': 'e2fsprogs', 'mkfs.btrfs': 'btrfs-progs', 'mkfs.vfat': 'dosfstools',
  mcopy: 'mtools', ssh: 'openssh-client', 'ssh-keygen': 'openssh-client', mmdebstrap: 'mmdebstrap',
};

const ok = (detail: string): CheckResult => ({ status: 'ok', detail });
const quiet: RunOptions = { okExitCodes: [0, 1, 125], timeoutMs: 30_000 };

export function judgeTools(missing: string[]): CheckResult {
  if (missing.length === 0) return ok(`all ${Object.keys(TOOLS).length} found (PATH and /usr/sbin)`);
  const pkgs = [...new Set(missing.map((t) => TOOLS[t] ?? t))];
  return { status: 'fail', detail: `missing: ${missing.join(', ')}`, fix: `sudo apt-get install ${pkgs.join(' ')}` };
}

export function judgeStorageDriver(driver: string): CheckResult {
  if (driver === 'overlay') return ok('overlay');
  return {
    status: 'warn',
    detail: `${driver || 'unknown'}: builds copy every layer (a minimal build took 61 s on vfs, 0.9 s on overlay)`,
    fix: 'mkdir -p ~/.config/containers && printf \'[storage]\\ndriver = "overlay"\\n\' > ~/.config/containers/storage.conf '
      + '&& podman system reset   (reset deletes this user\'s images and containers: save what you need first)',
  };
}

export function judgeCgroups(version: string, controllers: string[], root: boolean): CheckResult {
  if (root) return ok(`cgroup ${version}, as root`);
  if (version !== 'v2') {
    return {
      status: 'warn',
      detail: `cgroup ${version || 'unknown'}: systemd cannot run in a rootless container (\`bootable run\`, \`up\`'s test-run)`,
      fix: 'boot with cgroup v2: add systemd.unified_cgroup_hierarchy=1 to the kernel command line; meanwhile `bootable up --no-run-check`',
    };
  }
  const need = ['memory', 'pids'];
  const lacking = need.filter((c) => !controllers.includes(c));
  if (lacking.length === 0) return ok(`cgroup v2, delegated controllers: ${controllers.join(' ')}`);
  return {
    status: 'warn',
    detail: `cgroup v2 without delegation of ${lacking.join(', ')}: systemd in a rootless container may fail`,
    fix: 'sudo mkdir -p /etc/systemd/system/user@.service.d && printf \'[Service]\\nDelegate=cpu cpuset io memory pids\\n\' '
      + '| sudo tee /etc/systemd/system/user@.service.d/delegate.conf && sudo systemctl daemon-reload, then log in again',
  };
}

export function judgeRuntimeDir(value: string | undefined, st: { uid: number; mode: number } | undefined, uid: number): CheckResult {
  const fix = `log in through a session (logind sets it), or: sudo install -d -m 0700 -o $(id -u) /run/user/$(id -u) && export XDG_RUNTIME_DIR=/run/user/$(id -u)`;
  if (!value) return { status: 'fail', detail: 'XDG_RUNTIME_DIR is not set: rootless podman and libvirt\'s session need it', fix };
  if (!st) return { status: 'fail', detail: `XDG_RUNTIME_DIR=${value} does not exist`, fix };
  if (st.uid !== uid || (st.mode & 0o077) !== 0) {
    return { status: 'fail', detail: `XDG_RUNTIME_DIR=${value} is not yours alone (owner ${st.uid}, mode ${(st.mode & 0o777).toString(8)})`, fix };
  }
  return ok(value);
}

export function judgeSubIds(user: string, uid: number, subuid: string, subgid: string): CheckResult {
  const has = (text: string) => text.split('\n').some((l) => {
    const [who, , count] = l.split(':');
    return (who === user || who === String(uid)) && Number(count) >= 65536;
  });
  const missing = [has(subuid) ? '' : '/etc/subuid', has(subgid) ? '' : '/etc/subgid'].filter(Boolean);
  if (missing.length === 0) return ok('65536 or more subordinate uids and gids');
  return {
    status: 'fail',
    detail: `no range of 65536 ids for ${user} in ${missing.join(' and ')}: rootless podman, the disk builder and \`bootable base\` need one`,
    fix: `sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 ${user} && podman system migrate   (pick a range no other user has)`,
  };
}

async function canReadWrite(path: string): Promise<boolean> {
  return access(path, constants.R_OK | constants.W_OK).then(() => true, () => false);
}

async function podmanInfo(ctx: DoctorContext): Promise<Record<string, string> | undefined> {
  const r = await run(['podman', 'info', '--format', '{{.Store.GraphDriverName}}|{{.Host.CgroupsVersion}}|{{join .Host.CgroupControllers " "}}'],
    { ...quiet, signal: ctx.signal, env: ctx.env }).catch(() => undefined);
  if (!r || r.exitCode !== 0) return undefined;
  const [driver, cgroups, controllers] = r.stdout.trim().split('|');
  return { driver, cgroups, controllers };
}

const rootless = (ctx: DoctorContext) => ctx.uid !== 0;
const asRoot = (): CheckResult => ok('not needed as root');

export const CHECKS: Check[] = [
  {
    id: 'tools', title: 'tools', needs: ['podman', 'disk', 'vm'],
    async run() {
      const missing: string[] = [];
      for (const t of Object.keys(TOOLS)) if (!await findTool(t)) missing.push(t);
      return judgeTools(missing);
    },
  },
  {
    id: 'subids', title: 'subordinate ids (user namespace)', needs: ['podman', 'disk'],
    async run(ctx) {
      if (!rootless(ctx)) return asRoot();
      const read = (p: string) => readFile(p, 'utf8').catch(() => '');
      return judgeSubIds(ctx.user, ctx.uid, await read('/etc/subuid'), await read('/etc/subgid'));
    },
  },
  {
    id: 'runtime-dir', title: 'XDG_RUNTIME_DIR', needs: ['podman', 'disk', 'vm'],
    async run(ctx) {
      if (!rootless(ctx)) return asRoot();
      const value = ctx.env.XDG_RUNTIME_DIR;
      const st = value ? await stat(value).catch(() => undefined) : undefined;
      return judgeRuntimeDir(value, st, ctx.uid);
    },
  },
  {
    id: 'podman', title: 'podman storage driver', needs: ['podman', 'disk'],
    async run(ctx) {
      const info = await podmanInfo(ctx);
      if (!info) return { status: 'fail', detail: 'podman info failed', fix: 'run `podman info` to see why (as a normal user: subordinate ids and XDG_RUNTIME_DIR, above)' };
      return judgeStorageDriver(info.driver);
    },
  },
  {
    id: 'cgroups', title: 'cgroups for systemd in containers', needs: ['podman'],
    async run(ctx) {
      const info = await podmanInfo(ctx);
      if (!info) return { status: 'fail', detail: 'podman info failed', fix: 'run `podman info` to see why' };
      return judgeCgroups(info.cgroups, info.controllers.split(' ').filter(Boolean), !rootless(ctx));
    },
  },
  {
    id: 'tun', title: '/dev/net/tun (rootless networking)', needs: ['podman'],
    async run(ctx) {
      if (!rootless(ctx)) return asRoot();
      if (await canReadWrite('/dev/net/tun')) return ok('usable');
      return {
        status: 'fail',
        detail: '/dev/net/tun is not usable by you: RUN steps fail with "failed to read from slirp4netns sync pipe: EOF"',
        fix: 'sudo chmod 0666 /dev/net/tun   (udev does this on a desktop: is udev running?)',
      };
    },
  },
  {
    id: 'builder-userns', title: 'disk builder\'s user namespace', needs: ['disk'],
    async run(ctx) {
      if (!rootless(ctx)) return asRoot();
      const r = await run(['podman', 'unshare', 'cat', '/proc/self/uid_map'], { ...quiet, signal: ctx.signal }).catch(() => undefined);
      const ranges = r?.exitCode === 0 ? r.stdout.trim().split('\n').length : 0;
      if (ranges >= 2) return ok('podman unshare maps your subordinate ids');
      return {
        status: 'fail', detail: 'podman unshare does not map subordinate ids: the disk would lose its owners',
        fix: 'add subordinate ids (above), then: podman system migrate',
      };
    },
  },
  {
    id: 'kvm', title: '/dev/kvm', needs: ['vm'],
    async run(ctx) {
      if (await canReadWrite('/dev/kvm')) return ok('usable (VMs may use KVM)');
      const exists = await access('/dev/kvm').then(() => true, () => false);
      return {
        status: 'warn',
        detail: exists ? 'not usable by you: VMs run in TCG, several times slower' : 'absent: VMs run in TCG, several times slower',
        fix: exists ? `sudo usermod -aG kvm ${ctx.user}, then log in again` : 'enable virtualisation (VT-x/AMD-V, nested virtualisation) for this machine',
      };
    },
  },
  {
    id: 'libvirt', title: 'libvirt', needs: ['vm'],
    async run(ctx) {
      const uri = ctx.libvirtUri || defaultLibvirtUri(ctx.env, ctx.uid);
      const r = await run(['virsh', '--connect', uri, 'uri'], { ...quiet, signal: ctx.signal }).catch((err: Error) => ({ exitCode: -1, stdout: '', stderr: err.message }));
      if (r.exitCode === 0) return ok(`${uri} answers`);
      const last = r.stderr.trim().split('\n').pop() ?? '';
      return {
        status: 'fail', detail: `${uri} does not answer: ${last}`,
        fix: uri.endsWith('/session')
          ? 'sudo apt-get install libvirt-daemon libvirt-clients qemu-system-x86 (the session daemon starts on demand; it needs XDG_RUNTIME_DIR)'
          : 'sudo systemctl start libvirtd',
      };
    },
  },
];

export interface DoctorReport { uid: number; user: string; results: (CheckResult & { id: string; title: string })[] }

export interface DoctorOptions { env?: NodeJS.ProcessEnv; signal?: AbortSignal; libvirtUri?: string; only?: Need[] }

export async function runDoctor(opts: DoctorOptions = {}): Promise<DoctorReport> {
  const env = opts.env ?? process.env;
  const uid = hostUid();
  const user = env.USER || env.LOGNAME || String(uid);
  const ctx: DoctorContext = { uid, user, env, signal: opts.signal, libvirtUri: opts.libvirtUri };
  const results = [];
  for (const c of CHECKS.filter((x) => !opts.only || x.needs.some((n) => opts.only!.includes(n)))) {
    // A check that throws is a bug in the check, reported as such: never a crash of the whole report.
    const r = await c.run(ctx).catch((err: unknown): CheckResult => ({ status: 'fail', detail: `internal error in check ${c.id}: ${err instanceof Error ? err.message : String(err)}` }));
    results.push({ id: c.id, title: c.title, ...r });
  }
  return { uid, user, results };
}

export function formatReport(report: DoctorReport): string {
  const mark: Record<Status, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };
  const lines = [`bootable doctor (${report.uid === 0 ? 'root' : `user ${report.user}, uid ${report.uid}`})`];
  for (const r of report.results) {
    lines.push(`${mark[r.status]}  ${r.title}: ${r.detail}`);
    if (r.fix) lines.push(`      fix: ${r.fix}`);
  }
  return lines.join('\n') + '\n';
}
