#!/usr/bin/env bash
# Starts the portal on its embedded defaults: the app on http://localhost:3000,
# the backend on http://localhost:7007, SQLite in memory, guest sign-in and
# examples/service-catalog.json. Installs what is missing first.
#
# It also brings up the local stack (a real Kubernetes API server and Temporal,
# built from Go modules and cached outside the clone) with the `healthy`
# scenario, so the portal shows live state. PLATFORM_SERVICES_NO_STACK=1 skips
# it; when the servers cannot be built, the portal starts without live state
# and says so.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
ps_ensure_node
ps_yarn_install
cd "$PS_ROOT"

config=(--config app-config.yaml)
if [ "${PLATFORM_SERVICES_NO_STACK:-}" != 1 ]; then
  if ! bash tools/build-servers.sh >/dev/null; then
    ps_log "the local stack's servers could not be built (see above): starting without live state"
  else
    if ! yarn stack status >/dev/null 2>&1; then
      ps_log "starting the local stack (scenario: healthy); switch with: yarn stack scenario <name>"
      yarn stack up --scenario healthy
    else
      ps_log "the local stack is already running (yarn stack status)"
    fi
    node -e '
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
    config+=(--config .stack/app-config.stack.yaml)
  fi
fi

ps_log "starting the portal: open http://localhost:3000 (Ctrl-C stops it; yarn stack down stops the stack)"
exec yarn start "${config[@]}" "$@"
