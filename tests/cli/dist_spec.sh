#!/bin/sh
# Distributed speculations (tests/cli/dist/spec.c) on 2 and 3 ranks:
#   held   implicit join and commit propagation: the member's output is held
#          until the owner commits (the owner looks at the output file before
#          and after its commit), then released exactly once
#   chain  abort cascade 0 -> 1 -> 2: both members roll back to before their
#          first message of rank 0's speculation (their delivery counters are
#          rolled back too) and get the value rank 0 sends again
#   two    rank 2 depends on speculations of ranks 0 and 1: rank 1's abort
#          rolls back only what followed rank 1's message
# Each run three times (ordering between ranks varies); outputs sorted.
set -u
BINDIR=${BINDIR:-bin}
FIRC="$(pwd)/$BINDIR/firc"
FIRVM="$(pwd)/$BINDIR/firvm"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
"$FIRC" tests/cli/dist/spec.c -o "$tmp/spec.fir" || exit 1

run() { # NAME N ARGS... (expected output, sorted, on stdin)
    name=$1 n=$2; shift 2
    cat >"$tmp/want.$name"
    for k in 1 2 3; do
        rm -rf "$tmp/d"; mkdir "$tmp/d"
        timeout 60 "$FIRVM" --launch "$n" "$tmp/spec.fir" "$@" "$tmp/d" >"$tmp/d/out" 2>"$tmp/err" ||
            fail "$name: exit $?"
        sort "$tmp/d/out" | diff -u "$tmp/want.$name" - || fail "$name (run $k)"
        [ -s "$tmp/err" ] && { cat "$tmp/err"; fail "$name wrote on stderr"; }
    done
}

run held 2 held "$tmp/d/out" <<'OUT'
rank 0: member output after commit: yes
rank 0: member output before commit: no
rank 1: got 42
OUT
run chain 3 chain <<'OUT'
rank 0: sent again after the abort
rank 1: got 2, deliveries 1
rank 2: got 20, deliveries 1
OUT
run two 3 two <<'OUT'
rank 0: committed
rank 1: aborted, sent 8
rank 2: 100 + 8 = 108, deliveries 2
OUT
exit $status
