#!/bin/sh
# make bench-spec: the cost of speculation levels under firvm (bench/spec/spec_bench.c)
# next to a native fork()-based checkpoint (bench/spec/fork_spec.c), in one run, on the
# same heap sizes (200 KB, 1 MB, 16 MB, 256 MB) and fractions mutated (10%, 100%).
# Prints one table: medians in microseconds and fork / firvm ratios (higher is better
# for firvm).  Environment: BINDIR (default bin), SPEC_REPS (default 15).
set -u
BINDIR=${BINDIR:-bin}
REPS=${SPEC_REPS:-15}
out=build/bench/spec
mkdir -p "$out"
gcc -O2 -o "$out/fork_spec" bench/spec/fork_spec.c || exit 1
"$BINDIR/firc" bench/spec/spec_bench.c -o "$out/spec_bench.fir" || exit 1
"$BINDIR/firvm" --spec-io=direct "$out/spec_bench.fir" "$out/scratch" "$REPS" >"$out/fir.txt" || exit 1
"$out/fork_spec" "$REPS" >"$out/fork.txt" || exit 1
rm -f "$out/scratch"
awk '
function r(a, b) { return b > 0 ? a / b : 0 }
FNR == 1 { file++; next }
file == 1 { key = $1 " " $2; fe[key] = $3; fc[key] = $5; fa[key] = $6; next }
file == 2 { row[++n] = $0 }
END {
    printf "%8s %5s %4s | %9s %9s %10s | %9s %9s %9s | %7s %7s %7s\n", "heap_kb", "shape", "pct",
           "entry_us", "commit_us", "abort_us", "fork_ent", "fork_com", "fork_abt", "x_entry",
           "x_commit", "x_abort"
    for (i = 1; i <= n; i++) {
        split(row[i], f, " ")
        key = f[1] " " f[3]
        printf "%8d %5s %4d | %9.2f %9.2f %10.2f | %9.1f %9.1f %9.1f | %7.0f %7.0f %7.0f\n",
               f[1], f[2], f[3], f[4], f[6], f[7], fe[key], fc[key], fa[key],
               r(fe[key], f[4]), r(fc[key], f[6]), r(fa[key], f[7])
    }
}' "$out/fork.txt" "$out/fir.txt"
