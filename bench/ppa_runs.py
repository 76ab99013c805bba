"""The finished runs of bench/ppa.sh: every work folder build/ppa/TOP-HASH holds a
summary.csv line (top, parameters, area, cells, flops, critical path, Fmax, seconds,
ABC recipe). Reports find a run by what it is, not by recomputing the folder name."""
import csv
import glob
import os


def find(top, params, recipe="default"):
    """The work folder and summary fields of a run, or an error naming the missing run."""
    want = " ".join(params.split())
    for path in glob.glob(os.path.join("build", "ppa", f"{top}-*", "summary.csv")):
        row = next(csv.reader(open(path)))
        ran = row[8] if len(row) > 8 else "default"
        if row[0] == top and " ".join(row[1].split()) == want and ran == recipe:
            fields = dict(area_um2=float(row[2]), cells=int(row[3]), flops=int(row[4]), critical_ps=int(row[5]),
                          fmax_mhz=int(row[6]), synthesis_s=int(row[7]))
            return os.path.dirname(path), fields
    raise SystemExit(f"no finished bench/ppa.sh run of {top} {want} (ABC recipe {recipe}) under build/ppa")
