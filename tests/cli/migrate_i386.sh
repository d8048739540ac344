#!/bin/sh
# Images are portable between the 64-bit and the 32-bit host builds: a
# process checkpointed by one resumes on the other with identical output,
# and both builds write identical images.  Builds the i386 firvm first
# (make ARCH=i386, about 20 s, after installing the i386 packages if missing) and
# runs it through tools/run-i386.sh: natively, or under qemu-i386 where the kernel
# cannot run 32-bit programs (FIR_I386_RUN=qemu forces that way).
set -u
BINDIR=${BINDIR:-bin}
FIRC="$(pwd)/$BINDIR/firc"
F64="$(pwd)/bin/firvm"          # the default (64-bit) build, whatever BINDIR is
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
. tests/cli/lib/i386.sh
i386_setup "the 32-bit firvm"

# run LABEL EXPECTED-STATUS OUT COMMAND...
run() {
    label=$1 want=$2 out=$3; shift 3
    "$@" >"$out" 2>&1 </dev/null
    rc=$?
    [ "$rc" = "$want" ] || { fail "$label: exit $rc, expected $want"; head -n 5 "$out"; }
}

for prog in recursion heap files; do
    "$FIRC" "tests/cli/migrate/$prog.c" -o "$tmp/$prog.fir" || { fail "$prog: firc"; continue; }
    set -- ; st=0
    case $prog in
    recursion) st=7 ;;
    files) mkdir -p "$tmp/d64" "$tmp/d32" ;;
    esac
    a64="" a32=""
    [ "$prog" = files ] && a64="$tmp/d64" && a32="$tmp/d32"
    # uninterrupted runs agree
    run "$prog 64" "$st" "$tmp/u64" "$F64" "$tmp/$prog.fir" $a64 none
    run "$prog 32" "$st" "$tmp/u32" "$F32" "$tmp/$prog.fir" $a32 none
    sed "s|$tmp/d32|DIR|g" "$tmp/u32" >"$tmp/u32.x"
    sed "s|$tmp/d64|DIR|g" "$tmp/u64" >"$tmp/u64.x"
    diff -u "$tmp/u64.x" "$tmp/u32.x" || fail "$prog: 32-bit and 64-bit runs differ"
    # checkpoint on one, resume on both
    # (one image path for both, so both processes hold the same strings)
    run "$prog ckpt 64" "$st" "$tmp/c64" "$F64" "$tmp/$prog.fir" $a64 "checkpoint:$tmp/$prog.img"
    mv "$tmp/$prog.img" "$tmp/$prog.i64"
    run "$prog ckpt 32" "$st" "$tmp/c32" "$F32" "$tmp/$prog.fir" $a64 "checkpoint:$tmp/$prog.img"
    mv "$tmp/$prog.img" "$tmp/$prog.i32"
    diff -u "$tmp/c64" "$tmp/c32" || fail "$prog: checkpointing runs differ"
    cmp "$tmp/$prog.i64" "$tmp/$prog.i32" || fail "$prog: the two builds wrote different images"
    run "$prog 64 -> 64" "$st" "$tmp/r6464" "$F64" "$tmp/$prog.i64"
    run "$prog 64 -> 32" "$st" "$tmp/r6432" "$F32" "$tmp/$prog.i64"
    run "$prog 32 -> 64" "$st" "$tmp/r3264" "$F64" "$tmp/$prog.i32"
    run "$prog 32 -> 32" "$st" "$tmp/r3232" "$F32" "$tmp/$prog.i32"
    [ -s "$tmp/r6464" ] || fail "$prog: the resumed process printed nothing"
    for r in r6432 r3264 r3232; do
        diff -u "$tmp/r6464" "$tmp/$r" || fail "$prog: resume $r differs"
    done
    # suspend on 32, resume on 64, and the other way round
    run "$prog susp 32" 0 "$tmp/s32" "$F32" "$tmp/$prog.fir" $a64 "suspend:$tmp/$prog.s32"
    run "$prog susp 32 -> 64" "$st" "$tmp/rs" "$F64" "$tmp/$prog.s32"
    diff -u "$tmp/r6464" "$tmp/rs" || fail "$prog: suspended on 32, resumed on 64 differs"
    run "$prog susp 64" 0 "$tmp/s64" "$F64" "$tmp/$prog.fir" $a64 "suspend:$tmp/$prog.s64"
    run "$prog susp 64 -> 32" "$st" "$tmp/rs" "$F32" "$tmp/$prog.s64"
    diff -u "$tmp/r6464" "$tmp/rs" || fail "$prog: suspended on 64, resumed on 32 differs"
done
# open speculation levels (held output, pages of a 256 KiB global, the frame
# of a function that returned inside a level) move between the builds too
"$FIRC" tests/cli/migrate/spec_nested.c -o "$tmp/sn.fir" || fail "spec_nested: firc"
for mode in commit abort-mid; do
    run "spec $mode 64" 0 "$tmp/n64" "$F64" "$tmp/sn.fir" "checkpoint:$tmp/sn.img" $mode
    mv "$tmp/sn.img" "$tmp/sn.i64"
    run "spec $mode 32" 0 "$tmp/n32" "$F32" "$tmp/sn.fir" "checkpoint:$tmp/sn.img" $mode
    mv "$tmp/sn.img" "$tmp/sn.i32"
    diff -u "$tmp/n64" "$tmp/n32" || fail "spec $mode: checkpointing runs differ"
    cmp "$tmp/sn.i64" "$tmp/sn.i32" || fail "spec $mode: the two builds wrote different images"
    tail -n +2 "$tmp/n64" >"$tmp/nexp"
    for img in i64 i32; do
        for vm in "$F64" "$F32"; do
            run "spec $mode $img on $vm" 0 "$tmp/nres" "$vm" "$tmp/sn.$img"
            diff -u "$tmp/nexp" "$tmp/nres" || fail "spec $mode: $img resumed by $vm differs"
        done
    done
done
exit $status
