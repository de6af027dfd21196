// What a VM's deployments are, as `bootable vm status` and the tree view show them (bootc-style: booted, rollback,
// staged), parsed from the guest script's `status` output (guest-script.ts).

/** The image a deployment came from: recorded as the commit's `bootable.image` metadata (host-repo.ts). */
export interface DeploymentImage {
  ref?: string;
  id?: string;
  digest?: string;
  /** The Containerfile `vm update` built it from, when it did. */
  containerfile?: string;
  /** Where this was learnt: the commit's metadata, or the VM record (a disk built before updates existed). */
  source: 'commit' | 'vm-record';
}

export interface Deployment {
  /** ostree's name for it: CHECKSUM.SERIAL. */
  id: string;
  commit: string;
  osname: string;
  /** booted: running now; rollback: the other one; staged: new, boots once, not yet confirmed as the default. */
  role: 'booted' | 'rollback' | 'staged';
  /** ostree's default (first in its order) = the bootloader's default once confirmed. */
  default: boolean;
  origin?: string;
  /** When the commit was made (ostree's Date). */
  committedAt?: string;
  image?: DeploymentImage;
}

export interface GuestState {
  booted?: string;
  deployments: Deployment[];
  /** `ostree admin config-diff` of the booted deployment: "M motd", "A foo"… */
  etcChanges: string[];
  /** The booted image's /usr/lib/bootc/kargs.d/*.toml, concatenated. */
  kargsdText: string;
  cmdline: string;
  /** The kernel's boot id: a new one means the guest rebooted. */
  bootId: string;
}

const DEPLOYMENT_ID = /^[0-9a-f]{64}\.\d+$/;

/** A GVariant string as `ostree show --print-metadata-key` prints it: 'text' or "text", backslash escapes. */
export function parseGVariantString(printed: string): string | undefined {
  const s = printed.trim();
  const q = s[0];
  if ((q !== "'" && q !== '"') || s[s.length - 1] !== q || s.length < 2) return undefined;
  return s.slice(1, -1).replace(/\\u([0-9a-fA-F]{4})|\\(.)/g, (_m, hex: string | undefined, c: string | undefined) => {
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[c!] ?? c!;
  });
}

function imageFromMeta(printed: string): DeploymentImage | undefined {
  const text = parseGVariantString(printed);
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const str = (k: string) => (typeof v[k] === 'string' ? v[k] as string : undefined);
    return { ref: str('ref'), id: str('id'), digest: str('digest'), containerfile: str('containerfile'), source: 'commit' };
  } catch {
    return undefined;
  }
}

/**
 * Parses the guest's `status` lines. The first deployment is ostree's default; one that is first but not booted,
 * while another is booted, is staged (an unconfirmed update: the bootloader's default is still the booted one).
 */
export function parseGuestStatus(stdout: string, recordImage?: { ref?: string; digest?: string }): GuestState {
  const state: GuestState = { deployments: [], etcChanges: [], kargsdText: '', cmdline: '', bootId: '' };
  const byId = new Map<string, Deployment>();
  const kargs: string[] = [];
  let ended = false;
  for (const line of stdout.split('\n')) {
    const m = /^@@(\w[\w-]*) ?(.*)$/.exec(line);
    if (!m) continue;
    const [, kind, rest] = m;
    const [first, ...more] = rest.split(' ');
    const tail = more.join(' ');
    switch (kind) {
      case 'booted': if (DEPLOYMENT_ID.test(first)) state.booted = first; break;
      case 'cmdline': state.cmdline = rest; break;
      case 'bootid': state.bootId = rest.trim(); break;
      case 'deployment':
        if (DEPLOYMENT_ID.test(first) && !byId.has(first)) {
          const d: Deployment = { id: first, commit: first.split('.')[0], osname: tail, role: 'rollback', default: byId.size === 0 };
          byId.set(first, d);
          state.deployments.push(d);
        }
        break;
      case 'date': { const d = byId.get(first); if (d && tail) d.committedAt = tail; break; }
      case 'meta': { const d = byId.get(first); if (d) d.image = imageFromMeta(tail); break; }
      case 'origin': { const d = byId.get(first); if (d && tail) d.origin = tail; break; }
      case 'etc': if (rest.trim()) state.etcChanges.push(rest.trim().replace(/\s+/, ' ')); break;
      case 'kargsd': kargs.push(rest); break;
      case 'end': ended = true; break;
    }
  }
  if (!ended) throw new Error('the guest status output is incomplete');
  state.kargsdText = kargs.join('\n');
  for (const d of state.deployments) {
    if (d.id === state.booted) d.role = 'booted';
    else if (d.default && state.booted && state.deployments.some((x) => x.id === state.booted)) d.role = 'staged';
  }
  // A disk built before updates recorded anything: its image is what the VM record says.
  const unlabelled = state.deployments.filter((d) => !d.image);
  if (recordImage && unlabelled.length === 1 && state.deployments.length >= 1) {
    unlabelled[0].image = { ref: recordImage.ref, digest: recordImage.digest, source: 'vm-record' };
  }
  return state;
}

export function bootedDeployment(s: GuestState): Deployment | undefined {
  return s.deployments.find((d) => d.role === 'booted');
}
