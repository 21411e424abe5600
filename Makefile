# analyze — GNU make build.  `make`, `make check`, `make check SANITIZE=1`,
# `make bench`, `make fuzz FUZZ_SECONDS=N`, `make install PREFIX=/usr/local
# DESTDIR=`, `make clean`.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR ?=
CC      ?= cc
PKGS    := libpcap glib-2.0 ncursesw libcurl zlib libzstd libisal

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))

OPT      ?= -O2 -g
WARN     := -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
CFLAGS   ?=
CPPFLAGS += -I. -D_GNU_SOURCE
ALL_CFLAGS = -std=gnu11 $(OPT) $(WARN) $(PKG_CFLAGS) $(CFLAGS)

# SANITIZE=1 builds everything under AddressSanitizer + UndefinedBehaviorSanitizer
# in a separate directory, so plain and sanitized objects never mix.
# FUZZ=1 (what `make fuzz` uses) builds the library with clang for libFuzzer,
# under the same sanitizers, in build/fuzz.
FUZZ_CC ?= clang
ifeq ($(FUZZ),1)
BUILD    := build/fuzz
CC       := $(FUZZ_CC)
ALL_CFLAGS += -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=address,undefined
else ifeq ($(SANITIZE),1)
BUILD    := build/san
ALL_CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=address,undefined
else
BUILD    := build/plain
endif

