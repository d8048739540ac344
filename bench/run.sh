#!/bin/sh
# make bench: runs each benchmark program compiled by gcc -O0 (native), by firc (under
# firvm) and, where lua5.4 is installed, the equivalent Lua script; checks that all print
# the same output; prints the median wall time of BENCH_RUNS runs (default 3), the peak
# resident memory, and the ratios to gcc -O0, with geometric means.
# Exits 1 (after the whole table) if any program failed to build or run, or if the firvm
# or Lua output differs from gcc's.
# Environment: BINDIR (default bin), BENCH_RUNS, BENCH (substring filter of names).
set -u
BINDIR=${BINDIR:-bin}
RUNS=${BENCH_RUNS:-3}
out=build/bench
mkdir -p "$out"
have_lua=0
command -v lua5.4 >/dev/null 2>&1 && have_lua=1

# median_run CMD...: prints "seconds peak_kb" (median time, max peak) of RUNS runs.
median_run() {
    : >"$out/times"
    i=0
    while [ $i -lt "$RUNS" ]; do
        /usr/bin/time -f '%e %M' -o "$out/t1" "$@" >"$out/stdout" 2>"$out/stderr" || {
            echo "FAILED: $*" >&2; sed -n 1,5p "$out/stderr" >&2; return 1; }
        cat "$out/t1" >>"$out/times"
        i=$((i + 1))
    done
    sort -n "$out/times" | awk -v n="$RUNS" '{t[NR]=$1; if ($2>m) m=$2} END {print t[int((n+1)/2)], m}'
}

printf '%-12s %9s %9s %9s %7s %9s %7s\n' program gcc-O0 firvm peak-MB ratio lua5.4 ratio
summary=$(mktemp)
bad=0
for src in bench/c/*.c; do
    name=$(basename "$src" .c)
    [ -z "${BENCH:-}" ] || case "$name" in *$BENCH*) ;; *) continue;; esac
    gcc -O0 -w -o "$out/$name.native" "$src" -lm || { echo "$name: gcc failed" >&2; bad=1; continue; }
    "$BINDIR/firc" "$src" -o "$out/$name.fir" || { echo "$name: firc failed" >&2; bad=1; continue; }
    # (the exit status of `set -- $(...)` is set's, so each run is captured first)
    r=$(median_run "$out/$name.native") || { bad=1; continue; }
    set -- $r; t_gcc=$1; cp "$out/stdout" "$out/$name.expected"
    r=$(median_run "$BINDIR/firvm" "$out/$name.fir") || { bad=1; continue; }
    set -- $r; t_fir=$1; kb=$2
    cmp -s "$out/stdout" "$out/$name.expected" ||
        { echo "$name: firvm output differs from gcc" >&2; bad=1; }
    t_lua=-
    if [ $have_lua = 1 ] && [ -f "bench/lua/$name.lua" ]; then
        if r=$(median_run lua5.4 "bench/lua/$name.lua"); then
            set -- $r; t_lua=$1
            cmp -s "$out/stdout" "$out/$name.expected" ||
                { echo "$name: lua output differs from gcc" >&2; bad=1; }
        else
            bad=1
        fi
    fi
    echo "$name $t_gcc $t_fir $kb $t_lua" >>"$summary"
done
awk '
function r(a, b) { return b > 0 ? a / b : 0 }
{
    g = ($2 > 0.005) ? $2 : 0.005
    rf = r($3, g); printf "%-12s %9.3f %9.3f %9.1f %6.2fx", $1, $2, $3, $4 / 1024, rf
    lf += log(rf); nf++
    if ($5 != "-") { rl = r($5, g); printf " %9.3f %6.2fx", $5, rl; ll += log(rl); nl++ }
    printf "\n"
}
END {
    if (nf) printf "geometric mean: firvm %.2fx gcc -O0", exp(lf / nf)
    if (nl) printf ", lua5.4 %.2fx gcc -O0", exp(ll / nl)
    printf " (%d programs)\n", nf
}' "$summary"
rm -f "$summary"
exit $bad
