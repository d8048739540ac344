#!/bin/sh
# firc -S code shapes the speed work relies on: small constant copies are
# loads and stores (no host memcpy), larger ones stay a host call; p != NULL
# in a loop compares with a hoisted null; "if (c) break;" is one branch and
# branches skip over jmp-to-jmp.
set -u
FIRC=$(cd "${BINDIR:-bin}" && pwd)/firc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cat >"$tmp/small.c" <<'SRC'
#include <string.h>
struct S { char a[15]; };
void copy(struct S *x, struct S *y, double *d, unsigned long *u) { *x = *y; memcpy(u, d, 8); }
SRC
"$FIRC" -S "$tmp/small.c" -o "$tmp/small.firs" || fail "firc small.c"
grep -q hcall "$tmp/small.firs" && fail "small copies use a host call: $(grep hcall "$tmp/small.firs")"
for op in "load.i64 %y, 0" "store.i64 %x, %[0-9a-z]*, 0" "load.i32 %y, 8" "load.i16u %y, 12" \
          "store.i8 %x, %[0-9a-z]*, 14" "load.i64 %d, 0" "store.i64 %u, %[0-9a-z]*, 0"; do
    grep -q "$op" "$tmp/small.firs" || fail "no '$op' in: $(cat "$tmp/small.firs")"
done

cat >"$tmp/big.c" <<'SRC'
#include <string.h>
struct B { long a[5]; };
void copy(struct B *x, struct B *y) { *x = *y; }
SRC
"$FIRC" -S "$tmp/big.c" -o "$tmp/big.firs" || fail "firc big.c"
grep -q "hcall @memcpy(%x, %y, %[0-9]*)" "$tmp/big.firs" || fail "40-byte copy: $(cat "$tmp/big.firs")"

cat >"$tmp/null.c" <<'SRC'
struct N { struct N *next; int v; };
int sum(struct N *p) { int s = 0; while (p != 0) { s += p->v; p = p->next; } return s; }
SRC
"$FIRC" -S "$tmp/null.c" -o "$tmp/null.firs" || fail "firc null.c"
# one const.ptr (hoisted before the loop), the loop test is ne.ptr + br
[ "$(grep -c 'const.ptr 0' "$tmp/null.firs")" -le 2 ] || fail "null constants: $(cat "$tmp/null.firs")"
awk '/^\.L/ {inloop = 1} inloop && /const.ptr/ {bad = 1} END {exit bad}' "$tmp/null.firs" ||
    fail "const.ptr inside the loop: $(cat "$tmp/null.firs")"

cat >"$tmp/jmp.c" <<'SRC'
int f(const char *s) { int n = 0; for (;;) { char c = *s++; if (!c) break; if (c == 'a') n++; else if (c == 'b') n += 2; } return n; }
SRC
"$FIRC" -S "$tmp/jmp.c" -o "$tmp/jmp.firs" || fail "firc jmp.c"
# "if (!c) break;" is one brz; no branch targets a label whose first
# instruction is a jmp
grep -q "brz %c, .L" "$tmp/jmp.firs" || fail "if-break: $(cat "$tmp/jmp.firs")"
awk '/^\.L[0-9]*:$/ {lab = substr($1, 1, length($1) - 1); next}
     /^  loc / {next}
     lab != "" { if ($1 == "jmp") jl[lab] = 1; lab = "" }
     { for (i = 2; i <= NF; i++) { t = $i; sub(/,$/, "", t); if (t ~ /^\.L/) used[t] = 1 } }
     END { for (l in used) if (l in jl) { print "branch to " l; bad = 1 } exit bad }' "$tmp/jmp.firs" ||
    fail "jump to jump: $(cat "$tmp/jmp.firs")"
exit 0
