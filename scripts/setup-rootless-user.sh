#!/bin/bash
# Prepares an unprivileged user for bootable, as a machine admin would once (run as root; idempotent):
#   - the account, with subordinate uid/gid ranges (rootless podman, the builder's user namespace)
#   - the kvm group (/dev/kvm for qemu:///session)
#   - podman's overlay storage driver (a fresh rootless store may pick vfs: ~60× slower builds)
# and what a desktop session provides but this machine lacks (no logind, no udev):
#   - XDG_RUNTIME_DIR (/run/user/UID, logind's job)
#   - /dev/net/tun usable by users (udev's rule makes it 0666; rootless networking needs it)
# Usage: scripts/setup-rootless-user.sh [USER]   (default bootable-rootless). Prints the uid.
set -euo pipefail
name=${1:-bootable-rootless}
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }

id -u "$name" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$name"
uid=$(id -u "$name")
home=$(getent passwd "$name" | cut -d: -f6)

# 65536 subordinate ids after the highest range already given out (100000 on a fresh machine).
for f in /etc/subuid /etc/subgid; do
  touch "$f"
  if ! grep -q "^$name:" "$f"; then
    start=$(awk -F: 'BEGIN { m = 100000 } { e = $2 + $3; if (e > m) m = e } END { print m }' "$f")
    echo "$name:$start:65536" >> "$f"
  fi
done

getent group kvm >/dev/null && usermod -aG kvm "$name"

conf="$home/.config/containers/storage.conf"
if [ ! -f "$conf" ]; then
  install -d -o "$name" -g "$name" "$home/.config" "$home/.config/containers"
  printf '[storage]\ndriver = "overlay"\n' > "$conf"
  chown "$name:" "$conf"
fi

install -d -m 0700 -o "$name" -g "$name" "/run/user/$uid"
[ -c /dev/net/tun ] && chmod 0666 /dev/net/tun
echo "$uid"
