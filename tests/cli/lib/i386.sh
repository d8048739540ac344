# Shared by the tests that run the 32-bit firvm (sourced from the top folder,
# after $tmp exists): installs the i386 packages if missing, builds
# build/i386/bin/firvm and bin/firvm (about 20 s), and sets BIN32 and F32, a
# wrapper that runs the 32-bit firvm through tools/run-i386.sh: natively, or
# under qemu-i386 where the kernel cannot run 32-bit programs
# (FIR_I386_RUN=qemu forces that way).  i386_setup LABEL prints
# "note: LABEL runs natively" (or through qemu-i386); it exits 1 on failure.
BIN32="$(pwd)/build/i386/bin/firvm"
F32=$tmp/firvm32
i386_setup() {
    printf '#!/bin/sh\nexec sh "%s/tools/run-i386.sh" "%s" "$@"\n' "$(pwd)" "$BIN32" >"$F32"
    chmod +x "$F32"
    # a fresh machine has no 32-bit toolchain or libraries (the file targets
    # below do not run the Makefile's setup step)
    ARCH=i386 sh tools/setup-deps.sh >"$tmp/setup.log" 2>&1 ||
        { cat "$tmp/setup.log"; echo "FAIL: cannot install the i386 build's packages"; exit 1; }
    # (MAKEFLAGS cleared: `make SAN=1 test` must not turn these into other variants)
    MAKEFLAGS= make -s ARCH=i386 SAN=0 build/i386/bin/firvm >"$tmp/build.log" 2>&1 &&
        MAKEFLAGS= make -s SAN=0 bin/firvm >>"$tmp/build.log" 2>&1 ||
        { cat "$tmp/build.log"; echo "FAIL: the i386 or the 64-bit build failed"; exit 1; }
    [ "$(od -An -tx1 -j4 -N1 "$BIN32" | tr -d ' ')" = 01 ] ||
        { echo "FAIL: build/i386/bin/firvm is not 32-bit"; exit 1; }
    how=$(sh tools/run-i386.sh --how) ||
        { echo "FAIL: no way to run the 32-bit build (see the line above)"; exit 1; }
    echo "note: $1 runs $( [ "$how" = native ] && echo natively || echo "through $how")"
}
