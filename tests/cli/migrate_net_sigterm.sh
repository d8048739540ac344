#!/bin/sh
# firvm --serve shuts down cleanly on SIGTERM: it stops listening, aborts the
# transfer in progress (its sender goes on with a negative errno), leaves the
# processes it started running (they are the migrated programs), and exits 0.
. tests/cli/lib/net.sh

cat >"$tmp/prog.c" <<'C'
#include <migrate.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* prog MB SECONDS TARGET: MB of heap, migrate, then run for SECONDS */
int main(int argc, char **argv)
{
    long n = atol(argv[1]) << 20;
    char *p = malloc(n);
    for (long i = 0; i < n; i += 4096)
        p[i] = 1;
    int r = migrate(argv[3]);
    time_t end = time(NULL) + atol(argv[2]);
    while (time(NULL) < end)
        ;
    printf("migrate returned %d, still running\n", r);
    return 0;
}
C
"$FIRC" "$tmp/prog.c" -o "$tmp/prog.fir" || fail "firc prog.c"

"$FIRVM" --serve --listen 127.0.0.1:0 >"$tmp/server.out" 2>"$tmp/server.log" &
server=$!
pids="$server"
wait_file server.log "listening on"
PORT=$(sed -n -e 's/^firvm: serve: listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/server.log")

# a process that runs 60 s at the server (this test stops it)
"$FIRVM" "$tmp/prog.fir" 1 60 "migrate:127.0.0.1:$PORT" >"$tmp/long.stdout" 2>"$tmp/long.err" ||
    fail "long: sender failed"
wait_file server.log "#1 started pid"
long=$(sed -n 's/^firvm: serve: #1 started pid \([0-9]*\)$/\1/p' "$tmp/server.log")
pids="$pids $long"
# a transfer that stays in progress: its sender is stopped in the middle
"$FIRVM" "$tmp/prog.fir" 300 0 "migrate:127.0.0.1:$PORT" >"$tmp/stuck.stdout" 2>"$tmp/stuck.err" &
sender=$!
pids="$pids $sender"
wait_file server.log "#2 accepted from"
sleep 0.05 # into the data, most of the time: the line below is "closed" otherwise
kill -STOP "$sender"

kill -TERM "$server"
for _ in $(seq 100); do
    kill -0 "$server" 2>/dev/null || break
    sleep 0.05
done
kill -0 "$server" 2>/dev/null && fail "the server is still running 5 s after SIGTERM"
wait "$server"; rc=$?
[ $rc -eq 0 ] || fail "server exit status $rc"
wait_file server.log "signal 15 received"
wait_file server.log "shutting down (1 started process left running)"
grep -Eq '^firvm: serve: #2 (aborted|closed): server shutting down$' "$tmp/server.log" ||
    fail "no line for the transfer in progress"

# the port is closed
"$FIRVM" "$tmp/prog.fir" 1 0 "migrate:127.0.0.1:$PORT" >"$tmp/after.stdout" 2>/dev/null
[ "$(cat "$tmp/after.stdout")" = "migrate returned -111, still running" ] ||
    fail "after shutdown: $(cat "$tmp/after.stdout")"

# the stuck sender goes on at home with an error
kill -CONT "$sender"
wait "$sender"; rc=$?
[ $rc -eq 0 ] || fail "stuck sender: exit status $rc"
grep -Eq '^migrate returned -(11|104|32), still running$' "$tmp/stuck.stdout" ||
    fail "stuck sender: $(cat "$tmp/stuck.stdout")"

# the started process outlives the server
kill -0 "$long" 2>/dev/null || fail "the started process did not survive the shutdown"
kill -TERM "$long"
exit 0
