#!/usr/bin/env bash
# The FPGA table: every block at its ASIC and its FPGA defaults, the MAC baselines and a kllm_linear tile,
# synthesized, placed and routed by `kllm-gen fpga` (yosys + nextpnr, inside the scan
# wrapper) on an iCE40 HX8K and an ECP5-85F, one job per configuration on GNU parallel
# (bench/jobs.sh); bench/fpga_report.py collects every finished job's result.json into
# bench/results/fpga.{csv,md,png}.
# Usage: bench/fpga_table.sh [-j N] [--sshloginfile FILE]     run the jobs (again: reruns only what failed)
#        bench/fpga_table.sh --emit slurm [slurm options]     print a Slurm array script of the same jobs
#        bench/fpga_table.sh --report                         only collect the finished jobs into the table
#        FPGA_FREQ (default 100) is the target clock in MHz, FPGA_SEED (default 1) nextpnr's seed,
#        FPGA_ROUTE_LIMIT (default 1800) the seconds nextpnr may take before it is stopped (the row then
#        says "not routed" and how far it got), FPGA_TIMEOUT (default 3600) the seconds a whole job may
#        take before it is killed and counts as failed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
freq=${FPGA_FREQ:-100}
seed=${FPGA_SEED:-1}
route_limit=${FPGA_ROUTE_LIMIT:-1800}
mkdir -p build/fpga bench/results
[ "${1:-}" = "--report" ] || swift build -c release --product kllm-gen > build/fpga-swift-build.log 2>&1 \
    || { cat build/fpga-swift-build.log >&2; echo "bench/fpga_table.sh: swift build -c release --product kllm-gen failed" >&2; exit 1; }
gen=.build/release/kllm-gen
# label | top | parameters | families. Parameters not given take rtl-out's (ASIC) defaults unless a row
# says --target fpga (kllm-gen's FPGA defaults). The N 64 K 256 tile runs at its FPGA defaults only: at
# the ASIC ones (ROW_PAR = N = 64 rows of registered-table selects) it is four times the logic of the
# default tile, which synthesizes to 261 % of the ECP5-85F in 15 minutes and 16.6 GB.
designs="quantizer|kllm_quantizer||ice40 ecp5
quantizer FPGA defaults (STAGES 2)|kllm_quantizer|--target fpga|ice40 ecp5
LUT map|kllm_lut_map||ice40 ecp5
LUT reduce|kllm_lut_reduce||ice40 ecp5
LUT reduce STAGES 2|kllm_lut_reduce|-p STAGES=2|ecp5
LUT reduce FPGA defaults (STAGES 3)|kllm_lut_reduce|--target fpga|ecp5
LUT reduce STAGES 4|kllm_lut_reduce|-p STAGES=4|ecp5
Orizuru Batcher|kllm_orizuru||ice40 ecp5
Orizuru tournament STAGES 2|kllm_orizuru|-p ARCH=tournament -p STAGES=2|ecp5
Orizuru rank|kllm_orizuru|-p ARCH=rank|ice40 ecp5
Orizuru rank STAGES 2|kllm_orizuru|-p ARCH=rank -p STAGES=2|ecp5
Orizuru rank STAGES 3|kllm_orizuru|-p ARCH=rank -p STAGES=3|ecp5
Orizuru rank STAGES 4|kllm_orizuru|-p ARCH=rank -p STAGES=4|ecp5
Orizuru FPGA defaults (rank STAGES 5)|kllm_orizuru|--target fpga|ecp5
INT4 MAC 8x8|kllm_mac_array|-p W_W=4 -p A_W=4|ecp5
INT8 MAC 8x8|kllm_mac_array|-p W_W=8 -p A_W=8|ecp5
INT8 MAC 16x16|kllm_mac_array|-p W_W=8 -p A_W=8 -p ROWS=16 -p COLS=16|ecp5
index MatMul FPGA defaults (replicated 8x8 W4A4 LUT_W 16)|kllm_index_matmul|--target fpga|ecp5
index MatMul replicated 8x8 PES_PER_TABLE 2|kllm_index_matmul|-p ARCH=replicated -p PES_PER_TABLE=2|ecp5
index MatMul replicated 16x16 LUT_W 8|kllm_index_matmul|-p ARCH=replicated -p ROWS=16 -p COLS=16 -p LUT_W=8|ecp5
index MatMul replicated 16x16 PES_PER_TABLE 2 (W4A4 LUT_W 16)|kllm_index_matmul|-p ARCH=replicated -p ROWS=16 -p COLS=16 -p PES_PER_TABLE=2|ecp5
linear tile (default N 16 K 64)|kllm_linear||ecp5
linear tile behind AXI (default)|kllm_linear_axi||ecp5
linear tile FPGA datapath (N 16 K 64)|kllm_linear|-p ARCH=replicated -p OUTLIER_ARCH=rank -p OUTLIER_STAGES=2|ecp5
linear tile FPGA datapath behind AXI|kllm_linear_axi|-p ARCH=replicated -p OUTLIER_ARCH=rank -p OUTLIER_STAGES=2|ecp5
linear tile FPGA defaults (N 16 K 64 replicated, OUTLIER_STAGES 5 QUANT_STAGES 2 READ_STAGES 2)|kllm_linear|--target fpga|ecp5
linear tile FPGA defaults behind AXI|kllm_linear_axi|--target fpga|ecp5
linear tile FPGA defaults N 64 K 256 ROW_PAR 16|kllm_linear|--target fpga -p N=64 -p K=256 -p ROW_PAR=16|ecp5
index MatMul decoded 4x4|kllm_index_matmul|-p ROWS=4 -p COLS=4|ecp5
index MatMul decoded 8x8 LUT_W 8|kllm_index_matmul|-p LUT_W=8|ecp5
index MatMul decoded 8x8 (default)|kllm_index_matmul||ecp5"
table=build/fpga/table.txt jobs=build/fpga/jobs.txt
: > "$table"; : > "$jobs"
while IFS='|' read -r label top params families; do
    for family in $families; do
        dir=build/fpga/$top-$family-$(echo "$top $params $family $freq $seed" | sha256sum | cut -c1-12)
        echo "$label|$top|$params|$family|$dir" >> "$table"
        case " $params " in *" --target "*) given=$params ;; *) given="--target asic${params:+ $params}" ;; esac
        echo "$gen fpga $top $given --family $family --freq $freq --seed $seed --route-limit $route_limit --out $dir > $dir.out 2>&1" >> "$jobs"
    done
done <<< "$designs"
if [ "${1:-}" = "--emit" ]; then
    [ "${2:-}" = slurm ] || { echo "bench/fpga_table.sh: --emit takes 'slurm'" >&2; exit 2; }
    shift 2
    exec bash bench/jobs.sh slurm "$jobs" "$@"
fi
status=0
[ "${1:-}" = "--report" ] || bash bench/jobs.sh run "$jobs" --timeout "${FPGA_TIMEOUT:-3600}" "$@" || status=$?
venv=build/ppa/venv
[ -x $venv/bin/python ] || { python3 -m venv $venv && $venv/bin/pip install --quiet matplotlib; }
$venv/bin/python bench/fpga_report.py "$table" bench/results
exit $status
