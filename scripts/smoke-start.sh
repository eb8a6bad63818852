#!/usr/bin/env bash
# Smoke test of the README's start command, run by scripts/test.sh. As a user would, from another
# folder: ./scripts/start.sh brings up the local stack and the portal; the app must answer on :3000,
# the backend be ready on :7007, the services list hold every example service and Temporal's health
# in `dev` be live; `yarn stack scenario` switches must reach it. Then a second start while the
# stack is still up must reuse it. Everything is
# stopped at the end and no process may be left behind. A port taken by something else must be
# named in start.sh's message. Times go to test-results/start-smoke.json.
#
# Runs on the fixed ports 3000 and 7007, so concurrent runs on one machine (other clones) wait for
# each other on a lock. A stack already running in .stack/ before the test is reused and left up.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
ps_ensure_node
cd "$PS_ROOT"

app_url=http://localhost:3000
backend_url=http://localhost:7007
results="$PS_ROOT/test-results"
mkdir -p "$results"
work="$(mktemp -d)"

exec 9>"${TMPDIR:-/tmp}/platform-services-portal-ports.lock"
if ! flock -n 9; then
  ps_log "waiting for another portal smoke test on this machine (ports 3000, 7007)"
  flock 9
fi

fail() { ps_die "start smoke test: $*"; }

portal_sid=""
token=""
stack_started=""
blocker_pid=""
cleanup() {
  [ -n "$blocker_pid" ] && kill "$blocker_pid" 2>/dev/null
  [ -n "$portal_sid" ] && stop_portal quietly
  [ -n "$stack_started" ] && yarn stack down >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

session_processes() { ps -eo sid=,pid= | awk -v s="$1" '$1 == s { print $2 }'; }

# Stops the portal's whole session (the script, yarn, backstage-cli, the backend, the dev server)
# and waits until none of its processes is left.
stop_portal() {
  local sid="$portal_sid"
  portal_sid=""
  pkill -TERM -s "$sid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    [ -z "$(session_processes "$sid")" ] && return 0
    sleep 1
  done
  local left
  left="$(session_processes "$sid" | xargs -r ps -o pid=,args= -p)"
  pkill -KILL -s "$sid" 2>/dev/null || true
  [ "${1:-}" = quietly ] || fail "processes of the portal still running 60 s after SIGTERM:
$left"
}

http_code() { curl -s -o /dev/null -w '%{http_code}' "$@" || true; }

# Starts ./scripts/start.sh from another folder in a session of its own and waits until the app
# answers and the backend is ready; sets app_seconds and backend_seconds.
start_portal() {
  local log="$1" started=$SECONDS
  # 9>&-: the stack's detached servers must not inherit (and so hold) the lock.
  (cd "$work" && exec setsid "$PS_ROOT/scripts/start.sh" >"$log" 2>&1 9>&-) &
  local pid=$!
  portal_sid=$pid
  local app="" backend=""
  for _ in $(seq 1 1200); do
    kill -0 "$pid" 2>/dev/null || { tail -40 "$log" >&2; fail "scripts/start.sh exited ($log)"; }
    [ -z "$app" ] && curl -sf "$app_url/" 2>/dev/null | grep -q '<div id="root">' && app=$((SECONDS - started))
    [ -z "$backend" ] && [ "$(http_code "$backend_url/.backstage/health/v1/readiness")" = 200 ] &&
      backend=$((SECONDS - started))
    if [ -n "$app" ] && [ -n "$backend" ]; then
      app_seconds=$app backend_seconds=$backend
      return 0
    fi
    sleep 1
  done
  tail -40 "$log" >&2
  fail "the portal did not answer within 20 minutes ($log)"
}

guest_token() {
  curl -sf -X POST "$backend_url/api/auth/guest/refresh" \
    -H 'Content-Type: application/json' -H 'X-Requested-With: XMLHttpRequest' |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).backstageIdentity.token))'
}

# Polls Temporal's health in dev until node's test `$1` (over the answer `h`) holds, for 2 minutes.
temporal_health_until() {
  local health=""
  for _ in $(seq 1 120); do
    health="$(curl -sf -H "Authorization: Bearer $token" \
      "$backend_url/api/platform-services/services/temporal/health?environment=dev" || true)"
    if [ -n "$health" ] && node -e "const h = JSON.parse(process.argv[1]); process.exit(($1) ? 0 : 1)" "$health"; then
      node -e 'const h = JSON.parse(process.argv[1]); console.error(`temporal in dev: ${h.health.status} (${h.freshness.cluster}, connected: ${h.freshness.connected})`)' "$health"
      return 0
    fi
    sleep 1
  done
  fail "Temporal's health in dev did not reach \`$1\` within 2 minutes (last answer: $(node -e 'const h=JSON.parse(process.argv[1]);console.log(h.health?.status, JSON.stringify(h.freshness))' "${health:-{}}" 2>/dev/null))"
}

