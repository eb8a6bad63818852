#!/usr/bin/env bash
# Browser tests: builds the app for production, starts the backend that serves
# it (port 7017, embedded defaults otherwise), waits until the catalog holds the
# example services, and runs Playwright against the machine's Chromium.
# Screenshots and the measured figures land in test-results/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
ps_ensure_node
cd "$PS_ROOT"

# Port 7017 is fixed: browser-test runs of other clones on this machine wait for each other.
exec 9>"${TMPDIR:-/tmp}/platform-services-e2e-7017.lock"
if ! flock -n 9; then
  ps_log "waiting for another clone's browser tests on this machine (port 7017)"
  flock 9
fi

chromium="${CHROMIUM_PATH:-$(command -v chromium || true)}"
if [ -z "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    ps_log "installing Debian's chromium for the browser tests"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    chromium="$(command -v chromium)"
  else
    ps_die "the browser tests need Chromium: install Debian's chromium package or set CHROMIUM_PATH"
  fi
fi
export CHROMIUM_PATH="$chromium"

mkdir -p test-results
ps_log "building the app for production"
build_started=$(date +%s)
yarn workspace app build >test-results/app-build.log 2>&1 || { tail -50 test-results/app-build.log; ps_die "the app build failed"; }
echo "{\"appBuildSeconds\": $(( $(date +%s) - build_started ))}" >test-results/app-build.json

# The local stack in the ExternalSecret incident, as the dev environment.
stack_dir="$PS_ROOT/test-results/stack"
stack_config=(--config ../../app-config.yaml --config ../../app-config.e2e.yaml)
if [ "${PLATFORM_SERVICES_NO_STACK:-}" != 1 ]; then
  yarn stack down --dir "$stack_dir" >/dev/null 2>&1 || true
  yarn stack up --dir "$stack_dir" --scenario externalsecret-not-syncing 9>&-
  node -e '
    const s = require(process.argv[1]);
    require("fs").writeFileSync(process.argv[2], [
      "platformServices:",
      "  clusters:",
      "    - name: local",
      "      environment: dev",
      "      kubeconfig:",
      `        path: ${JSON.stringify(s.kubeconfigs.operator)}`,
      "  temporal:",
      "    - environment: dev",
      `      address: ${JSON.stringify(s.temporalAddress)}`,
      "      namespaces:",
      "        - name: default",
      "          retention: 3d",
      "",
    ].join("\n"));
  ' "$stack_dir/stack.json" "$stack_dir/app-config.stack.yaml"
  stack_config+=(--config "$stack_dir/app-config.stack.yaml")
  export E2E_STACK_DIR="$stack_dir"
fi

port=7017
log=test-results/e2e-backend.log
ps_log "starting the backend on :$port (log: $log)"
(cd packages/backend && exec setsid yarn start "${stack_config[@]}") >"$log" 2>&1 9>&- &
backend_pid=$!
stop_all() {
  kill -- -"$backend_pid" 2>/dev/null || kill "$backend_pid" 2>/dev/null || true
  [ -n "${E2E_STACK_DIR:-}" ] && yarn stack down --dir "$E2E_STACK_DIR" >/dev/null 2>&1 || true
}
trap stop_all EXIT

token=""
for _ in $(seq 1 180); do
  if ! kill -0 "$backend_pid" 2>/dev/null; then tail -40 "$log"; ps_die "the backend exited"; fi
  token=$(curl -sf -X POST "http://localhost:$port/api/auth/guest/refresh" \
    -H 'Content-Type: application/json' -H 'X-Requested-With: XMLHttpRequest' 2>/dev/null |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).backstageIdentity.token)}catch{}})' || true)
  if [ -n "$token" ] && curl -sf -H "Authorization: Bearer $token" \
    "http://localhost:$port/api/catalog/entities/by-name/component/default/temporal" >/dev/null; then
    break
  fi
  sleep 1
done
[ -n "$token" ] || { tail -40 "$log"; ps_die "the backend did not come up on :$port"; }

ps_log "running the browser tests"
PLAYWRIGHT_URL="http://localhost:$port" yarn playwright test "$@"

ps_log "JavaScript sizes of the production build"
node bench/frontend/size.mjs
