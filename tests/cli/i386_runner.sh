#!/bin/sh
# tools/run-i386.sh, the one way tests run 32-bit programs: it picks native or
# qemu-i386, passes arguments and exit statuses through, refuses a bad
# FIR_I386_RUN with one clear line, and the whole i386 migration test passes
# under qemu-i386 (the path a kernel without IA-32 emulation takes).
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

ARCH=i386 sh tools/setup-deps.sh >"$tmp/setup.log" 2>&1 ||
    { cat "$tmp/setup.log"; echo "FAIL: cannot install the i386 packages"; exit 1; }

how=$(sh tools/run-i386.sh --how) || fail "--how failed"
case $how in native|qemu-i386) ;; *) fail "--how printed '$how'" ;; esac
echo "note: this machine runs 32-bit programs $( [ "$how" = native ] && echo natively || echo "through $how")"

cat >"$tmp/args.c" <<'C'
#include <stdio.h>
int main(int argc, char **argv) {
    printf("%d-bit", (int)(sizeof(void *) * 8));
    for (int i = 1; i < argc; i++) printf(" [%s]", argv[i]);
    printf("\n");
    return 3;
}
C
gcc -m32 -o "$tmp/args" "$tmp/args.c" || { echo "FAIL: gcc -m32"; exit 1; }
# the first use of the qemu way may install qemu-user: apt's lines are not
# the program's output
[ "$(FIR_I386_RUN=qemu sh tools/run-i386.sh --how 2>"$tmp/qemu-setup.log")" = qemu-i386 ] ||
    { cat "$tmp/qemu-setup.log"; fail "FIR_I386_RUN=qemu not obeyed"; }
for way in "" qemu; do
    out=$(FIR_I386_RUN=$way sh tools/run-i386.sh "$tmp/args" "a b" c 2>&1)
    rc=$?
    [ "$rc" = 3 ] || fail "way '${way:-default}': exit $rc, expected 3"
    [ "$out" = "32-bit [a b] [c]" ] || fail "way '${way:-default}': printed '$out'"
done

err=$(FIR_I386_RUN=bogus sh tools/run-i386.sh "$tmp/args" 2>&1)
rc=$?
[ "$rc" = 126 ] || fail "bad FIR_I386_RUN: exit $rc, expected 126"
[ "$err" = "run-i386: FIR_I386_RUN must be native or qemu, not 'bogus'" ] ||
    fail "bad FIR_I386_RUN: said '$err'"

# A kernel that refuses 32-bit programs, and no emulator that runs them either:
# one line that says so, exit 126.  (A fake gcc makes a probe the kernel refuses;
# a copy of the helper in a fresh tree has no cached answer.)
mkdir -p "$tmp/fake/bin" "$tmp/tree/tools"
cp tools/run-i386.sh tools/setup-deps.sh "$tmp/tree/tools/"
cat >"$tmp/fake/bin/gcc" <<'SH'
#!/bin/sh
while [ $# -gt 1 ] && [ "$1" != -o ]; do shift; done
printf '\177ELF\001\001\001\000junk' >"$2" && chmod +x "$2"
SH
chmod +x "$tmp/fake/bin/gcc"
err=$(PATH="$tmp/fake/bin:$PATH" sh "$tmp/tree/tools/run-i386.sh" "$tmp/args" 2>&1)
rc=$?
[ "$rc" = 126 ] || fail "no way to run: exit $rc, expected 126"
[ "$err" = "run-i386: the kernel does not run 32-bit programs (Exec format error), and qemu-i386 (package qemu-user) cannot run them either" ] ||
    fail "no way to run: said '$err'"

# the portability test, every 32-bit run under emulation
FIR_I386_RUN=qemu sh tests/cli/migrate_i386.sh >"$tmp/q.log" 2>&1 ||
    { tail -n 20 "$tmp/q.log"; fail "migrate_i386 under qemu-i386"; }
grep -qx "note: the 32-bit firvm runs through qemu-i386" "$tmp/q.log" ||
    fail "migrate_i386 did not say it ran under qemu-i386"
exit $status
