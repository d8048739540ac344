#!/bin/sh
# firvm --repl from the command line: usage errors, -ex, a checkpoint written
# in a session and resumed by another at its resume point, and a session fed
# thousands of garbage and half-valid commands (each gets at most one line of
# error and the session goes on; run under SAN=1 by make test SAN=1).
set -u
FIRC=${BINDIR:-bin}/firc
FIRVM=${BINDIR:-bin}/firvm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$FIRVM" --help | grep -q -- '--repl \[-ex CMD\]' || fail "--help does not list --repl"

usage_case() {  # MESSAGE ARGS...: exit 2 and the two lines
    msg=$1
    shift
    "$FIRVM" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 2 ] || fail "$*: exit $rc, expected 2"
    printf 'firvm: error: %s\nfirvm: try '"'"'firvm --help'"'"'\n' "$msg" >"$tmp/exp"
    diff -u "$tmp/exp" "$tmp/err" || fail "$*: message"
}
usage_case "--repl needs a program" --repl
usage_case "unknown option '-zz'" --repl -zz x.fir
usage_case "option '-ex' needs a value" --repl -ex

"$FIRVM" --repl "$tmp/none.fir" </dev/null >"$tmp/out" 2>&1
[ $? -eq 1 ] || fail "missing program: exit status"
grep -q "none.fir: cannot open" "$tmp/out" || fail "missing program: $(cat "$tmp/out")"

"$FIRC" tests/repl/state.c -o "$tmp/state.fir" || fail "firc"

# -ex commands run first, then standard input
printf 'p list->value\ncontinue\n' |
    "$FIRVM" --repl -ex 'break 26' -ex run "$tmp/state.fir" >"$tmp/out" 2>&1 || fail "-ex: exit $?"
cat >"$tmp/exp" <<'END'
(firvm) break 26
Breakpoint 1 at main+32: file tests/repl/state.c, line 26.
(firvm) run

Breakpoint 1, main () at tests/repl/state.c:26
26	    printf("%d %g %s", list->value, ratio, msg);
(firvm) p list->value
$1 = 30
(firvm) continue
Continuing.
30 0.5 hi
[Program exited normally]
END
diff -u "$tmp/exp" "$tmp/out" || fail "-ex transcript"

# a checkpoint taken in a session resumes, in another, where it was taken
printf 'break 26\nrun\nset var ratio = 4\ncheckpoint %s\n' "$tmp/img" |
    "$FIRVM" --repl "$tmp/state.fir" >"$tmp/out" 2>&1 || fail "checkpoint session"
grep -q "^Checkpoint written to $tmp/img" "$tmp/out" || fail "checkpoint: $(cat "$tmp/out")"
printf 'bt\np ratio\nlevels\ncontinue\n' | "$FIRVM" --repl "$tmp/img" >"$tmp/out" 2>&1 ||
    fail "image session"
sed "s|$tmp/|TMP/|g" "$tmp/out" >"$tmp/got"
cat >"$tmp/exp" <<'END'
Resuming TMP/img, stopped at main () at tests/repl/state.c:26
26	    printf("%d %g %s", list->value, ratio, msg);
(firvm) bt
#0  main () at tests/repl/state.c:26
#1  __fir_start (argc=1, argv=(char **) 0xe800000000) at guest/libc/start.c:35
(firvm) p ratio
$1 = 4
(firvm) levels
No open speculation levels.
(firvm) continue
Continuing.
30 4 hi
[Program exited normally]
END
diff -u "$tmp/exp" "$tmp/got" || fail "image transcript"
"$FIRVM" "$tmp/img" >"$tmp/out" 2>&1 || fail "plain resume"
[ "$(cat "$tmp/out")" = "30 4 hi" ] || fail "plain resume: $(cat "$tmp/out")"

# garbage: random words of commands and C expressions, and random bytes
awk 'BEGIN {
    srand(11);
    n = split("p |print |p/x |x/4xb |x/2dw |x/ |set var |ptype |break |tbreak |list |frame |" \
              "block |ptable |info |info locals|info args|level |diff |delete |up |down |" \
              "disassemble |bt|levels|heap|stats|info registers|", cmd, "|");
    m = split("list|ratio|bytes|msg|n|i|nosuch|main|0|1|-1|4294967296|0x7fffffff|3.5|1e308|" \
              "(|)|[|]|->|.|*|&|+|-|/|%|<<|>>|==|!=|&&|||?|:|=|,|~|!|sizeof|(char)|" \
              "(struct node *)|(double)|(unsigned long)|(void *)|struct|node|'"'"'a'"'"'|" \
              "'"'"'|\"|$|@|#|\\|{|}|value|next|tag|26|9999999999999999999999", tok, "|");
    for (k = 0; k < 3000; k++) {
        line = cmd[int(rand() * n) + 1];
        w = int(rand() * 8);
        for (j = 0; j < w; j++)
            line = line tok[int(rand() * m) + 1] (rand() < 0.3 ? " " : "");
        print line;
    }
}' >"$tmp/garbage"
head -c 3000 /dev/urandom | tr -d '\000' | fold -w 60 >>"$tmp/garbage"
printf '\np 40 + 2\n' >>"$tmp/garbage"
{ printf 'break 26\nrun\n'; cat "$tmp/garbage"; } |
    "$FIRVM" --repl "$tmp/state.fir" >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 0 ] || { tail -n 20 "$tmp/out"; fail "garbage: exit status $rc"; }
if grep -a -q -E 'AddressSanitizer|runtime error|LeakSanitizer' "$tmp/out"; then
    grep -a -E -B2 -A10 'AddressSanitizer|runtime error' "$tmp/out" | head -n 40
    fail "garbage: sanitizer report"
fi
tail -n 1 "$tmp/out" | grep -q '^\$[0-9]* = 42$' || fail "garbage: the session did not go on"
exit 0
