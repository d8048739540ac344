#!/bin/sh
# bench/migrate/run.sh (make bench-migrate): the cost of moving a process.
# For a process with a 1 MB and a 100 MB heap (bench/migrate/heap.c):
#   checkpoint   migrate("checkpoint:F") as the guest sees it: collect, pack,
#                hash, write the image file (temp + rename)
#   host side    imgbench: read the file; check frame + hash; unpack (hash,
#                fir_decode, fir_verify, rebuild heap/table/stack); pack again
#   resume       `firvm IMAGE` from exec to the guest running again
#                (exec, read, unpack, first instruction), wall clock
#   transfer     loopback migrate to `firvm --serve` (mig-net, see below)
# Reference points: the Mojave paper, 1 MB process: about 4 s with
# recompilation, under 1 s binary; CRIU, 1 MB: dump 42-52 ms, restore
# 23-28 ms.  Target: 1 MB migrated, re-verified and running in < 20 ms.
set -eu
BINDIR=${BINDIR:-bin}
OBJDIR=${OBJDIR:-build/default/obj}
SIZES=${SIZES:-1 100}
tmp=$(mktemp -d); server=""
trap '[ -n "$server" ] && kill -TERM "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
"$BINDIR/firc" bench/migrate/heap.c -o "$tmp/heap.fir"
# the receiving end of the transfer lines: a local firvm --serve on a free port
"$BINDIR/firvm" --serve --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.log" &
server=$!
port=""
while [ -z "$port" ]; do
    sleep 0.05
    port=$(sed -n 's/^firvm: serve: listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/serve.log")
done
LIBS=""
for l in migrate jit_ia32 vm spec gc fir; do
    [ -f "$OBJDIR/lib$l.a" ] && LIBS="$LIBS $OBJDIR/lib$l.a"
done
# shellcheck disable=SC2086
${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -I. -o "$tmp/imgbench" bench/migrate/imgbench.c $LIBS \
    -luv -lmsgpackc -lsodium -lm
now_ns() { date +%s%N; }
for mb in $SIZES; do
    img="$tmp/heap$mb.img"
    out=$("$BINDIR/firvm" "$tmp/heap.fir" "$mb" "checkpoint:$img")
    ckpt=$(echo "$out" | awk '{print $4}')
    size=$(wc -c <"$img")
    host=$("$tmp/imgbench" "$img" 3)
    best=""
    for _ in 1 2 3; do
        t0=$(now_ns)
        at=$("$BINDIR/firvm" "$img" | awk '{print $6}')
        r=$(( (at - t0) / 1000 ))
        [ -z "$best" ] || [ "$r" -lt "$best" ] && best=$r
    done
    printf '%4s MB heap: image %s bytes; checkpoint %s ms; resume %d.%03d ms (exec to running)\n' \
        "$mb" "$size" "$ckpt" $((best / 1000)) $((best % 1000))
    printf '             host side: %s\n' "$host"
    # transfer (mig-net): from migrate() at the sender to the process running
    # again at the server; the resumed process prints it (both ends share the
    # clock, and t0 travels inside the process)
    best=""
    for _ in 1 2 3; do
        : >"$tmp/serve.out"
        "$BINDIR/firvm" "$tmp/heap.fir" "$mb" "migrate:127.0.0.1:$port"
        while [ ! -s "$tmp/serve.out" ]; do sleep 0.01; done
        sleep 0.05
        t=$(awk '{print $4}' "$tmp/serve.out")
        [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }' && best=$t
    done
    printf '             transfer over loopback to firvm --serve, running there: %s ms\n' "$best"
done
