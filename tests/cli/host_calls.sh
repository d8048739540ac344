#!/bin/sh
# The host calls of guest/libc/host_calls.h: a program calling every one, as
# guest/libc/host.h declares them, loads in firvm (the loader checks each
# import's types against the VM's table); one import per row; a declaration
# with other types is refused with the exact message; every pointer parameter
# the list says the VM checks faults when it is null.
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
# every pointer the list marks IN, OUT or STR is checked by the VM: passed
# null (the other arguments valid), it is a guest fault, not a host crash
cat >"$tmp/checks.c" <<'EOF_C'
#include "host.h"

/* Each pointer parameter of each host call, passed null with valid other
 * arguments: argv[1] = K picks the K-th; exit 3 past the last. */
static char buf[16] = "FIRTEST";
#define P_INT 0
#define P_LONG 0
#define P_DOUBLE 0
#define P_IN 1
#define P_OUT 1
#define P_STR 1
#define V_INT(z) 1
#define V_LONG(z) 8L
#define V_DOUBLE(z) 0.0
#define V_IN(z) ((z) ? (void *)0 : (void *)buf)
#define V_OUT(z) ((z) ? (void *)0 : (void *)buf)
#define V_STR(z) ((z) ? (const char *)0 : (const char *)buf)
#define TRY(name, ispt, call)                            \
    if (ispt) {                                          \
        if (k == 0) {                                    \
            __host_write(1, #name "\n", sizeof #name);   \
            call;                                        \
            return 0;                                    \
        }                                                \
        k--;                                             \
    }
#define T0(n, r)
#define T1(n, r, a) TRY(n, P_##a, __host_##n(V_##a(1)))
#define T2(n, r, a, b)                                   \
    TRY(n, P_##a, __host_##n(V_##a(1), V_##b(0)))        \
    TRY(n, P_##b, __host_##n(V_##a(0), V_##b(1)))
#define T3(n, r, a, b, c)                                        \
    TRY(n, P_##a, __host_##n(V_##a(1), V_##b(0), V_##c(0)))      \
    TRY(n, P_##b, __host_##n(V_##a(0), V_##b(1), V_##c(0)))      \
    TRY(n, P_##c, __host_##n(V_##a(0), V_##b(0), V_##c(1)))

int main(int argc, char **argv)
{
    int k = 0;
    for (const char *s = argc > 1 ? argv[1] : "0"; *s; s++)
        k = k * 10 + (*s - '0');
    HOST_CALLS(T0, T1, T2, T3)
    return 3;
}
EOF_C
"$FIRC" -I "$LIBC_SRC" "$tmp/checks.c" -o "$tmp/checks.fir" || fail "firc checks.c"
k=0
while :; do
    FIRTEST=1 "$FIRVM" "$tmp/checks.fir" $k >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 3 ] && break
    name=$(cat "$tmp/out")
    [ $rc -eq 134 ] || fail "case $k ($name): exit status $rc, expected 134"
    head -n 1 "$tmp/err" | grep -q "^firvm: error: .*checks.c:[0-9]*: in function 'main': \(host call '$name': \)\?null pointer dereference: " ||
        fail "case $k ($name): $(head -n 1 "$tmp/err")"
    k=$((k + 1))
done
[ $k -ge 16 ] || fail "only $k checked pointer parameters"
exit 0
