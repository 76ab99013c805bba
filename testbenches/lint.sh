#!/usr/bin/env bash
# Lints one emitted file: verilator -Wall with and without FORMAL, yosys -formal,
# iverilog -g2005 -Wall (no output allowed) and yosys synthesis (log in build/).
# `make lint` runs it on every rtl-out/*.v under GNU parallel, one file per core.
set -euo pipefail
f=$1
top=$(basename "$f" .v)
mkdir -p build
verilator --lint-only -Wall "$f"
verilator --lint-only -Wall -DFORMAL --assert "$f"
yosys -q -p "read_verilog -formal $f; hierarchy -check -top $top" >/dev/null || { echo "yosys -formal failed on $f" >&2; exit 1; }
out=$(iverilog -g2005 -Wall -o /dev/null "$f" 2>&1) || true
if [ -n "$out" ]; then echo "$out"; echo "iverilog warnings in $f" >&2; exit 1; fi
yosys -q -p "read_verilog $f; synth -top $top" -l "build/yosys-$top.log" >/dev/null 2>&1 || \
    { tail -20 "build/yosys-$top.log"; echo "yosys synth failed on $f (log: build/yosys-$top.log)" >&2; exit 1; }
echo "lint ok: $f (verilator -Wall with and without FORMAL, iverilog -g2005, yosys synth and -formal)"
