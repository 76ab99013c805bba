#!/usr/bin/env python3
"""The Orizuru table of bench/orizuru_ppa.sh: one row per (LANES, TOPK, circuit) from the
bench/ppa.sh runs named on standard input ("kllm_orizuru -p ARCH=... -p LANES=... -p TOPK=...",
one per line), written to OUT/orizuru.csv and OUT/orizuru.md.
Usage: orizuru_report.py OUT RECIPE < runs"""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ppa_runs  # noqa: E402


def main():
    out, recipe = sys.argv[1:3]
    rows = []
    for line in sys.stdin.read().splitlines():
        top, params = line.split(" ", 1)
        _, run = ppa_runs.find(top, params, recipe)
        p = dict(kv.split("=") for kv in params.replace("-p ", "").split())
        stages = int(p.get("STAGES", "1"))
        circuit = p["ARCH"] + (f", {stages} stages" if stages > 1 else "")
        rows.append((int(p["LANES"]), int(p["TOPK"]), circuit, round(run["area_um2"]), run["cells"], run["flops"],
                     run["critical_ps"], run["fmax_mhz"], run["synthesis_s"], 1 + stages))
    rows.sort()
    with open(os.path.join(out, "orizuru.csv"), "w", newline="") as f:
        # Quoted where a field holds a comma ("tournament, 4 stages").
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["lanes", "topk", "circuit", "area_um2", "cells", "flops", "critical_ps", "fmax_mhz", "synthesis_s", "latency"])
        w.writerows(rows)
    md = ["| LANES | TOPK | circuit | latency | area µm² | flops | critical path | Fmax | synthesis |",
          "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        md.append(f"| {r[0]} | {r[1]} | {r[2]} | {r[9]} | {r[3]:,} | {r[5]:,} | {r[6] / 1000:.2f} ns | {r[7]} MHz | {r[8]} s |")
    open(os.path.join(out, "orizuru.md"), "w").write("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
