#!/bin/sh
# samples/grid.c as the paper's Figure 2 on 4 ranks (`firvm --launch 4`):
# the grid with no failure equals the single process's bit for bit; then one
# VM is killed with SIGKILL (--kill-rank R@K: rank R's VM kills itself at its
# K-th send, i.e. at step about K/2 for an inner rank) at 10 different
# points, rank 1 mostly, also the edge ranks 0 and 3 and with checkpoints
# every 2 intervals; each time the survivors roll back, the launcher
# resurrects the rank from its last checkpoint, and the final grid is
# bit-identical to the run with no failure.  Then SIGKILLs from outside at
# times the test does not choose: rank 1's VM three times, and several VMs
# at the same moment (two neighbours, two apart, three, all four): each
# dead rank resumes from its own last checkpoint, which may be an interval
# older than a dead neighbour's, so the messages between them come from
# the logs their images keep.
set -u
BINDIR=${BINDIR:-bin}
FIRC="$(pwd)/$BINDIR/firc"
FIRVM="$(pwd)/$BINDIR/firvm"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

"$FIRC" samples/grid.c -o "$tmp/grid.fir" || exit 1
"$FIRVM" "$tmp/grid.fir" | tail -n 3 >"$tmp/single" || fail "single process"
timeout 120 "$FIRVM" --launch 4 "$tmp/grid.fir" >"$tmp/clean" 2>"$tmp/clean.err" || fail "clean run: exit $?"
[ "$(head -n 1 "$tmp/clean")" = "4 ranks, 200 steps" ] || fail "clean run: $(cat "$tmp/clean")"
tail -n 3 "$tmp/clean" | diff -u "$tmp/single" - || fail "4 ranks differ from one process"
[ -s "$tmp/clean.err" ] && { cat "$tmp/clean.err"; fail "the clean run wrote on stderr"; }

for point in 1@7 1@41 1@80 1@119 1@163 1@204 1@262 1@318 0@95 3@177; do
    every=1
    case $point in 1@119|1@318) every=2 ;; esac
    timeout 180 "$FIRVM" --launch 4 --kill-rank "$point" "$tmp/grid.fir" $every \
        >"$tmp/out" 2>"$tmp/err" || fail "kill $point: exit $?"
    diff -u "$tmp/clean" "$tmp/out" || fail "kill $point: another grid"
    r=${point%@*}
    grep -q "rank $r: killing this VM at its send ${point#*@}" "$tmp/err" || fail "kill $point: not killed"
    grep -q "launch: rank $r died (signal 9); resurrecting it" "$tmp/err" || fail "kill $point: not resurrected"
    grep -q "rank $r is back (incarnation 1)" "$tmp/err" || fail "kill $point: not back"
    [ $status = 0 ] || { cat "$tmp/err"; break; }
done

# an external SIGKILL at a time the test does not control: rank 1's VM, found
# among the launcher's children, once its first checkpoint exists.  The
# delays are fractions of the clean run's own time, so that a faster
# machine or tier (the JIT) still kills it before it ends.
t0=$(date +%s%N)
timeout 180 "$FIRVM" --launch 4 "$tmp/grid.fir" 1 spec 8000 >"$tmp/clean8000" 2>&1 || fail "8000 steps"
run_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
for kill in 5:1 15:1 30:1 10:1,2 20:1,3 8:0,1,2 25:0,1,2,3; do
    percent=${kill%:*}
    ranks=$(echo "${kill#*:}" | tr , ' ')
    delay=$(awk -v ms="$run_ms" -v p="$percent" 'BEGIN { printf "%.3f", ms * p / 100000 }')
    mkdir -p "$tmp/ext"
    TMPDIR="$tmp/ext" timeout 180 "$FIRVM" --launch 4 "$tmp/grid.fir" 1 spec 8000 >"$tmp/out" 2>"$tmp/err" &
    lp=$!
    n=0
    while ! ls "$tmp"/ext/firvm-launch.*/rank.1.img >/dev/null 2>&1 && [ $n -lt 400 ]; do
        sleep 0.02; n=$((n + 1))
    done
    sleep $delay
    launcher=$(ps -o pid= --ppid $lp | tr -d ' ')
    pids=
    for r in $ranks; do
        pids="$pids $(ps -o pid=,args= --ppid "$launcher" | awk -v r="--dist-rank $r " 'index($0, r) { print $1 }')"
    done
    [ $(echo $pids | wc -w) = $(echo $ranks | wc -w) ] && kill -9 $pids ||
        fail "external kill of ranks $ranks after $delay s: not all running"
    wait $lp || fail "external kill of ranks $ranks after $delay s: exit $?"
    diff -u "$tmp/clean8000" "$tmp/out" || fail "external kill of ranks $ranks after $delay s: another grid"
    for r in $ranks; do
        grep -q "launch: rank $r died (signal 9); resurrecting it" "$tmp/err" ||
            fail "external kill of ranks $ranks after $delay s: rank $r not resurrected"
    done
    [ $status = 0 ] || { cat "$tmp/err"; break; }
    rm -rf "$tmp/ext"
done
exit $status
