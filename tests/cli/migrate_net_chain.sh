#!/bin/sh
# migrate:HOST:PORT over loopback: a process hops A -> B -> C (two `firvm --serve`
# on ports picked by the kernel); each part of its output comes from where it ran,
# the final output and exit status from C; the senders exit 0.
. tests/cli/lib/net.sh

cat >"$tmp/hop.c" <<'C'
#include <migrate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    char *trail = malloc(256);
    strcpy(trail, "A");
    for (int i = 1; i < argc; i++) {
        printf("hop %d: at %s, leaving for %s\n", i, trail, argv[i]);
        fflush(stdout);
        int r = migrate(argv[i]);
        strcat(trail, r == 0 ? "+" : "-");
        printf("hop %d: migrate returned %d, trail %s\n", i, r, trail);
        fflush(stdout);
    }
    printf("done: %s\n", trail);
    return 3;
}
C
"$FIRC" "$tmp/hop.c" -o "$tmp/hop.fir" || fail "firc hop.c"

start_server B; PB=$PORT
start_server C; PC=$PORT
timeout 30 "$FIRVM" "$tmp/hop.fir" "migrate:127.0.0.1:$PB" "migrate:127.0.0.1:$PC" \
    >"$tmp/A.out" 2>"$tmp/A.err"
rc=$?
[ $rc -eq 0 ] || fail "sender A: exit status $rc, expected 0"
wait_log C "exited with status 3"
wait_log B "exited with status 0"

printf 'hop 1: at A, leaving for migrate:127.0.0.1:%s\n' "$PB" >"$tmp/A.exp"
diff -u "$tmp/A.exp" "$tmp/A.out" || fail "A output"
[ -s "$tmp/A.err" ] && fail "A stderr: $(cat "$tmp/A.err")"
printf 'hop 1: migrate returned 0, trail A+\nhop 2: at A+, leaving for migrate:127.0.0.1:%s\n' \
    "$PC" >"$tmp/B.exp"
diff -u "$tmp/B.exp" "$tmp/B.out" || fail "B output"
printf 'hop 2: migrate returned 0, trail A++\ndone: A++\n' >"$tmp/C.exp"
diff -u "$tmp/C.exp" "$tmp/C.out" || fail "C output"

# the log: one line per event, in order
sed -E 's/pid [0-9]+/pid N/; s/127\.0\.0\.1:[0-9]+/ADDR/; s/received [0-9]+ bytes/received N bytes/' \
    "$tmp/C.log" >"$tmp/C.log2"
cat >"$tmp/C.logexp" <<'LOG'
firvm: serve: listening on ADDR
firvm: serve: #1 accepted from ADDR
firvm: serve: #1 received N bytes
firvm: serve: #1 verified, paused in pid N
firvm: serve: #1 started pid N
firvm: serve: pid N exited with status 3
LOG
diff -u "$tmp/C.logexp" "$tmp/C.log2" || fail "C log"

# SIGTERM: both servers stop cleanly (status 0), their ports close
for p in $pids; do kill -TERM "$p"; done
for p in $pids; do
    wait "$p"; rc=$?
    [ $rc -eq 0 ] || fail "server exit status $rc after SIGTERM"
done
pids=""
grep -q '^firvm: serve: shutting down (0 started processes left running)$' "$tmp/B.log" \
    || fail "B: no shutdown line"
exit 0
