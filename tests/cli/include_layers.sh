#!/bin/sh
# The include-layer check: this tree follows docs/layers.txt, and a tree
# with an upward include, a path through .., a folder missing from the
# table or a table naming a folder before it is listed fails with the
# exact lines.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

out=$(sh tools/check-includes.sh 2>&1) || { echo "$out"; fail "this tree breaks its layers"; }
case "$out" in "includes: "*" follow docs/layers.txt") ;; *) fail "summary: $out";; esac

t=$tmp/tree
mkdir -p "$t/docs" "$t/gc" "$t/spec" "$t/vm" "$t/odd"
cp docs/layers.txt "$t/docs/"
printf '#include "gc/gc.h"\n' >"$t/spec/ok.c"
printf '#include "vm/vm.h"\n#include "gc/internal.h"\n#include "internal.h"\n' >"$t/vm/ok.c"
printf '/* heap */\n#include "gc/gc.h"\n#include "vm/vm.h"\n#  include "../spec/spec.h"\n' >"$t/gc/heap.c"
printf 'int x;\n' >"$t/odd/a.c"
sh tools/check-includes.sh "$t" >"$tmp/out" 2>&1 && fail "upward includes passed"
cat >"$tmp/exp" <<'EXP'
gc/heap.c:3: "vm/vm.h": gc/ may not include vm/ (docs/layers.txt: gc may use nothing)
gc/heap.c:4: "../spec/spec.h": a path through .. hides its layer; name the folder
odd/a.c: folder odd/ is not in docs/layers.txt
EXP
diff -u "$tmp/exp" "$tmp/out" || fail "messages for a bad tree"

# a table whose row names a folder listed later would allow a cycle
rm -rf "$t/odd" "$t/gc/heap.c"
printf 'gc   spec\nspec gc\nvm\n' >"$t/docs/layers.txt"
sh tools/check-includes.sh "$t" >"$tmp/out" 2>&1 && fail "a cyclic table passed"
cat >"$tmp/exp" <<'EXP'
docs/layers.txt: gc may use spec, which is not listed above it
vm/ok.c:2: "gc/internal.h": vm/ may not include gc/ (docs/layers.txt: vm may use nothing)
EXP
diff -u "$tmp/exp" "$tmp/out" || fail "message for a cyclic table"
exit 0
