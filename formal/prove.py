#!/usr/bin/env python3
"""Formal proofs of the generated blocks' properties (the m.assert/m.assume/m.cover
statements in the Swift generators, emitted inside `ifdef FORMAL`).

For each proof of formal/proofs.txt: `kllm-gen generate` writes the block at the
listed parameters; yosys (`read_verilog -formal`, flatten) turns it into SMT-LIB;
yosys-smtbmc runs a bounded model check from reset (rst is assumed high in the
first cycle and free afterwards) to the listed depth, then k-induction of the
listed length, which proves every assertion for all time. Cover statements are
checked to be reachable within the BMC depth. One line per proof with its time.

A failure names the assertion by its Swift file:line (the comment on the
failing Verilog line) and writes the counterexample as a VCD.

    formal/prove.py [--quick] [--only NAME ...] [--mutants] [--solver z3|boolector]

--mutants runs formal/mutants.txt instead: each mutant (one text substitution in
the generated Verilog) must make its proof fail.
"""
import argparse, os, re, shutil, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def table(path):
    """Rows of a `|`-separated file, comments and blank lines skipped."""
    rows = []
    for n, line in enumerate(open(path), 1):
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if not line:
            continue
        cells = [c.strip() for c in line.split("|")]
        rows.append((n, cells))
    return rows


class Proof:
    def __init__(self, path, n, cells):
        if len(cells) != 6:
            sys.exit(f"{path}:{n}: expected 6 fields (name | top | parameters | depth | induction | quick), got {len(cells)}")
        self.name, self.top, params, depth, k, quick = cells
        self.params = params.split()
        try:
            self.depth, self.k = int(depth), int(k)
        except ValueError:
            sys.exit(f"{path}:{n}: depth and induction length must be integers")
        self.quick = quick == "quick"


def run(cmd, log, cwd=None, timeout=None):
    with open(log, "w") as f:
        try:
            return subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, cwd=cwd, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            return "timeout"


def swift_place(verilog, location):
    """`message (File.swift:LINE)` from the comment on the Verilog line `location` names."""
    # yosys 0.23 starts an assertion's source range at the end of the token before it
    # (often the line above), so the range's end line is the statement's line.
    m = re.search(r":\d+\.\d+-(\d+)\.\d+", location) or re.search(r":(\d+)\.\d+", location)
    if not m:
        return location
    lines = open(verilog).read().split("\n")
    line = lines[int(m.group(1)) - 1] if int(m.group(1)) <= len(lines) else ""
    return line.split("//", 1)[1].strip() if "//" in line else f"{os.path.basename(verilog)}:{m.group(1)}: {line.strip()}"


def solver_args(solver):
    if solver == "boolector":
        return ["-s", "boolector"]
    return ["-s", "z3"]


