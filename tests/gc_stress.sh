#!/bin/sh
# Runs every end-to-end program (tests/e2e-fir, tests/e2e-c) again with
# FIRVM_GC_STRESS=1 (a minor collection at every allocation, a major one
# every 64th or so, the heap checker after each major) and compares stdout,
# stderr (where expected) and the exit status with the expected files, like
# tests/run.sh, which runs this when GC_STRESS_E2E=1.  Each program gets
# GC_STRESS_TIMEOUT seconds (default 120); GC_STRESS_LEVEL=2 makes every
# collection a major one.  Environment: BINDIR (default bin), TESTS=pattern.
set -u
BINDIR=${BINDIR:-bin}
level=${GC_STRESS_LEVEL:-1}
limit=${GC_STRESS_TIMEOUT:-120}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

check() {  # $1 = source file or multi-file folder
    src=$1
    base=${src%.*}
    if [ -d "$src" ]; then
        base=${src%/}
        src=$(ls "$base"/*.c | sort | tr '\n' ' ')
    fi
    name=${base#tests/}
    [ -z "${TESTS:-}" ] || case "$name" in *$TESTS*) ;; *) return 0;; esac
    [ -f "$base.cerr" ] && return 0
    fir="$tmp/$(echo "$name" | tr / _).fir"
    # shellcheck disable=SC2086
    "$BINDIR/firc" $src -o "$fir" 2>/dev/null || { echo "FAIL: $name: does not compile"; fail=$((fail + 1)); return; }
    args=""; [ -f "$base.args" ] && args=$(cat "$base.args")
    input=/dev/null; [ -f "$base.in" ] && input=$base.in
    # shellcheck disable=SC2086
    (cd "$(dirname "$base")" && FIRVM_GC_STRESS=$level timeout "$limit" \
        "$OLDPWD/$BINDIR/firvm" "$fir" $args) <"$input" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    exp_rc=0; [ -f "$base.exit" ] && exp_rc=$(cat "$base.exit")
    if [ "$rc" != "$exp_rc" ]; then
        echo "FAIL: $name: exit $rc under gc stress, expected $exp_rc"; head -n 5 "$tmp/err"
        fail=$((fail + 1)); return
    fi
    if ! cmp -s "$base.out" "$tmp/out"; then
        echo "FAIL: $name: stdout differs under gc stress"; fail=$((fail + 1)); return
    fi
    if [ -f "$base.err" ] && ! cmp -s "$base.err" "$tmp/err"; then
        echo "FAIL: $name: stderr differs under gc stress"; fail=$((fail + 1)); return
    fi
    pass=$((pass + 1))
}

for src in $(find tests/e2e-fir tests/e2e-c -name '*.firs' -o -name '*.c' | sort); do
    case "$src" in */include/*|*/lib/*|*/multi/*/*) continue;; esac
    check "$src"
done
for dir in tests/e2e-c/multi/*/; do
    [ -d "$dir" ] && check "$dir"
done
echo "gc stress: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
