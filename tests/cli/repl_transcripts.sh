#!/bin/sh
# firvm --repl transcripts: every tests/repl/NAME.cmd is fed on standard input
# to a session on NAME.c (or the source NAME.src names; compiled by firc;
# arguments from NAME.args), and the
# whole output must equal NAME.out.  @TMP@ in a command names a scratch folder
# (shown as TMP in the output).  Sessions run from the top of the tree, where
# the sources are.
set -u
FIRC=${BINDIR:-bin}/firc
FIRVM=${BINDIR:-bin}/firvm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for cmd in tests/repl/*.cmd; do
    base=${cmd%.cmd}
    name=$(basename "$base")
    src=$base.c; [ -f "$base.src" ] && src=$(cat "$base.src")
    "$FIRC" "$src" -o "$tmp/$name.fir" || { echo "FAIL: $name: does not compile"; status=1; continue; }
    args=""; [ -f "$base.args" ] && args=$(cat "$base.args")
    # shellcheck disable=SC2086
    sed "s|@TMP@|$tmp|g" "$cmd" >"$tmp/$name.in"
    "$FIRVM" --repl "$tmp/$name.fir" $args <"$tmp/$name.in" >"$tmp/$name.got" 2>&1
    sed "s|$tmp/|TMP/|g" "$tmp/$name.got" >"$tmp/$name.cmp"
    if ! diff -u "$base.out" "$tmp/$name.cmp"; then
        echo "FAIL: $name: transcript differs"
        status=1
    fi
done
exit $status
