#!/bin/sh
# Runs every test and ends with one line "N passed, N failed".
#
#  1. Check unit tests: $OBJDIR/tests/test_* (one binary per file in tests/unit/).
#     Each Check test case counts as one test.
#  2. End-to-end cases, one program each, in tests/e2e-fir (*.firs, assembled by
#     firc) and tests/e2e-c (*.c, compiled by firc), run by firvm.  Beside NAME.ext:
#       NAME.out   expected stdout (exact; required)
#       NAME.exit  expected exit status (default 0)
#       NAME.err   expected stderr (exact; default: not compared)
#       NAME.args  arguments, one line, split by the shell
#       NAME.in    standard input (default /dev/null)
#       NAME.cerr  the compile must fail: expected firc stderr (exit status 1)
#       NAME.cwarn expected firc stderr (warnings) of a compile that succeeds
#     A folder tests/e2e-c/multi/NAME/ is one program: all its .c files are compiled and
#     linked together, with NAME.out etc. beside the folder.
#  3. tests/cli/*.sh: scripts that exit 0 on success (BINDIR is exported).
#  4. the programs of 2 again under FIRVM_GC_STRESS=1 (GC_STRESS_E2E=0 skips them).
#  5. the programs of 2 again with each firvm of INTERP_BINDIRS (interpreter variants).
#  6. the programs of 2 again with FIRVM_JIT=always and FIRVM_JIT=off.
# Environment: BINDIR, OBJDIR (from the Makefile), TESTS=pattern to filter names,
# HOSTRUN: a command that runs the build's programs (the i386 build's
# tools/run-i386.sh: natively or under qemu-i386).
set -u
BINDIR=${BINDIR:-bin}
OBJDIR=${OBJDIR:-build/default/obj}
HOSTRUN=${HOSTRUN:-}
# wrap DIR: prints a folder whose firc and firvm run DIR's through $HOSTRUN
wrap() {
    wrapped=${1%/bin}/hostrun-bin
    mkdir -p "$wrapped"
    for prog in firc firvm; do
        printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$HOSTRUN" "$(pwd)/$1/$prog" >"$wrapped/$prog"
        chmod +x "$wrapped/$prog"
    done
    echo "$wrapped"
}
if [ -n "$HOSTRUN" ]; then
    # Every test, scripts included, reaches firc and firvm through wrappers
    # that run them with $HOSTRUN.
    echo "note: $BINDIR runs $(sh tools/run-i386.sh --how | sed 's/^native$/natively/; s/^qemu-i386$/through qemu-i386/')"
    BINDIR=$(wrap "$BINDIR")
fi
export BINDIR OBJDIR
pass=0
fail=0
failed_names=""
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); failed_names="$failed_names $1"; echo "FAIL: $1${2:+: $2}"; }
want() { [ -z "${TESTS:-}" ] || case "$1" in *$TESTS*) return 0;; *) return 1;; esac; }

