// What the local bootc base image contains, as data: the Debian packages, the files bootable adds, the
// customize script mmdebstrap runs inside the new root, and the image config. Pure: build.ts does the I/O.
// recipeHash() fingerprints all of it; the image carries it as a label, so a changed recipe means a rebuild.
import { createHash } from 'node:crypto';

export const BASE_IMAGE = 'localhost/bootable/debian-bootc:12';
export const SUITE = 'bookworm';

/**
 * bootc needs systemd, a kernel with an ostree-capable initramfs (dracut + ostree-boot) and a network.
 * libnss-myhostname resolves the machine's own hostname, which each VM gets at boot (DHCP / SMBIOS credential),
 * so `sudo` and friends never print "unable to resolve host".
 */
export const PACKAGES = [
  'systemd', 'systemd-sysv', 'udev', 'kmod', 'dbus', 'iproute2', 'procps', 'e2fsprogs', 'libnss-myhostname',
  'dracut', 'linux-image-amd64', 'ostree', 'ostree-boot',
  'openssh-server', 'sudo', 'ca-certificates', 'curl', 'less',
  // dracut compresses the initramfs with it: unpacked several times faster than gzip at boot (seconds under TCG).
  'zstd',
];

/**
 * The initramfs is made for VMs: only these disk drivers (virtio, SATA, NVMe; the `qemu` dracut module adds
 * virtio's others) and the root filesystems bootable offers, instead of every driver the kernel has (803 modules,
 * 38 MB; the guest unpacked and probed them for most of a minute under TCG). Images for hardware rebuild it with
 * plain `dracut --no-hostonly` (docs/base-image.md).
 */
export const INITRAMFS_DRIVERS = ['virtio_blk', 'virtio_scsi', 'virtio_pci', 'ahci', 'sd_mod', 'nvme', 'crc32c_generic'];
export const INITRAMFS_FILESYSTEMS = ['ext4', 'xfs', 'btrfs'];
/** dracut modules a VM's root never needs (encrypted/LVM roots, NVDIMM, LUN masks, hibernation, virtiofs root). */
export const INITRAMFS_OMIT = ['crypt', 'dm', 'nvdimm', 'lunmask', 'resume', 'virtiofs'];

/**
 * Modules no VM uses, kept from loading on their own (udev's coldplug loaded each one, signature check included,
 * seconds of CPU apiece under TCG): nested KVM, Wi-Fi, the parallel port, PC speaker, the ICH9 watchdog, SMBus and
 * LPC bridge, the PS/2 mouse probe (slow; the serial console needs no mouse). `modprobe NAME` still loads any.
 */
export const BLACKLISTED_MODULES = ['kvm', 'kvm_amd', 'kvm_intel', 'ccp', 'cfg80211', 'parport_pc', 'ppdev', 'pcspkr',
  'iTCO_wdt', 'intel_pmc_bxt', 'i2c_i801', 'lpc_ich', 'psmouse', 'serio_raw'];

/** The label that holds recipeHash() on the built image. */
export const RECIPE_LABEL = 'dev.bootable.base.recipe';

export interface BaseFile { path: string; content: string; mode: number }

/**
 * Files laid over the root before the customize script runs (paths relative to the root).
 */
