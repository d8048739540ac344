# FIR VM build.  `make` builds bin/firc, bin/firvm and the guest C library;
# `make test` runs every test; `make demo` compiles and runs a sample.
# Switches: SAN=1 (ASan+UBSan), ARCH=i386 (32-bit host build), V=1 (verbose).
# Every folder's .c files are picked up by wildcard: adding a file needs no edit here.

.DEFAULT_GOAL := all
SAN  ?= 0
ARCH ?= native
OPT  ?= -O2

CC      ?= cc
CFLAGS  := -std=c11 -D_GNU_SOURCE -Wall -Wextra -g $(OPT) -MMD -MP -I.
LDLIBS  := -lm

ifeq ($(ARCH),i386)
  VARIANT  := i386
  CFLAGS   += -m32 -msse2 -mfpmath=sse -D_FILE_OFFSET_BITS=64
  LDFLAGS  += -m32
  MSGPACK  := -l:libmsgpackc.so.2
  READLINE := -l:libreadline.so.8
  # 32-bit programs run natively or under qemu-i386, whichever this machine can
  HOSTRUN  := sh $(CURDIR)/tools/run-i386.sh
else
  VARIANT  := default
  MSGPACK  := -lmsgpackc
  READLINE := -lreadline
endif
ifeq ($(SAN),1)
  VARIANT  := $(VARIANT)-san
  CFLAGS   += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  LDFLAGS  += -fsanitize=address,undefined
endif

ifeq ($(VARIANT),default)
  BINDIR := bin
  LIBDIR := lib
else
  BINDIR := build/$(VARIANT)/bin
  LIBDIR := build/$(VARIANT)/lib
endif
OBJDIR := build/$(VARIANT)/obj

# Interpreter variants: INTERP=switch dispatches through one switch instead
# of computed goto, INTERP=nofuse runs without superinstructions.  Only vm/
# is rebuilt (into build/VARIANT-INTERP/); firvm links the other libraries,
# and firc, of the plain build.  `make test` runs the end-to-end programs
# under each.
INTERP_VARIANTS := switch nofuse
INTERP_FLAGS_switch := -DVM_SWITCH_DISPATCH
INTERP_FLAGS_nofuse := -DVM_NO_FUSE
INTERP ?=
ifneq ($(INTERP),)
  ifeq ($(INTERP_FLAGS_$(INTERP)),)
    $(error INTERP must be one of: $(INTERP_VARIANTS))
  endif
  PLAIN_OBJDIR := $(OBJDIR)
  PLAIN_BINDIR := $(BINDIR)
  VARIANT := $(VARIANT)-$(INTERP)
  BINDIR  := build/$(VARIANT)/bin
  OBJDIR  := build/$(VARIANT)/obj
  CFLAGS_vm_ := $(INTERP_FLAGS_$(INTERP))
endif

CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lrt -lpthread)

Q := $(if $(filter 1,$(V)),,@)

