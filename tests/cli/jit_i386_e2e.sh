#!/bin/sh
# Every end-to-end program on the 32-bit build (natively or under qemu-i386) with its
# JIT compiling every function at load: the output, the errors and the exit status
# equal the 32-bit interpreter's (--jit=off; compared with it rather than the .out
# files, so the host libm's last digits, which differ on i386, cancel out).
set -u
BINDIR=${BINDIR:-bin}
FIRC="$(pwd)/$BINDIR/firc"
BIN32="$(pwd)/build/i386/bin/firvm"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
ARCH=i386 sh tools/setup-deps.sh >"$tmp/setup.log" 2>&1 ||
    { cat "$tmp/setup.log"; fail "cannot install the i386 build's packages"; }
MAKEFLAGS= make -s ARCH=i386 SAN=0 build/i386/bin/firvm >"$tmp/build.log" 2>&1 ||
    { cat "$tmp/build.log"; fail "the i386 build failed"; }
sh tools/run-i386.sh --how >/dev/null || fail "no way to run the 32-bit build"
top=$(pwd)
n=0
for src in $(find tests/e2e-fir tests/e2e-c -name '*.firs' -o -name '*.c' | sort); do
    case "$src" in */include/*|*/lib/*|*/multi/*) continue;; esac
    base=${src%.*}
    [ -f "$base.cerr" ] && continue
    "$FIRC" "$src" -o "$tmp/p.fir" 2>/dev/null || fail "$src: firc"
    args=""; [ -f "$base.args" ] && args=$(cat "$base.args")
    input=/dev/null; [ -f "$base.in" ] && input=$top/$base.in
    for mode in off always; do
        # shellcheck disable=SC2086
        (cd "$(dirname "$base")" && timeout 120 sh "$top/tools/run-i386.sh" "$BIN32" \
            --jit=$mode "$tmp/p.fir" $args) <"$input" >"$tmp/$mode" 2>&1
        echo "exit $?" >>"$tmp/$mode"
    done
    cmp -s "$tmp/off" "$tmp/always" ||
        { diff "$tmp/off" "$tmp/always" | head -n 5; fail "$src: 32-bit --jit=always differs"; }
    n=$((n + 1))
done
echo "note: $n end-to-end programs agree on the 32-bit build with and without its JIT"
exit 0
