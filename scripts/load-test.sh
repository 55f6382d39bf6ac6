#!/usr/bin/env bash
# Load test of `kgrec serve` on loopback (127.0.0.1 only), bounded in time.
#
#   scripts/load-test.sh STORE_DIR
#
# Starts the release server on STORE_DIR (which needs a trained model: `kgrec train --store DIR`),
# waits until /readyz answers 200 (at most 120 s), then runs wrk (Debian package `wrk`):
#   1. warm recommendations  GET /v1/users/{id}/recommendations?k=10, ids drawn uniformly from
#      1..USER_MAX (default 943, MovieLens-100K) with a fixed seed;
#   2. cold start            POST /v1/recommendations with random attribute profiles (SKIP_COLD=1: skip);
#   3. explanations          GET /v1/explanations for users' recommended, KG-linked items (SKIP_EXPLAIN=1: skip);
#   4. with HEALTH_BASELINE=1, GET /healthz: what the HTTP stack alone manages on the same cores;
# (warm answers rendered before are sent from the connection pipeline; SERVER_ARGS="--pipeline-answers off"
# sends every request through Hummingbird's router, SERVER_ARGS="--ranking-cache-depth 0" ranks every request)
# each with CONNECTIONS connections (default 64) for DURATION (default 30s), and prints wrk's
# report (requests/s, latency percentiles, non-2xx count) and the server's CPU time per request
# (robust to a busy machine, unlike requests/s). Then it reads the server's RSS
# (VmRSS, and the peak VmHWM) from /proc, sends SIGTERM and checks the server exits cleanly.
#
# Environment: KGREC (binary, default .build/release/kgrec), PORT (default 18080),
# DURATION, CONNECTIONS, WRK_THREADS (default 2), SERVER_THREADS (event-loop threads, default:
# the server's default), SERVER_ARGS, USER_MAX, EXPLAIN_USERS.
set -euo pipefail

STORE=${1:?usage: scripts/load-test.sh STORE_DIR}
KGREC=${KGREC:-.build/release/kgrec}
PORT=${PORT:-18080}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
USER_MAX=${USER_MAX:-943}
BASE="http://127.0.0.1:${PORT}"

command -v wrk >/dev/null || { echo "load-test: wrk not found (apt-get install -y wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "load-test: curl not found" >&2; exit 1; }
[ -x "$KGREC" ] || { echo "load-test: $KGREC not found (swift build -c release --product kgrec)" >&2; exit 1; }

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    stop_server_on_exit
    rm -rf "$WORK"
}
trap cleanup EXIT

SCRIPT=load-test
SERVE_ARGS=()
[ -n "${SERVER_THREADS:-}" ] && SERVE_ARGS=(--threads "$SERVER_THREADS")
# SERVER_ARGS: more `kgrec serve` options, e.g. "--ranking-cache-depth 0" to measure without the cache.
read -r -a EXTRA_ARGS <<< "${SERVER_ARGS:-}"
SERVE_ARGS+=("${EXTRA_ARGS[@]}")
# shellcheck source=lib/server.sh
. "$(dirname "$0")/lib/server.sh"
start_server
echo "server pid $SERVER_PID ready after $READY s: $(curl -s "$BASE/readyz")"
echo "RSS after model load: $(grep -E 'VmRSS' /proc/$SERVER_PID/status | tr -s ' ')"

cat > "$WORK/warm.lua" <<LUA
math.randomseed(42)
request = function()
  return wrk.format("GET", "/v1/users/" .. math.random(1, ${USER_MAX}) .. "/recommendations?k=10")
end
LUA

# Attribute profiles drawn at random (MovieLens-100K's age buckets, genders and occupations),
# each attribute known with probability 0.8: 528 distinct evidence patterns, like real sign-ups.
cat > "$WORK/cold.lua" <<'LUA'
math.randomseed(7)
local ages = {"0-17", "18-24", "25-34", "35-44", "45-49", "50-55", "56+"}
local genders = {"F", "M"}
local occs = {"administrator", "artist", "doctor", "educator", "engineer", "entertainment", "executive",
  "healthcare", "homemaker", "lawyer", "librarian", "marketing", "none", "other", "programmer", "retired",
  "salesman", "scientist", "student", "technician", "writer"}
