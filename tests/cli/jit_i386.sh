#!/bin/sh
# The IA-32 back end (the 32-bit build's JIT), on this machine natively or under
# qemu-i386: the JIT's own programs (tests/cli/jit) and 15 generated programs
# (tests/cli/jit/gen.c) print and exit the same with the 32-bit firvm at
# --jit=always and --jit=on as with the 64-bit interpreter, a fault in compiled
# code says the same, and a function is really compiled.  Host calls (hcall.c),
# indirect calls (callind.c), i64 multiplication, division, shifts and
# comparisons (i64ops.c), returns of frames with blocks (frameblk.c) and dense
# switches (switch.c), run with each argument that picks a fault, print, fault
# and exit at --jit=always and --jit=on as the 32-bit and the 64-bit
# interpreters do, and the functions that make them are compiled whole.
# Builds the i386 firvm as cli/migrate_i386 does.
set -u
BINDIR=${BINDIR:-bin}
FIRC="$(pwd)/$BINDIR/firc"
F64="$(pwd)/bin/firvm"
BIN32="$(pwd)/build/i386/bin/firvm"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
ARCH=i386 sh tools/setup-deps.sh >"$tmp/setup.log" 2>&1 ||
    { cat "$tmp/setup.log"; fail "cannot install the i386 build's packages"; }
MAKEFLAGS= make -s ARCH=i386 SAN=0 build/i386/bin/firvm >"$tmp/build.log" 2>&1 &&
    MAKEFLAGS= make -s SAN=0 bin/firvm >>"$tmp/build.log" 2>&1 ||
    { cat "$tmp/build.log"; fail "the i386 or the 64-bit build failed"; }
sh tools/run-i386.sh --how >/dev/null || fail "no way to run the 32-bit build"
f32() { sh tools/run-i386.sh "$BIN32" "$@"; }

"$FIRC" tests/cli/jit/tiers.c -o "$tmp/tiers.fir" || fail "firc tiers.c"
f32 --jit=always --trace=jit "$tmp/tiers.fir" 2>"$tmp/trace" >/dev/null
grep -q '^jit: compiled main (.* inline; .*) at load (--jit=always)$' "$tmp/trace" ||
    fail "the 32-bit build did not compile main: $(head -n 2 "$tmp/trace")"

cc -std=c11 -O1 -o "$tmp/gen" tests/cli/jit/gen.c || fail "cannot build the generator"
progs=""
for p in tiers fault spec checkpoint fptr; do progs="$progs tests/cli/jit/$p.c"; done
seed=1
while [ $seed -le 15 ]; do
    "$tmp/gen" $seed >"$tmp/gen$seed.c" || fail "gen $seed"
    progs="$progs $tmp/gen$seed.c"
    seed=$((seed + 1))
done
for src in $progs; do
    name=$(basename "$src" .c)
    "$FIRC" "$src" -o "$tmp/$name.fir" || fail "firc $src"
    "$F64" --jit=off "$tmp/$name.fir" >"$tmp/want" 2>&1
    echo "exit $?" >>"$tmp/want"
    for mode in always on; do
        f32 --jit=$mode "$tmp/$name.fir" >"$tmp/got" 2>&1
        echo "exit $?" >>"$tmp/got"
        cmp -s "$tmp/want" "$tmp/got" ||
            { diff "$tmp/want" "$tmp/got" | head -n 5; fail "$name: 32-bit --jit=$mode differs"; }
    done
done

# name, arguments (0: no fault), then function=N: compiled with all its N
# instructions inline at --jit=always.
while read -r name cases whole; do
    "$FIRC" "tests/cli/jit/$name.c" -o "$tmp/$name.fir" || fail "firc $name.c"
    f32 --jit=always --trace=jit "$tmp/$name.fir" >/dev/null 2>"$tmp/trace"
    for fn in $whole; do
        fname=${fn%%=*}; ninsn=${fn#*=}
        grep -q "^jit: compiled $fname ($ninsn FIR instructions, $ninsn inline;" "$tmp/trace" ||
            fail "$name: $fname not compiled whole ($ninsn): $(grep " $fname (" "$tmp/trace")"
    done
    for arg in $(echo "$cases" | tr , ' '); do
        "$F64" --jit=off "$tmp/$name.fir" "$arg" >"$tmp/want" 2>&1
        echo "exit $?" >>"$tmp/want"
        for mode in off always on; do
            f32 --jit=$mode "$tmp/$name.fir" "$arg" >"$tmp/got" 2>&1
            echo "exit $?" >>"$tmp/got"
            cmp -s "$tmp/want" "$tmp/got" ||
                { diff "$tmp/want" "$tmp/got" | head -n 5; fail "$name $arg: 32-bit --jit=$mode differs"; }
        done
    done
done <<EOF
hcall 0,1,2,3,4 measure=2 strlen=2 shape=12 memcmp=20
callind 0,1,2,3,4,5 apply=2 note=5 many=15 down=10 main=121
i64ops 0,1,2,3,4,5 divs=2 rems=2 remu=2 mix=3 sweep=41 shifts=30 compares=47 main=91
frameblk 0,1 depth=17 leak=5 main=41
switch 0 small=23 wide=19 low=19 main=66
EOF
exit 0
