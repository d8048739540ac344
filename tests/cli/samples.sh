#!/bin/sh
# Every sample compiles with firc and prints exactly what the gcc build printed
# (samples/expected/NAME.out); arguments and input as recorded below.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
run() {  # name, then arguments
    name=$1; shift
    "$BINDIR/firc" "samples/$name.c" -o "$tmp/$name.fir" || { echo "$name: firc failed"; status=1; return; }
    "$BINDIR/firvm" "$tmp/$name.fir" "$@" </dev/null >"$tmp/$name.out" 2>&1 || { echo "$name: exit $?"; status=1; }
    diff -u "samples/expected/$name.out" "$tmp/$name.out" || status=1
}
run hello one two
run calc
run wordfreq 5
run csvstat
run life
run matrix
# Speculation samples (the paper's figures 1 and 2): expected outputs were
# derived by reasoning (gcc cannot run speculate) and, for grid without
# failures, match a gcc build where speculate() is 1.
variant() {  # name, expected name, then arguments
    name=$1; exp=$2; shift 2
    "$BINDIR/firc" "samples/$name.c" -o "$tmp/$name.fir" || { echo "$name: firc failed"; status=1; return; }
    "$BINDIR/firvm" "$tmp/$name.fir" "$@" </dev/null >"$tmp/$exp.out" 2>&1 || { echo "$exp: exit $?"; status=1; }
    diff -u "samples/expected/$exp.out" "$tmp/$exp.out" || status=1
}
variant transfer transfer
variant transfer transfer_random random 7
variant grid grid
variant grid grid_failures 5
# the grid after injected failures and retries equals the failure-free one
grep -q 'neighbour failed' "$tmp/grid_failures.out" || { echo "grid 5: no failure injected"; status=1; }
if [ "$(tail -n 3 "$tmp/grid.out")" != "$(tail -n 3 "$tmp/grid_failures.out")" ]; then
    echo "grid: the result after failures differs from the failure-free run"; status=1
fi
exit $status
