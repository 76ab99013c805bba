#!/usr/bin/env python3
"""Formal proofs of the generated blocks' properties (the m.assert/m.assume/m.cover
statements in the Swift generators, emitted inside `ifdef FORMAL`).

For each proof of formal/proofs.txt: `kllm-gen generate` writes the block at the
listed parameters; yosys (`read_verilog -formal`, flatten) turns it into SMT-LIB;
yosys-smtbmc runs a bounded model check from reset (rst is assumed high in the
first cycle and free afterwards) to the listed depth, then k-induction of the
listed length, which proves every assertion for all time; where the properties
are not k-inductive (the induction column says `pdr`), ABC's PDR (property-directed
reachability, `yosys-abc`) proves them for all time from reset instead, finding
the invariants itself. Cover statements are checked to be reachable within the
BMC depth. One line per proof with its time.

A failure names the assertion by its Swift file:line (the comment on the
failing Verilog line) and writes the counterexample as a VCD.

    formal/prove.py [--quick] [--only NAME ...] [--mutants] [--equivalence] [--selftest] [--solver z3|boolector]

--equivalence proves the micro-architecture pairs of formal/equivalence.txt equal
(a miter: same inputs, outputs compared).

--mutants runs the mutants instead, each of which must make its proof fail:
every synchronous reset of each block's top module removed in turn
(`if (rst)` -> `if (1'b0)`, the mutants `make mutants` gives the testbenches),
and the seeded logic mutants of formal/mutants.txt (one text substitution each).
"""
import argparse, os, re, shutil, subprocess, sys, sysconfig, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "testbenches"))
from reset_mutants import reset_mutants  # the reset sites `make mutants` uses

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def table(path, fields=None):
    """Rows of a `|`-separated file, comments and blank lines skipped; with `fields`,
    the last field keeps any further `|` (a Verilog replacement may contain one)."""
    rows = []
    for n, line in enumerate(open(path), 1):
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if not line:
            continue
        cells = [c.strip() for c in (line.split("|", fields - 1) if fields else line.split("|"))]
        rows.append((n, cells))
    return rows


class Proof:
    def __init__(self, path, n, cells):
        if len(cells) != 6:
            sys.exit(f"{path}:{n}: expected 6 fields (name | top | parameters | depth | induction | quick), got {len(cells)}")
        self.name, self.top, params, depth, k, quick = cells
        self.params = params.split()
        try:
            self.depth = None if depth == "-" else int(depth)
            self.k = k if k == "pdr" else int(k)
        except ValueError:
            sys.exit(f"{path}:{n}: the depth must be an integer (or '-': PDR only), the induction an integer length or 'pdr'")
        if self.depth is None and self.k != "pdr":
            sys.exit(f"{path}:{n}: a proof without BMC ('-') needs PDR")
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


