#!/bin/sh
# Separate compilation, as with cc -c: C files compiled to library modules (-c) and
# linked later as .fir files get the C library then (and the adapters of a C library
# function declared with other types); -nostdlib still refuses the missing functions.
set -u
FIRC=${BINDIR:-bin}/firc
FIRVM=${BINDIR:-bin}/firvm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cat >"$tmp/main.c" <<'C'
#include <stdio.h>
int twice(int);
int main(void) { printf("%d\n", twice(21)); return 0; }
C
cat >"$tmp/twice.c" <<'C'
int strlen(char *);      /* declared by hand, with an older prototype */
int twice(int x) { return 2 * x + strlen("") ; }
C
"$FIRC" -c "$tmp/main.c" -o "$tmp/main.fir" || fail "firc -c main.c"
"$FIRC" -w -c "$tmp/twice.c" -o "$tmp/twice.fir" || fail "firc -c twice.c"
"$FIRC" "$tmp/main.fir" "$tmp/twice.fir" -o "$tmp/prog.fir" || fail "linking the .fir files"
[ "$("$FIRVM" "$tmp/prog.fir")" = "42" ] || fail "output: $("$FIRVM" "$tmp/prog.fir")"
"$FIRC" -nostdlib "$tmp/main.fir" "$tmp/twice.fir" -o "$tmp/prog2.fir" 2>"$tmp/err" &&
    fail "-nostdlib linked without the C library"
grep -q "^firc: error: undefined reference to '" "$tmp/err" || fail "-nostdlib: $(cat "$tmp/err")"
exit 0
