#!/bin/sh
# A cluster of two word sizes: `firvm --launch 4 --hosts A,B` where host A is
# the 32-bit firvm (make ARCH=i386; natively or under qemu-i386, through
# tools/run-i386.sh) and host B the 64-bit one.  Ranks 0 and 2 run 32-bit,
# 1 and 3 64-bit; a rank killed is resurrected from its checkpoint on the
# other word size, and samples/grid.c's grid is bit-identical every time.
set -u
. tests/cli/lib/net.sh   # $tmp, FIRVM, FIRC, fail (fatal), start_server, cleanup
status=0
F64="$(pwd)/bin/firvm"
. tests/cli/lib/i386.sh
i386_setup "the 32-bit host"

"$F64" --keygen "$tmp/k" >/dev/null || exit 1
# serve NAME FIRVM: a --serve host of that build; prints its address
serve() {
    own=$FIRVM; FIRVM=$2
    start_server "$1" --key "$tmp/k"
    FIRVM=$own
    echo "127.0.0.1:$PORT"
}
serve a "$F32" >"$tmp/a.addr"
serve b "$F64" >"$tmp/b.addr"
A=$(cat "$tmp/a.addr") B=$(cat "$tmp/b.addr")

"$FIRC" samples/grid.c -o "$tmp/grid.fir" || exit 1
"$F64" --launch 4 "$tmp/grid.fir" >"$tmp/local" 2>&1 || fail "local launch"
timeout 300 "$F64" --launch 4 --hosts "$A,$B" --key "$tmp/k" "$tmp/grid.fir" \
    >"$tmp/out" 2>"$tmp/err" || fail "two word sizes: exit $?"
diff -u "$tmp/local" "$tmp/out" || fail "two word sizes: another grid"
[ -s "$tmp/err" ] && { cat "$tmp/err"; fail "two word sizes: the clean run wrote on stderr"; }
for point in 1@80 0@95 2@163; do
    timeout 300 "$F64" --launch 4 --hosts "$A,$B" --key "$tmp/k" --kill-rank "$point" \
        "$tmp/grid.fir" >"$tmp/out" 2>"$tmp/err" || fail "kill $point: exit $?"
    diff -u "$tmp/local" "$tmp/out" || fail "kill $point: another grid"
    r=${point%@*}
    case $r in 1) from=$B to=$A ;; *) from=$A to=$B ;; esac
    grep -q "^firvm: launch: rank $r on $from died (connection lost); resurrected it from its last checkpoint on $to (incarnation 1)$" "$tmp/err" ||
        { cat "$tmp/err"; fail "kill $point: not resurrected on the other word size"; }
done
exit $status
