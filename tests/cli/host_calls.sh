#!/bin/sh
# The host calls of guest/libc/host_calls.h: a program calling every one, as
# guest/libc/host.h declares them, loads in firvm (the loader checks each
# import's types against the VM's table); one import per row; a declaration
# with other types is refused with the exact message.
set -u
FIRVM=${BINDIR:-bin}/firvm
FIRC=${BINDIR:-bin}/firc
LIBC_SRC=$(dirname "$0")/../../guest/libc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cat >"$tmp/all.c" <<'EOF_C'
#include "host.h"
#define A_INT 0
#define A_LONG 0L
#define A_DOUBLE 0.0
#define A_IN 0
#define A_OUT 0
#define A_STR 0
#define C0(n, r) __host_##n();
#define C1(n, r, a) __host_##n(A_##a);
#define C2(n, r, a, b) __host_##n(A_##a, A_##b);
#define C3(n, r, a, b, c) __host_##n(A_##a, A_##b, A_##c);
#define M1(n, rule) __host_##n(0.0);
#define M2(n, rule) __host_##n(0.0, 0.0);
static void all(void) { HOST_CALLS(C0, C1, C2, C3) HOST_MATH1(M1) HOST_MATH2(M2) }
int main(int argc, char **argv)
{
    (void)argv;
    if (argc > 1000) /* never: only the imports matter */
        all();
    return 7;
}
EOF_C
"$FIRC" -I "$LIBC_SRC" "$tmp/all.c" -o "$tmp/all.fir" || fail "firc all.c"
"$FIRVM" "$tmp/all.fir" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 7 ] || { cat "$tmp/err"; fail "all.fir: exit status $rc, expected 7"; }
[ -s "$tmp/err" ] && fail "all.fir: stderr: $(cat "$tmp/err")"

# one import per row of the list, by name
cat >"$tmp/names.c" <<'EOF_C'
#include "host_calls.h"
#define N0(n, r) HOSTNAME n
#define N1(n, r, a) HOSTNAME n
#define N2(n, r, a, b) HOSTNAME n
#define N3(n, r, a, b, c) HOSTNAME n
#define NM(n, rule) HOSTNAME n
HOST_CALLS(N0, N1, N2, N3) HOST_MATH1(NM) HOST_MATH2(NM)
EOF_C
"$FIRC" -E -I "$LIBC_SRC" "$tmp/names.c" | tr ' ' '\n' | grep -A1 '^HOSTNAME$' |
    grep -v '^HOSTNAME$\|^--$' | sort >"$tmp/rows" || fail "firc -E names.c"
"$FIRC" -S -I "$LIBC_SRC" "$tmp/all.c" | sed -n 's/^host @\([a-z0-9_]*\)(.*/\1/p' | sort >"$tmp/imports"
[ "$(wc -l <"$tmp/rows")" -gt 50 ] || fail "only $(wc -l <"$tmp/rows") rows in host_calls.h"
diff -u "$tmp/rows" "$tmp/imports" || fail "imports of all.c differ from the rows"

# a declaration the VM's table disagrees with
printf 'int __host_write(int, const void *, long);\nint main(void) { return __host_write(1, "", 0); }\n' \
    >"$tmp/bad.c"
"$FIRC" -nostdlib "$tmp/bad.c" -o "$tmp/bad.fir" || fail "firc bad.c"
"$FIRVM" "$tmp/bad.fir" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "bad.fir: exit status $rc, expected 1"
echo "firvm: error: $tmp/bad.fir: host call 'write' is imported as (i32, ptr, i64) -> i32, expected (i32, ptr, i64) -> i64" >"$tmp/exp"
diff -u "$tmp/exp" "$tmp/err" || fail "bad.fir: message"
exit 0
