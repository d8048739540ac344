#!/bin/sh
# Differential test of the tiers: random C programs (tests/cli/jit/gen.c, 40 seeds)
# run interpreted (--jit=off), compiled at load (--jit=always) and tiered up in the
# middle of their loops (--jit=on --jit-threshold 37) must print the same and exit
# the same.  JIT_DIFF_SEEDS=N changes the number of programs.
set -u
BINDIR=${BINDIR:-bin}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cc -std=c11 -O1 -o "$tmp/gen" tests/cli/jit/gen.c || fail "cannot build the generator"
n=${JIT_DIFF_SEEDS:-40}
seed=1
while [ $seed -le "$n" ]; do
    "$tmp/gen" $seed >"$tmp/p.c" || fail "gen $seed"
    "$BINDIR/firc" "$tmp/p.c" -o "$tmp/p.fir" 2>"$tmp/cerr" || { cat "$tmp/cerr"; fail "seed $seed: firc"; }
    "$BINDIR/firvm" --jit=off "$tmp/p.fir" >"$tmp/off" 2>&1
    echo "exit $?" >>"$tmp/off"
    for opts in "--jit=always" "--jit=on --jit-threshold 37"; do
        # shellcheck disable=SC2086
        "$BINDIR/firvm" $opts "$tmp/p.fir" >"$tmp/jit" 2>&1
        echo "exit $?" >>"$tmp/jit"
        if ! cmp -s "$tmp/off" "$tmp/jit"; then
            cp "$tmp/p.c" "/tmp/jit_diff_seed$seed.c"
            diff "$tmp/off" "$tmp/jit" | head -n 5
            fail "seed $seed: $opts differs from --jit=off (program kept in /tmp/jit_diff_seed$seed.c)"
        fi
    done
    seed=$((seed + 1))
done
echo "note: $n generated programs agree in all three tiers"
exit 0
