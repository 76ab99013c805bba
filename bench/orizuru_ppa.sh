#!/usr/bin/env bash
# Orizuru's two stage-1 circuits side by side: Batcher sorting network and the
# paper's tournament trees, at LANES 8, 16, 64 and TOPK 4, 8 (DATA_W 16, POS_W 16),
# synthesized flat by bench/ppa.sh; writes bench/results/orizuru.{csv,md}.
# Usage: bench/orizuru_ppa.sh [JOBS [LANES ...]]   (parallel synthesis runs, default 2;
#        lane counts, default 64 16 8 — flat LANES = 64 runs take tens of minutes each)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
jobs=${1:-2}
shift || true
lane_list=${*:-64 16 8}
swift build -c release --product kllm-gen >/dev/null
export KLLM_GEN=.build/release/kllm-gen
mkdir -p bench/results
runs=$(for lanes in $lane_list; do for k in 8 4; do for arch in batcher tournament; do
    echo "kllm_orizuru -p ARCH=$arch -p LANES=$lanes -p TOPK=$k"; done; done; done)
echo "$runs" | xargs -P "$jobs" -L 1 bash bench/ppa.sh
echo "$runs" | python3 -c '
import csv, hashlib, os, sys
rows = []
for line in sys.stdin.read().splitlines():
    top, params = line.split(" ", 1)
    tag = hashlib.sha256(f"{top} {params}\n".encode()).hexdigest()[:12]
    s = next(csv.reader(open(f"build/ppa/{top}-{tag}/summary.csv")))
    p = dict(kv.split("=") for kv in params.replace("-p ", "").split())
    rows.append((int(p["LANES"]), int(p["TOPK"]), p["ARCH"], round(float(s[2])), int(s[3]), int(s[4]), int(s[5]), int(s[6])))
rows.sort()
with open("bench/results/orizuru.csv", "w") as f:
    f.write("lanes,topk,arch,area_um2,cells,flops,critical_ps,fmax_mhz\n")
    for r in rows: f.write(",".join(map(str, r)) + "\n")
md = ["| LANES | TOPK | circuit | area µm² | flops | critical path | Fmax |", "|---|---|---|---|---|---|---|"]
for r in rows: md.append(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:,} | {r[5]:,} | {r[6] / 1000:.2f} ns | {r[7]} MHz |")
open("bench/results/orizuru.md", "w").write("\n".join(md) + "\n")
print("\n".join(md))
'
