// Every key of bootc-image-builder's config (an osbuild blueprint) and what bootable's disk builder does with it.
// One table: the validator reads it for keys it does not validate itself, and docs/disk-images.md's
// compatibility table is checked against it (test/core/builder/config-keys.test.ts).
//
// bootc-image-builder (osbuild/images, bootc disk image types) supports `customizations.{user, group,
// kernel.append, disk, files, directories, ignition, sshd}` for disks; for any other key it prints
// "blueprint validation failed …: <key>: not supported" as a *warning* and builds anyway. Some of those it still
// applies (`filesystem`, `sshkey`), the rest it ignores. bootable does the same: what bib applies is applied or
// refused (never dropped), what bib ignores is ignored with the same warning.

export type KeyTreatment =
  /** Applied as bootc-image-builder applies it. */
  | 'supported'
  /** Applied, with bootc-image-builder's "not supported" warning (bib applies it too). */
  | 'applied-with-warning'
  /** Ignored with a warning, as bootc-image-builder ignores it for disk images. */
  | 'ignored-with-warning'
  /** bootc-image-builder would apply it; bootable cannot: refused with why. */
  | 'refused';

export interface ConfigKey {
  /** Dotted path under the top level (`customizations.hostname`). */
  key: string;
  treatment: KeyTreatment;
  /** Why, in a few words: shown in warnings and refusals and in the docs table. */
  why: string;
}

const ignoredForDisks = 'bootc-image-builder ignores it for disk images (it warns "not supported"); set it in the Containerfile';

