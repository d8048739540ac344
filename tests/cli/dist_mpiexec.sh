#!/bin/sh
# Ranks started by mpiexec (Debian's mpich, on localhost): each firvm takes
# its rank and size from PMI_RANK/PMI_SIZE and meets the others through the
# default rendezvous directory (TMPDIR/firvm-dist-PPID: the ranks of one
# mpiexec share their proxy parent), authenticated with --key.  The same
# program as dist_msg.sh, with the same output.
set -u
BINDIR=${BINDIR:-bin}
FIRC="$(pwd)/$BINDIR/firc"
FIRVM="$(pwd)/$BINDIR/firvm"
if ! command -v mpiexec >/dev/null 2>&1; then
    sh tools/setup-deps.sh mpich >/dev/null 2>&1 || true
fi
if ! command -v mpiexec >/dev/null 2>&1; then
    echo "SKIP: mpiexec is not installed and mpich cannot be installed here"
    exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

"$FIRC" tests/cli/dist/pingpong.c -o "$tmp/pp.fir" || exit 1
"$FIRVM" --keygen "$tmp/key" >/dev/null || exit 1
TMPDIR="$tmp" timeout 60 mpiexec -n 3 "$FIRVM" --key "$tmp/key" "$tmp/pp.fir" >"$tmp/out" 2>"$tmp/err" ||
    fail "mpiexec: exit $?"
sort "$tmp/out" >"$tmp/sorted"
cat >"$tmp/want" <<'OUT'
rank 0 of 3: done
rank 0: heard from 2 ranks, sources sum 3
rank 0: ping 1 pong 2 (len 4)
rank 0: ping 2 pong 4 (len 4)
rank 0: ping 3 pong 6 (len 4)
rank 0: ring token 105
rank 0: self -3, bad rank -3
rank 0: then 4
rank 0: timeout -2
rank 0: truncated 1
rank 1 of 3: done
rank 2 of 3: done
OUT
diff -u "$tmp/want" "$tmp/sorted" || fail "mpiexec output"
[ -s "$tmp/err" ] && { cat "$tmp/err"; fail "mpiexec wrote on stderr"; }
ls "$tmp" | grep -q "^firvm-dist-" && fail "rendezvous directory left: $(ls "$tmp")"

# an explicit rendezvous directory (FIRVM_DIST_DIR) works the same way
mkdir "$tmp/rv"
FIRVM_DIST_DIR="$tmp/rv" timeout 60 mpiexec -n 2 "$FIRVM" --key "$tmp/key" "$tmp/pp.fir" >"$tmp/out2" 2>&1 ||
    fail "mpiexec FIRVM_DIST_DIR: exit $?"
grep -c "done$" "$tmp/out2" | grep -qx 2 || fail "FIRVM_DIST_DIR: $(cat "$tmp/out2")"
exit $status
