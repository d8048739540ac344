#!/bin/sh
# Runs a 32-bit (i386) host program the way this machine can: natively where the
# kernel executes IA-32 binaries, otherwise through qemu-i386 (Debian's qemu-user,
# installed on first need).  Every test and benchmark that runs the i386 build goes
# through this one helper.
#
#   tools/run-i386.sh PROGRAM [ARGS...]   run PROGRAM (exit status is PROGRAM's)
#   tools/run-i386.sh --how               print "native" or "qemu-i386"
#   tools/run-i386.sh --help
#
# FIR_I386_RUN=native|qemu forces one way (the tests use it to exercise qemu on a
# machine that also runs 32-bit code natively).  When neither way works, the helper
# prints one line saying why and exits 126.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
cache=$here/build/i386/run-i386.how

die() { echo "run-i386: $*" >&2; exit 126; }

# probe_native: can the kernel execute a gcc -m32 program?  Sets $why when not.
probe_native() {
    dir=$(mktemp -d) || die "cannot make a temporary folder"
    echo 'int main(void) { return 42; }' >"$dir/p.c"
    if ! gcc -m32 -o "$dir/p" "$dir/p.c" 2>"$dir/err"; then
        why="gcc -m32 cannot build a 32-bit program ($(head -n 1 "$dir/err"); is gcc-multilib installed?)"
        rm -rf "$dir"; return 2
    fi
    "$dir/p" 2>"$dir/err"
    rc=$?
    if [ $rc = 42 ]; then rm -rf "$dir"; return 0; fi
    why="the kernel does not run 32-bit programs ($(head -n 1 "$dir/err" | sed 's/.*: //'))"
    probe_qemu_target=$dir/p
    return 1
}

# probe_qemu PROGRAM: does qemu-i386 run the probe?  Installs qemu-user if missing.
probe_qemu() {
    if ! command -v qemu-i386 >/dev/null 2>&1; then
        ARCH=native sh "$here/tools/setup-deps.sh" qemu-user >&2 || return 1
    fi
    command -v qemu-i386 >/dev/null 2>&1 || return 1
    qemu-i386 "$1" 2>/dev/null
    [ $? = 42 ]
}

decide() {
    forced=${FIR_I386_RUN:-}
    case $forced in
    ""|native|qemu) ;;
    *) die "FIR_I386_RUN must be native or qemu, not '$forced'" ;;
    esac
    if [ -z "$forced" ] && [ -f "$cache" ]; then cat "$cache"; return 0; fi
    why=""; probe_qemu_target=""
    probe_native; native=$?
    [ $native = 2 ] && die "$why"
    if [ $native = 0 ] && [ "$forced" != qemu ]; then how=native
    elif [ "$forced" = native ]; then die "FIR_I386_RUN=native, but $why"
    else
        if [ -z "$probe_qemu_target" ]; then   # native worked; build a probe for qemu
            probe_qemu_target=$(mktemp -d)/p
            echo 'int main(void) { return 42; }' | gcc -m32 -x c -o "$probe_qemu_target" - ||
                die "gcc -m32 cannot build the probe"
        fi
        probe_qemu "$probe_qemu_target" ||
            die "${why:-32-bit programs were asked to run under qemu}, and qemu-i386 (package qemu-user) cannot run them either"
        rm -rf "$(dirname "$probe_qemu_target")"
        how=qemu-i386
    fi
    [ -n "$forced" ] || { mkdir -p "$(dirname "$cache")" && echo "$how" >"$cache"; }
    echo "$how"
}

case "${1:-}" in
--help|-h|"")
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    [ -n "${1:-}" ] && exit 0 || exit 2 ;;
--how)
    decide ;;
*)
    how=$(decide) || exit 126
    if [ "$how" = native ]; then exec "$@"; else exec qemu-i386 "$@"; fi ;;
esac
