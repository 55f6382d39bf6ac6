# Shared by the serving scripts (load-test.sh, feedback-load.sh, fault-test.sh): start a release
# `kgrec serve` on loopback and wait until it is ready. Source it, after setting
#   SCRIPT (name used in messages), KGREC, STORE, PORT, BASE, WORK (a temporary directory)
# and optionally SERVE_ARGS (an array of extra `kgrec serve` options).

# start_server: starts the server (its stderr appended to $WORK/server.log), sets SERVER_PID, and
# waits — at most 120 s, polling every 10 ms — for a 200 from /readyz; sets READY to the seconds
# from exec to that answer. Exits the script, with the server's log, if it dies or is never ready.
start_server() {
    "$KGREC" serve --store "$STORE" --host 127.0.0.1 --port "$PORT" --log-level warning "${SERVE_ARGS[@]}" 2>>"$WORK/server.log" &
    SERVER_PID=$!
    local t0
    t0=$(date +%s.%N)
    for _ in $(seq 1 12000); do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz" || true)" = 200 ]; then
            READY=$(echo "$(date +%s.%N) - $t0" | bc)
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "$SCRIPT: server exited:" >&2; tail -20 "$WORK/server.log" >&2; exit 1; }
        sleep 0.01
    done
    echo "$SCRIPT: server not ready after 120 s" >&2
    tail -20 "$WORK/server.log" >&2
    exit 1
}

# stop_server_on_exit: for the EXIT trap — a server still running gets SIGTERM and is waited for.
stop_server_on_exit() {
    if [ -n "${SERVER_PID:-}" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; fi
}
