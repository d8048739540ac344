#!/bin/sh
# Regenerates NAME.out / NAME.exit for the C conformance corpus by compiling
# each NAME.c natively (gcc -std=gnu11 -O0 -w, glibc) and running it here,
# with NAME.args as arguments and NAME.in (or /dev/null) as stdin.
# It also rebuilds each program with -O2 and with ASan+UBSan and reports any
# difference (a sign of undefined or unspecified behaviour in the test).
# Usage: sh regen.sh [NAME.c ...]   (default: every *.c here)
cd "$(dirname "$0")" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ $# -eq 0 ] && set -- *.c
for src in "$@"; do
    base=${src%.c}
    args=""; [ -f "$base.args" ] && args=$(cat "$base.args")
    input=/dev/null; [ -f "$base.in" ] && input=$base.in
    if ! gcc -std=gnu11 -O0 -w "$src" -o "$tmp/p0" -lm; then
        echo "$base: does not compile"; continue
    fi
    # shellcheck disable=SC2086
    "$tmp/p0" $args <"$input" >"$base.out" 2>"$tmp/err0"
    rc=$?
    if [ $rc -ne 0 ]; then echo $rc >"$base.exit"; else rm -f "$base.exit"; fi
    for v in "-O2" "-O0 -fsanitize=address,undefined -fno-sanitize-recover=all"; do
        # shellcheck disable=SC2086
        gcc -std=gnu11 $v -w "$src" -o "$tmp/p1" -lm || { echo "$base: $v build failed"; continue; }
        # shellcheck disable=SC2086
        "$tmp/p1" $args <"$input" >"$tmp/out1" 2>"$tmp/err1"
        rc1=$?
        if ! cmp -s "$base.out" "$tmp/out1" || [ $rc1 -ne $rc ]; then
            echo "$base: differs with $v (exit $rc1 vs $rc)"; head -n 5 "$tmp/err1"
        fi
    done
    rm -f ./*.tmp
done
