#!/bin/sh
# Collector pauses on a ~100 MB live heap (bench/c/gcpause.c: two million
# 48-byte records, then churn), and binarytrees' memory next to gcc -O0 and
# lua5.4.  Prints the collections, the longest and total pause reported by
# `firvm --stats`, the peak live bytes and the peak resident memory.
# Environment: BINDIR (default bin).
set -u
BINDIR=${BINDIR:-bin}
out=build/bench
mkdir -p "$out"
"$BINDIR/firc" bench/c/gcpause.c -o "$out/gcpause.fir" || exit 1
/usr/bin/time -f '%e %M' -o "$out/gcpause.time" "$BINDIR/firvm" --stats "$out/gcpause.fir" \
    >"$out/gcpause.out" 2>"$out/gcpause.err" || { cat "$out/gcpause.err"; exit 1; }
awk -v t="$(cat "$out/gcpause.time")" '
/blocks allocated/ { for (i = 1; i <= NF; i++) if ($i == "peak") live = $(i + 1) }
/stats: gc:/ {
    for (i = 1; i <= NF; i++) {
        if ($i == "minor") minor = $(i - 1)
        if ($i == "major") major = $(i - 1)
        if ($i == "max") pmax = $(i + 1)
        if ($i == "total") ptot = $(i + 1)
    }
}
END {
    split(t, a, " ")
    printf "gcpause: %.1f MB live at peak, %d minor + %d major collections, " \
           "longest pause %s ms, total %s ms, %.2f s, peak RSS %.1f MB\n",
           live / 1048576, minor, major, pmax, ptot, a[1], a[2] / 1024
}' "$out/gcpause.err"
# binarytrees: time and peak resident memory against gcc -O0 and lua5.4
"$BINDIR/firc" bench/c/binarytrees.c -o "$out/binarytrees.fir" || exit 1
gcc -O0 -w -o "$out/binarytrees.native" bench/c/binarytrees.c
run() { /usr/bin/time -f '%e %M' -o "$out/bt.time" "$@" >/dev/null 2>"$out/bt.err"; cat "$out/bt.time"; }
set -- $(run "$out/binarytrees.native"); g_t=$1; g_m=$2
set -- $(run "$BINDIR/firvm" --stats "$out/binarytrees.fir"); f_t=$1; f_m=$2
live=$(sed -n 's/.*peak \([0-9]*\) bytes live.*/\1/p' "$out/bt.err")
l_t=-; l_m=0
if command -v lua5.4 >/dev/null 2>&1; then
    set -- $(run lua5.4 bench/lua/binarytrees.lua); l_t=$1; l_m=$2
fi
printf 'binarytrees: firvm %s s %.1f MB, gcc -O0 %s s %.1f MB, lua5.4 %s s %.1f MB; ' \
    "$f_t" "$(echo "$f_m / 1024" | bc -l)" "$g_t" "$(echo "$g_m / 1024" | bc -l)" \
    "$l_t" "$(echo "$l_m / 1024" | bc -l)"
printf 'peak live block bytes %.1f MB\n' "$(echo "$live / 1048576" | bc -l)"
