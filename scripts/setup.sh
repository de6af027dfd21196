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
  mmdebstrap openssh-client curl libxml2-utils
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
quirks_conf=/etc/containers/containers.conf.d/50-bootable-host-quirks.conf
quirks=""
# crun refuses hybrid cgroups (cgroup v1 with a unified hierarchy beside it); runc works.
if [ -d /sys/fs/cgroup/unified ] && [ "$(stat -fc %T /sys/fs/cgroup)" != cgroup2fs ] && command -v runc >/dev/null; then
  quirks+=$'[engine]\nruntime = "runc"\n'
fi
# podman's default nofile/nproc limits can exceed this host's hard limits ("error setting rlimit type 7").
hard_nofile=$(ulimit -Hn); hard_nproc=$(ulimit -Hu)
if [ "$hard_nofile" != unlimited ] && [ "$hard_nofile" -lt 1048576 ]; then
  nofile=$(( hard_nofile < 20000 ? hard_nofile : 20000 ))
  nproc=32768; [ "$hard_nproc" != unlimited ] && [ "$hard_nproc" -lt "$nproc" ] && nproc=$hard_nproc
  quirks+=$'[containers]\n'"default_ulimits = [\"nofile=$nofile:$nofile\", \"nproc=$nproc:$nproc\"]"$'\n'
fi
if [ -n "$quirks" ]; then
  if [ "$(cat "$quirks_conf" 2>/dev/null)" != "$(printf '%s' "$quirks")" ]; then
    log "podman host quirks -> $quirks_conf"
    as_root mkdir -p "$(dirname "$quirks_conf")"
    printf '%s' "$quirks" | as_root tee "$quirks_conf" >/dev/null
  fi
else
  as_root rm -f "$quirks_conf"
fi

# 3. libvirt daemons where there is no systemd to start them, and the `default` NAT network.
# (added by the vm work) As non-root, qemu:///session spawns its own daemon: nothing to do.
if [ "$(id -u)" = 0 ] && command -v libvirtd >/dev/null; then
  if [ -d /run/systemd/system ]; then
    systemctl start virtlogd libvirtd >/dev/null 2>&1 || log "warning: systemctl start libvirtd failed"
  else
    pgrep -x virtlogd >/dev/null || { log "starting virtlogd"; virtlogd -d; }
    pgrep -x libvirtd >/dev/null || { log "starting libvirtd"; libvirtd -d; }
  fi
  # /dev/kvm as udev would set it (root:kvm 0660). When only root can open it, libvirt's qemu user cannot,
  # so libvirtd finds its capabilities cache "KVM was enabled when probing, but it is not available now"
  # on every lookup and re-probes qemu: each `virsh define`/`start` then takes 40-80 s.
  if [ -c /dev/kvm ] && [ "$(stat -c %G /dev/kvm)" != kvm ] && getent group kvm >/dev/null; then
    log "giving /dev/kvm to group kvm (libvirt re-probes qemu on every call otherwise)"
    chgrp kvm /dev/kvm && chmod 0660 /dev/kvm
  fi
  # The first connection takes ~11 s while libvirtd probes qemu's capabilities.
  for _ in $(seq 1 60); do virsh --connect qemu:///system version >/dev/null 2>&1 && break; sleep 1; done
  bash "$here/scripts/setup-network.sh" default
  log "libvirt ready"
fi

# 4. npm dependencies and the bundles.
cd "$here"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm install"
  npm install --no-audit --no-fund >/dev/null
fi
log "build"
npm run --silent build

# 5. Node 24 + code-server + playwright-core for the real-VS-Code tests (kept outside node_modules).
# code-server (= VS Code 1.139.1 server + web workbench) needs Node 24 to install and run; its native addons are
# built against Node 24's headers. test/vscode/ finds everything through BOOTABLE_VSCODE_TOOLS (same default).
# test/e2e/setup-tools.test.ts runs this step through `npm run setup` into an empty directory, so it cannot rot.
if [ "$want_vscode" = 1 ]; then
  bash "$here/scripts/setup-vscode-tools.sh" "${BOOTABLE_VSCODE_TOOLS:-$HOME/.cache/bootable-test-tools}"
fi

# 6. The local bootc base image (skipped when present; `bootable base --rebuild` forces it).
# (added by the base work)
if [ "$want_base" = 1 ]; then
  log "base image (bootable base; ~2-6 min the first time)"
  as_root node "$here/dist/cli.cjs" base
fi

log "done"
