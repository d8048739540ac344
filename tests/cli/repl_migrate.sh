#!/bin/sh
# `migrate HOST:PORT` in a --repl session: the stopped process goes to a
# firvm --serve on loopback and finishes there, with the value set in the
# session; a bad address and a closed port are one-line errors and the
# process stays in the session.
. tests/cli/lib/net.sh
"$FIRC" tests/repl/state.c -o "$tmp/state.fir" || fail "firc"
start_server srv
printf 'migrate 127.0.0.1:1\nbreak 26\nrun\nmigrate nohost\nmigrate 127.0.0.1:1\nset var ratio = 8\nmigrate 127.0.0.1:%s\ncontinue\n' "$PORT" |
    "$FIRVM" --repl "$tmp/state.fir" >"$tmp/out" 2>&1 || fail "session exit $?"
sed -e "s/:$PORT/:PORT/g" "$tmp/out" >"$tmp/got"
cat >"$tmp/exp" <<'END'
(firvm) migrate 127.0.0.1:1
The program is not being run.
(firvm) break 26
Breakpoint 1 at main+32: file tests/repl/state.c, line 26.
(firvm) run

Breakpoint 1, main () at tests/repl/state.c:26
26	    printf("%d %g %s", list->value, ratio, msg);
(firvm) migrate nohost
migrate: bad address 'nohost' (expected HOST:PORT)
(firvm) migrate 127.0.0.1:1
migrate: the process stays here (Connection refused).
(firvm) set var ratio = 8
(firvm) migrate 127.0.0.1:PORT
Process sent to 127.0.0.1:PORT; it runs there now.
(firvm) continue
The program is not being run.
END
diff -u "$tmp/exp" "$tmp/got" || fail "transcript"
wait_file srv.out "30 8 hi"
exit 0
