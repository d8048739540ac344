#!/bin/sh
# Compares every quoted #include of the C sources with the layer table
# docs/layers.txt and fails on an upward one (or a folder missing from the
# table), one line per offence:
#   gc/heap.c:12: "vm/vm.h": gc/ may not include vm/ (docs/layers.txt: gc may use nothing)
#   tools/check-includes.sh [ROOT]      (default: this repository)
# ROOT/docs/layers.txt is the table; ROOT's top-level folders are checked.
# Rules: "FOLDER/file.h" must name the including file's own folder or one
# that its row lists; a name without a folder is a file of the same
# directory; a path through ".." is refused (it hides which layer it is).
set -eu
root=${1:-$(dirname "$0")/..}
cd "$root"
table=docs/layers.txt
[ -f "$table" ] || { echo "check-includes: $table: not found" >&2; exit 2; }

find . -path ./build -prune -o -path ./.git -prune -o \
    \( -name '*.c' -o -name '*.h' \) -type f -print | sed 's|^\./||' | sort |
awk -v table="$table" '
BEGIN {
    bad = 0
    while ((getline line < table) > 0) {
        sub(/#.*/, "", line)
        n = split(line, w, /[ \t]+/)
        first = (w[1] == "") ? 2 : 1
        if (first > n) continue
        f = w[first]
        if (f in known) { printf "%s: %s is listed twice\n", table, f; bad = 1 }
        known[f] = 1
        uses[f] = ""
        for (i = first + 1; i <= n; i++) {
            if (w[i] == "") continue
            if (w[i] != "*" && !(w[i] in known)) {
                printf "%s: %s may use %s, which is not listed above it\n", table, f, w[i]
                bad = 1
            }
            may[f, w[i]] = 1
            uses[f] = uses[f] " " w[i]
        }
    }
    close(table)
    nfiles = 0; nincl = 0
}
{
    file = $0
    top = file; sub(/\/.*/, "", top)
    if (top == file) next              # a file at the top level: none exist
    if (!(top in known)) {
        if (!(top in reported)) {
            printf "%s: folder %s/ is not in %s\n", file, top, table
            reported[top] = 1
        }
        bad = 1
        next
    }
    nfiles++
    ln = 0
    while ((getline src < file) > 0) {
        ln++
        if (src !~ /^[ \t]*#[ \t]*include[ \t]*"/) continue
        inc = src
        sub(/^[ \t]*#[ \t]*include[ \t]*"/, "", inc)
        sub(/".*/, "", inc)
        nincl++
        if (inc ~ /(^|\/)\.\.(\/|$)/) {
            printf "%s:%d: \"%s\": a path through .. hides its layer; name the folder\n", file, ln, inc
            bad = 1
            continue
        }
        if (inc !~ /\//) continue      # the same directory
        dep = inc; sub(/\/.*/, "", dep)
        if (dep == top || may[top, dep] || may[top, "*"]) continue
        list = uses[top] == "" ? "nothing" : substr(uses[top], 2)
        printf "%s:%d: \"%s\": %s/ may not include %s/ (%s: %s may use %s)\n", \
            file, ln, inc, top, dep, table, top, list
        bad = 1
    }
    close(file)
}
END {
    if (bad) exit 1
    printf "includes: %d #includes in %d files follow %s\n", nincl, nfiles, table
}'