export const configKeys: readonly ConfigKey[] = [
  { key: 'name', treatment: 'supported', why: 'metadata' },
  { key: 'description', treatment: 'supported', why: 'metadata' },
  { key: 'version', treatment: 'supported', why: 'metadata' },
  { key: 'packages', treatment: 'ignored-with-warning', why: 'packages come from the image; bootc-image-builder ignores it for disk images (it warns "not supported"); install them in the Containerfile' },
  { key: 'modules', treatment: 'ignored-with-warning', why: ignoredForDisks },
  { key: 'enabled_modules', treatment: 'ignored-with-warning', why: ignoredForDisks },
  { key: 'groups', treatment: 'ignored-with-warning', why: 'package groups; ' + ignoredForDisks },
  { key: 'containers', treatment: 'ignored-with-warning', why: ignoredForDisks },
  { key: 'distro', treatment: 'ignored-with-warning', why: 'the image is the distribution; ' + ignoredForDisks },
  { key: 'architecture', treatment: 'ignored-with-warning', why: 'the image decides; ' + ignoredForDisks },
  { key: 'customizations.user', treatment: 'supported', why: 'users: name, password, key, groups, home, shell, uid, gid, description, expiredate, force_password_reset' },
  { key: 'customizations.group', treatment: 'supported', why: 'groups: name, gid' },
  { key: 'customizations.kernel.append', treatment: 'supported', why: 'added to the kernel command line' },
  { key: 'customizations.kernel.name', treatment: 'supported', why: 'must name the image\'s only kernel (a bootc image has exactly one; bootable refuses a name that would mean another kernel)' },
  { key: 'customizations.filesystem', treatment: 'applied-with-warning', why: 'minimum sizes for /, /boot; /var/* become their own partitions (bootc-image-builder warns "not supported" and applies it; prefer customizations.disk)' },
  { key: 'customizations.disk', treatment: 'supported', why: 'gpt or dos, plain partitions (ext4, xfs, swap, none) with part_type/part_label/part_uuid/label, minsize, a btrfs volume with subvolumes at / and /var/* (root only: a loop mount); refused: LVM (no device-mapper here): see Disk layout above' },
  { key: 'customizations.files', treatment: 'supported', why: 'path, data, mode, user, group (under /etc, /root, /usr/local/bin, /usr/local/sbin); uri is refused' },
  { key: 'customizations.directories', treatment: 'supported', why: 'path, mode, user, group, ensure_parents (under /etc)' },
  { key: 'customizations.sshkey', treatment: 'applied-with-warning', why: 'legacy: each entry becomes a user with that key (bootc-image-builder warns "not supported" and applies it; use customizations.user)' },
  { key: 'customizations.ignition', treatment: 'refused', why: 'bootable\'s disks have no Ignition first-boot support' },
  { key: 'customizations.sshd', treatment: 'ignored-with-warning', why: 'bootc-image-builder accepts it but does not apply it to bootc disk images; configure sshd in the Containerfile' },
  { key: 'customizations.hostname', treatment: 'ignored-with-warning', why: ignoredForDisks + ' (/etc/hostname); bootable VMs get their name as hostname' },
  { key: 'customizations.timezone', treatment: 'ignored-with-warning', why: ignoredForDisks },
  { key: 'customizations.locale', treatment: 'ignored-with-warning', why: ignoredForDisks },
  { key: 'customizations.firewall', treatment: 'ignored-with-warning', why: ignoredForDisks },
  { key: 'customizations.services', treatment: 'ignored-with-warning', why: ignoredForDisks + ' (systemctl enable)' },
  { key: 'customizations.installation_device', treatment: 'ignored-with-warning', why: 'installer (ISO) only; ' + ignoredForDisks },
  { key: 'customizations.partitioning_mode', treatment: 'ignored-with-warning', why: ignoredForDisks },
  { key: 'customizations.fdo', treatment: 'ignored-with-warning', why: ignoredForDisks },
  { key: 'customizations.openscap', treatment: 'ignored-with-warning', why: ignoredForDisks },
  { key: 'customizations.repositories', treatment: 'ignored-with-warning', why: ignoredForDisks },
  { key: 'customizations.fips', treatment: 'ignored-with-warning', why: 'installer (ISO) only; ' + ignoredForDisks },
  { key: 'customizations.installer', treatment: 'ignored-with-warning', why: 'installer (ISO) only; ' + ignoredForDisks },
  { key: 'customizations.rpm', treatment: 'ignored-with-warning', why: ignoredForDisks },
  { key: 'customizations.rhsm', treatment: 'ignored-with-warning', why: ignoredForDisks },
  { key: 'customizations.cacerts', treatment: 'ignored-with-warning', why: ignoredForDisks },
  { key: 'customizations.containers-storage', treatment: 'ignored-with-warning', why: ignoredForDisks },
  { key: 'customizations.firstboot', treatment: 'ignored-with-warning', why: ignoredForDisks },
  { key: 'customizations.dnf', treatment: 'ignored-with-warning', why: ignoredForDisks },
  { key: 'customizations.iso', treatment: 'ignored-with-warning', why: 'installer (ISO) only; ' + ignoredForDisks },
];

export function configKey(key: string): ConfigKey | undefined {
  return configKeys.find((k) => k.key === key);
}

/** The names a table at `prefix` may hold (`customizations` → user, group, …), for "unknown key" messages. */
export function keysUnder(prefix: string): string[] {
  const depth = prefix === '' ? 0 : prefix.split('.').length;
  const names = configKeys.map((k) => k.key.split('.'))
    .filter((parts) => parts.length > depth && (prefix === '' || parts.slice(0, depth).join('.') === prefix))
    .map((parts) => parts[depth]);
  return [...new Set(names)];
}

const treatmentText: Record<KeyTreatment, string> = {
  supported: 'supported',
  'applied-with-warning': 'supported (bib\'s warning)',
  'ignored-with-warning': 'ignored, with bib\'s warning',
  refused: 'refused',
};

/** docs/disk-images.md's compatibility table (a test keeps the docs equal to it). */
export function compatibilityTable(): string {
  const rows = configKeys.map((k) => `| \`${k.key}\` | ${treatmentText[k.treatment]} | ${k.why.replace(/\|/g, '\\|')} |`);
  return ['| key | bootable | why / what |', '|---|---|---|', ...rows].join('\n') + '\n';
}