request = function()
  local parts = {}
  if math.random() < 0.8 then parts[#parts + 1] = '"age_bucket": "' .. ages[math.random(#ages)] .. '"' end
  if math.random() < 0.8 then parts[#parts + 1] = '"gender": "' .. genders[math.random(2)] .. '"' end
  if math.random() < 0.8 then parts[#parts + 1] = '"occupation": "' .. occs[math.random(#occs)] .. '"' end
  local body = '{"attributes": {' .. table.concat(parts, ", ") .. '}, "k": 10}'
  return wrk.format("POST", "/v1/recommendations", {["Content-Type"] = "application/json"}, body)
end
LUA

# Appended to every wrk script: the first few answers that are not 200, status and body, so an
# error count in wrk's report comes with its cause.
ERROR_HOOK='
local shown = 0
response = function(status, headers, body)
  if status ~= 200 and shown < 5 then
    shown = shown + 1
    io.write("non-200 answer: " .. status .. " " .. string.sub(body, 1, 240) .. "\n")
  end
end'

# Server CPU seconds (user + system) so far, from /proc.
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.3f", ($14 + $15) / hz}' "/proc/$SERVER_PID/stat"; }
# run_wrk NAME LUA: wrk with the common settings, then the server's CPU time per request.
run_wrk() {
    local before after out requests
    echo "$ERROR_HOOK" >> "$2"
    before=$(server_cpu)
    out=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$2" "$BASE")
    after=$(server_cpu)
    echo "$out"
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "server CPU per request ($1): $(echo "($after - $before) * 1000000 / $requests" | bc -l | cut -c1-6) µs;" \
         "load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "RSS: $(grep -E 'VmRSS|VmHWM' /proc/$SERVER_PID/status | tr -s ' ' | tr '\n' ' ')"
}

echo "sample warm answer: $(curl -s "$BASE/v1/users/1/recommendations?k=3")"
echo
echo "== warm: GET /v1/users/{1..$USER_MAX}/recommendations?k=10, $CONNECTIONS connections, $DURATION =="
run_wrk warm "$WORK/warm.lua"

if [ "${SKIP_COLD:-0}" != 1 ]; then
    echo "sample cold answer: $(curl -s -H 'Content-Type: application/json' -d '{"attributes": {"gender": "F"}, "k": 3}' "$BASE/v1/recommendations")"
    echo
    echo "== cold start: POST /v1/recommendations, $CONNECTIONS connections, $DURATION =="
    run_wrk cold "$WORK/cold.lua"
fi

if [ "${SKIP_EXPLAIN:-0}" != 1 ]; then
    # Explanations are asked for recommended items: the (user, item) pairs are the top-5 of
    # EXPLAIN_USERS random users (default 200), fetched from the server first.
    {
        echo "math.randomseed(11)"
        echo "local pairs = {"
        for _ in $(seq 1 "${EXPLAIN_USERS:-200}"); do
            u=$((RANDOM % USER_MAX + 1))
            curl -s "$BASE/v1/users/$u/recommendations?k=5" | grep -o '"item":"[^"]*"' | cut -d'"' -f4 |
                while read -r item; do
                    # Only items a path can reach (unlinked items rightly get 422 unlinked_item).
                    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/v1/explanations?user=$u&item=$item&paths=1")" = 200 ]; then
                        echo "  \"user=$u&item=$item\","
                    fi
                done
        done
        echo "}"
        echo 'request = function() return wrk.format("GET", "/v1/explanations?" .. pairs[math.random(#pairs)] .. "&paths=3") end'
    } > "$WORK/explain.lua"
    echo
    echo "== explanations: GET /v1/explanations?user=U&item=I&paths=3 for $(grep -c 'user=' "$WORK/explain.lua") recommended pairs, $CONNECTIONS connections, $DURATION =="
    run_wrk explain "$WORK/explain.lua"
fi

if [ "${HEALTH_BASELINE:-0}" = 1 ]; then
    echo
    echo "== baseline: GET /healthz (the HTTP stack alone), $CONNECTIONS connections, $DURATION =="
    echo 'request = function() return wrk.format("GET", "/healthz") end' > "$WORK/health.lua"
    run_wrk healthz "$WORK/health.lua"
fi

echo
echo "== /metrics (request counters) =="
curl -s "$BASE/metrics" | grep -E '^kgrec_http_requests_total|^kgrec_http_pipeline_answers_total|^kgrec_model_version' || true

kill -TERM "$SERVER_PID"
if wait "$SERVER_PID"; then echo "server stopped cleanly on SIGTERM"; else echo "server exit status $? on SIGTERM" >&2; fi
SERVER_PID=""
