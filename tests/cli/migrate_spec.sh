#!/bin/sh
# Checkpoint and suspend inside open speculation levels, then resume: the
# resumed process ends its levels (commit, abort, out of order) exactly as an
# uninterrupted run does.  Held output is not written by a checkpoint and
# not by a suspending process: it belongs to the image, and the resumed
# process writes it when it commits (or drops it when it aborts).  Programs:
# tests/cli/migrate/spec_*.c.
set -u
BINDIR=${BINDIR:-bin}
FIRC="$(pwd)/$BINDIR/firc"
FIRVM="$(pwd)/$BINDIR/firvm"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

# expect LABEL EXPECTED-STATUS EXPECTED-OUTPUT-FILE STDIN-FILE COMMAND...
# (its variables are e_*: run_case's stay as they are)
expect() {
    e_label=$1 e_want=$2 e_exp=$3 e_in=$4; shift 4
    "$@" >"$tmp/got" 2>"$tmp/err" <"$e_in"
    e_rc=$?
    [ "$e_rc" = "$e_want" ] ||
        { fail "$e_label: exit $e_rc, expected $e_want"; cat "$tmp/err"; }
    diff -u "$e_exp" "$tmp/got" >"$tmp/diff" ||
        { fail "$e_label: output differs"; cat "$tmp/diff"; }
}

# run_case NAME MODE STATUS N STDIN [ARGS...]: N = lines an uninterrupted
# run prints before the migration point (written before the levels opened).
# The checkpointing original prints what the uninterrupted run prints; the
# resumed images print the rest; the suspending original prints the N lines.
run_case() {
    name=$1 mode=$2 st=$3 n=$4 in=$5; shift 5
    fir="$tmp/$name.fir" label="$name $mode"
    [ -f "$fir" ] || "$FIRC" "tests/cli/migrate/$name.c" -o "$fir" ||
        { fail "$name: firc"; return; }
    rm -f "$tmp/d/held.txt"
    "$FIRVM" "$fir" none "$mode" "$@" >"$tmp/full" 2>"$tmp/full.err" <"$in"
    rc=$?
    [ "$rc" = "$st" ] || fail "$label: uninterrupted run exit $rc, expected $st"
    head -n "$n" "$tmp/full" >"$tmp/before"
    tail -n +"$((n + 1))" "$tmp/full" >"$tmp/after"
    [ -s "$tmp/after" ] || fail "$label: nothing after the migration point"
    rm -f "$tmp/d/held.txt"
    expect "$label checkpoint" "$st" "$tmp/full" "$in" \
        "$FIRVM" "$fir" "checkpoint:$tmp/c.img" "$mode" "$@"
    cmp -s "$tmp/full.err" "$tmp/err" || fail "$label checkpoint: stderr differs"
    expect "$label resume checkpoint" "$st" "$tmp/after" /dev/null "$FIRVM" "$tmp/c.img"
    cmp -s "$tmp/full.err" "$tmp/err" || fail "$label resume: stderr differs"
    expect "$label resume checkpoint again" "$st" "$tmp/after" /dev/null "$FIRVM" "$tmp/c.img"
    rm -f "$tmp/d/held.txt"
    expect "$label suspend" 0 "$tmp/before" "$in" "$FIRVM" "$fir" "suspend:$tmp/s.img" "$mode" "$@"
    expect "$label resume suspended" "$st" "$tmp/after" /dev/null "$FIRVM" "$tmp/s.img"
}

mkdir -p "$tmp/d"
: >"$tmp/empty"
printf 'hello world\n' >"$tmp/hello"

# one level: heap, global, local, a block freed and one allocated inside it
run_case spec_level commit 0 1 "$tmp/empty"
run_case spec_level abort 134 1 "$tmp/empty"
grep -q "'main': use after free: load of 1 byte at offset 0 in a freed block of 64 bytes" \
    "$tmp/err" || fail "spec_level abort: the block allocated inside is not reclaimed"

# three nested levels, one entered in a frame that returned; a 256 KiB global
run_case spec_nested commit 0 1 "$tmp/empty"
run_case spec_nested abort-mid 0 1 "$tmp/empty"
run_case spec_nested abort-outer 0 1 "$tmp/empty"

# held input and files
run_case spec_io commit 0 0 "$tmp/hello" "$tmp/d"
grep -q '^file: held line 2$' "$tmp/got" || fail "spec_io commit: held writes missing"
printf 'more\n' >"$tmp/more"
printf '%s\n' "read 'hello' again after the abort" "rest: world|more|" "file is empty" >"$tmp/exp"
for mode in abort abort-late; do
    run_case spec_io $mode 0 0 "$tmp/hello" "$tmp/d"
    # the journal (or the replay buffer) comes before the resuming host's input
    expect "spec_io $mode: replay then new input" 0 "$tmp/exp" "$tmp/more" "$FIRVM" "$tmp/s.img"
done

# a failed migration inside a level returns its error and the level goes on
# (tests/cli/migrate_resume.sh, errors.c)
exit $status
