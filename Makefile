# Ohana — every target a newcomer needs. `make demo` and `make test` install what is missing.
SWIFT     ?= swift
ROOT      ?= $(CURDIR)
DEMO      ?= $(CURDIR)/demo
DATA      ?= $(abspath $(CURDIR)/../shared/data)
DEBUG_BIN  = .build/debug/ohana
APT_PACKAGES      = libarchive-dev zlib1g-dev pkg-config
TEST_APT_PACKAGES = rsync strace xfsprogs e2fsprogs python3 prometheus
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

export OHANA_DATA ?= $(DATA)

.PHONY: deps test-deps build test demo watch tick train verify status bench fuzz format clean

## deps: install the C libraries (zlib, libarchive) and pkg-config where they are missing
deps:
	@if ! pkg-config --exists libarchive zlib 2>/dev/null; then \
	  echo "installing $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES); \
	fi

## test-deps: tools the tests drive for real (rsync, strace, xfs_io, mkfs.ext4)
test-deps: deps
	@missing=""; \
	for tool in rsync:rsync strace:strace xfs_io:xfsprogs mkfs.ext4:e2fsprogs python3:python3 promtool:prometheus; do \
	  command -v $${tool%%:*} >/dev/null 2>&1 || missing="$$missing $${tool##*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

## build: debug build of everything
build: deps
	$(SWIFT) build

## test: the whole test suite (what CI runs)
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## demo: a fresh demo tree from generated data: ingest it and show the status
demo: deps
	$(SWIFT) build --product ohana
	@bash scripts/demo.sh "$(DEBUG_BIN)" "$(DEMO)"

## watch: run the watcher on $(ROOT) until Ctrl-C
watch: build
	$(DEBUG_BIN) watch --root "$(ROOT)"

## tick: do whatever is due in $(ROOT) once (training, predictions); for cron
tick: build
	$(DEBUG_BIN) tick --root "$(ROOT)"

## train: train PIPELINE (default family-trees) in $(ROOT) now
PIPELINE ?= family-trees
train: build
	$(DEBUG_BIN) train "$(PIPELINE)" --root "$(ROOT)"

## verify: re-hash every artifact of $(ROOT) and check the registry
verify: build
	$(DEBUG_BIN) verify --root "$(ROOT)"

## status: counts per stage and pipeline of $(ROOT)
status: build
	$(DEBUG_BIN) status --root "$(ROOT)"

## bench: benchmarks side by side with their peers (not part of CI)
bench: deps
	@bash bench/run.sh

## fuzz: short libFuzzer runs of the GEDCOM parser and the CSV reader (FUZZ_SECONDS each, default 60), seeded with the shared files
fuzz:
	$(SWIFT) build --scratch-path .build-fuzz -c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address --product fuzz-gedcom
	$(SWIFT) build --scratch-path .build-fuzz -c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address --product fuzz-csv
	@mkdir -p fuzz-corpus/gedcom fuzz-corpus/csv
	seeds=$$(ls "$(OHANA_DATA)"/gedcom/*.ged 2>/dev/null | paste -sd, -); \
	.build-fuzz/debug/fuzz-gedcom fuzz-corpus/gedcom -max_total_time=$${FUZZ_SECONDS:-60} -max_len=65536 \
	  -rss_limit_mb=4096 -artifact_prefix=fuzz-corpus/ $${seeds:+-seed_inputs=$$seeds}
	seeds=$$(ls "$(OHANA_DATA)"/tabular/heart-*.csv 2>/dev/null | paste -sd, -); \
	.build-fuzz/debug/fuzz-csv fuzz-corpus/csv -max_total_time=$${FUZZ_SECONDS:-60} -max_len=65536 \
	  -rss_limit_mb=4096 -artifact_prefix=fuzz-corpus/csv- $${seeds:+-seed_inputs=$$seeds}

## format: format the sources with swift format (.swift-format)
format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

## clean: remove build products and the demo tree
clean:
	rm -rf .build .build-* "$(DEMO)" fuzz-corpus
