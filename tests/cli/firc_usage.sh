#!/bin/sh
# firc --help, --version and usage errors: exact texts and exit statuses.
set -u
FIRC=$(cd "${BINDIR:-bin}" && pwd)/firc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$FIRC" --version >"$tmp/out" 2>&1 || fail "--version exit $?"
[ "$(cat "$tmp/out")" = "firc 0.1.0 (FIR C compiler, C11)" ] || fail "--version: $(cat "$tmp/out")"

"$FIRC" --help >"$tmp/out" 2>&1 || fail "--help exit $?"
[ "$(head -n 1 "$tmp/out")" = "usage: firc [options] file..." ] || fail "--help first line"
grep -q -- '--build-libc' "$tmp/out" || fail "--help lacks --build-libc"

"$FIRC" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "no input: exit status"
printf 'firc: error: no input files\nfirc: try '"'"'firc --help'"'"'\n' >"$tmp/exp"
diff -u "$tmp/exp" "$tmp/err" || fail "no input: message"

"$FIRC" -frobnicate x.c >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "unknown option: exit status"
printf 'firc: error: unknown option '"'"'-frobnicate'"'"'\nfirc: try '"'"'firc --help'"'"'\n' >"$tmp/exp"
diff -u "$tmp/exp" "$tmp/err" || fail "unknown option: message"

"$FIRC" -o >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "-o without file: exit status"
printf 'firc: error: missing argument to '"'"'-o'"'"'\nfirc: try '"'"'firc --help'"'"'\n' >"$tmp/exp"
diff -u "$tmp/exp" "$tmp/err" || fail "-o without file: message"

"$FIRC" x.txt >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "unknown input type: exit status"
grep -q "unknown input file type 'x.txt'" "$tmp/err" || fail "unknown input type: message"

"$FIRC" "$tmp/nope.c" -o "$tmp/a.fir" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] || fail "missing file: exit status"
printf "firc: error: cannot open '%s/nope.c': No such file or directory\n" "$tmp" >"$tmp/exp"
diff -u "$tmp/exp" "$tmp/err" || fail "missing file: message"
[ ! -e "$tmp/a.fir" ] || fail "missing file: output written"
exit 0