# The protocol list (enum proto_id, the filter names, the descriptors) is
# generated from the PROTOCOL_ID lines and descriptors of the dissect/
# files (dissect/protolist.awk).  It is rewritten only when it changes, so
# editing a protocol file recompiles that file alone; a file declaring an
# id or a filter name twice, or a descriptor without its id, stops the
# build with one line naming it.
PROTO_SRCS := $(sort $(wildcard dissect/*.c))
PROTO_LIST_H := $(BUILD)/gen/dissect/proto_list.h
CPPFLAGS += -I$(BUILD)/gen

LIB_SRCS := $(wildcard dissect/*.c stats/*.c capture/*.c tui/*.c) \
            $(filter-out analyzer/main.c,$(wildcard analyzer/*.c analyzer/filter/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/analyzer/main.o
LIB      := $(BUILD)/libanalyze.a

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRCS := $(wildcard tests/tools/*.c)
TOOL_BINS := $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tools/%)
TOOL_LIB_SRCS := $(wildcard tests/tools/lib/*.c)
TOOL_LIB_OBJS := $(TOOL_LIB_SRCS:%.c=$(BUILD)/%.o)
# Fuzzing (tests/fuzz/README.md): each tests/fuzz/fuzz_NAME.c is a harness,
# linked with libFuzzer as build/fuzz/fuzz/fuzz_NAME (make fuzz) and with a
# replay main as $(BUILD)/fuzz/replay_NAME (make check replays the corpus).
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BINS  := $(FUZZ_NAMES:%=$(BUILD)/fuzz/replay_%)
FUZZER_BINS  := $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= $(FUZZ_NAMES)

.PHONY: all check check-all check-build unit golden filters findings docs compress progress regolden shared tui capture storage fleet bench install uninstall clean tools \
	replay valgrind fuzz fuzzers
.DELETE_ON_ERROR:
.SECONDARY: $(TOOL_LIB_OBJS)

all: analyze

ifeq ($(SANITIZE),1)
analyze: $(BUILD)/analyze
else
analyze: $(BUILD)/analyze
	@cp $< $@
endif

$(BUILD)/analyze: $(MAIN_OBJ) $(LIB)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(LIB) $(PKG_LIBS) -lm

$(LIB): $(LIB_OBJS)
	@rm -f $@
	@echo "  AR      $@"
	@$(AR) rcs $@ $^

$(PROTO_LIST_H): $(PROTO_SRCS) dissect/protolist.awk
	@mkdir -p $(dir $@)
	@LC_ALL=C awk -v out=$@.tmp -f dissect/protolist.awk $(PROTO_SRCS)
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else echo "  GEN     $@"; mv -f $@.tmp $@; fi

$(BUILD)/%.o: %.c | $(PROTO_LIST_H)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/dissect_test.h tests/unit/reader_test.h tests/unit/frame_build.h $(LIB)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) -lm

$(BUILD)/tools/%: tests/tools/%.c $(TOOL_LIB_OBJS) $(LIB)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(TOOL_LIB_OBJS) $(LIB) $(PKG_LIBS) -lm

tools: $(TOOL_BINS)

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(LIB)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB) $(PKG_LIBS) -lm

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB) $(PKG_LIBS) -lm

# The whole suite: unit tests, golden tests on the samples (reports and the
# errors on broken inputs), the display-filter table, the documented
# interfaces (JSON schemas, completion, man page, install), the samples
# compressed (the same reports), the progress line on a pseudo-terminal,
# robustness on the shared real captures when
# they are next to the checkout, live capture in network namespaces (when
# root), then storage transfers (a fault-injecting server and the Azurite
# emulator).  The terminal UI runs in tmux (skipped without it).
# Every stage runs whatever the ones before gave; the last line adds them up.
check: check-build
	@tests/check.sh $(BUILD)

# What the suite runs, built (check-all.sh builds both builds first).
check-build: $(BUILD)/analyze $(UNIT_BINS) $(TOOL_BINS) $(REPLAY_BINS)

# What CI and the README run: the suite, plain and under the sanitizers,
# ending with one line "check-all: P passed, F failed, S skipped".
check-all:
	@MAKE="$(MAKE)" tests/check-all.sh

unit: $(UNIT_BINS)
	@tests/run-unit.sh $(UNIT_BINS)

golden: $(BUILD)/analyze
	@tests/run-golden.sh $(BUILD)/analyze

filters: $(BUILD)/analyze
	@tests/run-filters.sh $(BUILD)/analyze

# Every sample (and shared capture) gzip- and zstd-compressed: the same reports.
compress: $(BUILD)/analyze $(BUILD)/tools/zpack
	@tests/run-compress.sh $(BUILD)/analyze $(BUILD)/tools

# The progress line on a pseudo-terminal (script(1)), and none without one.
progress: $(BUILD)/analyze $(BUILD)/tools/zpack
	@tests/run-progress.sh $(BUILD)/analyze $(BUILD)/tools

# The fuzz corpus and every input that ever crashed, through the harnesses.
replay: $(REPLAY_BINS)
	@tests/run-replay.sh $(BUILD)/fuzz

# valgrind over the damaged captures and the capture corpus (the plain
# build only: it sees reads of undefined memory the sanitizers miss).
valgrind: $(BUILD)/analyze $(REPLAY_BINS)
	@tests/run-valgrind.sh $(BUILD)/analyze $(BUILD)/fuzz

# Runs each harness of FUZZ_TARGETS for FUZZ_SECONDS under libFuzzer (clang),
# keeping what adds coverage in tests/fuzz/corpus; see tests/fuzz/README.md.
fuzz:
	@command -v $(FUZZ_CC) > /dev/null || { echo "make fuzz needs $(FUZZ_CC) (Debian: clang)"; exit 1; }
	@$(MAKE) --no-print-directory FUZZ=1 fuzzers
	@tests/fuzz/run.sh build/fuzz/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzzers: $(FUZZER_BINS)

# --version, list -G, every JSON output against docs/json.md, the bash
# completion, the man page and docs against --help, install/uninstall.
docs: $(BUILD)/analyze $(BUILD)/tools/jsonschema
	@tests/run-docs.sh $(BUILD)/analyze $(BUILD)/tools

# Regenerate one golden file after a deliberate change: make regolden NAME=rtt-basic-text
regolden: $(BUILD)/analyze
	@tests/run-golden.sh --regen $(NAME) $(BUILD)/analyze

shared: $(BUILD)/analyze
	@tests/run-shared.sh $(BUILD)/analyze

# findings and review: every nmap capture of samples/scan found, no scan on
# the other samples and shared captures, a policy's violations and --learn.
findings: $(BUILD)/analyze $(BUILD)/tools/mkjump
	@tests/run-findings.sh $(BUILD)/analyze $(BUILD)/tools

tui: $(BUILD)/analyze $(BUILD)/tools/faultserver $(BUILD)/tools/mkstream
	@tests/run-tui.sh $(BUILD)/analyze

# Live capture in network namespaces (root only; skips elsewhere).
capture: $(BUILD)/analyze $(TOOL_BINS)
	@tests/run-capture.sh $(BUILD)/analyze $(BUILD)/tools

storage: $(BUILD)/analyze $(TOOL_BINS)
	@tests/run-storage.sh $(BUILD)/analyze $(BUILD)/tools

fleet: $(BUILD)/analyze
	@tests/run-fleet.sh $(BUILD)/analyze

bench: $(BUILD)/analyze $(TOOL_BINS)
	@tests/bench/run.sh $(BUILD)/analyze $(BUILD)/tools

# The program, its man page and its bash completion; uninstall removes
# exactly these three files (the folders may hold others' files).
INSTALLED := $(DESTDIR)$(BINDIR)/analyze $(DESTDIR)$(MANDIR)/man1/analyze.1 \
             $(DESTDIR)$(BASHCOMPDIR)/analyze

install: analyze
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	install -m 0755 analyze $(DESTDIR)$(BINDIR)/analyze
	install -m 0644 analyze.1 $(DESTDIR)$(MANDIR)/man1/analyze.1
	install -m 0644 completion/analyze.bash $(DESTDIR)$(BASHCOMPDIR)/analyze

uninstall:
	rm -f $(INSTALLED)

clean:
	rm -rf build analyze

-include $(shell find build -name '*.d' 2>/dev/null)
