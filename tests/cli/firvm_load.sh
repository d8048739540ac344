#!/bin/sh
# firvm load errors (exit 1, "firvm: error: FILE: MESSAGE"), options that end
# at the program name, --max-frames, --heap-max and --stats.
set -u
FIRVM=${BINDIR:-bin}/firvm
FIRC=${BINDIR:-bin}/firc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# load_case EXPECTED-STDERR FILE: exit status 1 and the exact message
load_case() {
    "$FIRVM" "$2" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 1 ] || fail "$2: exit status $rc, expected 1"
    printf '%s\n' "$1" >"$tmp/exp"
    diff -u "$tmp/exp" "$tmp/err" || fail "$2: message"
}
load_case "firvm: error: $tmp/nope.fir: cannot open: No such file or directory" "$tmp/nope.fir"
echo 'int main(void) { return 0; }' >"$tmp/text.fir"
load_case "firvm: error: $tmp/text.fir: not a valid FIR file: not a FIR file (bad magic)" \
    "$tmp/text.fir"
load_case "firvm: error: $tmp: cannot read: Is a directory" "$tmp"

# a module importing a host call the VM does not have
cat >"$tmp/host.firs" <<'FIRS'
host @frobnicate(i32) -> void
func @main() -> i32
  reg i32 %x
  %x = const.i32 0
  hcall @frobnicate(%x)
  ret %x
end
FIRS
"$FIRC" "$tmp/host.firs" -o "$tmp/host.fir" || fail "firc host.firs"
load_case "firvm: error: $tmp/host.fir: unknown host call 'frobnicate'" "$tmp/host.fir"

# a damaged file: the integrity trailer catches it
head -c 40 "$tmp/host.fir" >"$tmp/cut.fir"
"$FIRVM" "$tmp/cut.fir" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] || fail "truncated file: exit status"
grep -q "^firvm: error: $tmp/cut.fir: not a valid FIR file: " "$tmp/err" || fail "truncated file"

# options end at the program: later arguments, even "--stats", are the program's
cat >"$tmp/argc.firs" <<'FIRS'
func @main(i32 %argc, ptr %argv) -> i32
  ret %argc
end
FIRS
"$FIRC" "$tmp/argc.firs" -o "$tmp/argc.fir" || fail "firc argc.firs"
"$FIRVM" "$tmp/argc.fir" --stats -x y >"$tmp/out" 2>"$tmp/err"
[ $? -eq 4 ] || fail "program arguments: exit status"
[ ! -s "$tmp/err" ] || fail "program arguments: --stats taken by firvm"
"$FIRVM" -- "$tmp/argc.fir" >/dev/null 2>&1
[ $? -eq 1 ] || fail "-- before the program"

# --stats prints one line on stderr at exit
"$FIRVM" --stats "$tmp/argc.fir" a >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "--stats: exit status"
grep -q '^firvm: stats: [0-9]* blocks allocated, peak [0-9]* bytes live' "$tmp/err" ||
    fail "--stats: $(cat "$tmp/err")"

# --max-frames bounds recursion
cat >"$tmp/deep.firs" <<'FIRS'
func @down(i32 %n) -> i32
  reg i32 %zero
  %zero = const.i32 0
  beq.i32 %n, %zero, .done
  %n = addi.i32 %n, -1
  %n = call @down(%n)
.done:
  ret %n
end
func @main() -> i32
  reg i32 %n
  %n = const.i32 100
  %n = call @down(%n)
  ret %n
end
FIRS
"$FIRC" "$tmp/deep.firs" -o "$tmp/deep.fir" || fail "firc deep.firs"
"$FIRVM" --max-frames 102 "$tmp/deep.fir" || fail "--max-frames 102: exit $?"
"$FIRVM" --max-frames=101 "$tmp/deep.fir" 2>"$tmp/err"
[ $? -eq 134 ] || fail "--max-frames 101: exit status"
head -n 1 "$tmp/err" >"$tmp/first"
printf "%s\n" "firvm: error: in function 'down' at instruction 3: stack overflow (more than 101 nested calls)" >"$tmp/exp"
diff -u "$tmp/exp" "$tmp/first" || fail "--max-frames: message"

# --heap-max: alloc returns null past the limit
cat >"$tmp/heap.firs" <<'FIRS'
func @main() -> i32
  reg i64 %n
  reg ptr %p
  reg ptr %null
  reg i32 %r
  %n = const.i64 2000000
  %p = alloc %n
  %null = const.ptr 0
  %r = eq.ptr %p, %null
  ret %r
end
FIRS
"$FIRC" "$tmp/heap.firs" -o "$tmp/heap.fir" || fail "firc heap.firs"
"$FIRVM" "$tmp/heap.fir" || fail "default heap: alloc failed"
"$FIRVM" --heap-max 1M "$tmp/heap.fir"
[ $? -eq 1 ] || fail "--heap-max 1M: alloc did not return null"
"$FIRVM" --heap-max=3000000 "$tmp/heap.fir" || fail "--heap-max 3000000"
exit 0
