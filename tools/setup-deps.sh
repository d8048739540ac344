#!/bin/sh
# Installs the Debian packages the build needs, only those that are missing.
# Run by `make setup` (and so by `make`, `make demo`, `make test`).
# Usage: tools/setup-deps.sh [extra-package ...]
set -e
need="libuv1-dev libmsgpack-dev libsodium-dev check libreadline-dev pkg-config $*"
missing=""
for p in $need; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "setup: installing missing packages:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq $missing >/dev/null
