#!/usr/bin/env bash
# Runs every check CI runs: type check, lint, config:check --strict, every
# test suite (unit, routes, storage on SQLite and PostgreSQL), a smoke test of
# the README's start command and the browser tests. Installs what is missing
# first.
#
#   PLATFORM_SERVICES_TEST_POSTGRES  PostgreSQL URL for the storage tests
#                                    (default postgresql://postgres@127.0.0.1:5432)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PS_ROOT"

step() { ps_log "── $*"; }

# The Go-built test servers (kube-apiserver with its controllers and kwok, Flux, Temporal) are
# built, or found in the cache, in the background while Node, the dependencies, the type check and
# lint get done: a first build is mostly compiling, and those steps leave room for it.
servers_log="$(mktemp "${TMPDIR:-/tmp}/platform-services-servers.XXXXXX")"
step "test servers (kube-apiserver, controllers, kwok, Flux, Temporal; built once, cached by version) in the background: $servers_log"
# Its own process group, so a failed step above stops the compilers too.
setsid bash tools/build-servers.sh >"$servers_log" 2>&1 &
servers_pid=$!
trap 'kill -- -"$servers_pid" 2>/dev/null || true' EXIT
wait_for_servers() {
  if ! wait "$servers_pid"; then
    cat "$servers_log" >&2
    ps_die "tools/build-servers.sh failed (above)"
  fi
  grep '^build-servers:' "$servers_log" >&2 || true
}

ps_ensure_node
ps_yarn_install

pg_url="${PLATFORM_SERVICES_TEST_POSTGRES:-postgresql://postgres@127.0.0.1:5432}"
pg_ready() {
  node -e '
    const net = require("node:net");
    const u = new URL(process.argv[1]);
    const s = net.connect(Number(u.port || 5432), u.hostname);
    s.on("connect", () => process.exit(0));
    s.on("error", () => process.exit(1));
    setTimeout(() => process.exit(1), 3000);' "$pg_url"
}
if ! pg_ready; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    ps_log "PostgreSQL is not answering at $pg_url; starting the local cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 20); do pg_ready && break; sleep 0.5; done
  fi
  pg_ready || ps_die "PostgreSQL is not reachable at $pg_url: the storage tests need it (set PLATFORM_SERVICES_TEST_POSTGRES)"
fi

step "type check"
yarn tsc

step "lint"
yarn lint:all

step "config:check --strict"
yarn backstage-cli config:check --strict --lax --config app-config.yaml
yarn backstage-cli config:check --strict --lax --config app-config.yaml --config app-config.production.yaml

step "waiting for the test servers"
wait_for_servers

step "tests (SQLite and PostgreSQL at $pg_url)"
CI=true BACKSTAGE_TEST_DISABLE_DOCKER=1 \
  BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$pg_url" \
  yarn test "$@"

step "the README's start command (scripts/start.sh, stopped again)"
./scripts/smoke-start.sh

step "browser tests"
./scripts/e2e.sh
