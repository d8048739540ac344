#!/bin/sh
# The JIT's tiers: what --jit=on compiles and when (--trace=jit), that every
# tier prints the same output, faults with the same message and line, rolls
# back the same, and that an image written in one tier resumes in the other;
# --jit-perf-map; usage errors.
set -u
BINDIR=${BINDIR:-bin}
FIRC=$BINDIR/firc
FIRVM=$BINDIR/firvm
dir=tests/cli/jit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

for p in tiers fault spec checkpoint fptr; do
    "$FIRC" "$dir/$p.c" -o "$tmp/$p.fir" || fail "firc $p.c"
done
if ! "$FIRVM" --jit=always --trace=jit "$tmp/tiers.fir" 2>&1 >/dev/null | grep -q '^jit: compiled main'; then
    echo "note: this build has no JIT back end: only the interpreter is tested"
    exit 0
fi

# what is compiled: main through its loop head, its calls of square inlined
# (so square never gets hot) and of once; without inlining square when hot,
# once never
compiled() {
    sed 's/ (.*)//' "$tmp/err" | grep -v ' __\|printf\|fmt_\|put_\|format\|digits\|reserve\|finish\|str\|write\|flush' >"$tmp/compiled"
}
"$FIRVM" --trace=jit "$tmp/tiers.fir" >"$tmp/out" 2>"$tmp/err" || fail "tiers: exit $?"
[ "$(cat "$tmp/out")" = "332833500 42" ] || fail "tiers: output $(cat "$tmp/out")"
compiled
printf 'jit: compiled main when hot\n' >"$tmp/want"
diff -u "$tmp/want" "$tmp/compiled" || fail "tiers: what --jit=on compiled"
grep -q '^jit: compiled main ([0-9]* FIR instructions, [0-9]* inline, calls of square, once inlined; [0-9]* bytes in [0-9.]* us) when hot$' "$tmp/err" ||
    fail "tiers: trace line: $(grep main "$tmp/err")"
FIRVM_JIT_INLINE=0 "$FIRVM" --trace=jit "$tmp/tiers.fir" >"$tmp/out" 2>"$tmp/err" || fail "tiers: exit $?"
[ "$(cat "$tmp/out")" = "332833500 42" ] || fail "tiers without inlining: output $(cat "$tmp/out")"
compiled
printf 'jit: compiled main when hot\njit: compiled square when hot\n' >"$tmp/want"
diff -u "$tmp/want" "$tmp/compiled" || fail "tiers: what --jit=on compiled without inlining"
grep -q "compiled once" "$tmp/err" && fail "tiers: 'once' (one call, no loop) was compiled"
grep -q '^jit: compiled main ([0-9]* FIR instructions, [0-9]* inline; [0-9]* bytes in [0-9.]* us) when hot$' "$tmp/err" ||
    fail "tiers: trace line without inlining: $(grep main "$tmp/err")"
# a threshold above the 1000 calls and iterations: neither is hot
"$FIRVM" --trace=jit --jit-threshold 5000 "$tmp/tiers.fir" 2>"$tmp/err" >/dev/null
grep -q 'compiled main' "$tmp/err" && fail "threshold 5000: main compiled"
grep -q 'compiled square' "$tmp/err" && fail "threshold 5000: square (1000 calls) compiled"
"$FIRVM" --trace=jit --jit=off "$tmp/tiers.fir" 2>"$tmp/err" >/dev/null
[ ! -s "$tmp/err" ] || fail "--jit=off traced: $(cat "$tmp/err")"
"$FIRVM" --trace=jit --jit=always "$tmp/tiers.fir" 2>"$tmp/err" >/dev/null
grep -q '^jit: compiled once (.*) at load (--jit=always)$' "$tmp/err" || fail "--jit=always: once"

# the same output, exit status and fault in every tier
for p in fault spec checkpoint fptr; do
    "$FIRVM" --jit=off "$tmp/$p.fir" >"$tmp/$p.off" 2>"$tmp/$p.off.err"
    echo "exit $?" >>"$tmp/$p.off"
    for mode in on always; do
        "$FIRVM" --jit=$mode "$tmp/$p.fir" >"$tmp/$p.$mode" 2>"$tmp/$p.$mode.err"
        echo "exit $?" >>"$tmp/$p.$mode"
        diff -u "$tmp/$p.off" "$tmp/$p.$mode" || fail "$p: --jit=$mode output differs"
        diff -u "$tmp/$p.off.err" "$tmp/$p.$mode.err" || fail "$p: --jit=$mode stderr differs"
    done
done
grep -q "fault.c:13: in function 'main': out of bounds: store of 4 bytes at offset 4000" \
    "$tmp/fault.always.err" || fail "fault: message $(cat "$tmp/fault.always.err")"
grep -q "fptr.c:37: in function 'main': call through a function pointer of the wrong type: 'half'" \
    "$tmp/fptr.on.err" || fail "fptr: message $(cat "$tmp/fptr.on.err")"
[ "$(head -n 1 "$tmp/fptr.off")" = "$(head -n 1 "$tmp/fptr.always")" ] || fail "fptr: output"
[ "$(cat "$tmp/spec.off")" = "-2424946
exit 0" ] || fail "spec: $(cat "$tmp/spec.off")"

# an image written from compiled code resumes interpreted, and the other way round
for pair in always:off off:always on:on; do
    w=${pair%%:*} r=${pair#*:}
    rm -f "$tmp/img"
    "$FIRVM" --jit=$w "$tmp/checkpoint.fir" "checkpoint:$tmp/img" >"$tmp/first" ||
        fail "checkpoint with --jit=$w: exit $?"
    [ -f "$tmp/img" ] || fail "checkpoint with --jit=$w: no image"
    "$FIRVM" --jit=$r "$tmp/img" >"$tmp/resumed" || fail "resume with --jit=$r: exit $?"
    head -n 1 "$tmp/checkpoint.off" >"$tmp/want"
    diff -u "$tmp/want" "$tmp/first" || fail "--jit=$w: run with checkpoint"
    diff -u "$tmp/want" "$tmp/resumed" || fail "image of --jit=$w resumed with --jit=$r"
done

# perf can name compiled functions
pid=$(sh -c 'echo $$; exec "$0" --jit=always --jit-perf-map "$1" >/dev/null' "$FIRVM" "$tmp/tiers.fir")
map=/tmp/perf-$pid.map
[ -f "$map" ] || fail "--jit-perf-map: no $map"
grep -q '^[0-9a-f]* [0-9a-f]* fir:square$' "$map" || fail "--jit-perf-map: $(head -n 3 "$map")"
rm -f "$map"

# usage errors
usage_case() {
    msg=$1
    shift
    "$FIRVM" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 2 ] || fail "$*: exit status $rc, expected 2"
    printf 'firvm: error: %s\nfirvm: try '"'"'firvm --help'"'"'\n' "$msg" >"$tmp/exp"
    diff -u "$tmp/exp" "$tmp/err" || fail "$*: message"
}
usage_case "bad value for --jit: 'fast' (off, on or always)" --jit=fast x.fir
usage_case "bad value for --jit-threshold: '0'" --jit-threshold 0 x.fir
usage_case "bad value for --trace: 'gc' (jit)" --trace=gc x.fir
FIRVM_JIT=sometimes "$FIRVM" "$tmp/tiers.fir" >/dev/null 2>"$tmp/err" && fail "FIRVM_JIT=sometimes accepted"
[ "$(cat "$tmp/err")" = "firvm: error: bad value for FIRVM_JIT: 'sometimes' (off, on or always)" ] ||
    fail "FIRVM_JIT: $(cat "$tmp/err")"
exit 0