export function baseFiles(): BaseFile[] {
  return [
    {
      // No static hostname (it would win over the per-VM one: several VMs boot from one disk), but a file: podman
      // 4.3 makes an empty /etc/hostname (and /etc/hosts) as its mount point in the first RUN of any image that
      // lacks one, and that empty file stays in the image. systemd skips comment lines, so this sets no name.
      path: 'etc/hostname',
      content: '# No static hostname: each machine gets its name at boot (system.hostname credential or DHCP).\n',
      mode: 0o644,
    },
    {
      path: 'etc/hosts',
      content: '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\nff02::1\t\tip6-allnodes\nff02::2\t\tip6-allrouters\n',
      mode: 0o644,
    },
    {
      path: 'etc/systemd/network/20-wired.network',
      content: '[Match]\nName=en* eth*\n\n[Network]\nDHCP=yes\n',
      mode: 0o644,
    },
    {
      // Host keys are per machine: none in the image, made on first boot before sshd starts. Only ed25519:
      // an RSA key takes seconds under emulation (TCG) and every current client speaks ed25519.
      path: 'usr/lib/systemd/system/bootable-ssh-keygen.service',
      content: [
        '[Unit]',
        'Description=Generate the SSH host key on first boot',
        'Before=ssh.service',
        'ConditionPathExists=!/etc/ssh/ssh_host_ed25519_key',
        '',
        '[Service]',
        'Type=oneshot',
        "ExecStart=/usr/bin/ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key",
        '',
        '[Install]',
        'WantedBy=ssh.service multi-user.target',
        '',
      ].join('\n'),
      mode: 0o644,
    },
    {
      // Each VM's name arrives as the system.hostname credential (SMBIOS, core/vm/domain-xml.ts). systemd ≥ 254
      // applies it itself; Debian 12's 252 only imports it, so this sets it, before the network and sshd start.
      path: 'usr/lib/systemd/system/bootable-hostname.service',
      content: [
        '[Unit]',
        'Description=Set the hostname from the system.hostname credential',
        'DefaultDependencies=no',
        'Before=sysinit.target network-pre.target systemd-networkd.service ssh.service',
        'ConditionPathExists=/run/credentials/@system/system.hostname',
        '',
        '[Service]',
        'Type=oneshot',
        'ExecStart=/usr/bin/hostname -F /run/credentials/@system/system.hostname',
        '',
        '[Install]',
        'WantedBy=sysinit.target',
        '',
      ].join('\n'),
      mode: 0o644,
    },
    {
      // Debian's ssh.service first runs `sshd -t`, a second sshd start that only checks the configuration (sshd -D
      // checks it too and fails the unit on an error): a second or more under TCG, on the way to ready.
      path: 'usr/lib/systemd/system/ssh.service.d/10-bootable.conf',
      content: '[Service]\nExecStartPre=\n',
      mode: 0o644,
    },
    {
      path: 'usr/lib/modprobe.d/bootable-vm.conf',
      content: '# Not loaded on their own in VMs (see docs/base-image.md); `modprobe NAME` loads any of them.\n'
        + BLACKLISTED_MODULES.map((m) => `blacklist ${m}\n`).join(''),
      mode: 0o644,
    },
    {
      // sshd loads only the key made above (without this it also looks for RSA and ECDSA keys and logs errors).
      path: 'etc/ssh/sshd_config.d/10-bootable-host-key.conf',
      content: 'HostKey /etc/ssh/ssh_host_ed25519_key\n',
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

/** dracut's kernel hook, set aside while the packages install (the customize script builds the one initramfs). */
const DRACUT_KERNEL_HOOK = '/etc/kernel/postinst.d/dracut';

/**
 * Runs on the host with the new root as $1 (mmdebstrap essential hook: after the essential packages, before
 * the rest). Diverts dracut's kernel hook and puts a no-op in its place (the kernel's postinst and dracut's own
 * trigger both call it), so installing the packages builds no initramfs that the customize script would throw
 * away (minutes of the base build).
 */
export const ESSENTIAL_SCRIPT = `#!/bin/sh
set -eu
chroot "$1" dpkg-divert --quiet --local --rename --divert ${DRACUT_KERNEL_HOOK}.bootable --add ${DRACUT_KERNEL_HOOK}
mkdir -p "$1${DRACUT_KERNEL_HOOK.replace(/\/[^/]+$/, '')}"
printf '#!/bin/sh\\n# bootable base build: the customize script makes the one initramfs\\nexit 0\\n' > "$1${DRACUT_KERNEL_HOOK}"
chmod 755 "$1${DRACUT_KERNEL_HOOK}"
`;

/**
 * The end of the customize script: /var holds no files, and each directory or symlink in it has a tmpfiles.d line
 * (bootc's var-tmpfiles check; an installed system gets /var from the image only once). Package-manager state
 * belongs to the image, as rpm's does in /usr/lib/sysimage: it moves there and /var keeps symlinks to it, so a
 * booted system's package database always matches its /usr and derived images' RUN apt-get works as before.
 */
export const SYSIMAGE_DIRS = ['lib/dpkg', 'lib/apt', 'cache/debconf', 'lib/ucf', 'lib/pam',
  'lib/systemd/deb-systemd-helper-enabled', 'lib/systemd/deb-systemd-user-helper-enabled'];
const VAR_SCRIPT = `mkdir -p "$root/usr/lib/sysimage"
for d in ${SYSIMAGE_DIRS.join(' ')}; do
  [ -d "$root/var/$d" ] && [ ! -L "$root/var/$d" ] || { echo "expected a directory: /var/$d" >&2; exit 1; }
  target="usr/lib/sysimage/$(printf %s "$d" | tr / -)"
  mv "$root/var/$d" "$root/$target"
  ln -s "$(printf %s "var/$d" | sed 's|[^/]*/|../|g; s|[^/]*$||')$target" "$root/var/$d"
done
# Made again when needed: update-shells' record of packaged shells, the journal's catalog (at boot), ldconfig's cache.
rm -f "$root/var/lib/shells.state" "$root/var/lib/systemd/catalog/database" "$root/var/cache/ldconfig/aux-cache"
covered=$(mktemp)
cat "$root"/usr/lib/tmpfiles.d/*.conf | awk '!/^[[:space:]]*#/ && NF >= 2 { print $2 }' | sort -u > "$covered"
(cd "$root" && find var -mindepth 1 \\( -type d -o -type l \\) | sort) | while read -r p; do
  grep -qxF "/$p" "$covered" && continue
  if [ -L "$root/$p" ]; then printf 'L /%s - - - - %s\\n' "$p" "$(readlink "$root/$p")"
  else printf 'd /%s %s %s %s -\\n' "$p" "$(stat -c %a "$root/$p")" "$(stat -c %u "$root/$p")" "$(stat -c %g "$root/$p")"; fi
done > "$root/usr/lib/tmpfiles.d/bootable-base-var.conf"
rm -f "$covered"
left=$(cd "$root" && find var -type f)
[ -z "$left" ] || echo "warning: files left in /var: $left" >&2
`;

/**
 * Runs on the host with the new root as $1 (mmdebstrap customize hook). A constant script: nothing from user
 * input is interpolated. Moves the kernel to /usr/lib/modules/$KVER, builds an ostree-capable initramfs
 * there (the only dracut run), and applies bootc's filesystem conventions.
 */
export const CUSTOMIZE_SCRIPT = `#!/bin/sh
set -eu
root="$1"
kver=$(ls "$root/usr/lib/modules")
[ "$(printf '%s\\n' "$kver" | wc -l)" = 1 ] || { echo "expected one kernel, found: $kver" >&2; exit 1; }
cp "$root/boot/vmlinuz-$kver" "$root/usr/lib/modules/$kver/vmlinuz"
chroot "$root" dracut --force --no-hostonly --add ostree --omit '${INITRAMFS_OMIT.join(' ')}' --compress zstd \\
  --drivers '${INITRAMFS_DRIVERS.join(' ')}' --filesystems '${INITRAMFS_FILESYSTEMS.join(' ')}' \\
  --kver "$kver" "/usr/lib/modules/$kver/initramfs.img"
# dracut's kernel hook back in place of the no-op, for images that install another kernel.
rm -f "$root${DRACUT_KERNEL_HOOK}"
chroot "$root" dpkg-divert --quiet --local --rename --remove ${DRACUT_KERNEL_HOOK}
[ -x "$root${DRACUT_KERNEL_HOOK}" ] || { echo "dracut's kernel hook did not come back" >&2; exit 1; }
# The machine's own hostname resolves through nss-myhostname, before DNS (which may not answer at all).
sed -i '/^hosts:/{/myhostname/!s/[[:space:]]files\\b/& myhostname/}' "$root/etc/nsswitch.conf"
grep -q '^hosts:.*[[:space:]]myhostname' "$root/etc/nsswitch.conf" || { echo 'myhostname is not in /etc/nsswitch.conf' >&2; exit 1; }
rm -rf "$root"/boot/* "$root"/vmlinuz* "$root"/initrd.img*
chroot "$root" systemctl enable systemd-networkd.service bootable-ssh-keygen.service bootable-hostname.service
# e2scrub_reap cleans up e2scrub's LVM snapshots (there is no LVM on these disks) and costs a minute of CPU at
# boot under emulation.
chroot "$root" systemctl disable e2scrub_reap.service
# apt's daily download and upgrade jobs cannot change an image-mode system (/usr is read-only; updates come as
# images), so they only cost CPU and network.
chroot "$root" systemctl disable apt-daily.timer apt-daily-upgrade.timer
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
${VAR_SCRIPT}`;

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
  /** ESSENTIAL_SCRIPT written to an executable file. */
  essentialScript: string;
  /** CUSTOMIZE_SCRIPT written to an executable file. */
  customizeScript: string;
  /** Output tarball. */
  outputTar: string;
}

export function mmdebstrapArgs(paths: MmdebstrapPaths, packages: readonly string[] = PACKAGES): string[] {
  return [
    'mmdebstrap', '--mode=root', '--variant=minbase', '--format=tar',
    `--include=${packages.join(',')}`,
    `--essential-hook=${paths.essentialScript}`,
    `--customize-hook=sync-in ${paths.overlayDir} /`,
    `--customize-hook=${paths.customizeScript}`,
    SUITE, paths.outputTar,
  ];
}

/** Everything that decides the image's content. */
export function recipeParts(): Record<string, unknown> {
  // The drivers, modules and /var moves are interpolated into CUSTOMIZE_SCRIPT and baseFiles(): covered there.
  return { SUITE, PACKAGES, files: baseFiles(), ESSENTIAL_SCRIPT, CUSTOMIZE_SCRIPT, IMAGE_CHANGES,
    argv: mmdebstrapArgs({ overlayDir: 'O', essentialScript: 'E', customizeScript: 'C', outputTar: 'T' }) };
}

/** A fingerprint of the recipe, carried by the image as RECIPE_LABEL: a changed recipe means a rebuild. */
export function recipeHash(parts = recipeParts()): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}