# ------------------------------------------------------------- libraries
# Each folder is one static library; main.c files are programs, not library code.
FOLDERS := fir gc spec vm jit-ia32 transport migrate dist repl frontend-c
lib_srcs = $(filter-out $(1)/main.c,$(wildcard $(1)/*.c))
lib_objs = $(patsubst %.c,$(OBJDIR)/%.o,$(call lib_srcs,$(1)))
lib_file = $(OBJDIR)/lib$(subst -,_,$(1)).a

define FOLDER_LIB
$(call lib_file,$(1)): $(call lib_objs,$(1)) | $(OBJDIR)/empty.o
	$$(Q)rm -f $$@
	$$(Q)ar rcs $$@ $$^ $$(if $$^,,$$(OBJDIR)/empty.o)
endef
$(foreach f,$(FOLDERS),$(eval $(call FOLDER_LIB,$(f))))

$(OBJDIR)/empty.o:
	$(Q)mkdir -p $(@D)
	$(Q)echo 'typedef int fir_empty_unit;' | $(CC) $(CFLAGS) -x c -c - -o $@

# Order-only on setup: with -j, nothing compiles before the headers are installed.
$(OBJDIR)/%.o: %.c | setup
	$(Q)mkdir -p $(@D)
	@$(if $(Q),echo "  CC $<")
	$(Q)$(CC) $(CFLAGS) $(CFLAGS_$(subst /,_,$(dir $<))) -c $< -o $@

# Libraries in link order (users before what they use).
VM_LIBS := $(foreach f,repl dist migrate transport jit-ia32 vm spec gc fir,$(call lib_file,$(f)))
FC_LIBS := $(foreach f,frontend-c fir,$(call lib_file,$(f)))
ifneq ($(INTERP),)
  VM_LIBS := $(foreach f,$(VM_LIBS),$(if $(filter %/libvm.a,$(f)),$(f),$(patsubst $(OBJDIR)/%,$(PLAIN_OBJDIR)/%,$(f))))
endif
SYS_LIBS := -luv $(MSGPACK) -lsodium $(READLINE) $(LDLIBS)

# Where firc finds its headers and the guest C library.
CFLAGS_firc_ := -DFIRC_INCLUDE_DIR='"$(abspath guest/include)"' \
                -DFIRC_LIBC='"$(abspath $(LIBDIR))/libc.fir"'

# -------------------------------------------------------------- programs
FIRVM := $(BINDIR)/firvm
FIRC  := $(BINDIR)/firc
LIBC  := $(LIBDIR)/libc.fir

.PHONY: all setup build test demo bench bench-spec bench-migrate bench-cluster fuzz clean
all: setup build
build: $(FIRVM) $(FIRC) $(LIBC)

$(FIRVM): $(OBJDIR)/firvm/main.o $(VM_LIBS) $(OBJDIR)/empty.o
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(VM_LIBS) $(SYS_LIBS)

$(FIRC): $(OBJDIR)/firc/main.o $(FC_LIBS) $(OBJDIR)/empty.o
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(FC_LIBS) $(SYS_LIBS)

# The guest C library: compiled by firc itself into one FIR module.
LIBC_SRCS := $(sort $(wildcard guest/libc/*.c))
LIBC_HDRS := $(wildcard guest/include/*.h guest/libc/*.h)
$(LIBC): $(FIRC) $(LIBC_SRCS) $(LIBC_HDRS)
	$(Q)mkdir -p $(@D)
	@$(if $(Q),echo "  FIRC libc.fir")
	$(Q)$(HOSTRUN) $(FIRC) --build-libc $(LIBC_SRCS) -o $@

setup:
	$(Q)ARCH=$(ARCH) sh tools/setup-deps.sh

# ----------------------------------------------------------------- tests
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(OBJDIR)/tests/%,$(UNIT_SRCS))
TEST_SUPPORT := $(filter-out $(UNIT_SRCS),$(wildcard tests/unit/*.c))
TEST_SUPPORT_OBJS := $(patsubst %.c,$(OBJDIR)/%.o,$(TEST_SUPPORT))

$(OBJDIR)/tests/unit/%.o: tests/unit/%.c | setup
	$(Q)mkdir -p $(@D)
	@$(if $(Q),echo "  CC $<")
	$(Q)$(CC) $(CFLAGS) $(CHECK_CFLAGS) -c $< -o $@

$(OBJDIR)/tests/%: $(OBJDIR)/tests/unit/%.o $(TEST_SUPPORT_OBJS) $(VM_LIBS) $(FC_LIBS) $(OBJDIR)/empty.o
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(TEST_SUPPORT_OBJS) $(VM_LIBS) $(FC_LIBS) $(SYS_LIBS) $(CHECK_LIBS)

test: setup build $(UNIT_BINS)
	$(Q)for v in $(INTERP_VARIANTS); do $(MAKE) --no-print-directory INTERP=$$v interp-firvm || exit 1; done
	$(Q)BINDIR=$(BINDIR) OBJDIR=$(OBJDIR) SAN=$(SAN) HOSTRUN='$(HOSTRUN)' \
	    INTERP_BINDIRS='$(foreach v,$(INTERP_VARIANTS),$(v)=build/$(VARIANT)-$(v)/bin)' sh tests/run.sh

# (with INTERP=...) the variant's firvm beside the plain build's firc
.PHONY: interp-firvm
interp-firvm: $(FIRVM)
	$(Q)ln -sf $(abspath $(PLAIN_BINDIR))/firc $(BINDIR)/firc

demo: setup build
	$(Q)$(HOSTRUN) $(FIRC) samples/hello.c -o $(BINDIR)/hello.fir
	$(Q)$(HOSTRUN) $(FIRVM) $(BINDIR)/hello.fir

# Benchmarks also need /usr/bin/time and, for the comparison, lua5.4.
BENCH_DEPS = $(Q)sh tools/setup-deps.sh time lua5.4

bench: setup build
	$(BENCH_DEPS)
	$(Q)BINDIR=$(BINDIR) sh bench/run.sh

bench-spec: setup build
	$(BENCH_DEPS)
	$(Q)BINDIR=$(BINDIR) sh bench/spec/run.sh

bench-migrate: setup build
	$(BENCH_DEPS)
	$(Q)BINDIR=$(BINDIR) sh bench/migrate/run.sh

bench-cluster: setup build
	$(Q)sh tools/setup-deps.sh bc
	$(Q)BINDIR=$(BINDIR) sh bench/cluster/run.sh

fuzz:
	$(Q)sh tests/fuzz/run.sh
	$(Q)sh tests/fuzz/firc.sh

# Keep intermediate objects (the unit-test .o files) so reruns do not rebuild them.
.SECONDARY:

clean:
	rm -rf build bin lib

-include $(shell find build/$(VARIANT)/obj -name '*.d' 2>/dev/null)
