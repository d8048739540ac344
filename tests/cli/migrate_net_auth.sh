#!/bin/sh
# Keys: firvm --keygen (file modes, the printed public key), a server with --key
# accepts only peers proving an authorized key (the right key is accepted, a wrong
# key or none is refused, with the exact reason at both ends), --authorized lists,
# FIRVM_KEY, --require-signed, and a keyed sender refusing an unauthenticated server.
. tests/cli/lib/net.sh

# keygen
"$FIRVM" --keygen "$tmp/a" >"$tmp/a.printed" || fail "keygen a"
"$FIRVM" --keygen "$tmp/b" >"$tmp/b.printed" || fail "keygen b"
[ "$(stat -c %a "$tmp/a")" = 600 ] || fail "secret key mode $(stat -c %a "$tmp/a")"
cmp -s "$tmp/a.printed" "$tmp/a.pub" || fail "printed public key differs from a.pub"
grep -Eq '^firvm-ed25519 [A-Za-z0-9+/]{43}=$' "$tmp/a.pub" || fail "public key format"
cmp -s "$tmp/a.pub" "$tmp/b.pub" && fail "two keys are the same"
"$FIRVM" --keygen "$tmp/a" >/dev/null 2>"$tmp/keygen.err" && fail "keygen overwrote a key"
[ "$(cat "$tmp/keygen.err")" = "firvm: error: $tmp/a.pub: already exists" ] || fail "keygen: $(cat "$tmp/keygen.err")"
PA=$(cut -d' ' -f2 "$tmp/a.pub")
PB=$(cut -d' ' -f2 "$tmp/b.pub")

cat >"$tmp/hop.c" <<'C'
#include <migrate.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("before\n");
    fflush(stdout); /* else the buffer moves with the process */
    int r = migrate(argv[1]);
    printf("migrate returned %d\n", r);
    return 0;
}
C
"$FIRC" "$tmp/hop.c" -o "$tmp/hop.fir" || fail "firc hop.c"

# send NAME EXPECTED-RETURN [firvm options]: runs hop.fir towards $PORT
send() {
    name=$1 ret=$2; shift 2
    timeout 30 "$FIRVM" "$@" "$tmp/hop.fir" "migrate:127.0.0.1:$PORT" >"$tmp/$name.stdout" \
        2>"$tmp/$name.err"
    rc=$?
    [ $rc -eq 0 ] || fail "$name: exit status $rc"
    if [ "$ret" = moved ]; then
        [ "$(cat "$tmp/$name.stdout")" = "before" ] || fail "$name: stdout $(cat "$tmp/$name.stdout")"
    else
        printf 'before\nmigrate returned %s\n' "$ret" >"$tmp/$name.exp"
        diff -u "$tmp/$name.exp" "$tmp/$name.stdout" || fail "$name: stdout"
    fi
}
want_err() {  # NAME WARNING
    printf 'firvm: warning: %s\n' "$2" >"$tmp/$1.experr"
    diff -u "$tmp/$1.experr" "$tmp/$1.err" || fail "$1: stderr"
}

# a server with key a and no list: only key a itself
start_server keyed --key "$tmp/a"
grep -q "listening on 127.0.0.1:$PORT (authenticated, encrypted)" "$tmp/keyed.log" || fail "banner"
send right moved --key "$tmp/a"
wait_log keyed "exited with status 0"
[ "$(cat "$tmp/keyed.out")" = "migrate returned 0" ] || fail "right: output at the server"
FIRVM_KEY="$tmp/a" send env moved
send wrong -13 --key "$tmp/b"
want_err wrong "migrate to 127.0.0.1:$PORT: rejected by the peer: key not authorized: firvm-ed25519 $PB"
wait_log keyed "rejected: key not authorized: firvm-ed25519 $PB"
send nokey -13
want_err nokey "migrate to 127.0.0.1:$PORT: rejected by the peer: authentication required: this server only accepts peers with a key (firvm --key)"

# --authorized: a list with b
start_server listed --key "$tmp/a" --authorized "$tmp/b.pub"
send listed_b moved --key "$tmp/b"
send listed_a -13 --key "$tmp/a"
want_err listed_a "migrate to 127.0.0.1:$PORT: rejected by the peer: key not authorized: firvm-ed25519 $PA"

# the sender checks the server's key against its own list
send pinned -13 --key "$tmp/b" --authorized "$tmp/b.pub"
want_err pinned "migrate to 127.0.0.1:$PORT: the peer's key is not authorized: firvm-ed25519 $PA"

# a keyed sender does not talk to a server without a key
start_server plain
send clear -13 --key "$tmp/a"
want_err clear "migrate to 127.0.0.1:$PORT: the peer does not authenticate (it has no key): not sending in clear"

# --require-signed: images signed by the sender's key
start_server signed --key "$tmp/a" --authorized "$tmp/b.pub" --require-signed
send signed_b moved --key "$tmp/b"
wait_log signed "exited with status 0"

# without a key, peers that are not on loopback are refused (unless --allow-remote);
# tried when this host has a non-loopback IPv4 address
ip=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9.]+$' | grep -v '^127\.' | head -n 1)
if [ -n "$ip" ]; then
    "$FIRVM" --serve --listen 0.0.0.0:0 >"$tmp/remote.out" 2>"$tmp/remote.log" &
    pids="$pids $!"
    wait_log remote "listening on"
    RP=$(sed -n -e 's/^firvm: serve: listening on 0\.0\.0\.0:\([0-9]*\).*/\1/p' "$tmp/remote.log")
    timeout 30 "$FIRVM" "$tmp/hop.fir" "migrate:$ip:$RP" >"$tmp/remote.stdout" 2>"$tmp/remote.err"
    printf 'before\nmigrate returned -13\n' >"$tmp/remote.exp"
    diff -u "$tmp/remote.exp" "$tmp/remote.stdout" || fail "remote: stdout"
    want_err remote "migrate to $ip:$RP: rejected by the peer: remote peers need a key: start the server with --key (or --allow-remote)"
    "$FIRVM" --serve --listen 0.0.0.0:0 --allow-remote >"$tmp/open.out" 2>"$tmp/open.log" &
    pids="$pids $!"
    wait_log open "listening on"
    RP=$(sed -n -e 's/^firvm: serve: listening on 0\.0\.0\.0:\([0-9]*\).*/\1/p' "$tmp/open.log")
    timeout 30 "$FIRVM" "$tmp/hop.fir" "migrate:$ip:$RP" >"$tmp/open.stdout" 2>"$tmp/open.err"
    [ "$(cat "$tmp/open.stdout")" = before ] || fail "allow-remote: $(cat "$tmp/open.stdout")"
    wait_log open "exited with status 0"
fi

# bad key files
chmod 644 "$tmp/b"
"$FIRVM" --key "$tmp/b" "$tmp/hop.fir" x >/dev/null 2>"$tmp/mode.err" && fail "loose key mode accepted"
[ "$(cat "$tmp/mode.err")" = "firvm: error: $tmp/b: secret key file is accessible by others (mode 0644; use chmod 600)" ] ||
    fail "mode: $(cat "$tmp/mode.err")"
"$FIRVM" --serve --require-signed >/dev/null 2>"$tmp/rs.err"
[ $? -eq 2 ] || fail "--require-signed without keys: not a usage error"
exit 0
