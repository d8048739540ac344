# Shared by the tests/cli/migrate_net_*.sh and dist_hosts*.sh scripts (sourced, run from the top folder):
# a temporary folder, servers on kernel-chosen loopback ports, cleanup on exit.
set -u
FIRVM=${BINDIR:-bin}/firvm
FIRC=${BINDIR:-bin}/firc
tmp=$(mktemp -d)
pids=""
cleanup() {
    for p in $pids; do kill -CONT "$p" 2>/dev/null; kill -TERM "$p" 2>/dev/null; done
    for p in $pids; do wait "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
# fail MESSAGE: prints it and every log, then exits 1.
fail() { echo "FAIL: $*"; for f in "$tmp"/*.log "$tmp"/*.err; do [ -f "$f" ] && { echo "== $f"; cat "$f"; }; done; exit 1; }

# start_server NAME [options]: a `firvm --serve` on 127.0.0.1:0 logging to $tmp/NAME.log;
# sets PORT (the port it printed) and SPID.
start_server() {
    name=$1; shift
    "$FIRVM" --serve --listen 127.0.0.1:0 "$@" >"$tmp/$name.out" 2>"$tmp/$name.log" &
    SPID=$!
    pids="$pids $SPID"
    for _ in $(seq 100); do
        PORT=$(sed -n -e 's/^firvm: serve: listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/$name.log" 2>/dev/null)
        [ -n "$PORT" ] && return 0
        sleep 0.05
    done
    fail "$name did not start"
}

# wait_file FILE TEXT: waits (up to 10 s) until $tmp/FILE contains TEXT.
wait_file() {
    for _ in $(seq 400); do
        grep -qsF -- "$2" "$tmp/$1" && return 0
        sleep 0.025
    done
    fail "$1: no '$2'"
}

# wait_log NAME TEXT: waits until the server log $tmp/NAME.log has TEXT.
wait_log() { wait_file "$1.log" "$2"; }
