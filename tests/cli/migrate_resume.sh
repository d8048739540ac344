#!/bin/sh
# Checkpoint and suspend, then resume: the resumed process prints exactly what
# an uninterrupted run prints after the migration point, with the same exit
# status (programs in tests/cli/migrate/: deep recursion with setjmp, a heap
# with freed blocks and a 3 MB array, open files, buffered stdio, errors).
set -u
BINDIR=${BINDIR:-bin}
FIRC="$(pwd)/$BINDIR/firc"
FIRVM="$(pwd)/$BINDIR/firvm"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

compile() {
    "$FIRC" "tests/cli/migrate/$1.c" -o "$tmp/$1.fir" || fail "$1: firc failed"
}

# expect_run LABEL EXPECTED-STATUS EXPECTED-OUTPUT-FILE COMMAND...
expect_run() {
    label=$1 want=$2 exp=$3; shift 3
    "$@" >"$tmp/got" 2>"$tmp/err" </dev/null
    rc=$?
    [ "$rc" = "$want" ] || { fail "$label: exit $rc, expected $want"; cat "$tmp/err"; }
    diff -u "$exp" "$tmp/got" >"$tmp/diff" || { fail "$label: output differs"; cat "$tmp/diff"; }
}

# checkpoint_and_suspend NAME STATUS MARKER [ARGS-BEFORE-TARGET...]
# The original that checkpoints prints what an uninterrupted run (target
# "none") prints, except lines starting with "index" (pointer-table indexes:
# packing collects garbage first, which changes the indexes of later blocks).
# The lines after the MARKER line are what a resumed process must print,
# exactly as the original printed them after the checkpoint.
checkpoint_and_suspend() {
    name=$1 st=$2 marker=$3; shift 3
    compile "$name"
    "$FIRVM" "$tmp/$name.fir" "$@" none >"$tmp/full" 2>&1 </dev/null
    rc=$?
    [ "$rc" = "$st" ] || fail "$name: uninterrupted run exit $rc, expected $st"
    "$FIRVM" "$tmp/$name.fir" "$@" "checkpoint:$tmp/$name.ckpt" >"$tmp/orig" 2>&1 </dev/null
    rc=$?
    [ "$rc" = "$st" ] || fail "$name: checkpointing run exit $rc, expected $st"
    grep -v '^index' "$tmp/full" >"$tmp/full.x"
    grep -v '^index' "$tmp/orig" >"$tmp/orig.x"
    diff -u "$tmp/full.x" "$tmp/orig.x" || fail "$name: checkpointing changed the output"
    sed -n "/^$marker/,\$p" "$tmp/orig" | tail -n +2 >"$tmp/after"
    sed "/^$marker/q" "$tmp/orig" >"$tmp/before"
    [ -s "$tmp/after" ] || fail "$name: nothing after '$marker'"
    [ -x "$tmp/$name.ckpt" ] || fail "$name: the image is not executable"
    expect_run "$name resume checkpoint" "$st" "$tmp/after" "$FIRVM" "$tmp/$name.ckpt"
    # resuming twice from one image gives the same result
    expect_run "$name resume checkpoint again" "$st" "$tmp/after" "$FIRVM" "$tmp/$name.ckpt"
    # suspend: the original stops with status 0 right there
    expect_run "$name suspend" 0 "$tmp/before" \
        "$FIRVM" "$tmp/$name.fir" "$@" "suspend:$tmp/$name.susp"
    expect_run "$name resume suspended" "$st" "$tmp/after" "$FIRVM" "$tmp/$name.susp"
}

checkpoint_and_suspend recursion 7 start
checkpoint_and_suspend heap 0 before:
mkdir -p "$tmp/d"
checkpoint_and_suspend files 0 "read 8 lines" "$tmp/d"
lines=$(wc -l <"$tmp/d/output.txt")
[ "$lines" -eq 20 ] || fail "files: output.txt has $lines lines after resuming"
grep -q '^\[line 20\]$' "$tmp/d/output.txt" || fail "files: output.txt lacks its last line"

# stdio: output buffered at the migration belongs to the image
compile stdio
"$FIRVM" "$tmp/stdio.fir" none none >"$tmp/full" </dev/null; rc=$?
[ "$rc" = 3 ] || fail "stdio: exit $rc"
: >"$tmp/empty"
expect_run "stdio suspend" 0 "$tmp/empty" "$FIRVM" "$tmp/stdio.fir" "suspend:$tmp/s1" none
expect_run "stdio resume" 3 "$tmp/full" "$FIRVM" "$tmp/s1"
# a resumed process checkpoints again: both images give the full output
expect_run "stdio two checkpoints" 3 "$tmp/full" \
    "$FIRVM" "$tmp/stdio.fir" "checkpoint:$tmp/c1" "checkpoint:$tmp/c2"
expect_run "stdio resume first" 3 "$tmp/full" "$FIRVM" "$tmp/c1"
expect_run "stdio resume second" 3 "$tmp/full" "$FIRVM" "$tmp/c2"
# ./IMAGE runs through its #! line
(PATH="$(pwd)/$BINDIR:$PATH"; cd "$tmp" && ./c2 >"$tmp/got" 2>&1 </dev/null); rc=$?
[ "$rc" = 3 ] || fail "./image: exit $rc"
diff -u "$tmp/full" "$tmp/got" || fail "./image: output differs"

# failures return negative errno values and the process goes on
compile errors
printf '%s\n' "unknown target: -22" "empty file name: -22" "missing directory: -2" \
    "inside a speculation: -2" "still running" >"$tmp/exp"
expect_run errors 0 "$tmp/exp" "$FIRVM" "$tmp/errors.fir"
exit $status
