#!/bin/sh
# make bench-cluster: samples/grid.c as Figure 2 on 4 ranks (firvm --launch 4).
#   overhead  failure-free wall time of the grid with a speculation per interval
#             and a checkpoint every interval (K=1), with speculation only (no
#             checkpoint), against the same exchanges with neither ("plain")
#   recovery  the same run with rank 1's VM SIGKILLed half-way (--kill-rank):
#             its extra wall time over the failure-free run, split from the log
#             into detection (kill to the launcher's notice), resurrection (to
#             the peers' "is back") and rollback + catch-up (the rest)
#   hosts     the same two runs with the ranks on two `firvm --serve` hosts on
#             loopback (--launch 4 --hosts): failure-free against the local
#             launcher's, and the extra time of the killed run (rank 1's VM
#             resurrected on the other host from the image the launcher keeps)
# Medians of CLUSTER_REPS runs (default 5) of CLUSTER_STEPS steps (default 1000).
set -u
BINDIR=${BINDIR:-bin}
REPS=${CLUSTER_REPS:-5}
STEPS=${CLUSTER_STEPS:-1000}
out=build/bench/cluster
mkdir -p "$out"
"$BINDIR/firc" samples/grid.c -o "$out/grid.fir" || exit 1
FIRVM="$BINDIR/firvm"

now() { date +%s.%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# wall seconds of one launch: ARGS...
timed() {
    t0=$(now)
    "$FIRVM" --launch 4 "$@" >"$out/run.out" 2>"$out/run.err" || { echo "bench-cluster: run failed: $*" >&2; cat "$out/run.err" >&2; exit 1; }
    t1=$(now)
    echo "$t1 - $t0" | bc -l
}

: >"$out/plain"; : >"$out/spec"; : >"$out/ckpt"; : >"$out/kill"
: >"$out/detect"; : >"$out/resurrect"
half=$STEPS # rank 1 sends 2 rows a step: its STEPS-th send is half-way
for i in $(seq "$REPS"); do
    timed "$out/grid.fir" 0 plain "$STEPS" >>"$out/plain"
    cp "$out/run.out" "$out/plain.out"
    timed "$out/grid.fir" 0 spec "$STEPS" >>"$out/spec"
    timed "$out/grid.fir" 1 spec "$STEPS" >>"$out/ckpt"
    cp "$out/run.out" "$out/ckpt.out"
    # the killed run, its log lines stamped by the VMs themselves
    t0=$(now)
    FIRVM_DIST_TIMESTAMPS=1 "$FIRVM" --launch 4 --kill-rank "1@$half" "$out/grid.fir" 1 spec \
        "$STEPS" >"$out/kill.out" 2>"$out/kill.err"
    t1=$(now)
    echo "$t1 - $t0" | bc -l >>"$out/kill"
    cmp -s "$out/kill.out" "$out/ckpt.out" || { echo "bench-cluster: the killed run ended with another grid" >&2; exit 1; }
    tk=$(awk '/killing this VM/ { print $1; exit }' "$out/kill.err")
    td=$(awk '/launch: rank 1 died/ { print $1; exit }' "$out/kill.err")
    tb=$(awk '/rank 1 is back/ { t = $1 } END { print t }' "$out/kill.err")
    echo "$td - $tk" | bc -l >>"$out/detect"
    echo "$tb - $td" | bc -l >>"$out/resurrect"
done
cmp -s "$out/plain.out" "$out/ckpt.out" || { echo "bench-cluster: plain and speculative grids differ" >&2; exit 1; }

# across two --serve hosts
"$FIRVM" --keygen "$out/key.$$" >/dev/null || exit 1
for h in a b; do
    "$FIRVM" --serve --key "$out/key.$$" --listen 127.0.0.1:0 >/dev/null 2>"$out/serve.$h" &
    echo $! >"$out/serve.$h.pid"
done
trap 'kill $(cat "$out"/serve.*.pid) 2>/dev/null; rm -f "$out/key.$$" "$out/key.$$.pub"' EXIT
sleep 0.5
hosts=$(sed -n 's/.*listening on \([0-9.:]*\) .*/\1/p' "$out/serve.a" "$out/serve.b" | paste -sd, -)
: >"$out/hosts"; : >"$out/hosts_kill"
for i in $(seq "$REPS"); do
    timed --hosts "$hosts" --key "$out/key.$$" "$out/grid.fir" 1 spec "$STEPS" >>"$out/hosts"
    cmp -s "$out/run.out" "$out/ckpt.out" || { echo "bench-cluster: --hosts ended with another grid" >&2; exit 1; }
    timed --hosts "$hosts" --key "$out/key.$$" --kill-rank "1@$half" "$out/grid.fir" 1 spec \
        "$STEPS" >>"$out/hosts_kill"
    cmp -s "$out/run.out" "$out/ckpt.out" || { echo "bench-cluster: --hosts killed ended with another grid" >&2; exit 1; }
done

P=$(median <"$out/plain"); S=$(median <"$out/spec"); C=$(median <"$out/ckpt"); K=$(median <"$out/kill")
D=$(median <"$out/detect"); R=$(median <"$out/resurrect")
H=$(median <"$out/hosts"); HK=$(median <"$out/hosts_kill")
echo "grid 96x96, $STEPS steps, 4 ranks, interval 20 steps; medians of $REPS runs (seconds)"
printf "%-44s %8.3f\n" "plain (no speculation, no checkpoint)" "$P"
printf "%-44s %8.3f   x%.2f of plain\n" "speculation per interval" "$S" "$(echo "$S / $P" | bc -l)"
printf "%-44s %8.3f   x%.2f of plain\n" "speculation + checkpoint every interval" "$C" "$(echo "$C / $P" | bc -l)"
printf "%-44s %8.3f   x%.2f of failure-free\n" "one VM killed half-way (SIGKILL)" "$K" "$(echo "$K / $C" | bc -l)"
printf "%-44s %8.3f\n" "  recovery: extra time over failure-free" "$(echo "$K - $C" | bc -l)"
printf "%-44s %8.3f\n" "    detect (kill -> launcher sees the death)" "$D"
printf "%-44s %8.3f\n" "    resurrect (-> peers see it back)" "$R"
printf "%-44s %8.3f\n" "    roll back + catch up (the rest)" "$(echo "$K - $C - $D - $R" | bc -l)"
printf "%-44s %8.3f   x%.2f of the local launcher\n" "on 2 --serve hosts: spec + checkpoints" "$H" "$(echo "$H / $C" | bc -l)"
printf "%-44s %8.3f   x%.2f of failure-free\n" "  one VM killed half-way, back on the other" "$HK" "$(echo "$HK / $H" | bc -l)"
printf "%-44s %8.3f\n" "  recovery: extra time over failure-free" "$(echo "$HK - $H" | bc -l)"
