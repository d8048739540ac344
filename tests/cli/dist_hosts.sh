#!/bin/sh
# `firvm --launch N --hosts H1,H2 --key K` (dist/coord.c, dist/remote.c):
# ranks started on two real `firvm --serve` hosts on loopback.  The grid of
# samples/grid.c on 4 ranks equals the local launcher's bit for bit; the
# ranks' output (more than a pipe holds, stdout and stderr) reaches the
# launcher whole; a rank's exit status is the run's; a rank killed at 4
# points is resurrected from its last checkpoint on the other host; a whole
# host killed (its --serve and its two ranks) mid-run: the ranks come back
# on the surviving host and the grid is still bit-identical; bad uses.
set -u
. tests/cli/lib/net.sh   # $tmp, FIRVM, FIRC, fail (fatal), start_server, cleanup
status=0

"$FIRVM" --keygen "$tmp/k" >/dev/null || exit 1
# serve NAME [KEY]: a --serve host; its address in $tmp/NAME.addr, its pid in $tmp/NAME.pid
serve() {
    start_server "$1" --key "${2:-$tmp/k}"
    echo "$SPID" >"$tmp/$1.pid"
    echo "127.0.0.1:$PORT" >"$tmp/$1.addr"
}
serve a
serve b
A=$(cat "$tmp/a.addr") B=$(cat "$tmp/b.addr")

"$FIRC" samples/grid.c -o "$tmp/grid.fir" || exit 1
timeout 120 "$FIRVM" --launch 4 "$tmp/grid.fir" >"$tmp/local" 2>&1 || fail "local launch"
timeout 120 "$FIRVM" --launch 4 --hosts "$A,$B" --key "$tmp/k" "$tmp/grid.fir" \
    >"$tmp/out" 2>"$tmp/err" || fail "hosts: exit $?"
diff -u "$tmp/local" "$tmp/out" || fail "hosts: another grid than the local launcher's"
[ -s "$tmp/err" ] && { cat "$tmp/err"; fail "hosts: the clean run wrote on stderr"; }

# output: 20000 lines per rank between two message operations, both streams
"$FIRC" tests/cli/dist/chatty.c -o "$tmp/chatty.fir" || exit 1
timeout 120 "$FIRVM" --launch 3 --hosts "$A,$B" --key "$tmp/k" "$tmp/chatty.fir" \
    >"$tmp/out" 2>"$tmp/err" || fail "chatty: exit $?"
for r in 0 1 2; do
    grep "^rank $r line" "$tmp/out" >"$tmp/r$r"
    i=0; while [ $i -lt 20000 ]; do echo "rank $r line $i of the chatty program"; i=$((i + 1)); done >"$tmp/want$r"
    cmp -s "$tmp/want$r" "$tmp/r$r" || fail "chatty: rank $r's stdout is not whole and in order"
done
[ "$(tail -n 1 "$tmp/out")" = "token 4 after 3 ranks" ] || fail "chatty: last line '$(tail -n 1 "$tmp/out")'"
[ "$(wc -l <"$tmp/out")" = 60001 ] || fail "chatty: $(wc -l <"$tmp/out") lines, expected 60001"
[ "$(sort "$tmp/err")" = "$(printf 'rank 0: 20000 lines written\nrank 1: 20000 lines written\nrank 2: 20000 lines written')" ] ||
    { cat "$tmp/err"; fail "chatty: stderr"; }
timeout 60 "$FIRVM" --launch 3 --hosts "$A,$B" --key "$tmp/k" "$tmp/chatty.fir" 10 exit \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 7 ] || fail "a rank's status 7: the launcher exited $rc"

# a host that answers but refuses (it does not trust our key) is skipped for
# that rank, and the run goes on on the others
"$FIRVM" --keygen "$tmp/other" >/dev/null || exit 1
serve c "$tmp/other"
C=$(cat "$tmp/c.addr")
timeout 60 "$FIRVM" --launch 2 --hosts "$C,$A" --key "$tmp/k" "$tmp/chatty.fir" 1 \
    >"$tmp/out" 2>"$tmp/err" || fail "an untrusting host: exit $?"
grep -v "^rank . line\|lines written" "$tmp/err" >"$tmp/err.launch"
[ "$(wc -l <"$tmp/err.launch")" = 1 ] &&
    grep -q "^firvm: launch: host $C did not take rank 0: migrate to $C: rejected by the peer: key not authorized: firvm-ed25519 " "$tmp/err.launch" ||
    { cat "$tmp/err"; fail "an untrusting host: not one clear line"; }
[ "$(tail -n 1 "$tmp/out")" = "token 2 after 2 ranks" ] || fail "an untrusting host: output"
kill -9 "$(cat "$tmp/c.pid")"

