#!/usr/bin/env bash
# Load test of `kgrec serve` on loopback (127.0.0.1 only), bounded in time.
#
#   scripts/load-test.sh STORE_DIR
#
# Starts the release server on STORE_DIR (which needs a trained model: `kgrec train --store DIR`),
# waits until /readyz answers 200 (at most 120 s), then runs wrk (Debian package `wrk`):
#   1. warm recommendations  GET /v1/users/{id}/recommendations?k=10, ids drawn uniformly from
#      1..USER_MAX (default 943, MovieLens-100K) with a fixed seed;
#   2. cold start            POST /v1/recommendations with attributes cycling over a few profiles;
# each with CONNECTIONS connections (default 64) for DURATION (default 30s), and prints wrk's
# report (requests/s, latency percentiles, non-2xx count). Then it reads the server's RSS
# (VmRSS, and the peak VmHWM) from /proc, sends SIGTERM and checks the server exits cleanly.
#
# Environment: KGREC (binary, default .build/release/kgrec), PORT (default 18080),
# DURATION, CONNECTIONS, WRK_THREADS (default 2), SERVER_THREADS (event-loop threads, default:
# the server's default), USER_MAX, SKIP_COLD=1 to run only the warm test.
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
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

THREAD_ARGS=()
[ -n "${SERVER_THREADS:-}" ] && THREAD_ARGS=(--threads "$SERVER_THREADS")
"$KGREC" serve --store "$STORE" --host 127.0.0.1 --port "$PORT" --log-level warning "${THREAD_ARGS[@]}" 2>"$WORK/server.log" &
SERVER_PID=$!

start=$(date +%s.%N)
for _ in $(seq 1 1200); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz" || true)" = 200 ]; then break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "load-test: server exited:" >&2; cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.1
done
ready=$(date +%s.%N)
curl -sf "$BASE/readyz" >/dev/null || { echo "load-test: server not ready after 120 s" >&2; cat "$WORK/server.log" >&2; exit 1; }
echo "server pid $SERVER_PID ready after $(echo "$ready - $start" | bc) s: $(curl -s "$BASE/readyz")"
echo "RSS after model load: $(grep -E 'VmRSS' /proc/$SERVER_PID/status | tr -s ' ')"

cat > "$WORK/warm.lua" <<LUA
math.randomseed(42)
request = function()
  return wrk.format("GET", "/v1/users/" .. math.random(1, ${USER_MAX}) .. "/recommendations?k=10")
end
LUA

cat > "$WORK/cold.lua" <<'LUA'
local bodies = {
  '{"attributes": {"gender": "F", "occupation": "student"}, "k": 10}',
  '{"attributes": {"gender": "M", "occupation": "engineer", "age_bucket": "25-34"}, "k": 10}',
  '{"attributes": {"occupation": "writer"}, "k": 10}',
  '{"attributes": {}, "k": 10}',
}
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/v1/recommendations", {["Content-Type"] = "application/json"}, bodies[(n % #bodies) + 1])
end
LUA

echo "sample warm answer: $(curl -s "$BASE/v1/users/1/recommendations?k=3")"
echo
echo "== warm: GET /v1/users/{1..$USER_MAX}/recommendations?k=10, $CONNECTIONS connections, $DURATION =="
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/warm.lua" "$BASE"
echo "RSS: $(grep -E 'VmRSS|VmHWM' /proc/$SERVER_PID/status | tr -s ' ' | tr '\n' ' ')"

if [ "${SKIP_COLD:-0}" != 1 ]; then
    echo "sample cold answer: $(curl -s -H 'Content-Type: application/json' -d '{"attributes": {"gender": "F"}, "k": 3}' "$BASE/v1/recommendations")"
    echo
    echo "== cold start: POST /v1/recommendations, $CONNECTIONS connections, $DURATION =="
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/cold.lua" "$BASE"
    echo "RSS: $(grep -E 'VmRSS|VmHWM' /proc/$SERVER_PID/status | tr -s ' ' | tr '\n' ' ')"
fi

echo
echo "== /metrics (request counters) =="
curl -s "$BASE/metrics" | grep -E '^kgrec_http_requests_total|^kgrec_model_version' || true

kill -TERM "$SERVER_PID"
if wait "$SERVER_PID"; then echo "server stopped cleanly on SIGTERM"; else echo "server exit status $? on SIGTERM" >&2; fi
SERVER_PID=""
