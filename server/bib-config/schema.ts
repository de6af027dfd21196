// What the editor offers for a disk-builder config: the keys of each table with a line of doc, and known values.
// Tables and customizations.* come from the builder's key table (core/builder/config/keys.ts, with what bootable
// does with each); the fields of list entries are listed here, and a test checks the validator accepts each one.
import { configKey, configKeys, keysUnder } from '../../core/builder/config/keys';

export interface FieldDoc { doc: string; values?: string[]; kind?: 'string' | 'number' | 'boolean' | 'array' | 'table' | 'array-of-tables' }

/** Fields of entries and sub-tables, by generic path (no indices). */
export const fields: Record<string, Record<string, FieldDoc>> = {
  'customizations.user': {
    name: { doc: 'user name (lower case, digits, `_` and `-`, at most 32 characters)', kind: 'string' },
    password: { doc: 'a crypt hash (`openssl passwd -6`); plain text works but stays readable in the config', kind: 'string' },
    key: { doc: 'an SSH public key (one line, e.g. `ssh-ed25519 AAAA… you@host`) for ~/.ssh/authorized_keys', kind: 'string' },
    groups: { doc: 'supplementary groups, e.g. `["wheel"]`', kind: 'array' },
    home: { doc: 'home directory (default /home/NAME; /var/home on bootc systems)', kind: 'string' },
    shell: { doc: 'login shell', kind: 'string' },
    uid: { doc: 'user id', kind: 'number' },
    gid: { doc: 'primary group id', kind: 'number' },
    description: { doc: 'the GECOS field', kind: 'string' },
    expiredate: { doc: 'account expiry, days since 1970-01-01', kind: 'number' },
    force_password_reset: { doc: 'expire the password so it must be changed at first login', kind: 'boolean', values: ['true', 'false'] },
  },
  'customizations.group': {
    name: { doc: 'group name', kind: 'string' },
    gid: { doc: 'group id', kind: 'number' },
  },
  'customizations.sshkey': {
    user: { doc: 'the user the key is for (legacy form: prefer customizations.user)', kind: 'string' },
    key: { doc: 'an SSH public key', kind: 'string' },
  },
  'customizations.kernel': {
    append: { doc: 'kernel arguments added to the command line, e.g. `"console=ttyS0"`', kind: 'string' },
    name: { doc: 'the image\'s kernel package name (a bootc image has exactly one kernel)', kind: 'string' },
  },
  'customizations.filesystem': {
    mountpoint: { doc: '`/`, `/boot` or a subdirectory of /var (bootc-image-builder refuses others)', kind: 'string', values: ['/', '/boot', '/var/log', '/var/lib'] },
    minsize: { doc: 'minimum size: bytes, or a number with a unit ("10 GiB", "512 MiB")', kind: 'string' },
  },
  'customizations.files': {
    path: { doc: 'where the file goes (under /etc, /root, /usr/local/bin or /usr/local/sbin)', kind: 'string' },
    data: { doc: 'the file\'s content', kind: 'string' },
    mode: { doc: 'permissions as an octal string, e.g. "0644"', kind: 'string' },
    user: { doc: 'owner (name or id)', kind: 'string' },
    group: { doc: 'group (name or id)', kind: 'string' },
  },
  'customizations.directories': {
    path: { doc: 'the directory (under /etc)', kind: 'string' },
    mode: { doc: 'permissions as an octal string, e.g. "0755"', kind: 'string' },
    user: { doc: 'owner (name or id)', kind: 'string' },
    group: { doc: 'group (name or id)', kind: 'string' },
    ensure_parents: { doc: 'create missing parent directories', kind: 'boolean', values: ['true', 'false'] },
  },
  'customizations.disk': {
    type: { doc: 'partition table type', kind: 'string', values: ['gpt', 'dos'] },
    minsize: { doc: 'minimum size of the whole disk ("20 GiB")', kind: 'string' },
    partitions: { doc: 'the partitions, in order ([[customizations.disk.partitions]])', kind: 'array-of-tables' },
  },
  'customizations.disk.partitions': {
    type: { doc: 'plain (a filesystem or swap) or btrfs (subvolumes); lvm is refused by bootable', kind: 'string', values: ['plain', 'btrfs', 'lvm'] },
    mountpoint: { doc: 'where the filesystem is mounted (`/`, `/boot`, /var/…)', kind: 'string', values: ['/', '/boot', '/var/log', '/var/lib'] },
    fs_type: { doc: 'filesystem', kind: 'string', values: ['ext4', 'xfs', 'vfat', 'swap'] },
    minsize: { doc: 'minimum size ("10 GiB")', kind: 'string' },
    label: { doc: 'filesystem label', kind: 'string' },
    part_type: { doc: 'partition type (GPT type GUID or MBR type byte)', kind: 'string' },
    part_label: { doc: 'GPT partition label', kind: 'string' },
    part_uuid: { doc: 'GPT partition UUID', kind: 'string' },
    subvolumes: { doc: 'btrfs subvolumes: name and mountpoint each', kind: 'array-of-tables' },
  },
};

const tableKinds = new Set(['customizations', 'customizations.kernel', 'customizations.disk']);
const arrayOfTables = new Set(['customizations.user', 'customizations.group', 'customizations.sshkey', 'customizations.filesystem', 'customizations.files', 'customizations.directories']);

/** Removes indices and the legacy `blueprint.` level: `blueprint.customizations.user[0]` → `customizations.user`. */
export function genericPath(path: string): string {
  return path.replace(/\[\d+\]/g, '').replace(/^blueprint\.?/, '');
}

export interface KeyInfo { name: string; doc: string; kind?: FieldDoc['kind']; values?: string[] }

/** The keys a table (by generic path) may hold, with their docs. */
export function keysOf(table: string): KeyInfo[] {
  const own = fields[table];
  if (own) return Object.entries(own).map(([name, f]) => ({ name, ...f }));
  return keysUnder(table).map((name) => {
    const full = table ? `${table}.${name}` : name;
    return { name, doc: keyDoc(full) ?? '', kind: tableKinds.has(full) ? 'table' : arrayOfTables.has(full) ? 'array-of-tables' : undefined };
  });
}

/** Markdown for one key (generic path), or undefined when the key is unknown. */
export function keyDoc(path: string): string | undefined {
  const parts = path.split('.');
  const field = fields[parts.slice(0, -1).join('.')]?.[parts[parts.length - 1]!];
  if (field) return field.doc;
  const k = configKey(path);
  if (k) {
    const what = { supported: 'applied', 'applied-with-warning': 'applied, with bootc-image-builder\'s "not supported" warning', 'ignored-with-warning': 'ignored, with a warning', refused: 'refused by bootable' }[k.treatment];
    return `${k.why} — ${what}`;
  }
  if (configKeys.some((c) => c.key.startsWith(path + '.'))) return `the \`${path}\` table`;
  return undefined;
}

/** Every table header a TOML config can have, for `[`/`[[` completion. */
export function tableHeaders(): { header: string; array: boolean }[] {
  const out: { header: string; array: boolean }[] = [];
  for (const t of tableKinds) out.push({ header: t, array: false });
  for (const t of arrayOfTables) out.push({ header: t, array: true });
  out.push({ header: 'customizations.disk.partitions', array: true });
  return out;
}
