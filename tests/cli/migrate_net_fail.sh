#!/bin/sh
# migrate:HOST:PORT failures: the process is never lost and never runs twice.
# Each failure returns a negative errno to the guest, which goes on at the sender
# (exit status 0, its own output), with one warning on stderr:
#   connection refused, a peer that never answers (timeout), images the peer
#   rejects (too large, not resumable under its limits, unsigned when signatures
#   are required), and a server killed in the middle of the transfer.
. tests/cli/lib/net.sh

cat >"$tmp/big.c" <<'C'
#include <migrate.h>
#include <stdio.h>
#include <stdlib.h>

/* big MB TARGET: MB megabytes of heap, then migrate; prints where it goes on */
int main(int argc, char **argv)
{
    long n = atol(argv[1]) << 20;
    char *p = malloc(n);
    for (long i = 0; i < n; i += 4096)
        p[i] = (char)i;
    int r = migrate(argv[2]);
    printf("migrate returned %d\n", r);
    return 0;
}
C
"$FIRC" "$tmp/big.c" -o "$tmp/big.fir" || fail "firc big.c"

# check NAME MB TARGET EXPECTED-RETURN EXPECTED-WARNING [firvm options]
check() {
    name=$1 mb=$2 target=$3 ret=$4 warn=$5; shift 5
    timeout 60 "$FIRVM" "$@" "$tmp/big.fir" "$mb" "$target" >"$tmp/$name.stdout" 2>"$tmp/$name.err"
    rc=$?
    [ $rc -eq 0 ] || fail "$name: exit status $rc"
    [ "$(cat "$tmp/$name.stdout")" = "migrate returned $ret" ] ||
        fail "$name: stdout '$(cat "$tmp/$name.stdout")', expected 'migrate returned $ret'"
    # image sizes vary with the C library: N stands for them
    sed -E 's/\(([0-9]+) bytes, limit/(N bytes, limit/' "$tmp/$name.err" >"$tmp/$name.err2"
    printf 'firvm: warning: %s\n' "$warn" >"$tmp/$name.experr"
    diff -u "$tmp/$name.experr" "$tmp/$name.err2" || fail "$name: stderr"
}

# refused: a port where a server was (it is gone now)
start_server gone
kill -TERM "$SPID"; wait "$SPID"
check refused 1 "migrate:127.0.0.1:$PORT" -111 \
    "migrate to 127.0.0.1:$PORT: cannot connect: connection refused"

# a peer that accepts (the kernel does) but never answers
start_server stopped
kill -STOP "$SPID"
check timeout 1 "migrate:127.0.0.1:$PORT" -110 \
    "migrate to 127.0.0.1:$PORT: no answer within 400 ms" --net-timeout 400
kill -CONT "$SPID"

# rejected by the peer: too large, not resumable there, not signed
start_server small --max-image 1M
check too_large 2 "migrate:127.0.0.1:$PORT" -27 \
    "migrate to 127.0.0.1:$PORT: rejected by the peer: image too large (N bytes, limit 1048576)"
grep -Eq '^firvm: serve: #1 rejected: image too large \(2[0-9]{6} bytes, limit 1048576\)$' \
    "$tmp/small.log" || fail "small: no rejection in the log"
start_server frames --max-frames 1
check unresumable 1 "migrate:127.0.0.1:$PORT" -74 \
    "migrate to 127.0.0.1:$PORT: rejected by the peer: the process has 2 nested calls, more than the limit of 1"
wait_log frames "#1 rejected: the process has 2 nested calls, more than the limit of 1"
"$FIRVM" --keygen "$tmp/k" >/dev/null || fail "keygen"
start_server signed --require-signed --authorized "$tmp/k.pub"
check unsigned 1 "migrate:127.0.0.1:$PORT" -74 \
    "migrate to 127.0.0.1:$PORT: rejected by the peer: the image is not signed"
[ -s "$tmp/frames.out" ] && fail "a rejected process ran: $(cat "$tmp/frames.out")"

# the server stops in the middle of a 100 MB transfer and is killed
start_server killed
victim=$SPID
"$FIRVM" "$tmp/big.fir" 100 "migrate:127.0.0.1:$PORT" >"$tmp/killed.stdout" 2>"$tmp/killed.err" &
sender=$!
wait_log killed "#1 accepted from"
kill -STOP "$victim"
sleep 0.3
kill -KILL "$victim"
wait "$victim" 2>/dev/null
wait "$sender"; rc=$?
[ $rc -eq 0 ] || fail "killed: sender exit status $rc"
[ "$(cat "$tmp/killed.stdout")" = "migrate returned -104" ] ||
    fail "killed: stdout '$(cat "$tmp/killed.stdout")'"
grep -q "^firvm: warning: migrate to 127.0.0.1:$PORT: connection lost during the transfer (" \
    "$tmp/killed.err" || fail "killed: stderr"
grep -q "received" "$tmp/killed.log" && fail "killed: the server got the whole process"
exit 0
