#!/bin/sh
# firvm --help, --version and usage errors: exact texts and exit statuses.
set -u
FIRVM=${BINDIR:-bin}/firvm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$FIRVM" --version >"$tmp/out" 2>&1 || fail "--version exit $?"
case "$(cat "$tmp/out")" in
"firvm 0.1.0 (FIR virtual machine: interpreter and x86-64 JIT)") ;;
"firvm 0.1.0 (FIR virtual machine: interpreter and IA-32 JIT)") ;;  # ARCH=i386
*) fail "--version: $(cat "$tmp/out")" ;;
esac

"$FIRVM" --help >"$tmp/out" 2>&1 || fail "--help exit $?"
[ "$(head -n 1 "$tmp/out")" = "usage: firvm [options] prog.fir [args...]" ] || fail "--help first line"
for opt in --max-frames --heap-max --stats --version --jit --jit-threshold --trace=jit --jit-perf-map --launch --hosts --kill-rank --dist-host --serve; do
    grep -q -- "$opt" "$tmp/out" || fail "--help lacks $opt"
done

# usage_case EXPECTED-MESSAGE ARGS...: exit status 2 and the exact two lines
usage_case() {
    msg=$1
    shift
    "$FIRVM" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 2 ] || fail "$*: exit status $rc, expected 2"
    printf 'firvm: error: %s\nfirvm: try '"'"'firvm --help'"'"'\n' "$msg" >"$tmp/exp"
    diff -u "$tmp/exp" "$tmp/err" || fail "$*: message"
    [ ! -s "$tmp/out" ] || fail "$*: wrote to stdout"
}
usage_case "no program given"
usage_case "unknown option '--frobnicate'" --frobnicate x.fir
usage_case "option '--max-frames' needs a value" --max-frames
usage_case "bad value for --max-frames: 'ten'" --max-frames ten x.fir
usage_case "bad value for --max-frames: '0'" --max-frames=0 x.fir
usage_case "bad value for --heap-max: '12Q'" --heap-max 12Q x.fir
usage_case "bad value for --heap-max: ''" --heap-max= x.fir
usage_case "no program given" --stats --
exit 0
