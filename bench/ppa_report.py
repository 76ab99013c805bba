#!/usr/bin/env python3
"""The area table of bench/ppa_table.sh: reads the summary and breakdown of every
run (build/ppa/TOP-HASH/, written by bench/ppa.sh) and the accuracy of every
format (kllm-gen formats), writes OUT/ppa.csv, OUT/ppa.md and OUT/ppa.png.

Usage: ppa_report.py RUNS FORMATS OUT [--compose "label:size,..."]
    RUNS: lines "label|size|top|parameters"
    --compose: rows not synthesized flat, composed from the largest flat run of the
    same design below that size (bench/area_breakdown.py's parts: the table once,
    shared fetch/decode per row and column, everything per PE per PE; the clock of
    the smaller run). Checked against flat runs: INT8 and decoded LUT_W 8 composed
    from 8x8 to 16x16 land within 2 % of their flat area; from 4x4 to 8x8, FP16
    -1.1 %, INT8 -0.3 %, decoded LUT_W 8 -1.5 %, LUT_W 6 -0.9 %.
"""
import collections
import csv
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ppa_runs  # noqa: E402

# The format of each design, as `kllm-gen formats` names it.
FORMAT_OF = {
    "INT4 MAC": "uniform INT4 MAC",
    "INT8 MAC": "uniform INT8 MAC",
    "FP16 dequant MAC": "FP16 dequant MAC",
}


def format_of(label):
    if label in FORMAT_OF:
        return FORMAT_OF[label]
    return "K-Means index, top-2 outliers exact, LUT_W " + label.rsplit(" ", 1)[1]


def breakdown(path, replicated=False):
    """Area by role: the table, stage-1 registers, logic shared along a row or
    column (fetch, decode), logic private to a PE (select or multiply), accumulators.
    The replicated array's table is its per-PE copies (memories t_R_C, register group
    "t"); their synchronous reads t_R_C_q and t_R_C_q2 are its stage-1 registers."""
    roles = collections.Counter()
    with open(path) as f:
        for row in csv.DictReader(f):
            group, flop = row["group"], float(row["flop_um2"])
            private, shared = float(row["private_um2"]), float(row["shared_um2"])
            if replicated and re.fullmatch(r"t(_\d+)+_q\d*", group):
                group = "t"
            elif replicated and group == "t":
                group = "lut"
            if group in ("lut", "t_bank", "cb"):
                roles["table"] += flop + private + shared
            elif group in ("t", "p"):
                roles["stage-1 registers"] += flop
                roles["shared fetch/decode"] += shared
                roles["per-PE select/multiply"] += private
            elif group == "acc":
                roles["accumulate"] += flop + private + shared
            else:
                roles["control and outputs"] += flop + private + shared
    return roles


def shown(row):
    """A row's design as the tables print it: composed rows say so."""
    return row["design"] + (" (composed)" if row.get("composed") else "")


def compose(measured, n):
    """A design at n x n from its largest flat run below n, part by part."""
    base = max((r for r in measured if r["size"] < n), key=lambda r: r["size"])
    side, pes = n / base["size"], (n / base["size"]) ** 2
    scale = {"table": 1, "shared fetch/decode": side}
    roles = collections.Counter({k: v * scale.get(k, pes) for k, v in base["roles"].items()})
    area = sum(roles.values())
    return dict(base, size=n, parameters=base["parameters"] + f" composed from {base['size']}x{base['size']}",
                area_um2=round(area), cells="", flops="", ops_per_cycle=n * n,
                tops_per_mm2=round(n * n * base["fmax_mhz"] / area, 3), synthesis_s="", roles=roles, composed=True)