# ---- 1. unit tests
for t in "$OBJDIR"/tests/test_*; do
    [ -x "$t" ] || continue
    name=unit/$(basename "$t")
    want "$name" || continue
    out=$(CK_DEFAULT_TIMEOUT=60 $HOSTRUN "$t" 2>&1)
    rc=$?
    line=$(printf '%s\n' "$out" | grep -E 'Checks: [0-9]+' | tail -n 1)
    if [ -z "$line" ]; then
        printf '%s\n' "$out" | tail -n 20
        bad "$name" "no Check summary (exit $rc)"
        continue
    fi
    n=$(printf '%s' "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
    f=$(printf '%s' "$line" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
    e=$(printf '%s' "$line" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
    pass=$((pass + n - f - e))
    if [ $((f + e)) -gt 0 ] || [ $rc -ne 0 ]; then
        printf '%s\n' "$out" | grep -vE '^[0-9]+%: |^Running suite' | head -n 30
        fail=$((fail + f + e))
        [ $((f + e)) -eq 0 ] && bad "$name" "exit $rc"
        failed_names="$failed_names $name"
    fi
done

# ---- 2. end-to-end programs
run_case() {  # $1 = source file or multi-file folder
    src=$1
    base=${src%.*}
    if [ -d "$src" ]; then
        base=${src%/}
        src=$(ls "$base"/*.c | sort | tr '\n' ' ')
    fi
    name=${prefix:-}${base#tests/}
    want "$name" || return 0
    fir="$tmp/$(echo "${base#tests/}" | tr / _).fir"  # the same name in both passes (assert messages show it)
    if [ -f "$base.cerr" ]; then
        # shellcheck disable=SC2086
        "$BINDIR/firc" $src -o "$fir" >"$tmp/cout" 2>"$tmp/cerr"
        crc=$?
        if [ $crc -ne 1 ]; then bad "$name" "firc exit $crc, expected 1"; return; fi
        if ! diff -u "$base.cerr" "$tmp/cerr" >"$tmp/diff"; then
            head -n 20 "$tmp/diff"; bad "$name" "compiler diagnostics differ"; return
        fi
        ok; return
    fi
    # shellcheck disable=SC2086
    if ! "$BINDIR/firc" $src -o "$fir" 2>"$tmp/cerr"; then
        head -n 20 "$tmp/cerr"; bad "$name" "does not compile"; return
    fi
    if [ -f "$base.cwarn" ] && ! diff -u "$base.cwarn" "$tmp/cerr" >"$tmp/diff"; then
        head -n 20 "$tmp/diff"; bad "$name" "compiler warnings differ"; return
    fi
    args=""; [ -f "$base.args" ] && args=$(cat "$base.args")
    input=/dev/null; [ -f "$base.in" ] && input=$base.in
    # shellcheck disable=SC2086
    (cd "$(dirname "$base")" && timeout 60 "$OLDPWD/$BINDIR/firvm" "$fir" $args) \
        <"$input" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    exp_rc=0; [ -f "$base.exit" ] && exp_rc=$(cat "$base.exit")
    if [ "$rc" != "$exp_rc" ]; then
        head -n 10 "$tmp/err"; bad "$name" "exit $rc, expected $exp_rc"; return
    fi
    if ! diff -u "$base.out" "$tmp/out" >"$tmp/diff"; then
        head -n 20 "$tmp/diff"; bad "$name" "stdout differs"; return
    fi
    if [ -f "$base.err" ] && ! diff -u "$base.err" "$tmp/err" >"$tmp/diff"; then
        head -n 20 "$tmp/diff"; bad "$name" "stderr differs"; return
    fi
    ok
}
# run_all [skip-cerr]: every end-to-end case (with skip-cerr: not the compile errors)
run_all() {
    for src in $(find tests/e2e-fir tests/e2e-c -name '*.firs' -o -name '*.c' | sort); do
        case "$src" in */include/*|*/lib/*|*/multi/*/*) continue;; esac
        [ -n "${1:-}" ] && [ -f "${src%.*}.cerr" ] && continue
        run_case "$src"
    done
    for dir in tests/e2e-c/multi/*/; do
        [ -d "$dir" ] || continue
        [ -n "${1:-}" ] && [ -f "${dir%/}.cerr" ] && continue
        run_case "$dir"
    done
}
run_all

# ---- 3. command-line scripts
for s in tests/cli/*.sh; do
    [ -f "$s" ] || continue
    name=cli/$(basename "$s" .sh)
    want "$name" || continue
    if sh "$s" >"$tmp/out" 2>&1; then ok; else tail -n 20 "$tmp/out"; bad "$name"; fi
    grep '^note: ' "$tmp/out" | sed "s|^note: |$name: |"   # what a passing script wants said
done

# ---- 4. every end-to-end program again with FIRVM_GC_STRESS=1 (a collection at
#      every allocation, the heap checker after each major), counted as
#      gc-stress/NAME.  On by default (about 30 s); GC_STRESS_E2E=0 skips it.
if [ "${GC_STRESS_E2E:-1}" = 1 ]; then
    export FIRVM_GC_STRESS=1
    prefix=gc-stress/
    run_all skip-cerr
    unset FIRVM_GC_STRESS
    prefix=
fi

# ---- 5. every end-to-end program again under each interpreter variant
#      (INTERP_BINDIRS="NAME=DIR ...", from the Makefile: switch dispatch, no
#      superinstructions), counted as NAME/...
plain_bindir=$BINDIR
for variant in ${INTERP_BINDIRS:-}; do
    prefix=${variant%%=*}/
    BINDIR=${variant#*=}
    [ -x "$BINDIR/firvm" ] || { bad "${prefix%/}" "no $BINDIR/firvm"; continue; }
    [ -n "$HOSTRUN" ] && BINDIR=$(wrap "$BINDIR")
    run_all
done
BINDIR=$plain_bindir
prefix=

# ---- 6. every end-to-end program again with the JIT compiling every function
#      at load (jit-always/...) and with the JIT off (jit-off/...); the runs
#      above use the default, --jit=on (hot code compiled).  JIT_E2E=0 skips.
if [ "${JIT_E2E:-1}" != 0 ]; then
    for mode in always off; do
        prefix=jit-$mode/
        export FIRVM_JIT=$mode
        run_all skip-cerr
    done
    unset FIRVM_JIT
    prefix=
fi

echo
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
