#!/usr/bin/env bash
# kill -9 fault test of `kgrec serve` feedback durability, on loopback (127.0.0.1 only).
#
#   scripts/fault-test.sh STORE_DIR
#
# ROUNDS times (default 5):
#   1. a feedback client (Python, http.client, CLIENT_THREADS connections) posts batches of BATCH
#      events with unique ids and records, per thread, every event id whose request got a 202
#      (written and flushed after the 202, before the next request);
#   2. a random 1.5–4.5 s after the first acknowledgement the server gets SIGKILL;
#   3. the server is restarted; the time from its exec to the first 200 from /readyz is measured
#      (target ≤ 2 s; READY_LIMIT);
#   4. sqlite3 checks the store: every acknowledged id is in the log exactly once (lost = 0,
#      duplicates = 0); ids sent but not acknowledged may or may not be there (reported);
#   5. the user of the round's last logged event must be answered from the online model (the
#      restarted server follows the log it found), within 60 s of ready (the time is reported).
# Prints one line per round and a PASS/FAIL summary; exit status 0 only on PASS.
#
# Environment: KGREC (default .build/release/kgrec), PORT (default 18082), ROUNDS (5),
# BATCH (100), CLIENT_THREADS (16), READY_LIMIT (seconds, 2.0), SEED (for the kill times),
# SIGNAL (KILL; TERM checks the graceful shutdown under the same load instead).
set -euo pipefail

STORE=${1:?usage: scripts/fault-test.sh STORE_DIR}
KGREC=${KGREC:-.build/release/kgrec}
PORT=${PORT:-18082}
ROUNDS=${ROUNDS:-5}
BATCH=${BATCH:-100}
CLIENT_THREADS=${CLIENT_THREADS:-16}
READY_LIMIT=${READY_LIMIT:-2.0}
SIGNAL=${SIGNAL:-KILL}
RANDOM=${SEED:-7}
BASE="http://127.0.0.1:${PORT}"
DB="$STORE/kgrec.sqlite"

for tool in curl sqlite3 python3 bc; do
    command -v "$tool" >/dev/null || { echo "fault-test: $tool not found" >&2; exit 1; }
done
[ -x "$KGREC" ] || { echo "fault-test: $KGREC not found (swift build -c release --product kgrec)" >&2; exit 1; }
[ -f "$DB" ] || { echo "fault-test: $DB not found (not a kgrec store)" >&2; exit 1; }

WORK=$(mktemp -d)
SERVER_PID=""
CLIENT_PID=""
cleanup() {
    [ -n "$CLIENT_PID" ] && kill -TERM "$CLIENT_PID" 2>/dev/null || true
    stop_server_on_exit
    rm -rf "$WORK"
}
trap cleanup EXIT

# The client: each thread posts batches until the server stops answering, and appends the ids of
# every acknowledged (202) batch to its own file, flushed before the next request.
cat > "$WORK/client.py" <<'PY'
import http.client, json, random, sys, threading, time
port, run, out, threads, batch = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
kinds = ["view", "click", "like", "purchase"]
stats = {"acked": 0, "sent": 0, "failed": 0, "not_accepted": 0, "last_error": ""}
lock = threading.Lock()

def worker(t):
    rng = random.Random(t)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    n = 0
    with open(f"{out}.{t}", "w") as f:
        while True:
            n += 1
            ids = [f"{run}-{t}-{n}-{k}" for k in range(batch)]
            body = json.dumps({"events": [{"event_id": i, "user": str(rng.randint(1, 943)), "item": str(rng.randint(1, 1682)),
                                           "kind": rng.choice(kinds), "timestamp": 1700000000 + n} for i in ids]})
            try:
                conn.request("POST", "/v1/feedback", body, {"Content-Type": "application/json"})
                r = conn.getresponse()
                answer = r.read()
            except Exception as e:
                with lock:
                    stats["sent"] += 1
                    stats["failed"] += 1
                    stats["last_error"] = repr(e)
                return  # the server is gone
            with lock:
                stats["sent"] += 1
            if r.status == 202:
                f.write("\n".join(ids) + "\n")
                f.flush()
                accepted = json.loads(answer).get("accepted")
                with lock:
                    stats["acked"] += 1
                    if accepted != batch:
                        stats["not_accepted"] += 1
            else:
                with lock:
                    stats["failed"] += 1
                    stats["last_error"] = f"HTTP {r.status}: {answer[:200]!r}"

ts = [threading.Thread(target=worker, args=(t,), daemon=True) for t in range(threads)]
for t in ts: t.start()
for t in ts: t.join()
print(json.dumps(stats))
PY

SCRIPT=fault-test
SERVE_ARGS=()
# shellcheck source=lib/server.sh
. "$(dirname "$0")/lib/server.sh"

