#!/bin/sh
# firc -E: output with line markers, -D/-U/-I, and #error / #warning / -w.
set -u
FIRC=$(cd "${BINDIR:-bin}" && pwd)/firc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

mkdir "$tmp/inc"
printf 'int from_header = VALUE;\n' >"$tmp/inc/h.h"
cat >"$tmp/m.c" <<'SRC'
#include <h.h>
#define SQ(x) ((x) * (x))
int a = SQ(A);


#ifdef B
int b;
#endif
    int c = __LINE__;
SRC
(cd "$tmp" && "$FIRC" -E -I inc -DVALUE=7 -D A -DB -UB m.c) >"$tmp/out" 2>"$tmp/err" ||
    fail "-E exit $?: $(cat "$tmp/err")"
cat >"$tmp/exp" <<'EXP'
# 1 "inc/h.h"
int from_header = 7;
# 3 "m.c"
int a = ((1) * (1));





    int c = 9;
EXP
diff -u "$tmp/exp" "$tmp/out" || fail "-E output"
[ ! -s "$tmp/err" ] || fail "-E wrote to stderr"

# -E -o FILE
(cd "$tmp" && "$FIRC" -E -I inc -DVALUE=7 -DA m.c -o pp.i) || fail "-E -o exit"
diff -u "$tmp/exp" "$tmp/pp.i" || fail "-E -o output"

# #error: message, source line and caret, exit status 1.
printf 'int x;\n  #error "stop" here\n' >"$tmp/e.c"
(cd "$tmp" && "$FIRC" e.c -o e.fir) >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] || fail "#error exit status"
printf 'e.c:2:4: error: #error "stop" here\n  #error "stop" here\n   ^\n' >"$tmp/exp"
diff -u "$tmp/exp" "$tmp/err" || fail "#error message"

# #warning goes on (and -w silences it).
printf '#warning careful\nint y;\n' >"$tmp/w.c"
(cd "$tmp" && "$FIRC" -E w.c) >"$tmp/out" 2>"$tmp/err" || fail "#warning exit"
printf 'w.c:1:2: warning: #warning careful\n#warning careful\n ^\n' >"$tmp/exp"
diff -u "$tmp/exp" "$tmp/err" || fail "#warning message"
(cd "$tmp" && "$FIRC" -E -w w.c) >"$tmp/out" 2>"$tmp/err" || fail "-w exit"
[ ! -s "$tmp/err" ] || fail "-w did not silence the warning"

# A missing header names the #include line.
printf '#include "gone.h"\n' >"$tmp/g.c"
(cd "$tmp" && "$FIRC" -E g.c) >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] || fail "missing header exit status"
printf 'g.c:1:10: error: gone.h: No such file or directory\n#include "gone.h"\n         ^\n' >"$tmp/exp"
diff -u "$tmp/exp" "$tmp/err" || fail "missing header message"
exit 0
