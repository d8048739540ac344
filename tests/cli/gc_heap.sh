#!/bin/sh
# The collector from the command line: --heap-max makes malloc return NULL
# once a collection cannot make room (leaked blocks are reclaimed first),
# VM allocations past it (a local array, a global) end in clear
# out-of-memory errors, --gc-stress / FIRVM_GC_STRESS change nothing a
# program can see, and --stats reports collections and pauses.
set -u
FIRVM=${BINDIR:-bin}/firvm
FIRC=${BINDIR:-bin}/firc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# malloc until NULL: kept blocks count against the limit, leaked ones do not
cat >"$tmp/fill.c" <<'EOF2'
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
    for (int i = 0; i < 100000; i++)   /* 100 MB leaked: reclaimed */
        if (!malloc(1000))
            return 1;
    void **keep = NULL;
    long n = 0;
    for (;;) {
        void **p = malloc(1000);
        if (!p)
            break;
        *p = keep;
        keep = p;
        n++;
    }
    printf("%s\n", n > 900 && n <= 1048 ? "null past the limit" : "wrong count");
    return 0;
}
EOF2
"$FIRC" "$tmp/fill.c" -o "$tmp/fill.fir" || fail "firc fill.c"
out=$("$FIRVM" --heap-max 1M "$tmp/fill.fir") || fail "fill: exit status $?"
[ "$out" = "null past the limit" ] || fail "fill: $out"
out=$(FIRVM_GC_STRESS=1 "$FIRVM" --heap-max 1M "$tmp/fill.fir") || fail "fill under stress"
[ "$out" = "null past the limit" ] || fail "fill under stress: $out"

# a local array past the limit: a guest fault
cat >"$tmp/local.c" <<'EOF2'
#include <string.h>
static int use(char *p) { memset(p, 1, 100); return p[99]; }
int main(void)
{
    char big[2000000];
    return use(big);
}
EOF2
"$FIRC" "$tmp/local.c" -o "$tmp/local.fir" || fail "firc local.c"
"$FIRVM" --heap-max 1M "$tmp/local.fir" >/dev/null 2>"$tmp/err"
[ $? -eq 134 ] || fail "local: exit status"
grep -q "^firvm: error: $tmp/local.c:3: in function 'main': out of memory for a local block of 2000000 bytes$" "$tmp/err" ||
    fail "local: $(cat "$tmp/err")"
"$FIRVM" "$tmp/local.fir"
[ $? -eq 1 ] || fail "local without a limit"

# a global past the limit: the program cannot be loaded
printf 'char big[3000000];\nint main(void) { return big[5]; }\n' >"$tmp/global.c"
"$FIRC" "$tmp/global.c" -o "$tmp/global.fir" || fail "firc global.c"
"$FIRVM" --heap-max 2M "$tmp/global.fir" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || fail "global: exit status"
grep -q "^firvm: error: $tmp/global.fir: out of memory for global 'big' (3000000 bytes)$" "$tmp/err" ||
    fail "global: $(cat "$tmp/err")"

# --gc-stress and --stats
"$FIRVM" --gc-stress --stats "$tmp/fill.fir" >"$tmp/out" 2>"$tmp/err" || fail "stress: exit"
grep -q '^firvm: stats: gc: [0-9]* minor and [1-9][0-9]* major collections, pause max [0-9.]* ms, total [0-9.]* ms, peak heap memory [0-9]* bytes, [1-9][0-9]* leaked blocks reclaimed$' \
    "$tmp/err" || fail "--stats: $(cat "$tmp/err")"
"$FIRVM" --help | grep -q -- '--gc-stress' || fail "--help"
exit 0