# a VM option for the ranks belongs to the hosts: a warning, and the run goes on
timeout 60 "$FIRVM" --launch 2 --hosts "$A,$B" --key "$tmp/k" --jit=off "$tmp/chatty.fir" 1 \
    >"$tmp/out" 2>"$tmp/err" || fail "--jit=off with --hosts: exit $?"
[ "$(head -n 1 "$tmp/err")" = "firvm: warning: --hosts: --jit=off applies to the ranks' --serve hosts; give it to them" ] ||
    { cat "$tmp/err"; fail "--jit=off with --hosts: no warning"; }
[ "$(tail -n 1 "$tmp/out")" = "token 2 after 2 ranks" ] || fail "--jit=off with --hosts: output"

# a rank killed: resurrected from its checkpoint on the other host
for point in 1@41 1@204 0@95 3@177; do
    timeout 120 "$FIRVM" --launch 4 --hosts "$A,$B" --key "$tmp/k" --kill-rank "$point" \
        "$tmp/grid.fir" >"$tmp/out" 2>"$tmp/err" || fail "kill $point: exit $?"
    diff -u "$tmp/local" "$tmp/out" || fail "kill $point: another grid"
    r=${point%@*}
    line=$(grep "launch: rank $r on" "$tmp/err")
    case $line in
    "firvm: launch: rank $r on $A died (connection lost); resurrected it from its last checkpoint on $B (incarnation 1)") ;;
    "firvm: launch: rank $r on $B died (connection lost); resurrected it from its last checkpoint on $A (incarnation 1)") ;;
    *) fail "kill $point: said '$line'" ;;
    esac
    [ $status = 0 ] || { cat "$tmp/err"; break; }
done

# a whole host dies mid-run: host d's --serve and the two ranks it runs.
# With hosts a,d ranks 1 and 3 are on d, and come back on a, the next one.
serve d
D=$(cat "$tmp/d.addr")
timeout 120 "$FIRVM" --launch 4 "$tmp/grid.fir" 1 spec 8000 >"$tmp/local8000" 2>&1 || fail "local 8000"
t0=$(date +%s%N)
timeout 120 "$FIRVM" --launch 4 --hosts "$A,$D" --key "$tmp/k" "$tmp/grid.fir" 1 spec 8000 \
    >/dev/null 2>&1 || fail "hosts 8000"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
timeout 120 "$FIRVM" --launch 4 --hosts "$A,$D" --key "$tmp/k" "$tmp/grid.fir" 1 spec 8000 \
    >"$tmp/out" 2>"$tmp/err" &
lp=$!
sleep "$(awk -v ms="$ms" 'BEGIN { printf "%.3f", ms * 0.3 / 1000 }')"
sd=$(cat "$tmp/d.pid")
kill -9 "$sd" $(ps -o pid= --ppid "$sd") 2>/dev/null
wait $lp || fail "host d killed: exit $?"
diff -u "$tmp/local8000" "$tmp/out" || fail "host d killed: another grid"
for r in 1 3; do
    grep -q "^firvm: launch: rank $r on $D died (connection lost); resurrected it from its last checkpoint on $A (incarnation 1)$" "$tmp/err" ||
        { cat "$tmp/err"; fail "host d killed: rank $r not resurrected on a"; }
done

# every host down: a clear line, exit 1
kill -9 "$(cat "$tmp/a.pid")" "$(cat "$tmp/b.pid")"
sleep 0.1
timeout 60 "$FIRVM" --launch 2 --hosts "$A,$B" --key "$tmp/k" "$tmp/grid.fir" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] || fail "no host: exit $rc, expected 1"
grep -q "^firvm: launch: host $A did not take rank 0: .*; not trying that host again$" "$tmp/err" ||
    { cat "$tmp/err"; fail "no host: no line for host a"; }
grep -q "^firvm: launch: no host takes rank 0$" "$tmp/err" || fail "no host: no final line"

# bad uses: one line that says what is wrong, then the usage hint
hint="firvm: try 'firvm --help'"
err=$("$FIRVM" --hosts "$A" "$tmp/grid.fir" 2>&1); rc=$?
[ $rc = 2 ] && [ "$err" = "firvm: error: --hosts goes with --launch N
$hint" ] || fail "--hosts alone: $rc '$err'"
err=$(env -u FIRVM_KEY "$FIRVM" --launch 2 --hosts "$A" "$tmp/grid.fir" 2>&1); rc=$?
[ $rc = 2 ] && [ "$err" = "firvm: error: --hosts needs --key FILE (or FIRVM_KEY): the key the --serve hosts accept
$hint" ] ||
    fail "--hosts without a key: $rc '$err'"
err=$("$FIRVM" --launch 2 --hosts "$A,,$B" --key "$tmp/k" "$tmp/grid.fir" 2>&1); rc=$?
[ $rc = 2 ] && [ "$err" = "firvm: error: --hosts: '$A,,$B' is not a list of up to 32 HOST:PORT" ] ||
    fail "bad --hosts: $rc '$err'"
exit $status
