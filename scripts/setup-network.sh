#!/usr/bin/env bash
# Makes the libvirt network NAME (default: `default`) defined, autostarted and active on qemu:///system, and says
# what `virsh net-info` says afterwards. Not fatal when it cannot start: VMs use user-mode networking by default.
# Usage: scripts/setup-network.sh [NAME]   (root only; called by scripts/setup.sh)
set -euo pipefail
net="${1:-default}"
log() { printf '[setup] %s\n' "$*"; }
virsh_sys() { virsh --connect qemu:///system "$@"; }

# The state as `virsh net-info` reports it: yes, no, or missing. Read into a variable first: `grep -q` on a pipe
# would close it early and, under pipefail, turn an active network into a failed check.
active_state() {
  local info
  info=$(virsh_sys net-info "$net" 2>/dev/null) || { echo missing; return; }
  sed -n 's/^Active:[[:space:]]*//p' <<<"$info"
}

if [ "$(active_state)" = missing ]; then
  if [ "$net" = default ] && [ -f /usr/share/libvirt/networks/default.xml ]; then
    log "defining libvirt network 'default'"
    virsh_sys net-define /usr/share/libvirt/networks/default.xml >/dev/null
  else
    log "warning: libvirt network '$net' is not defined"
    exit 0
  fi
fi
virsh_sys net-autostart "$net" >/dev/null 2>&1 || true
if [ "$(active_state)" = yes ]; then
  log "libvirt network '$net' active"
  exit 0
fi
if err=$(virsh_sys net-start "$net" 2>&1 >/dev/null) && [ "$(active_state)" = yes ]; then
  log "libvirt network '$net' started"
else
  log "warning: libvirt network '$net' is not active ($(tr '\n' ' ' <<<"$err")); VMs use user-mode networking (the default) and --network nat is unavailable"
fi
