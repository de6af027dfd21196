#!/usr/bin/env bash
# Idempotent machine setup for bootable: system packages, host quirk work-arounds, libvirt daemons,
# npm dependencies and the build. Safe to run again; each step checks before it acts.
# Usage: scripts/setup.sh [--no-base] [--no-vscode]
#   --no-base    do not build the local bootc base image
#   --no-vscode  do not install Node 24 + code-server for the real-VS-Code tests
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want_base=1; want_vscode=1
for a in "$@"; do
  case "$a" in
    --no-base) want_base=0 ;;
    --no-vscode) want_vscode=0 ;;
    *) echo "setup: unknown option $a" >&2; exit 2 ;;
  esac
done
log() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. System packages (Debian 12). One apt transaction for everything missing.
packages=(
  podman runc buildah skopeo fuse-overlayfs uidmap slirp4netns
  ostree gdisk fdisk mtools dosfstools e2fsprogs xfsprogs btrfs-progs
  grub-pc-bin grub-efi-amd64-bin grub-common systemd-boot-efi ovmf
  qemu-system-x86 qemu-utils libvirt-daemon-system libvirt-clients dnsmasq-base
  mmdebstrap openssh-client curl
  chromium libkrb5-dev pkg-config
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "system packages present"
fi

# 2. Host quirks of sandboxed machines (detected, applied only when needed; never in product code).
# 2a. crun cannot run in hybrid cgroup mode here: make runc podman's runtime when crun fails.
# 2b. rlimit errors: raise podman's default ulimits in /etc/containers/containers.conf.
# (added by the podman work)

# 3. libvirt daemons where there is no systemd to start them.
# (added by the vm work)

# 4. npm dependencies and the bundles.
cd "$here"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm install"
  npm install --no-audit --no-fund >/dev/null
fi
log "build"
npm run --silent build

# 5. Node 24 + code-server + playwright-core for the real-VS-Code tests (kept outside node_modules).
# (added by the client work)

# 6. The local bootc base image (skipped when present; `bootable base --rebuild` forces it).
# (added by the base work)

log "done"
