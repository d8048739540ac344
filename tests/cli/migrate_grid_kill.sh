#!/bin/sh
# A grid computation that checkpoints every 10 steps (tests/cli/migrate/grid.c)
# is killed with SIGKILL in the middle of its run; resuming its last
# checkpoint (`firvm FILE`, and `./FILE`) ends with the same final grid as a
# run that was never killed.  Checkpoints are written to a temporary file
# and renamed, so the kill never leaves a torn image.
set -u
BINDIR=${BINDIR:-bin}
FIRC="$(pwd)/$BINDIR/firc"
FIRVM="$(pwd)/$BINDIR/firvm"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
STEPS=4000

"$FIRC" tests/cli/migrate/grid.c -o "$tmp/grid.fir" || exit 1
"$FIRVM" "$tmp/grid.fir" $STEPS "$tmp/whole.ckpt" >"$tmp/whole.out" 2>&1 || fail "unkilled run"

"$FIRVM" "$tmp/grid.fir" $STEPS "$tmp/grid.ckpt" >"$tmp/killed.out" 2>&1 &
pid=$!
n=0
while [ ! -f "$tmp/grid.ckpt" ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
sleep 0.5
kill -9 "$pid" 2>/dev/null || fail "the run ended before it could be killed (make STEPS larger)"
wait "$pid" 2>/dev/null
[ -s "$tmp/killed.out" ] && fail "the killed run printed its result"
[ -f "$tmp/grid.ckpt" ] || { fail "no checkpoint was written"; exit 1; }
ls "$tmp" | grep -q '\.tmp\.' && echo "note: a temporary image was left behind by the kill"

"$FIRVM" "$tmp/grid.ckpt" >"$tmp/resumed.out" 2>&1 || fail "resume exit $?"
diff -u "$tmp/whole.out" "$tmp/resumed.out" || fail "the resumed run ends with another grid"
(PATH="$(pwd)/$BINDIR:$PATH"; cd "$tmp" && ./grid.ckpt >"$tmp/again.out" 2>&1) || fail "./grid.ckpt"
diff -u "$tmp/whole.out" "$tmp/again.out" || fail "./grid.ckpt ends with another grid"

# samples/grid.c (Figure 2) checkpoints after every committed interval when
# given a file: the run prints what it prints without one, and its last
# checkpoint resumes to the same final grid (the output still buffered at
# that checkpoint is the process's, so the resumed run prints it too)
"$FIRC" samples/grid.c -o "$tmp/sgrid.fir" || exit 1
"$FIRVM" "$tmp/sgrid.fir" 5 "$tmp/sgrid.ckpt" >"$tmp/sgrid.out" 2>&1 || fail "samples/grid"
diff -u samples/expected/grid_failures.out "$tmp/sgrid.out" || fail "samples/grid with checkpoints"
"$FIRVM" "$tmp/sgrid.ckpt" >"$tmp/sgrid.res" 2>&1 || fail "samples/grid resume"
diff -u samples/expected/grid_failures.out "$tmp/sgrid.res" || fail "samples/grid resumed"
exit $status
