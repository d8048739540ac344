#!/bin/sh
# firvm --repl on a real terminal (tests/cli/repl_pty.c, on forkpty): the
# prompt, tab completion of commands and functions, history recall (Ctrl-P)
# within a session and from $HOME/.firvm_history in the next one, and an empty
# line repeating the last command.
set -u
FIRC=${BINDIR:-bin}/firc
FIRVM=${BINDIR:-bin}/firvm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
${CC:-cc} -std=c11 -D_GNU_SOURCE -Wall -Wextra -o "$tmp/repl_pty" tests/cli/repl_pty.c -lutil ||
    fail "cannot build the pty driver"
"$FIRC" tests/repl/basic.c -o "$tmp/basic.fir" || fail "firc"
mkdir "$tmp/home"

cat >"$tmp/one" <<'END'
< (firvm) 
> brea\t
< break 
> squ\t
< square
> \r
< Breakpoint 1 at square+0: file tests/repl/basic.c, line 10.
< (firvm) 
> p 1+2\r
< $1 = 3
< (firvm) 
> \x10\r
< $2 = 3
< (firvm) 
> \r
< $3 = 3
< (firvm) 
> ru\t\r
< Breakpoint 1, square (n=7) at tests/repl/basic.c:10
< (firvm) 
> p \t\t
< sum_points
> n * 2\r
< $4 = 14
> quit\r
END
HOME=$tmp/home TERM=dumb "$tmp/repl_pty" "$tmp/one" "$FIRVM" --repl "$tmp/basic.fir" ||
    fail "first session"
[ -f "$tmp/home/.firvm_history" ] || fail "no history file in \$HOME"
grep -qx 'p 1+2' "$tmp/home/.firvm_history" || fail "history lacks 'p 1+2'"
grep -q '^break square' "$tmp/home/.firvm_history" || fail "history lacks 'break square'"

# a new session recalls the last one's lines: quit, p n * 2, run, p 1+2
cat >"$tmp/two" <<'END'
< (firvm) 
> \x10\x10\x10\x10\r
< $1 = 3
< (firvm) 
> quit\r
END
HOME=$tmp/home TERM=dumb "$tmp/repl_pty" "$tmp/two" "$FIRVM" --repl "$tmp/basic.fir" ||
    fail "second session"
exit 0
