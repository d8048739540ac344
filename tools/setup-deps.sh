#!/bin/sh
# Installs the Debian packages the build needs, only those that are missing.
# Run by `make setup` (and so by `make`, `make demo`, `make test`).
# Usage: [ARCH=i386] tools/setup-deps.sh [extra-package ...]
# ARCH=i386 (the Makefile passes its ARCH) also installs what the 32-bit host
# build needs: gcc-multilib and the i386 libraries.  msgpack-c and readline
# have no co-installable i386 -dev packages, so the build uses the amd64
# headers with the i386 runtime libraries (-l:libmsgpackc.so.2 ...).
set -e
need="libuv1-dev libmsgpack-dev libsodium-dev check libreadline-dev pkg-config $*"
if [ "${ARCH:-native}" = i386 ]; then
    need="$need gcc-multilib libuv1-dev:i386 libsodium-dev:i386 check:i386"
    need="$need libmsgpackc2:i386 libreadline8:i386"
fi
missing=""
for p in $need; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $p"
done
# ARCH=i386: where the kernel cannot run 32-bit programs, tools/run-i386.sh
# installs qemu-user the first time it is asked how to run them.
i386_runner() {
    [ "${ARCH:-native}" = i386 ] || return 0
    ARCH=native sh "$(dirname "$0")/run-i386.sh" --how >/dev/null
}
[ -z "$missing" ] && { i386_runner; exit 0; }
echo "setup: installing missing packages:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
case "$missing" in
*:i386*)
    dpkg --print-foreign-architectures | grep -qx i386 || $SUDO dpkg --add-architecture i386
    ;;
esac
# an index that fails to download (a mirror in sync) must not stop the install
$SUDO apt-get update -qq || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq $missing >/dev/null
i386_runner
