#!/usr/bin/env bash
# Orizuru's stage-1 circuits side by side: Batcher sorting network, the paper's
# tournament trees and rank-and-select (up to 16 lanes), at LANES 8, 16, 64 and TOPK 4, 8 (DATA_W 16, POS_W 16),
# synthesized flat by bench/ppa.sh; writes bench/results/orizuru.{csv,md}.
# Usage: bench/orizuru_ppa.sh [JOBS [LANES ...]]   (parallel synthesis runs, default 2;
#        lane counts, default 64 16 8); synthesis without SAT-based passes (PPA_RECIPE=nosat).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
jobs=${1:-2}
shift || true
lane_list=${*:-64 16 8}
swift build -c release --product kllm-gen >/dev/null
export KLLM_GEN=.build/release/kllm-gen
mkdir -p bench/results
# Both circuits, and the tournament pipelined to one extraction round per stage.
runs=$(for lanes in $lane_list; do for k in 8 4; do
    echo "kllm_orizuru -p ARCH=batcher -p LANES=$lanes -p TOPK=$k"
    echo "kllm_orizuru -p ARCH=tournament -p LANES=$lanes -p TOPK=$k"
    [ $k -le $lanes ] && echo "kllm_orizuru -p ARCH=tournament -p STAGES=$k -p LANES=$lanes -p TOPK=$k"
    # Rank-and-select: LANES·(LANES-1) comparators, so up to 16 lanes.
    [ $lanes -le 16 ] && echo "kllm_orizuru -p ARCH=rank -p LANES=$lanes -p TOPK=$k"
done; done)
# Without the SAT-based passes, for every circuit: with them, four of the twelve
# unpipelined runs did not finish in 18-25 minutes (LANES 8 TOPK 8 tournament: in
# ABC's &fraig -x) and yosys's share pass took 24 GB on LANES 64 TOPK 8.
export PPA_RECIPE=nosat
echo "$runs" | xargs -P "$jobs" -L 1 bash bench/ppa.sh
echo "$runs" | python3 bench/orizuru_report.py bench/results "$PPA_RECIPE"