# The services list holds every example service, and Temporal's health in dev is live.
check_live_portal() {
  local services
  token="$(guest_token)" || fail "guest sign-in failed at $backend_url/api/auth/guest/refresh"
  services="$(curl -sf -H "Authorization: Bearer $token" "$backend_url/api/platform-services/services")" ||
    fail "GET /api/platform-services/services failed"
  node -e '
    const want = JSON.parse(require("fs").readFileSync("examples/service-catalog.json", "utf8"))
      .services.map(s => s.name).sort();
    const got = JSON.parse(process.argv[1]).services.map(s => s.name).sort();
    const missing = want.filter(n => !got.includes(n));
    if (missing.length || got.length !== want.length) {
      console.error(`services list: expected ${want.length} example services, got ${got.length}; missing: ${missing.join(", ") || "none"}`);
      process.exit(1);
    }
    console.error(`services list: all ${want.length} example services`);' "$services" ||
    fail "the services list does not match examples/service-catalog.json"
  temporal_health_until 'h.health.status !== "unknown" && h.freshness.connected'
}

port_free() {
  node -e 'const s=require("node:net").createServer();s.once("error",e=>{console.error(`port ${process.argv[1]}: ${e.code}`);process.exit(1)});s.listen(Number(process.argv[1]),()=>s.close())' "$1" 2>>"$work/ports.log"
}
for port in 3000 7007; do
  port_free "$port" || fail "port $port is in use before the test: the README's start command needs ports 3000 and 7007"
done

# 1. A port taken by something else is named before anything slow starts.
node -e 'require("node:net").createServer().listen(7007, () => console.log("listening"))' >"$work/blocker.log" &
blocker_pid=$!
for _ in $(seq 1 50); do grep -q listening "$work/blocker.log" && break; sleep 0.1; done
set +e
out="$(cd "$work" && PLATFORM_SERVICES_NO_STACK=1 "$PS_ROOT/scripts/start.sh" 2>&1)"
code=$?
set -e
kill "$blocker_pid" && wait "$blocker_pid" 2>/dev/null || true
blocker_pid=""
[ "$code" != 0 ] || fail "start.sh did not refuse a taken port 7007"
grep -q 'port 7007 is already in use' <<<"$out" || fail "start.sh's message does not name the taken port 7007: $out"
ps_log "start smoke: a taken port is refused with its number"

# 2. First start: the stack comes up (unless one runs already) and the portal shows live state.
if ! yarn stack status >/dev/null 2>&1; then stack_started=1; fi
start_portal "$results/start-smoke-first.log"
cold_app=$app_seconds cold_backend=$backend_seconds
ps_log "start smoke: first start answered in ${cold_app} s (app :3000), backend ready in ${cold_backend} s"
check_live_portal

# The README's stack commands, on the running portal: a switched scenario reaches it, and back.
# (Only on a stack of our own: one that ran before keeps its scenario.)
if [ -n "$stack_started" ]; then
  yarn stack list-scenarios >"$work/scenarios.txt"
  grep -q '^history-oomkilled' "$work/scenarios.txt" || fail "yarn stack list-scenarios does not list history-oomkilled"
  yarn stack scenario history-oomkilled >/dev/null || fail "yarn stack scenario history-oomkilled failed"
  temporal_health_until 'h.health.status !== "healthy" && h.health.status !== "unknown"'
  yarn stack scenario healthy >/dev/null || fail "yarn stack scenario healthy failed"
  temporal_health_until 'h.health.status === "healthy"'
fi
stop_portal

# 3. Second start while the stack is still up: reused, not restarted.
yarn stack status >/dev/null 2>&1 || fail "the local stack stopped with the portal"
start_portal "$results/start-smoke-second.log"
warm_app=$app_seconds warm_backend=$backend_seconds
grep -q 'already running' "$results/start-smoke-second.log" || fail "the second start did not reuse the running stack"
ps_log "start smoke: second start answered in ${warm_app} s (app :3000), backend ready in ${warm_backend} s"
check_live_portal
stop_portal

# 4. Nothing is left behind: the portal's ports are free and the stack we started is gone.
if [ -n "$stack_started" ]; then
  stack_pids="$(node -e 'const s=require(process.argv[1]);console.log(Object.values(s.processes).map(p=>p.pid).join(" "))' "$PS_ROOT/.stack/state.json" 2>/dev/null || true)"
  yarn stack down >/dev/null
  stack_started=""
  for pid in $stack_pids; do
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && fail "stack process $pid still runs after yarn stack down"
  done
fi
for port in 3000 7007; do
  for _ in $(seq 1 30); do port_free "$port" && break; sleep 1; done
  port_free "$port" || fail "port $port is still taken 30 s after the portal stopped ($(tail -1 "$work/ports.log")): $(ss -Hltnp "sport = :$port" 2>/dev/null)"
done

printf '{"firstStartAppSeconds": %s, "firstStartBackendSeconds": %s, "secondStartAppSeconds": %s, "secondStartBackendSeconds": %s}\n' \
  "$cold_app" "$cold_backend" "$warm_app" "$warm_backend" >"$results/start-smoke.json"
ps_log "start smoke: passed ($(cat "$results/start-smoke.json"))"
