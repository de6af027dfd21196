// What the local bootc base image contains, as data: the Debian packages, the files bootable adds, the
// customize script mmdebstrap runs inside the new root, and the image config. Pure: build.ts does the I/O.

export const BASE_IMAGE = 'localhost/bootable/debian-bootc:12';
export const SUITE = 'bookworm';

/** bootc needs systemd, a kernel with an ostree-capable initramfs (dracut + ostree-boot) and a network. */
export const PACKAGES = [
  'systemd', 'systemd-sysv', 'udev', 'kmod', 'dbus', 'iproute2', 'procps', 'e2fsprogs',
  'dracut', 'linux-image-amd64', 'ostree', 'ostree-boot',
  'openssh-server', 'sudo', 'ca-certificates', 'curl', 'less',
];

export interface BaseFile { path: string; content: string; mode: number }

/** Files laid over the root before the customize script runs (paths relative to the root). */
export function baseFiles(hostname = 'debian-bootc'): BaseFile[] {
  return [
    { path: 'etc/hostname', content: `${hostname}\n`, mode: 0o644 },
    {
      path: 'etc/systemd/network/20-wired.network',
      content: '[Match]\nName=en* eth*\n\n[Network]\nDHCP=yes\n',
      mode: 0o644,
    },
    {
      // Host keys are per machine: none in the image, made on first boot before sshd starts.
      path: 'usr/lib/systemd/system/bootable-ssh-keygen.service',
      content: [
        '[Unit]',
        'Description=Generate SSH host keys on first boot',
        'Before=ssh.service',
        'ConditionPathExists=!/etc/ssh/ssh_host_ed25519_key',
        '',
        '[Service]',
        'Type=oneshot',
        'ExecStart=/usr/bin/ssh-keygen -A',
        '',
        '[Install]',
        'WantedBy=ssh.service multi-user.target',
        '',
      ].join('\n'),
      mode: 0o644,
    },
    {
      // Tells disk builders (bootc install, bootable disk) which root filesystem to make by default.
      path: 'usr/lib/bootc/install/00-bootable.toml',
      content: '[install.filesystem.root]\ntype = "ext4"\n',
      mode: 0o644,
    },
  ];
}

/**
 * Runs on the host with the new root as $1 (mmdebstrap customize hook). A constant script: nothing from user
 * input is interpolated. Moves the kernel to /usr/lib/modules/$KVER, builds an ostree-capable initramfs
 * there, and applies bootc's filesystem conventions.
 */
export const CUSTOMIZE_SCRIPT = `#!/bin/sh
set -eu
root="$1"
kver=$(ls "$root/usr/lib/modules")
[ "$(printf '%s\\n' "$kver" | wc -l)" = 1 ] || { echo "expected one kernel, found: $kver" >&2; exit 1; }
cp "$root/boot/vmlinuz-$kver" "$root/usr/lib/modules/$kver/vmlinuz"
chroot "$root" dracut --force --no-hostonly --add ostree --kver "$kver" "/usr/lib/modules/$kver/initramfs.img"
rm -rf "$root"/boot/* "$root"/vmlinuz* "$root"/initrd.img*
chroot "$root" systemctl enable systemd-networkd.service bootable-ssh-keygen.service
rm -f "$root"/etc/ssh/ssh_host_*
: > "$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"
mkdir -p "$root/sysroot"
ln -sfn sysroot/ostree "$root/ostree"
find "$root/var/log" -type f -delete
# Users and groups the packages made only in /etc/passwd and /etc/group: declare them for systemd-sysusers too
# (bootc's sysusers lint), with their current ids, so they survive a machine's locally changed /etc/passwd.
decl=$(mktemp)
cat "$root"/usr/lib/sysusers.d/*.conf > "$decl"
awk -F: '
FILENAME == ARGV[1] { split($0, f, /[ \\t]+/); if (f[1] ~ /^u/) { u[f[2]] = 1; g[f[2]] = 1 } if (f[1] ~ /^g/) g[f[2]] = 1; next }
FILENAME == ARGV[2] { if (!($1 in g)) printf "g %s %s\\n", $1, $3; next }
{ if (!($1 in u)) printf "u %s %s:%s \\"%s\\" %s %s\\n", $1, $3, $4, $5, $6, $7 }
' "$decl" "$root/etc/group" "$root/etc/passwd" > "$root/usr/lib/sysusers.d/bootable-base.conf"
rm -f "$decl"
rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/*
`;

/** Image config given to `podman import --change`. */
export const IMAGE_CHANGES = [
  'LABEL containers.bootc=1',
  'LABEL ostree.bootable=1',
  `LABEL org.opencontainers.image.title=bootable-debian-bootc`,
  'CMD ["/sbin/init"]',
];

export interface MmdebstrapPaths {
  /** Directory whose content is synced over the new root (baseFiles()). */
  overlayDir: string;
  /** CUSTOMIZE_SCRIPT written to an executable file. */
  customizeScript: string;
  /** Output tarball. */
  outputTar: string;
}

export function mmdebstrapArgs(paths: MmdebstrapPaths, packages: readonly string[] = PACKAGES): string[] {
  return [
    'mmdebstrap', '--mode=root', '--variant=minbase', '--format=tar',
    `--include=${packages.join(',')}`,
    `--customize-hook=sync-in ${paths.overlayDir} /`,
    `--customize-hook=${paths.customizeScript}`,
    SUITE, paths.outputTar,
  ];
}
