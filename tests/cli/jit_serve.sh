#!/bin/sh
# A process migrated to `firvm --serve --jit=always --trace=jit` runs compiled there:
# its functions are compiled on arrival (the trace is in the server's log) and its
# output is the same as without the move.
. tests/cli/lib/net.sh
cat >"$tmp/move.c" <<'PROG'
#include <migrate.h>
#include <stdio.h>
#include <stdlib.h>
static long work(long n) { long s = 0; for (long i = 0; i < n; i++) s += i * i % 7; return s; }
int main(int argc, char **argv)
{
    long before = work(1000);
    if (migrate(argv[1]) < 0)
        return 1;
    printf("%ld %ld\n", before, work(100000));
    return 0;
}
PROG
"$FIRC" "$tmp/move.c" -o "$tmp/move.fir" || fail "firc"
start_server srv --jit=always --trace=jit
"$FIRVM" --jit=off "$tmp/move.fir" "migrate:127.0.0.1:$PORT" >"$tmp/sender.out" 2>"$tmp/sender.err" ||
    fail "sender exit $?"
wait_file srv.out "2001"
[ "$(cat "$tmp/srv.out")" = "2001 199999" ] || fail "output: $(cat "$tmp/srv.out")"
grep -q '^jit: compiled work (.*) at load (--jit=always)$' "$tmp/srv.log" ||
    fail "the server did not compile the resumed process"
exit 0
