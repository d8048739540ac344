#!/bin/sh
# Bad input to a rank never crashes it and is refused with a clear line:
# bytes from a stranger on its port (bad magic, a header claiming a huge
# body, a truncated frame, an unknown frame type, a HELLO with a key it
# does not know), then, from its authenticated peer, a message carrying an
# unknown speculation id, a message numbered 0, a decision about a
# speculation the sender does not own and a body that is not a message
# (FIRVM_DIST_TEST_BAD=1).  The real messages still arrive, in order.
set -u
BINDIR=${BINDIR:-bin}
FIRC="$(pwd)/$BINDIR/firc"
FIRVM="$(pwd)/$BINDIR/firvm"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3 to send raw bytes"; exit 0; }

"$FIRC" tests/cli/dist/bad.c -o "$tmp/bad.fir" || exit 1
"$FIRVM" --keygen "$tmp/key" >/dev/null || exit 1
mkdir "$tmp/rv"
timeout 60 "$FIRVM" --key "$tmp/key" --dist-rank 0 --dist-size 2 --dist-dir "$tmp/rv" "$tmp/bad.fir" \
    >"$tmp/r0.out" 2>"$tmp/r0.err" &
p0=$!
n=0
while [ ! -f "$tmp/rv/rank.0" ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
addr=$(cat "$tmp/rv/rank.0")
python3 - "$addr" <<'PY' || fail "could not send the raw bytes"
import socket, struct, sys, time
host, port = sys.argv[1].rsplit(":", 1)
def send(data, wait=0.2):
    s = socket.create_connection((host, int(port)))
    s.sendall(data)
    time.sleep(wait)
    s.close()
    time.sleep(0.1)
hdr = lambda t, n, ver=2, flags=0: b"FIRD" + bytes([ver, t]) + struct.pack("<HI", flags, n)
send(b"GET / HTTP/1.0\r\n\r\n")                  # not a frame
send(hdr(3, 0x7fffffff))                           # a body far over the limit
send(hdr(1, 80) + b"\0" * 30)                      # a truncated HELLO
send(hdr(42, 0))                                   # an unknown type
hello = struct.pack("<IIII", 1, 2, 0, 0) + b"\x01" * 32 + b"\x02" * 32
send(hdr(1, 80) + hello)                           # a stranger's key
PY
timeout 60 env FIRVM_DIST_TEST_BAD=1 "$FIRVM" --key "$tmp/key" --dist-rank 1 --dist-size 2 \
    --dist-dir "$tmp/rv" "$tmp/bad.fir" >"$tmp/r1.out" 2>"$tmp/r1.err" || fail "rank 1: exit $?"
wait $p0 || fail "rank 0: exit $?"
printf 'rank 0: 11 (4 bytes)\nrank 0: 22 (4 bytes)\n' | diff -u - "$tmp/r0.out" || fail "rank 0 output"
for line in \
    "refused an unidentified peer: not a dist frame (bad magic)" \
    "refused an unidentified peer: frame body of 2147483647 bytes has the wrong size for its type" \
    "dropped a truncated frame from an unidentified peer (42 bytes; the connection ended)" \
    "refused an unidentified peer: unknown frame type 42" \
    "refused a peer claiming rank 1: its key is not authorized" \
    "rejected message 1 from rank 1: unknown speculation id (owner 63, seq 1)" \
    "rejected a message from rank 1: MSG with sequence number 0" \
    "rejected a decision from rank 1 about speculation (owner 0, seq 1): only its owner decides" \
    "rejected a message from rank 1: truncated MSG (5 bytes)"; do
    grep -qF "firvm: dist: rank 0: $line" "$tmp/r0.err" || fail "not logged: $line"
done
[ $status = 0 ] || cat "$tmp/r0.err" "$tmp/r1.err"
exit $status