def prove(p, gen, work, solver, verilog_text=None, timeout=None, files=None):
    """Runs one proof; returns (status, detail, seconds, asserts, covers). `files`: Verilog
    already written (a miter), instead of generating the proof's top."""
    os.makedirs(work, exist_ok=True)
    start = time.time()
    if files is None:
        args = [gen, "generate", p.top, "--out", work]
        for a in p.params:
            args += ["-p", a]
        if run(args, f"{work}/generate.log") != 0:
            return "ERROR", "kllm-gen generate failed: " + open(f"{work}/generate.log").read().strip().splitlines()[-1], 0, 0, 0
        files = [f"{work}/{p.top}.v"]
    vfile = files[-1]
    if verilog_text is not None:
        open(vfile, "w").write(verilog_text)
    script = (f"read_verilog -formal {' '.join(files)}; prep -top {p.top} -flatten; async2sync; dffunmap; "
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

    def failed_assertion(text, otherwise="?"):
        """The failing assertion of a yosys-smtbmc log, by its Swift place."""
        failed = re.search(r"Assert failed in \S+: (\S+)", text)
        return swift_place(failed.group(1).split(":")[0], failed.group(1)) if failed else otherwise

    def last_step(text, otherwise="?"):
        step = re.findall(r"Checking assertions in step (\d+)", text)
        return step[-1] if step else otherwise

    def run_pdr(proved):
        """PDR for all time; a violation it finds is rerun as BMC to that depth, which
        gives the failing assertion's Swift line and the counterexample as a VCD."""
        status, detail = pdr(p, files, work, timeout)
        if status == "PROVED":
            detail = proved(detail)
        elif isinstance(detail, int):
            _, text = check([], detail + 2, "bmc-deep")
            status = "FAILED"
            detail = (f"{failed_assertion(text)} at step {last_step(text, detail)} (found by PDR"
                      f"{'' if p.depth is None else ' past the BMC depth'}); counterexample {work}/bmc-deep.vcd")
        return status, detail, time.time() - start, asserts, covers

    if p.depth is None:
        # PDR only (a size where BMC is slow); covers are checked at the smaller sizes.
        return run_pdr(lambda d: f"{d}; no BMC or covers at this size")
    status, text = check([], p.depth, "bmc")
    if status == "timeout":
        return "TIMEOUT", f"BMC did not finish in {timeout} s", time.time() - start, asserts, covers
    if "Status: PASSED" not in text:
        where = failed_assertion(text, otherwise=text.strip().splitlines()[-1])
        return "FAILED", f"{where} at step {last_step(text)}; counterexample {work}/bmc.vcd", time.time() - start, asserts, covers
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
    if p.k == "pdr":
        return run_pdr(lambda d: f"BMC {p.depth} + {d}; covers {reached}")
    status, text = check(["-i"], p.k, "induction")
    if status == "timeout":
        return "TIMEOUT", f"induction did not finish in {timeout} s", time.time() - start, asserts, covers
    if "Status: PASSED" not in text:
        return "FAILED", f"not inductive at length {p.k}: {failed_assertion(text)}; trace {work}/induction.vcd", \
            time.time() - start, asserts, covers
    return "PROVED", f"BMC {p.depth} + {p.k}-induction; covers {reached}", time.time() - start, asserts, covers


def pdr(p, files, work, timeout):
    """ABC's PDR on an AIGER model of the proof's top: every assertion for all time
    from reset. Registers start at 0 in AIGER; a verification-only register forces
    rst high in the first cycle, so the search starts from the reset state as BMC does."""
    text = open(files[-1]).read()
    top = re.search(rf"^module {re.escape(p.top)} \(", text, re.M)
    end = text.index("endmodule", top.end())
    start_in_reset = ("`ifdef FORMAL\n    reg formal_started = 1'b0;  // prove.py: rst is 1 in the first cycle\n"
                      "    always @(posedge clk) formal_started <= 1'b1;\n"
                      "    always @* if (!formal_started) assume (rst);\n`endif\n")
    pdr_dir = os.path.join(work, "pdr")
    os.makedirs(pdr_dir, exist_ok=True)
    vfile = os.path.join(pdr_dir, os.path.basename(files[-1]))
    open(vfile, "w").write(text[:end] + start_in_reset + text[end:])
    sources = " ".join(files[:-1] + [vfile])
    script = (f"read_verilog -formal {sources}; prep -top {p.top} -flatten; async2sync; chformal -assume -early; "
              "chformal -cover -remove; opt_clean; setundef -anyseq; opt -keepdc -fast; setundef -undriven -anyseq; "
              "setattr -unset keep; delete -output; opt -full; memory_map; opt -fast; techmap; opt -fast; dffunmap; "
              f"abc -g AND -fast; opt_clean; write_aiger -I -B -zinit -map {pdr_dir}/model.aim {pdr_dir}/model.aig")
    if run(["yosys", "-q", "-p", script], f"{pdr_dir}/yosys.log") != 0:
        return "ERROR", f"yosys could not write the AIGER model (see {pdr_dir}/yosys.log)"
    status = run(["yosys-abc", "-c", f"read_aiger {pdr_dir}/model.aig; fold; strash; pdr"], f"{pdr_dir}/pdr.log", timeout=timeout)
    log = open(f"{pdr_dir}/pdr.log").read()
    if status == "timeout":
        return "TIMEOUT", f"PDR did not finish in {timeout} s"
    if "Property proved" in log:
        clauses = re.search(r"invariant with (\d+) clauses", log)
        return "PROVED", f"PDR (invariant of {clauses.group(1) if clauses else '?'} clauses)"
    frame = re.search(r"asserted in frame (\d+)", log)
    if frame:
        return "FAILED", int(frame.group(1))   # the caller reruns BMC to that depth
    return "ERROR", f"PDR gave no verdict (see {pdr_dir}/pdr.log)"


def selftest(a):
    """A 6-bit counter with enable: `count != 20` fails 20 enabled cycles after reset,
    deeper than its BMC depth of 5, so only PDR finds it (and BMC to that depth gives
    the Swift line); `count <= 10` holds when the counter saturates at 10."""
    work = os.path.join(a.out, "selftest")
    os.makedirs(work, exist_ok=True)
    def design(step, check, what):
        return ("module counter (input wire clk, input wire rst, input wire en, output wire [5:0] q);\n"
                "    reg [5:0] count;\n"
                f"    always @(posedge clk) if (rst) count <= 6'd0; else if (en) count <= {step};\n"
                "    assign q = count;\n`ifdef FORMAL\n    always @(posedge clk) if (!rst) begin\n"
                f"        assert ({check});  // {what} (Counter.swift:7)\n"
                "        cover (count == 6'd1);  // it counts (Counter.swift:8)\n    end\n`endif\nendmodule\n")
    cases = [("deep violation", design("count + 6'd1", "count != 6'd20", "the count never reaches 20"), "FAILED",
              "the count never reaches 20 (Counter.swift:7) at step"),
             ("saturating counter", design("(count == 6'd10) ? count : count + 6'd1", "count <= 6'd10", "the count stays at most 10"),
              "PROVED", "PDR")]
    bad = 0
    for name, text, want, words in cases:
        d = os.path.join(work, name.replace(" ", "-"))
        os.makedirs(d, exist_ok=True)
        open(f"{d}/counter.v", "w").write(text)
        p = Proof("-", 0, [name, "counter", "", "5", "pdr", ""])
        status, detail, secs, _, _ = prove(p, a.gen, d, a.solver, timeout=a.timeout, files=[f"{d}/counter.v"])
        ok = status == want and words in detail
        bad += not ok
        print(f"{'ok' if ok else 'WRONG':8} selftest {name}: {status} {detail} ({secs:.1f} s)", flush=True)
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="only the proofs marked quick")
    ap.add_argument("--only", nargs="*", default=[], help="only these proofs (by name)")
    ap.add_argument("--mutants", action="store_true", help="run formal/mutants.txt: every mutant must fail its proof")
    ap.add_argument("--equivalence", action="store_true", help="prove formal/equivalence.txt's micro-architecture pairs equal")
    ap.add_argument("--selftest", action="store_true", help="check the engines on a counter: PDR proves a true property and "
                    "finds a violation deeper than BMC looks, naming its Swift line")
    ap.add_argument("--solver", default=os.environ.get("FORMAL_SOLVER", "z3"), choices=["z3", "boolector"])
    ap.add_argument("--gen", default=os.path.join(ROOT, ".build/debug/kllm-gen"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build/formal"))
    ap.add_argument("--timeout", type=int, default=600, help="seconds per solver run")
    a = ap.parse_args()
    # pip puts the z3 binary (PyPI z3-solver) into this Python's scripts folder, which
    # need not be on PATH (yosys-smtbmc looks the solver up there).
    os.environ["PATH"] = os.environ.get("PATH", "") + os.pathsep + sysconfig.get_path("scripts")
    for tool in ["yosys", "yosys-smtbmc", "z3" if a.solver == "z3" else "boolector"]:
        if not shutil.which(tool):
            sys.exit(f"formal/prove.py: {tool} not found (make deps installs it)")
    proofs = [Proof("formal/proofs.txt", n, c) for n, c in table(os.path.join(ROOT, "formal/proofs.txt"))]
    by_name = {p.name: p for p in proofs}
    for name in a.only if not a.equivalence else []:
        if name not in by_name:
            sys.exit(f"formal/prove.py: no proof named '{name}' (see formal/proofs.txt)")
    if a.selftest:
        return selftest(a)
    if a.mutants:
        return mutants(a, by_name)
    if a.equivalence:
        return equivalence(a)
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


class Miter(Proof):
    """Two variants of one top under the same inputs (formal/equivalence.txt)."""
    def __init__(self, path, n, cells):
        if len(cells) != 8:
            sys.exit(f"{path}:{n}: expected 8 fields (name | top | common | variant A | variant B | depth | induction | quick)")
        name, top, common, a, b, depth, k, quick = cells
        super().__init__(path, n, [name, top, common, depth, k, quick])
        self.variants = [a.split(), b.split()]


def miter_verilog(a, m, work):
    """Generates both variants (modules renamed a_/b_) and the miter top; returns the files."""
    import json
    files, info = [], []
    for tag, extra in zip("ab", m.variants):
        d = os.path.join(work, tag)
        p = Proof("-", 0, [m.name, m.top, " ".join(m.params + extra), "1", "0", ""])
        text = generated(a, p, d)
        text = re.sub(rf"\b{m.top}(__\w+)?\b", lambda x: f"{tag}_{x.group(0)}", text)
        # The variants' own assertions are their own proofs' (formal/proofs.txt; the index
        # MatMul's data invariants would multiply the miter's work); the miter checks only
        # that the two agree. Their assumptions, the SPEC's environment, stay.
        text = re.sub(r"(?m)^[ \t]*(?:if \(.*\) )?assert \(.*\n", "", text)
        open(f"{d}/{tag}.v", "w").write(text)
        files.append(f"{d}/{tag}.v")
        top = json.load(open(f"{d}/manifest.json"))["tops"][0]
        info.append((top["latency"], top["ports"]))
    (la, ports), (lb, _) = info
    lines = ["`default_nettype none", "module miter ("]
    inputs = [p for p in ports if p["direction"] == "input"]
    width = lambda p: f"[{p['width'] - 1}:0] " if p["width"] > 1 else ""
    lines.append(",\n".join(f"    input wire {width(p)}{p['name']}" for p in inputs))
    lines.append(");")
    outputs = [p for p in ports if p["direction"] == "output"]
    for tag in "ab":
        for p in outputs:
            rng = f"[{p['width'] - 1}:0] " if p["width"] > 1 else ""
            lines.append(f"    wire {rng}{tag}_{p['name']};")
        conns = [f".{p['name']}({p['name']})" for p in inputs] + [f".{p['name']}({tag}_{p['name']})" for p in outputs]
        lines.append(f"    {tag}_{m.top} {tag} ({', '.join(conns)});")
    # The environment's rules that make both variants' state defined: every table entry
    # written after reset before the first beat (tables are undefined until written), and
    # the first beat of a vector marked in_first (SPEC 1).
    names = {p["name"] for p in inputs}
    ready = ["1'b1"]
    for we in sorted(n for n in names if n.endswith("_we")):
        port = we[:-3]
        depth = 1 << next(p["width"] for p in inputs if p["name"] == port + "_waddr")
        lines.append(f"    reg [{depth - 1}:0] {port}_written;")
        lines.append(f"    always @(posedge clk) if (rst) {port}_written <= {depth}'d0; "
                     f"else if ({we}) {port}_written <= {port}_written | ({depth}'d1 << {port}_waddr);")
        ready.append(f"(&{port}_written)")
    if "in_first" in names:
        lines.append("    reg expect_first;")
        lines.append("    always @(posedge clk) if (rst) expect_first <= 1'b1; "
                     "else if (in_valid & a_in_ready) expect_first <= in_last;")
        ready.append("(in_first == expect_first)")
    has_ready = any(p["name"] == "in_ready" for p in ports if p["direction"] == "output")
    if has_ready:
        # Both variants take each beat in the same cycle: a beat is offered only when
        # both are ready (a variant that stalls longer, e.g. the histogram's sweep,
        # holds the other back), so the two see the same transactions.
        ready.append("a_in_ready & b_in_ready")
    lines.append(f"    always @* if (!rst & in_valid) assume ({' & '.join(ready)});  // tables written, in_first exactly on a dot product's first beat (SPEC 1), both ready")
    writes = sorted(n for n in names if n.endswith("_we"))
    if writes and "in_last" in names and not any(p["name"] == "out_row" for p in ports):
        # SPEC: tables are written only while idle (no vector open, every result out).
        # Results are single beats here: one out_valid of the slower variant per vector.
        accepted = "in_valid & a_in_ready" if has_ready else "in_valid"
        lines.append("    reg vector_open;")
        lines.append(f"    always @(posedge clk) if (rst) vector_open <= 1'b0; else if ({accepted}) vector_open <= !in_last;")
        lines.append("    reg [3:0] results_due;")
        lines.append(f"    always @(posedge clk) if (rst) results_due <= 4'd0; "
                     f"else results_due <= results_due + (({accepted} & in_last) ? 4'd1 : 4'd0) - (SLOW_out_valid ? 4'd1 : 4'd0);")
        lines.append(f"    always @* if (!rst & ({' | '.join(writes)})) assume (!vector_open & !in_valid & results_due == 4'd0);"
                     "  // tables written only while idle")
    # Delay the faster variant's results by the latency difference (valid cleared by reset).
    slow, fast, delay = ("a", "b", la - lb) if la > lb else ("b", "a", lb - la)
    lines = [l.replace("SLOW_out_valid", f"{slow}_out_valid") for l in lines]
    data = [p for p in outputs if p["name"] not in ("out_valid", "in_ready")]
    for p in [q for q in outputs if q["name"] != "in_ready"]:
        rng = f"[{p['width'] - 1}:0] " if p["width"] > 1 else ""
        prev = f"{fast}_{p['name']}"
        for k in range(delay):
            reg = f"{fast}_{p['name']}_d{k + 1}"
            lines.append(f"    reg {rng}{reg};")
            reset = "if (rst) " + reg + " <= 1'b0; else " if p["name"] == "out_valid" else ""
            lines.append(f"    always @(posedge clk) {reset}{reg} <= {prev};")
            prev = reg
        p["fast"] = prev
    lines.append("    always @(posedge clk) begin")
    lines.append("        if (!rst) begin")
    valid = next(p for p in outputs if p["name"] == "out_valid")
    lines.append(f"            assert ({slow}_out_valid == {valid['fast']});  // out_valid agrees")
    if any(p["name"] == "in_ready" for p in outputs) and delay == 0:
        lines.append("            assert (a_in_ready == b_in_ready);  // in_ready agrees")
    for p in data:
        lines.append(f"            if ({slow}_out_valid) assert ({slow}_{p['name']} == {p['fast']});  // {p['name']} agrees")
    lines += ["        end", "    end", "endmodule", "`default_nettype wire", ""]
    open(f"{work}/miter.v", "w").write("\n".join(lines))
    return files + [f"{work}/miter.v"]


def equivalence(a):
    rows = table(os.path.join(ROOT, "formal/equivalence.txt"))
    miters = [Miter("formal/equivalence.txt", n, c) for n, c in rows]
    chosen = [m for m in miters if (not a.quick or m.quick) and (not a.only or m.name in a.only)]
    bad = 0
    for m in chosen:
        work = os.path.join(a.out, "equivalence", m.name)
        os.makedirs(work, exist_ok=True)
        files = miter_verilog(a, m, work)
        m.top = "miter"
        status, detail, secs, asserts, _ = prove(m, a.gen, work, a.solver, timeout=a.timeout, files=files)
        ok = status in ("PROVED", "BMC")
        bad += not ok
        print(f"{status:8} {m.name:30} {' '.join(m.params)} | {' '.join(m.variants[0])} = {' '.join(m.variants[1])}: {detail} ({secs:.1f} s)",
              flush=True)
    print(f"equivalence: {len(chosen) - bad} passed, {bad} failed")
    return 1 if bad else 0


# The proof that stands for each block with an Icarus testbench in the reset mutants.
RESET_MUTANT_PROOFS = ["quantizer", "lut-map", "lut-reduce", "orizuru-batcher", "matmul-decoded", "linear"]


def generated(a, p, work):
    os.makedirs(work, exist_ok=True)
    args = [a.gen, "generate", p.top, "--out", work] + [x for prm in p.params for x in ("-p", prm)]
    if run(args, f"{work}/generate.log") != 0:
        sys.exit(f"formal/prove.py: kllm-gen generate {p.top} failed (see {work}/generate.log)")
    return open(f"{work}/{p.top}.v").read()


def mutants(a, by_name):
    """Every reset mutant, then each mutant of formal/mutants.txt, must fail its proof."""
    cases = []  # (label, proof, work folder, mutated text)
    for name in RESET_MUTANT_PROOFS:
        if a.only and name not in a.only:
            continue
        p = by_name[name]
        text = generated(a, p, os.path.join(a.out, "mutants", name))
        for k, (owner, mutant) in enumerate(reset_mutants(text)):
            cases.append((f"reset of {owner} removed", p, os.path.join(a.out, "mutants", f"{name}-reset-{k}"), mutant))
    for n, cells in table(os.path.join(ROOT, "formal/mutants.txt"), fields=4):
        if len(cells) != 4:
            sys.exit(f"formal/mutants.txt:{n}: expected 4 fields (what | proof | from | to)")
        what, name, old, new = cells
        p = by_name.get(name) or sys.exit(f"formal/mutants.txt:{n}: no proof named '{name}'")
        if a.only and name not in a.only:
            continue
        text = generated(a, p, os.path.join(a.out, "mutants", f"line-{n}"))
        if text.count(old) != 1:
            sys.exit(f"formal/mutants.txt:{n}: '{old}' occurs {text.count(old)} times in {p.top}.v, not once")
        cases.append((what, p, os.path.join(a.out, "mutants", f"line-{n}"), text.replace(old, new)))
    killed = survived = 0
    for what, p, work, text in cases:
        status, detail, secs, _, _ = prove(p, a.gen, work, a.solver, verilog_text=text, timeout=a.timeout)
        caught = status == "FAILED"
        killed += caught
        survived += not caught
        print(f"{'killed  ' if caught else 'SURVIVED'} {p.name:16} {what}: {detail} ({secs:.1f} s)", flush=True)
    print(f"formal mutants: {killed} killed, {survived} survived")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
