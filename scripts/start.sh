#!/usr/bin/env bash
# Starts the portal on its embedded defaults: the app on http://localhost:3000,
# the backend on http://localhost:7007, SQLite in memory, guest sign-in and
# examples/service-catalog.json. Installs what is missing first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
ps_ensure_node
ps_yarn_install
cd "$PS_ROOT"
ps_log "starting the portal: open http://localhost:3000 (Ctrl-C stops it)"
exec yarn start "$@"
