#!/usr/bin/env bash
# Feedback load test of `kgrec serve` on loopback (127.0.0.1 only), bounded in time.
#
#   scripts/feedback-load.sh STORE_DIR
#
# Starts the release server on STORE_DIR (which needs a trained model: `kgrec train --store DIR`),
# waits until /readyz answers 200, then runs two wrk processes at the same time for DURATION:
#   1. feedback:         POST /v1/feedback with batches of BATCH events ({"events": [...]}),
#                        FB_CONNECTIONS connections; every event id is unique (run id, wrk thread,
#                        per-thread counter, index in the batch); users 1..USER_MAX, items
#                        1..ITEM_MAX, kinds view/click/like/purchase, drawn with a fixed seed;
#   2. recommendations:  GET /v1/users/{id}/recommendations?k=10, REC_CONNECTIONS connections.
# It prints both wrk reports, the acknowledged events/s (202 answers × BATCH / duration), and checks
# the acknowledgement count against the store: the log must have grown by exactly the events
# acknowledged (sqlite3 on STORE_DIR/kgrec.sqlite). Then SIGTERM, and the server must exit cleanly.
#
# Environment: KGREC (binary, default .build/release/kgrec), PORT (default 18081), DURATION
# (default 30s), BATCH (default 100), FB_CONNECTIONS (default 32), REC_CONNECTIONS (default 16),
# FB_THREADS / REC_THREADS (wrk threads, default 1 each), USER_MAX (943), ITEM_MAX (1682),
# SERVER_THREADS (event-loop threads, default: the server's default).
set -euo pipefail

STORE=${1:?usage: scripts/feedback-load.sh STORE_DIR}
KGREC=${KGREC:-.build/release/kgrec}
PORT=${PORT:-18081}
DURATION=${DURATION:-30s}
BATCH=${BATCH:-100}
FB_CONNECTIONS=${FB_CONNECTIONS:-32}
REC_CONNECTIONS=${REC_CONNECTIONS:-16}
FB_THREADS=${FB_THREADS:-1}
REC_THREADS=${REC_THREADS:-1}
USER_MAX=${USER_MAX:-943}
ITEM_MAX=${ITEM_MAX:-1682}
BASE="http://127.0.0.1:${PORT}"
DB="$STORE/kgrec.sqlite"

for tool in wrk curl sqlite3; do
    command -v "$tool" >/dev/null || { echo "feedback-load: $tool not found (apt-get install -y $tool)" >&2; exit 1; }
done
[ -x "$KGREC" ] || { echo "feedback-load: $KGREC not found (swift build -c release --product kgrec)" >&2; exit 1; }
[ -f "$DB" ] || { echo "feedback-load: $DB not found (not a kgrec store)" >&2; exit 1; }

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    stop_server_on_exit
    rm -rf "$WORK"
}
trap cleanup EXIT

SCRIPT=feedback-load
SERVE_ARGS=()
[ -n "${SERVER_THREADS:-}" ] && SERVE_ARGS=(--threads "$SERVER_THREADS")
# shellcheck source=lib/server.sh
. "$(dirname "$0")/lib/server.sh"
start_server
echo "server pid $SERVER_PID ready after $READY s"

RUN="fl$(date +%s%N)"
cat > "$WORK/feedback.lua" <<LUA
-- POST /v1/feedback with batches of ${BATCH} events; ids "${RUN}-<thread>-<counter>-<k>" are unique.
local threads = {}
local next_id = 0
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
local kinds = {"view", "click", "like", "purchase"}
local counter = 0
acked, other = 0, 0  -- globals: done() reads them with thread:get
function init(args)
  math.randomseed(1000 + tid)
end
function request()
  counter = counter + 1
  local parts = {}
  for k = 1, ${BATCH} do
    parts[k] = string.format('{"event_id":"${RUN}-%d-%d-%d","user":"%d","item":"%d","kind":"%s","timestamp":%d}',
      tid, counter, k, math.random(1, ${USER_MAX}), math.random(1, ${ITEM_MAX}), kinds[math.random(1, 4)], 1700000000 + counter)
  end
  return wrk.format("POST", "/v1/feedback", {["Content-Type"] = "application/json"}, '{"events":[' .. table.concat(parts, ",") .. ']}')
end
function response(status, headers, body)
  if status == 202 then acked = acked + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local a, o = 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("acked")
    o = o + t:get("other")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("FEEDBACK acked_requests=%d other_status=%d acked_events=%d seconds=%.2f events_per_second=%.0f\n",
    a, o, a * ${BATCH}, seconds, a * ${BATCH} / seconds))
end
LUA

cat > "$WORK/warm.lua" <<LUA
math.randomseed(42)
request = function()
  return wrk.format("GET", "/v1/users/" .. math.random(1, ${USER_MAX}) .. "/recommendations?k=10")
end
LUA

before=$(sqlite3 "$DB" "SELECT count(*) FROM events")
echo "events in the log before: $before; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
wrk -t"$REC_THREADS" -c"$REC_CONNECTIONS" -d"$DURATION" --latency -s "$WORK/warm.lua" "$BASE" >"$WORK/rec.out" 2>&1 &
REC_PID=$!
echo "== feedback: POST /v1/feedback, batches of $BATCH events, $FB_CONNECTIONS connections, $DURATION (with recommendations concurrently) =="
wrk -t"$FB_THREADS" -c"$FB_CONNECTIONS" -d"$DURATION" --latency -s "$WORK/feedback.lua" "$BASE" | tee "$WORK/fb.out"
wait "$REC_PID"
echo
echo "== concurrent recommendations: GET /v1/users/{1..$USER_MAX}/recommendations?k=10, $REC_CONNECTIONS connections, $DURATION =="
cat "$WORK/rec.out"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "RSS: $(grep -E 'VmRSS|VmHWM' /proc/$SERVER_PID/status | tr -s ' ' | tr '\n' ' ')"

after=$(sqlite3 "$DB" "SELECT count(*) FROM events")
acked=$(sed -n 's/.*acked_events=\([0-9]*\).*/\1/p' "$WORK/fb.out")
run_events=$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE event_id >= '${RUN}-' AND event_id < '${RUN}.'")
echo
echo "events in the log after: $after (+$((after - before))); this run's events in the log: $run_events; acknowledged: $acked"
status=0
# Requests still in flight when wrk stopped may have been committed without wrk counting the 202.
if [ "$run_events" -lt "$acked" ]; then echo "FAIL: fewer events in the log than acknowledged" >&2; status=1; fi
if [ $((run_events - acked)) -gt $((FB_CONNECTIONS * BATCH)) ]; then echo "FAIL: more unacknowledged events in the log than requests in flight can explain" >&2; status=1; fi
echo "sample recommendation: $(curl -s "$BASE/v1/users/1/recommendations?k=3" | head -c 300)"

kill -TERM "$SERVER_PID"
if wait "$SERVER_PID"; then echo "server stopped cleanly on SIGTERM"; else echo "server exit status $? on SIGTERM" >&2; status=1; fi
SERVER_PID=""
exit $status
