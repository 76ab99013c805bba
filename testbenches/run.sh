#!/usr/bin/env bash
# Runs one Icarus testbench: writes vectors with kllm-gen, compiles the testbench
# with the emitted RTL, simulates, and fails unless the testbench prints PASS.
# Usage: testbenches/run.sh TOP COUNT SEED [KLLM_GEN]
set -euo pipefail
top=$1; count=$2; seed=$3; gen=${4:-.build/debug/kllm-gen}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/testbenches/out/$top"
rm -rf "$out"; mkdir -p "$out"
"$gen" vectors "$top" --seed "$seed" --count "$count" --out "$out" >/dev/null
checker=""; [ "$top" = signed_mac ] || checker="$root/testbenches/tb_result_checker.v"
rtl=${KLLM_RTL:-$root/rtl-out/$top.v}   # KLLM_RTL: another implementation (e.g. a mutant) of the same top
iverilog -g2005 -Wall -o "$out/sim.vvp" "$root/testbenches/${top}_tb.v" $checker "$rtl"
log="$out/sim.log"
(cd "$out" && vvp -n sim.vvp) > "$log" 2>&1 || true
cat "$log" | grep -v '^VCD' | tail -n 12
if grep -q '^PASS' "$log" && ! grep -qE '^FAIL|mismatch|ERROR' "$log"; then
    exit 0
fi
echo "testbench $top failed (log: $log)" >&2
exit 1
