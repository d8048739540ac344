#!/bin/sh
# make bench: runs each benchmark program compiled by gcc -O0 (native), by firc under
# firvm's interpreter (--jit=off) and with its JIT (--jit=on, the default) and, where
# lua5.4 is installed, the equivalent Lua script; checks that all print the same output;
# prints the median wall time of BENCH_RUNS runs (default 3), the JIT run's peak resident
# memory, the ratios to gcc -O0 and the JIT's speed-up over the interpreter, with
# geometric means, and the JIT's compile time per KB of FIR (every function compiled
# once, --jit=always --trace=jit).
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

printf '%-12s %8s %8s %7s %8s %7s %8s %6s %8s %7s\n' program gcc-O0 interp ratio jit ratio \
    peak-MB jit/in lua5.4 ratio
summary=$(mktemp)
bad=0
rm -f "$out/compile"
for src in bench/c/*.c; do
    name=$(basename "$src" .c)
    [ -z "${BENCH:-}" ] || case "$name" in *$BENCH*) ;; *) continue;; esac
    gcc -O0 -w -o "$out/$name.native" "$src" -lm || { echo "$name: gcc failed" >&2; bad=1; continue; }
    "$BINDIR/firc" "$src" -o "$out/$name.fir" || { echo "$name: firc failed" >&2; bad=1; continue; }
    # (the exit status of `set -- $(...)` is set's, so each run is captured first)
    r=$(median_run "$out/$name.native") || { bad=1; continue; }
    set -- $r; t_gcc=$1; cp "$out/stdout" "$out/$name.expected"
    r=$(median_run "$BINDIR/firvm" --jit=off "$out/$name.fir") || { bad=1; continue; }
    set -- $r; t_int=$1
    cmp -s "$out/stdout" "$out/$name.expected" ||
        { echo "$name: firvm --jit=off output differs from gcc" >&2; bad=1; }
    r=$(median_run "$BINDIR/firvm" --jit=on "$out/$name.fir") || { bad=1; continue; }
    set -- $r; t_jit=$1; kb=$2
    cmp -s "$out/stdout" "$out/$name.expected" ||
        { echo "$name: firvm --jit=on output differs from gcc" >&2; bad=1; }
    # compile time: every function of the program once, per KB of its .fir
    "$BINDIR/firvm" --jit=always --trace=jit "$out/$name.fir" 2>"$out/trace" >/dev/null
    us=$(sed -n 's/.* in \([0-9.]*\) us).*/\1/p' "$out/trace" | awk '{s += $1} END {print s + 0}')
    fir_kb=$(wc -c <"$out/$name.fir" | awk '{print $1 / 1024}')
    echo "$us $fir_kb" >>"$out/compile"
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
    echo "$name $t_gcc $t_int $t_jit $kb $t_lua" >>"$summary"
done
awk '
function r(a, b) { return b > 0 ? a / b : 0 }
function floor5(t) { return t > 0.005 ? t : 0.005 }
{
    g = floor5($2)
    ri = r($3, g); rj = r(floor5($4), g); sp = r($3, floor5($4))
    printf "%-12s %8.3f %8.3f %6.2fx %8.3f %6.2fx %8.1f %5.2fx", $1, $2, $3, ri, $4, rj, $5 / 1024, sp
    li += log(ri); lj += log(rj); ls += log(sp); n++
    if ($6 != "-") { rl = r($6, g); printf " %8.3f %6.2fx", $6, rl; ll += log(rl); nl++ }
    printf "\n"
}
END {
    if (n) printf "geometric mean: interpreter %.2fx gcc -O0, JIT %.2fx gcc -O0 (%.2fx faster than the interpreter)", exp(li / n), exp(lj / n), exp(ls / n)
    if (nl) printf ", lua5.4 %.2fx gcc -O0", exp(ll / nl)
    printf " (%d programs)\n", n
}' "$summary"
[ -s "$out/compile" ] && awk '{us += $1; kb += $2} END {
    if (kb > 0) printf "JIT compile time: %.0f us per KB of FIR (%.0f us for %.0f KB, every function of every program)\n", us / kb, us, kb
}' "$out/compile"
rm -f "$out/compile"
rm -f "$summary"
exit $bad
