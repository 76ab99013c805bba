"""The FPGA table from the finished jobs of bench/fpga_table.sh: each row of the table file
(label|top|parameters|family|work folder) is read from its work folder's result.json, written by
`kllm-gen fpga` through a rename. A row whose job has no result here keeps its values from the
table's previous CSV (OUT/fpga.csv, the same label, parameters and family), so a run of some jobs
(a new row, one rerun) updates only those; a row found in neither is listed as a job that failed
or never ran. Writes OUT/fpga.csv, OUT/fpga.md and OUT/fpga.png.
Usage: fpga_report.py TABLE OUT
       fpga_report.py --plot CSV OUT   (only the plot, from a CSV this script wrote)"""
import csv
import json
import os
import re
import sys

FIELDS = ["design", "top", "parameters", "family", "device", "lut4", "carry", "lut4_equivalent", "flip_flops",
          "lut_ram", "block_ram", "dsp", "fits", "fmax_mhz", "target_mhz", "wrapper_flip_flops", "seconds", "status"]


def lut_equivalents(b, family):
    """LUT4s, plus on ECP5 the two LUT4 of each carry cell and the four of each LUT-RAM cell."""
    return b["luts"] + (2 * b["carries"] + 4 * b["lutRAMs"] if family == "ecp5" else 0)


def row_of(label, top, params, family, r):
    """A CSV row (dict of FIELDS) from a job's result.json."""
    b = r["block"]
    fmax = f"{r['fmaxMHz']:.1f}" if r.get("fmaxMHz") is not None else ""
    values = [label, top, params, family, r["device"], b["luts"], b["carries"], lut_equivalents(b, family), b["flipFlops"],
              b["lutRAMs"], b["blockRAMs"], b["dsps"], "yes" if r["fits"] else "no", fmax, int(r["targetMHz"]),
              r["harnessFlipFlops"], r["seconds"], "ok" if r["fits"] else r["note"]]
    return {k: str(v) for k, v in zip(FIELDS, values)}


def main():
    table, out = sys.argv[1], sys.argv[2]
    previous_csv = os.path.join(out, "fpga.csv")
    previous = {}
    if os.path.exists(previous_csv):
        for r in csv.DictReader(open(previous_csv, newline="")):
            if r.get("device"):
                previous[(r["design"], r["parameters"], r["family"])] = r
    rows, tools, target, seed = [], set(), 100, 1
    for line in open(table):
        label, top, params, family, folder = line.rstrip("\n").split("|")
        path = os.path.join(folder, "result.json")
        if os.path.exists(path):
            r = json.load(open(path))
            rows.append(row_of(label, top, params, family, r))
            tools.add(r["tools"])
            target, seed = int(r["targetMHz"]), r["seed"]
        elif (label, params, family) in previous:
            rows.append(previous[(label, params, family)])
        else:
            rows.append({**{k: "" for k in FIELDS}, "design": label, "top": top, "parameters": params, "family": family,
                         "status": f"no result (see {folder}.out)"})
    os.makedirs(out, exist_ok=True)
    with open(previous_csv, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(rows)
    md = ["| design | device | LUT4 | carry | LUT4 equiv. | FF | BRAM | DSP | fits | Fmax MHz |",
          "|---|---|---:|---:|---:|---:|---:|---:|---|---:|"]
    for r in rows:
        if not r["device"]:
            md.append(f"| {r['design']} | {r['family']} | | | | | | | no result | |")
            continue
        n = lambda k: f"{int(r[k]):,}"
        md.append(f"| {r['design']} | {r['device']} | {n('lut4')} | {n('carry')} | {n('lut4_equivalent')} | {n('flip_flops')} | "
                  f"{r['block_ram']} | {r['dsp']} | {r['fits']} | {r['fmax_mhz'] or '-'} |")
    # Why each row that did not place and route did not (synthesis over the device, nextpnr's
    # error, or nextpnr stopped at the job's time limit).
    misses = [r for r in rows if r["device"] and r["fits"] != "yes"]
    if misses:
        md += ["", "Not placed and routed:"]
        # nextpnr names a cell it could not place by its netlist path, hundreds of characters long.
        short = lambda status: re.sub(r"cell '[^']*'", "a cell", status)
        md += [f"- {r['design']} ({r['device']}): {short(r['status'])}" for r in misses]
    # The tools of the rows kept from the previous table stay named in the footer.
    previous_md = os.path.join(out, "fpga.md")
    pieces = {t for line in tools for t in line.split("; ")}
    if os.path.exists(previous_md):
        for line in open(previous_md):
            if line.startswith("Target clock") and "by the wrapper. " in line:
                pieces |= set(line.rstrip("\n").split("by the wrapper. ", 1)[1].split("; "))
    md += ["", f"Target clock {target} MHz, nextpnr seed {seed}; "
           "resources are the block's own and its submodules' (synthesized inside the scan wrapper without flattening); "
           "Fmax is nextpnr's, register to register with every port registered by the wrapper. " + "; ".join(sorted(pieces))]
    open(os.path.join(out, "fpga.md"), "w").write("\n".join(md) + "\n")
    print("\n".join(md))
    plot_from_csv(previous_csv, out)


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
