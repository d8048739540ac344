#!/bin/sh
# Fuzzes the whole C compiler as a program: mutates the C test corpus with
# mutate_c (byte flips, deletions, duplications, inserted C tokens, truncation)
# and runs the sanitizer build of firc on each mutant.  A finding is any exit
# status other than 0 (compiled) or 1 (diagnosed), e.g. 70 (firc made FIR its
# own verifier rejects), a timeout, a signal, or any sanitizer report.
# Mutants that compile are also run by firvm (SAN build) with a timeout: any
# sanitizer report (a host crash included: ASan reports deadly signals) is a
# finding; guest faults (134) and the guest's own exit statuses are not.
#   tests/fuzz/firc.sh [seconds]      (default 60); findings in build/fuzz/firc-*
set -u
cd "$(dirname "$0")/../.."
secs=${1:-60}
out=build/fuzz
top=$(pwd)
mkdir -p "$out/run"
make -s SAN=1 build >/dev/null || exit 1
FIRC=build/default-san/bin/firc
FIRVM=build/default-san/bin/firvm
cc -O2 -o "$out/mutate_c" tests/fuzz/mutate_c.c || exit 1
set -- $(find tests/e2e-c -name '*.c' | sort)
nfiles=$#
files="$*"
end=$(($(date +%s) + secs))
n=0 findings=0 compiled=0 seed=${FIRC_FUZZ_SEED:-1}
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1
while [ "$(date +%s)" -lt $end ]; do
    seed=$((seed + 1))
    pick=$((seed % nfiles + 1))
    src=$(echo "$files" | tr ' ' '\n' | sed -n "${pick}p")
    mut="$out/firc-mutant.c"
    "$out/mutate_c" "$src" "$seed" >"$mut"
    timeout 10 "$FIRC" -I "$(dirname "$src")" "$mut" -o "$out/firc-mutant.fir" \
        >/dev/null 2>"$out/firc-stderr"
    rc=$?
    n=$((n + 1))
    bad=""
    case $rc in 0) compiled=$((compiled + 1));; 1) ;; *) bad="firc exit $rc";; esac
    grep -qE 'AddressSanitizer|runtime error|LeakSanitizer' "$out/firc-stderr" && bad="sanitizer"
    if [ -z "$bad" ] && [ $rc = 0 ]; then
        # in its own folder: a mutant of a file-I/O test writes where it runs
        (cd "$out/run" && timeout 5 "$top/$FIRVM" ../firc-mutant.fir </dev/null >/dev/null 2>../firvm-stderr)
        grep -qE 'AddressSanitizer|runtime error' "$out/firvm-stderr" && bad="firvm sanitizer"
    fi
    if [ -n "$bad" ]; then
        findings=$((findings + 1))
        cp "$mut" "$out/firc-finding-$seed.c"
        echo "finding ($bad): $out/firc-finding-$seed.c (from $src, seed $seed)"
        head -n 5 "$out/firc-stderr"
    fi
done
echo "firc fuzz: $n mutants in ${secs}s, $compiled compiled, $findings findings"
[ $findings = 0 ]