echo "store $STORE; $(sqlite3 "$DB" "SELECT count(*) FROM events") events in the log; load average $(cut -d' ' -f1-3 /proc/loadavg)"
start_server
echo "initial start: ready after ${READY} s"
failures=0
total_acked=0
for round in $(seq 1 "$ROUNDS"); do
    RUN="ft$(date +%s%N)r$round"
    python3 "$WORK/client.py" "$PORT" "$RUN" "$WORK/acked-$round" "$CLIENT_THREADS" "$BATCH" >"$WORK/client-$round.json" &
    CLIENT_PID=$!
    r=$RANDOM  # (not inside $(...): a subshell would not advance the generator)
    delay=$(echo "scale=2; 1.5 + $((r % 300)) / 100" | bc)
    # The kill timer starts once the load is on (the first batch acknowledged; Python may start slowly).
    for _ in $(seq 1 3000); do
        if [ -n "$(find "$WORK" -name "acked-$round.*" -size +0c -print -quit)" ]; then break; fi
        sleep 0.01
    done
    sleep "$delay"
    kill -"$SIGNAL" "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    wait "$CLIENT_PID" || true
    CLIENT_PID=""
    start_server
    cat "$WORK"/acked-"$round".* > "$WORK/acked-$round.txt"
    # Every acknowledged id in the log exactly once; this run's ids in the log beyond those acknowledged.
    read -r acked distinct lost dups in_log < <(sqlite3 -separator ' ' "$DB" <<SQL
CREATE TEMP TABLE acked(id TEXT);
.mode csv
.import $WORK/acked-$round.txt acked
.mode list
.separator ' '
SELECT (SELECT count(*) FROM acked), (SELECT count(DISTINCT id) FROM acked),
       (SELECT count(*) FROM acked WHERE id NOT IN (SELECT event_id FROM events)),
       (SELECT count(*) FROM (SELECT event_id FROM events WHERE event_id >= '$RUN-' AND event_id < '$RUN.' GROUP BY event_id HAVING count(*) > 1)),
       (SELECT count(*) FROM events WHERE event_id >= '$RUN-' AND event_id < '$RUN.');
SQL
)
    client=$(cat "$WORK/client-$round.json")
    # The restarted server follows the log it found: the user of this round's last logged event is
    # answered from the online model (source "online") once the backlog is applied (waited up to 60 s).
    user=$(sqlite3 "$DB" "SELECT user FROM events WHERE event_id >= '$RUN-' AND event_id < '$RUN.' ORDER BY seq DESC LIMIT 1")
    t0=$(date +%s.%N); source=none
    for _ in $(seq 1 600); do
        source=$(curl -s "$BASE/v1/users/$user/recommendations?k=3" | grep -o '"source":"[a-z_]*"' | cut -d'"' -f4)
        [ "$source" = online ] && break
        sleep 0.1
    done
    followed="user $user answered from source '$source' $(echo "$(date +%s.%N) - $t0" | bc | cut -c1-5) s after ready"
    verdict=PASS
    [ "$source" = online ] || verdict=FAIL
    if [ "$lost" != 0 ] || [ "$dups" != 0 ] || [ "$acked" != "$distinct" ] || [ "$acked" = 0 ]; then verdict=FAIL; fi
    if [ "$(echo "$READY > $READY_LIMIT" | bc)" = 1 ]; then verdict=FAIL; fi
    case "$client" in *'"not_accepted": 0'*) ;; *) verdict=FAIL ;; esac
    [ "$verdict" = PASS ] || failures=$((failures + 1))
    total_acked=$((total_acked + acked))
    echo "round $round: killed after ${delay} s; acked $acked events; found $((acked - lost)); lost $lost; duplicates $dups;" \
         "in the log but not acked $((in_log - acked + lost)); ready after restart ${READY} s; $followed; client $client -> $verdict"
done
whole_dups=$(sqlite3 "$DB" "SELECT count(*) - count(DISTINCT event_id) FROM events")
integrity=$(sqlite3 "$DB" "PRAGMA quick_check")
echo "whole log: $(sqlite3 "$DB" "SELECT count(*) FROM events") events, duplicate ids $whole_dups, quick_check $integrity; load average $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$whole_dups" = 0 ] && [ "$integrity" = ok ] || failures=$((failures + 1))
kill -TERM "$SERVER_PID"
if wait "$SERVER_PID"; then echo "server stopped cleanly on SIGTERM"; else echo "server exit status $? on SIGTERM" >&2; failures=$((failures + 1)); fi
SERVER_PID=""
if [ "$failures" = 0 ]; then
    echo "PASS: $ROUNDS rounds of kill -$SIGNAL under feedback load, $total_acked acknowledged events, none lost, none twice, ready ≤ $READY_LIMIT s"
else
    echo "FAIL: $failures failed check(s) in $ROUNDS rounds"
    exit 1
fi
