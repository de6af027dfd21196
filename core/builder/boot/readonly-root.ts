// Debian's ostree (2022.7) has no composefs: its deployment root is a writable bind mount, where a bootc system
// (composefs) has a read-only `/`. bootable gives ostree-mode disks the same shape with a unit in the
// deployment's /etc that remounts the `/` bind mount read-only (per mount: /etc, /var, /boot stay writable
// mounts) and /tmp as tmpfs (a read-only `/` cannot hold /tmp). Systems can drop it like any /etc unit.

export const READONLY_ROOT_UNIT = 'bootable-readonly-root.service';

export function readonlyRootUnit(): string {
  return [
    '# Added by bootable\'s disk builder: `/` read-only as on a composefs bootc system.',
    '[Unit]',
    'Description=Read-only / (bootc layout)',
    'DefaultDependencies=no',
    'ConditionPathExists=/run/ostree-booted',
    'After=systemd-remount-fs.service ostree-remount.service',
    'Before=local-fs.target',
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    'ExecStart=/bin/mount -o remount,bind,ro /',
    '',
    '[Install]',
    'WantedBy=local-fs.target',
    '',
  ].join('\n');
}

/** Files (relative to /etc) and symlinks that enable the unit and tmpfs /tmp. */
export function readonlyRootFiles(tmpMountUnit: string | undefined) {
  const files: { path: string; content: string }[] = [
    { path: `systemd/system/${READONLY_ROOT_UNIT}`, content: readonlyRootUnit() },
  ];
  const links: { path: string; target: string }[] = [
    { path: `systemd/system/local-fs.target.wants/${READONLY_ROOT_UNIT}`, target: `../${READONLY_ROOT_UNIT}` },
  ];
  if (tmpMountUnit) {
    links.push({ path: 'systemd/system/tmp.mount', target: tmpMountUnit });
    links.push({ path: 'systemd/system/local-fs.target.wants/tmp.mount', target: '../tmp.mount' });
  }
  return { files, links };
}
