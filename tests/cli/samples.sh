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
exit $status
