#!/bin/sh
# Ranks and plain messages (dist/, <msg.h>): `firvm --launch N` on loopback,
# ping-pong, a ring, a receive from any rank, a timeout, bad ranks and a
# truncated receive (tests/cli/dist/pingpong.c), on 2 and 4 ranks; a rank
# without the run's key is refused; bad options.
set -u
BINDIR=${BINDIR:-bin}
FIRC="$(pwd)/$BINDIR/firc"
FIRVM="$(pwd)/$BINDIR/firvm"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

"$FIRC" tests/cli/dist/pingpong.c -o "$tmp/pp.fir" || exit 1
for n in 2 4; do
    timeout 60 "$FIRVM" --launch $n "$tmp/pp.fir" >"$tmp/out" 2>"$tmp/err" || fail "launch $n: exit $?"
    sort "$tmp/out" >"$tmp/sorted"
    {
        echo "rank 0 of $n: done"
        echo "rank 0: heard from $((n - 1)) ranks, sources sum $((n * (n - 1) / 2))"
        echo "rank 0: ping 1 pong 2 (len 4)"
        echo "rank 0: ping 2 pong 4 (len 4)"
        echo "rank 0: ping 3 pong 6 (len 4)"
        echo "rank 0: ring token $((100 + n * (n + 1) / 2 - 1))"
        echo "rank 0: self -3, bad rank -3"
        echo "rank 0: then 4"
        echo "rank 0: timeout -2"
        echo "rank 0: truncated 1"
        r=1; while [ $r -lt $n ]; do echo "rank $r of $n: done"; r=$((r + 1)); done
    } >"$tmp/want"
    diff -u "$tmp/want" "$tmp/sorted" || fail "launch $n output"
    [ -s "$tmp/err" ] && { cat "$tmp/err"; fail "launch $n wrote on stderr"; }
done
ls "${TMPDIR:-/tmp}" | grep -q "^firvm-launch\.$" && fail "rendezvous directory left"

# not launched: rank 0 of 1, and messages are refused
cat >"$tmp/solo.c" <<'C'
#include <msg.h>
#include <stdio.h>
int main(void)
{
    char b[4];
    printf("%d %d %d %d\n", msg_rank(), msg_size(), msg_send(0, b, 1), msg_recv(MSG_ANY, b, 4, 0));
    return 0;
}
C
"$FIRC" "$tmp/solo.c" -o "$tmp/solo.fir" || exit 1
out=$("$FIRVM" "$tmp/solo.fir" 2>&1)
[ "$out" = "0 1 -5 -5" ] || fail "solo: '$out'"

# a peer with another key is refused: rank 1 waits, then times out (exit 0 of
# its own program: it prints the timeout)
cat >"$tmp/wait.c" <<'C'
#include <msg.h>
#include <stdio.h>
int main(void)
{
    char b[4];
    if (msg_rank() == 0)
        printf("rank 0: %d\n", msg_recv(1, b, 4, 1500));
    else
        printf("rank 1: %d\n", msg_send(0, b, 1));
    return 0;
}
C
"$FIRC" "$tmp/wait.c" -o "$tmp/wait.fir" || exit 1
"$FIRVM" --keygen "$tmp/ka" >/dev/null && "$FIRVM" --keygen "$tmp/kb" >/dev/null || exit 1
mkdir "$tmp/rv"
timeout 20 "$FIRVM" --key "$tmp/ka" --net-timeout 1000 --dist-rank 0 --dist-size 2 --dist-dir "$tmp/rv" \
    "$tmp/wait.fir" >"$tmp/r0.out" 2>"$tmp/r0.err" &
p0=$!
timeout 20 "$FIRVM" --key "$tmp/kb" --net-timeout 1000 --dist-rank 1 --dist-size 2 --dist-dir "$tmp/rv" \
    "$tmp/wait.fir" >"$tmp/r1.out" 2>"$tmp/r1.err"
wait $p0
grep -q "^rank 0: -2$" "$tmp/r0.out" || fail "rank 0 heard an unauthorized peer: $(cat "$tmp/r0.out")"
grep -q "refused a peer claiming rank 1: its key is not authorized" "$tmp/r0.err" ||
    fail "no refusal logged: $(cat "$tmp/r0.err")"

# bad options
"$FIRVM" --launch 0 "$tmp/pp.fir" 2>"$tmp/e"; [ $? = 2 ] || fail "--launch 0"
grep -q "bad value for --launch: '0'" "$tmp/e" || fail "--launch 0 message"
"$FIRVM" --kill-rank x "$tmp/pp.fir" 2>"$tmp/e"; [ $? = 2 ] || fail "--kill-rank x"
"$FIRVM" --dist-rank 2 --dist-size 2 --dist-dir "$tmp" "$tmp/pp.fir" 2>"$tmp/e"; [ $? = 2 ] || fail "rank 2 of 2"
grep -q "must be below --dist-size" "$tmp/e" || fail "rank 2 of 2 message"
"$FIRVM" --dist-rank 0 --dist-size 2 --dist-dir "$tmp" "$tmp/pp.fir" 2>"$tmp/e"; [ $? = 1 ] || fail "no key"
grep -q "ranks need a key" "$tmp/e" || fail "no key message: $(cat "$tmp/e")"
exit $status
