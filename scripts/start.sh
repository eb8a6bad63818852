#!/usr/bin/env bash
# Starts the portal on its embedded defaults: the app on http://localhost:3000,
# the backend on http://localhost:7007, SQLite in memory, guest sign-in and
# examples/service-catalog.json. Installs what is missing first. Works from any
# current directory.
#
# It also brings up the local stack (a real Kubernetes API server and Temporal,
# built from Go modules and cached outside the clone) with the `healthy`
# scenario, so the portal shows live state, or reuses the stack already
# running in .stack/. PLATFORM_SERVICES_NO_STACK=1 skips it; when the servers
# cannot be built, the portal starts without live state and says so.
#
# Ctrl-C stops the portal; `yarn stack down` stops the stack.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

app_port=3000
backend_port=7007

# Refuse early, naming the port, when something else listens on it (the
# backend would otherwise fail late and the app's dev server pick another port).
port_owner() {
  command -v ss >/dev/null || return 0
  local pid
  pid="$(ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)"
  [ -n "$pid" ] && printf 'pid %s (%s)' "$pid" "$(ps -o args= -p "$pid" 2>/dev/null | cut -c1-80)"
  return 0
}
port_taken() {
  # A bind on all interfaces fails if anything listens on the port, on any address.
  "$PS_NODE" -e '
    const s = require("node:net").createServer();
    s.once("error", () => process.exit(0));
    s.listen(Number(process.argv[1]), () => s.close(() => process.exit(1)));' "$1"
}
check_ports() {
  local port owner
  for port in "$app_port" "$backend_port"; do
    if port_taken "$port"; then
      owner="$(port_owner "$port")"
      ps_die "port $port is already in use${owner:+ by $owner}: the portal needs ports $app_port (app) and $backend_port (backend). Stop what listens there (a portal started before?) and run this again."
    fi
  done
}

ps_ensure_node
PS_NODE="$(command -v node)"
check_ports
ps_yarn_install
cd "$PS_ROOT"

# Absolute paths: `backstage-cli repo start` hands --config to each package's
# start, which resolves relative paths against the package's own folder.
config=(--config "$PS_ROOT/app-config.yaml")
if [ "${PLATFORM_SERVICES_NO_STACK:-}" != 1 ]; then
  if ! bash tools/build-servers.sh >/dev/null; then
    ps_log "the local stack's servers could not be built (see above): starting without live state"
  else
    if yarn stack status >/dev/null 2>&1; then
      ps_log "the local stack is already running (yarn stack status): reusing it"
    else
      # A stack with some processes gone is stopped before a fresh start.
      yarn stack down >/dev/null 2>&1 || true
      ps_log "starting the local stack (scenario: healthy); switch with: yarn stack scenario <name>"
      yarn stack up --scenario healthy
    fi
    "$PS_NODE" -e '
      const s = require(process.argv[1]);
      const yaml = [
        "# Written by scripts/start.sh from .stack/stack.json: the local stack as the dev environment.",
        "platformServices:",
        "  clusters:",
        "    - name: local",
        "      environment: dev",
        "      kubeconfig:",
        `        path: ${JSON.stringify(s.kubeconfigs.operator)}`,
      ];
      if (s.temporalAddress) {
        yaml.push(
          "  temporal:",
          "    - environment: dev",
          "      service: temporal",
          `      address: ${JSON.stringify(s.temporalAddress)}`,
          "      namespaces:",
          "        - name: default",
          "          retention: 3d",
        );
      }
      require("fs").writeFileSync(process.argv[2], yaml.join("\n") + "\n");
    ' "$PS_ROOT/.stack/stack.json" "$PS_ROOT/.stack/app-config.stack.yaml"
    config+=(--config "$PS_ROOT/.stack/app-config.stack.yaml")
  fi
fi

ps_log "starting the portal: open http://localhost:$app_port (Ctrl-C stops it; yarn stack down stops the stack)"
exec yarn start "${config[@]}" "$@"