def main():
    runs_path, formats_path, out = sys.argv[1:4]
    accuracy = collections.defaultdict(list)   # format name -> NMSE of every tensor
    with open(formats_path) as f:
        for row in csv.DictReader(f):
            accuracy[row["format"]].append(float(row["nmse"]))

    def nmse_of(label):
        name = format_of(label)
        hits = [v for k, vs in accuracy.items() if k == name or k.startswith(name + " (") for v in vs]
        return hits or None
    rows = []
    for line in open(runs_path):
        label, size, top, params = line.rstrip("\n").split("|")
        d, run = ppa_runs.find(top, params)
        area, cells, flops, crit, fmax, seconds = (run["area_um2"], run["cells"], run["flops"], run["critical_ps"],
                                                   run["fmax_mhz"], run["synthesis_s"])
        n = int(size)
        nmse = nmse_of(label)
        rows.append(dict(design=label, size=n, top=top, parameters=" ".join(params.split()), area_um2=round(area),
                         cells=cells, flops=flops, critical_ps=crit, fmax_mhz=fmax, ops_per_cycle=n * n,
                         tops_per_mm2=round(n * n * fmax / area, 3),
                         nmse_qkv=f"{sum(nmse) / len(nmse):.2e}" if nmse else "", synthesis_s=seconds,
                         roles=breakdown(os.path.join(d, "breakdown.csv"), replicated="replicated" in label)))
    if len(sys.argv) > 5 and sys.argv[4] == "--compose":
        for item in sys.argv[5].split(","):
            label, size = item.rsplit(":", 1)
            rows.append(compose([r for r in rows if r["design"] == label and not r.get("composed")], int(size)))
    rows.sort(key=lambda r: (r["size"], r["design"]))
    os.makedirs(out, exist_ok=True)
    fields = ["design", "size", "top", "parameters", "area_um2", "cells", "flops", "critical_ps", "fmax_mhz",
              "ops_per_cycle", "tops_per_mm2", "nmse_qkv", "synthesis_s"]
    with open(os.path.join(out, "ppa.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)

    int8 = {r["size"]: r for r in rows if r["design"] == "INT8 MAC"}
    md = ["| design | array | area µm² | area vs INT8 | critical path | Fmax | TOPS/mm² | TOPS/mm² vs INT8 | NMSE (MiniLM q/k/v) |",
          "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ref = int8.get(r["size"])
        ratio = f"{r['area_um2'] / ref['area_um2']:.2f}×" if ref else ""
        tput = f"{r['tops_per_mm2'] / ref['tops_per_mm2']:.2f}×" if ref else ""
        md.append(f"| {shown(r)} | {r['size']}×{r['size']} | {r['area_um2']:,} | {ratio} | {r['critical_ps'] / 1000:.2f} ns | "
                  f"{r['fmax_mhz']} MHz | {r['tops_per_mm2']:.2f} | {tput} | {r['nmse_qkv']} |")
    roles = ["table", "shared fetch/decode", "per-PE select/multiply", "stage-1 registers", "accumulate", "control and outputs"]
    md += ["", "Where the area goes (µm²; cells charged to the registers they feed, bench/area_breakdown.py):", "",
           "| design | array | " + " | ".join(roles) + " |", "|---|---|" + "---|" * len(roles)]
    for r in rows:
        if r["size"] < 8:
            continue
        md.append(f"| {shown(r)} | {r['size']}×{r['size']} | " + " | ".join(f"{r['roles'][k]:,.0f}" for k in roles) + " |")
    with open(os.path.join(out, "ppa.md"), "w") as f:
        f.write("\n".join(md) + "\n")

    fig, axes = plt.subplots(1, 3, figsize=(16, 5))
    designs = sorted({r["design"] for r in rows}, key=lambda d: [r["design"] for r in rows].index(d))
    for d in designs:
        pts = sorted(((r["size"], r) for r in rows if r["design"] == d), key=lambda p: p[0])
        xs = [p[0] for p in pts]
        style = "--" if "MAC" in d else "-"
        axes[0].plot(xs, [p[1]["area_um2"] for p in pts], style, marker="o", label=d)
        axes[1].plot(xs, [p[1]["fmax_mhz"] for p in pts], style, marker="o", label=d)
        axes[2].plot(xs, [p[1]["tops_per_mm2"] for p in pts], style, marker="o", label=d)
    for ax, title in zip(axes, ["area (µm²)", "Fmax (MHz)", "throughput per area (TOPS/mm²)"]):
        ax.set_xscale("log", base=2)
        ax.set_xticks([4, 8, 16])
        ax.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
        ax.set_xlabel("array ROWS = COLS")
        ax.set_title(title)
        ax.grid(True, alpha=0.3)
    axes[0].set_yscale("log")
    axes[2].legend(fontsize=8)
    fig.suptitle("Nangate45 (FreePDK45 typical), yosys 0.23 flat + OpenSTA; ACC_W 32; dashed: MAC baselines")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "ppa.png"), dpi=110)
    print(f"wrote {out}/ppa.csv, {out}/ppa.md, {out}/ppa.png ({len(rows)} runs)")


if __name__ == "__main__":
    main()
