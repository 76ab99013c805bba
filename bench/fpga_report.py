"""The FPGA table from the finished jobs of bench/fpga_table.sh: each row of the table file
(label|top|parameters|family|work folder) is read from its work folder's result.json, written by
`kllm-gen fpga` through a rename (a missing file is a job that failed or never ran, listed as such).
Writes OUT/fpga.csv, OUT/fpga.md and OUT/fpga.png.
Usage: fpga_report.py TABLE OUT
       fpga_report.py --plot CSV OUT   (only the plot, from a CSV this script wrote, rows added by hand included)"""
import csv
import json
import os
import sys


def lut_equivalents(b, family):
    """LUT4s, plus on ECP5 the two LUT4 of each carry cell and the four of each LUT-RAM cell."""
    return b["luts"] + (2 * b["carries"] + 4 * b["lutRAMs"] if family == "ecp5" else 0)


def main():
    table, out = sys.argv[1], sys.argv[2]
    rows = []
    for line in open(table):
        label, top, params, family, folder = line.rstrip("\n").split("|")
        path = os.path.join(folder, "result.json")
        r = json.load(open(path)) if os.path.exists(path) else None
        rows.append((label, top, params, family, folder, r))
    fields = ["design", "top", "parameters", "family", "device", "lut4", "carry", "lut4_equivalent", "flip_flops",
              "lut_ram", "block_ram", "dsp", "fits", "fmax_mhz", "target_mhz", "wrapper_flip_flops", "seconds", "status"]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "fpga.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(fields)
        for label, top, params, family, folder, r in rows:
            if r is None:
                w.writerow([label, top, params, family] + [""] * (len(fields) - 5) + [f"no result (see {folder}.out)"])
                continue
            b = r["block"]
            lut_eq = lut_equivalents(b, family)
            fmax = f"{r['fmaxMHz']:.1f}" if r.get("fmaxMHz") is not None else ""
            w.writerow([label, top, params, family, r["device"], b["luts"], b["carries"], lut_eq, b["flipFlops"], b["lutRAMs"],
                        b["blockRAMs"], b["dsps"], "yes" if r["fits"] else "no", fmax, int(r["targetMHz"]),
                        r["harnessFlipFlops"], r["seconds"], "ok" if r["fits"] else r["note"]])
    done = [x for x in rows if x[5] is not None]
    tools = "; ".join(sorted({x[5]["tools"] for x in done}))
    md = ["| design | device | LUT4 | carry | LUT4 equiv. | FF | BRAM | DSP | fits | Fmax MHz |",
          "|---|---|---:|---:|---:|---:|---:|---:|---|---:|"]
    for label, top, params, family, folder, r in rows:
        if r is None:
            md.append(f"| {label} | {family} | | | | | | | no result | |")
            continue
        b = r["block"]
        lut_eq = lut_equivalents(b, family)
        fmax = f"{r['fmaxMHz']:.1f}" if r.get("fmaxMHz") is not None else "-"
        fits = "yes" if r["fits"] else "no"
        md.append(f"| {label} | {r['device']} | {b['luts']:,} | {b['carries']:,} | {lut_eq:,} | {b['flipFlops']:,} | "
                  f"{b['blockRAMs']} | {b['dsps']} | {fits} | {fmax} |")
    md += ["", f"Target clock {int(done[0][5]['targetMHz']) if done else 100} MHz, nextpnr seed {done[0][5]['seed'] if done else 1}; "
           "resources are the block's own (synthesized inside the scan wrapper without flattening); "
           "Fmax is nextpnr's, register to register with every port registered by the wrapper. " + tools]
    open(os.path.join(out, "fpga.md"), "w").write("\n".join(md) + "\n")
    print("\n".join(md))
    plot([(family, lut_equivalents(r["block"], family), r["fmaxMHz"], label)
          for label, _, _, family, _, r in done if r["fits"] and r.get("fmaxMHz")], out)


def plot(points, out):
    """OUT/fpga.png: Fmax against LUT4 equivalents, one marker per family; points are
    (family, LUT4 equivalents, Fmax MHz, label). Skipped without matplotlib."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, ax = plt.subplots(figsize=(8, 5))
    for family, marker in (("ice40", "s"), ("ecp5", "o")):
        pts = [p[1:] for p in points if p[0] == family]
        if not pts:
            continue
        ax.scatter([p[0] for p in pts], [p[1] for p in pts], marker=marker, label=family)
        for px, py, label in pts:
            ax.annotate(label, (px, py), fontsize=6, xytext=(3, 3), textcoords="offset points")
    ax.set_xscale("log")
    ax.axhline(100, color="grey", linestyle=":", linewidth=1)
    ax.set_xlabel("LUT4 equivalents (log)")
    ax.set_ylabel("Fmax (MHz, nextpnr)")
    ax.set_title("KLLM blocks placed and routed (iCE40 HX8K, ECP5-85F speed 6)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(out, "fpga.png"), dpi=120)


def plot_from_csv(path, out):
    rows = list(csv.DictReader(open(path, newline="")))
    plot([(r["family"], int(r["lut4_equivalent"]), float(r["fmax_mhz"]), r["design"])
          for r in rows if r["fits"] == "yes" and r["fmax_mhz"]], out)

if __name__ == "__main__":
    if sys.argv[1:2] == ["--plot"]:
        plot_from_csv(sys.argv[2], sys.argv[3])
    else:
        main()
