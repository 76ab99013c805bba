#!/usr/bin/env bash
# Runs one Icarus testbench: writes vectors with kllm-gen, compiles the testbench
# with the emitted RTL, simulates, and fails unless the testbench prints PASS.
# Usage: testbenches/run.sh TOP COUNT SEED [KLLM_GEN]
#   KLLM_PARAMS="-p NAME=VALUE ...": run against RTL generated with those parameters instead of
#   rtl-out/ (the testbench gets the manifest's latency and every parameter it declares).
#   KLLM_RTL=file: another implementation (e.g. a mutant) of the same top (with KLLM_PARAMS:
#   of the top at those parameters).
set -euo pipefail
top=$1; count=$2; seed=$3; gen=${4:-.build/debug/kllm-gen}
root=$(cd "$(dirname "$0")/.." && pwd)
params=${KLLM_PARAMS:-}
suffix=$(echo "$params" | sed 's/-p *//g' | xargs | tr -c 'A-Za-z0-9_=\n' '_')
out="$root/testbenches/out/$top${suffix:+-$suffix}"
rm -rf "$out"; mkdir -p "$out"
# shellcheck disable=SC2086  # params holds several -p NAME=VALUE words
"$gen" vectors "$top" $params --seed "$seed" --count "$count" --out "$out" >/dev/null
checker=""; [ "$top" = signed_mac ] || checker="$root/testbenches/tb_result_checker.v"
rtl=${KLLM_RTL:-$root/rtl-out/$top.v}
overrides=()
if [ -n "$params" ]; then
    # shellcheck disable=SC2086
    "$gen" generate "$top" $params --out "$out/rtl" >/dev/null
    rtl=${KLLM_RTL:-$out/rtl/$top.v}
    while read -r name value; do overrides+=("-P${top}_tb.$name=$value"); done < <(python3 - "$out/rtl/manifest.json" "$root/testbenches/${top}_tb.v" <<'PY'
import json, re, sys
manifest, tb = json.load(open(sys.argv[1]))["tops"][0], open(sys.argv[2]).read()
declared = set(re.findall(r"parameter\s+(\w+)\s*=", tb))
values = {k: v for k, v in manifest["parameters"].items() if v.lstrip("-").isdigit()}
values["LATENCY"] = str(manifest["latency"])
for name in sorted(declared & values.keys()):
    print(name, values[name])
PY
)
fi
iverilog -g2005 -Wall "${overrides[@]}" -o "$out/sim.vvp" "$root/testbenches/${top}_tb.v" $checker "$rtl"
log="$out/sim.log"
(cd "$out" && vvp -n sim.vvp) > "$log" 2>&1 || true
cat "$log" | grep -v '^VCD' | tail -n 12
if grep -q '^PASS' "$log" && ! grep -qE '^FAIL|mismatch|ERROR' "$log"; then
    exit 0
fi
echo "testbench $top failed (log: $log)" >&2
exit 1
