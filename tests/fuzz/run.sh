#!/bin/sh
# Builds the fuzz targets with clang (libFuzzer + ASan + UBSan) into
# build/fuzz/ and runs each for the given number of seconds (default 60).
#   tests/fuzz/run.sh [seconds] [target...]     targets: decode parse image net
# Seeds: tests/fuzz/seeds/*.firs and tests/e2e-fir/*.firs (as text for
# `parse`, compiled to .fir by mkseed for `decode`); for `image`, the process
# images that tests/fuzz/seeds/image_*.firs write when run by bin/firvm;
# for `net` (the --serve wire protocol), conversations written below.
# The corpora grow in
# build/fuzz/corpus-*; crashes are written to build/fuzz/crash-*.
set -eu
cd "$(dirname "$0")/../.."
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-decode parse image net}
out=build/fuzz
mkdir -p "$out"
CC=${FUZZ_CC:-clang}
FLAGS="-g -O1 -std=c11 -D_GNU_SOURCE -I. -fno-omit-frame-pointer"
SAN="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
LIBS="-lmsgpackc -lm"
FIR_SRCS=$(ls fir/*.c)
# the image target links the VM, migrate/ and transport/ (not the firvm command)
VM_SRCS=$(ls fir/*.c gc/*.c spec/*.c vm/*.c migrate/*.c transport/*.c 2>/dev/null | grep -v '/main\.c$')
VM_LIBS="-luv -lsodium -lmsgpackc -lm"

echo "fuzz: building into $out"
$CC $FLAGS -fsanitize=address,undefined -o "$out/mkseed" tests/fuzz/mkseed.c $FIR_SRCS $LIBS
for t in $targets; do
    if [ "$t" = image ] || [ "$t" = net ]; then
        # shellcheck disable=SC2086
        $CC $FLAGS $SAN -o "$out/fuzz_$t" "tests/fuzz/fuzz_$t.c" $VM_SRCS $VM_LIBS
    else
        $CC $FLAGS $SAN -o "$out/fuzz_$t" "tests/fuzz/fuzz_$t.c" $FIR_SRCS $LIBS
    fi
done

seeds=$(ls tests/fuzz/seeds/*.firs tests/e2e-fir/*.firs 2>/dev/null || true)
mkdir -p "$out/corpus-parse" "$out/corpus-decode" "$out/corpus-image"
for s in tests/fuzz/seeds/image_*.firs; do
    [ -x bin/firc ] && [ -x bin/firvm ] || break
    n=$(basename "$s" .firs)
    bin/firc "$s" -o "$out/$n.fir" &&
        (cd "$out" && ../../bin/firvm "$n.fir" >/dev/null 2>&1; true)
done
# (the target reads payloads: the image file's #! line, 21 bytes, is cut off)
for i in "$out"/*.image; do
    [ -f "$i" ] && tail -c +22 "$i" >"$out/corpus-image/$(basename "$i")" && rm -f "$i"
done
for s in $seeds; do cp "$s" "$out/corpus-parse/"; done
# net: scenario byte (3 keyed, 4 plain), cut byte, then records (type, u16 length,
# body): OFFER of 3 bytes, DATA "abc", END (hash filled in by the target), COMMIT;
# and a STATUS query.  See tests/fuzz/fuzz_net.c.
mkdir -p "$out/corpus-net"
rec() { printf "\\$(printf %03o "$1")\\$(printf %03o "$2")\\000"; }
for sc in 3 4; do
    { printf "\\$(printf %03o $sc)\\000"; rec 4 24; printf '\001\002\003\004\005\006\007\010'
      printf '\011\012\013\014\015\016\017\020\003\000\000\000\000\000\000\000'
      rec 6 3; printf abc; rec 7 32; head -c 32 /dev/zero; rec 9 0; } >"$out/corpus-net/seed_transfer_$sc"
    { printf "\\$(printf %03o $sc)\\000"; rec 13 32; head -c 32 /dev/zero; } \
        >"$out/corpus-net/seed_status_$sc"
done
# shellcheck disable=SC2086
[ -n "$seeds" ] && "$out/mkseed" "$out/corpus-decode" $seeds 2>/dev/null || true
"$out/mkseed" --dict >"$out/firs.dict"

status=0
for t in $targets; do
    echo "fuzz: $t for ${secs}s"
    extra=""
    [ "$t" = parse ] && extra="-dict=$out/firs.dict"
    # shellcheck disable=SC2086
    if ! "$out/fuzz_$t" "$out/corpus-$t" $extra -max_total_time="$secs" -timeout=10 \
        -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$out/crash-$t-" \
        -print_final_stats=1 2>"$out/$t.log"; then
        status=1
        tail -n 40 "$out/$t.log"
    fi
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+.*DONE' "$out/$t.log" || true
done
exit $status