def prove(p, gen, work, solver, verilog_text=None, timeout=None):
    """Runs one proof; returns (status, detail, seconds, asserts, covers)."""
    os.makedirs(work, exist_ok=True)
    start = time.time()
    args = [gen, "generate", p.top, "--out", work]
    for a in p.params:
        args += ["-p", a]
    if run(args, f"{work}/generate.log") != 0:
        return "ERROR", "kllm-gen generate failed: " + open(f"{work}/generate.log").read().strip().splitlines()[-1], 0, 0, 0
    vfile = f"{work}/{p.top}.v"
    if verilog_text is not None:
        open(vfile, "w").write(verilog_text)
    script = (f"read_verilog -formal {vfile}; prep -top {p.top} -flatten; async2sync; dffunmap; "
              f"tee -q -o {work}/stat.txt stat; write_smt2 -wires {work}/model.smt2")
    if run(["yosys", "-q", "-p", script], f"{work}/yosys.log") != 0:
        return "ERROR", f"yosys failed (see {work}/yosys.log)", time.time() - start, 0, 0
    stat = open(f"{work}/stat.txt").read()
    count = lambda cell: sum(int(n) for n in re.findall(rf"\${cell}\s+(\d+)", stat))
    asserts, covers = count("assert"), count("cover")
    with open(f"{work}/reset.smtc", "w") as f:
        f.write("initial\nassume [rst]\n")
    base = ["yosys-smtbmc"] + solver_args(solver) + ["--presat", "--smtc", f"{work}/reset.smtc"]

    def check(mode, steps, log):
        cmd = base + mode + ["-t", str(steps), "--dump-vcd", f"{work}/{log}.vcd", f"{work}/model.smt2"]
        status = run(cmd, f"{work}/{log}.log", timeout=timeout)
        text = open(f"{work}/{log}.log").read()
        return status, text

    status, text = check([], p.depth, "bmc")
    if status == "timeout":
        return "TIMEOUT", f"BMC did not finish in {timeout} s", time.time() - start, asserts, covers
    if "Status: PASSED" not in text:
        failed = re.search(r"Assert failed in \S+: (\S+)", text)
        where = swift_place(vfile, failed.group(1)) if failed else text.strip().splitlines()[-1]
        step = re.findall(r"Checking assertions in step (\d+)", text)
        return "FAILED", f"{where} at step {step[-1] if step else '?'}; counterexample {work}/bmc.vcd", time.time() - start, asserts, covers
    reached = "-"
    if covers:
        cstatus, ctext = check(["-c"], p.depth, "cover")
        hit = len(re.findall(r"Reached cover statement", ctext))
        reached = f"{hit}/{covers}"
        if cstatus == "timeout" or hit < covers:
            return "FAILED", f"only {reached} cover statements reached within {p.depth} steps (see {work}/cover.log)", \
                time.time() - start, asserts, covers
    if p.k == 0:
        return "BMC", f"no violation in {p.depth} cycles from reset; covers {reached}", time.time() - start, asserts, covers
    status, text = check(["-i"], p.k, "induction")
    if status == "timeout":
        return "TIMEOUT", f"induction did not finish in {timeout} s", time.time() - start, asserts, covers
    if "Status: PASSED" not in text:
        failed = re.search(r"Assert failed in \S+: (\S+)", text)
        where = swift_place(vfile, failed.group(1)) if failed else "?"
        return "FAILED", f"not inductive at length {p.k}: {where}; trace {work}/induction.vcd", time.time() - start, asserts, covers
    return "PROVED", f"BMC {p.depth} + {p.k}-induction; covers {reached}", time.time() - start, asserts, covers


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="only the proofs marked quick")
    ap.add_argument("--only", nargs="*", default=[], help="only these proofs (by name)")
    ap.add_argument("--mutants", action="store_true", help="run formal/mutants.txt: every mutant must fail its proof")
    ap.add_argument("--solver", default=os.environ.get("FORMAL_SOLVER", "z3"), choices=["z3", "boolector"])
    ap.add_argument("--gen", default=os.path.join(ROOT, ".build/debug/kllm-gen"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build/formal"))
    ap.add_argument("--timeout", type=int, default=600, help="seconds per solver run")
    a = ap.parse_args()
    for tool in ["yosys", "yosys-smtbmc", "z3" if a.solver == "z3" else "boolector"]:
        if not shutil.which(tool):
            sys.exit(f"formal/prove.py: {tool} not found (make deps installs it)")
    proofs = [Proof("formal/proofs.txt", n, c) for n, c in table(os.path.join(ROOT, "formal/proofs.txt"))]
    by_name = {p.name: p for p in proofs}
    for name in a.only:
        if name not in by_name:
            sys.exit(f"formal/prove.py: no proof named '{name}' (see formal/proofs.txt)")
    if a.mutants:
        return mutants(a, by_name)
    chosen = [p for p in proofs if (not a.quick or p.quick) and (not a.only or p.name in a.only)]
    bad = 0
    total = time.time()
    for p in chosen:
        status, detail, secs, asserts, covers = prove(p, a.gen, os.path.join(a.out, p.name), a.solver, timeout=a.timeout)
        ok = status in ("PROVED", "BMC")
        bad += not ok
        print(f"{status:8} {p.name:20} {p.top} {' '.join(p.params) or '(defaults)'}: {asserts} asserts, {detail} ({secs:.1f} s)",
              flush=True)
    print(f"formal: {len(chosen) - bad} passed, {bad} failed ({time.time() - total:.0f} s, solver {a.solver})")
    return 1 if bad else 0


def mutants(a, by_name):
    """Each mutant of formal/mutants.txt must fail the proof it names."""
    rows = table(os.path.join(ROOT, "formal/mutants.txt"))
    killed = survived = 0
    for n, cells in rows:
        if len(cells) != 4:
            sys.exit(f"formal/mutants.txt:{n}: expected 4 fields (what | proof | from | to)")
        what, name, old, new = cells
        p = by_name.get(name) or sys.exit(f"formal/mutants.txt:{n}: no proof named '{name}'")
        work = os.path.join(a.out, "mutants", f"{n}")
        os.makedirs(work, exist_ok=True)
        args = [a.gen, "generate", p.top, "--out", work] + [x for prm in p.params for x in ("-p", prm)]
        if run(args, f"{work}/generate.log") != 0:
            sys.exit(f"formal/mutants.txt:{n}: kllm-gen generate failed")
        text = open(f"{work}/{p.top}.v").read()
        if text.count(old) != 1:
            sys.exit(f"formal/mutants.txt:{n}: '{old}' occurs {text.count(old)} times in {p.top}.v, not once")
        status, detail, secs, _, _ = prove(p, a.gen, work, a.solver, verilog_text=text.replace(old, new), timeout=a.timeout)
        caught = status == "FAILED"
        killed += caught
        survived += not caught
        print(f"{'killed  ' if caught else 'SURVIVED'} {name:20} {what}: {detail} ({secs:.1f} s)", flush=True)
    print(f"formal mutants: {killed} killed, {survived} survived")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
