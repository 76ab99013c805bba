#!/usr/bin/env python3
"""Reset mutation check of the Icarus testbenches: for every synchronous reset in
the top module of rtl-out/<top>.v, a mutant with that one reset removed
(`if (rst)` -> `if (1'b0)`) is run through the block's testbench. A testbench
that still prints PASS missed a dropped reset. Child modules (a kllm_quantizer
inside kllm_linear) are mutated as tops of their own testbenches. A mutant the
defaults cannot show is tried again at the top's extra parameter sets (EXTRA_SETS):
the same register's reset removed from the RTL generated with those parameters.
Prints one line per mutant and 'mutants: N killed, M survived'.
Usage: testbenches/reset_mutants.py [TOP ...] (default: every block with a testbench)."""
import os, re, subprocess, sys, tempfile

def reset_mutants(text):
    """(register, mutant text) for each synchronous reset of the top module's design
    registers in `text` (the `ifdef FORMAL region's property registers are not
    simulated by the testbenches); formal/prove.py mutates the same sites."""
    top_end = min(text.index("endmodule"), text.find("`ifdef FORMAL") % (len(text) + 1))
    out = []
    for m in re.finditer(r"if \(rst\) begin", text):
        at = m.start()
        if at >= top_end:
            break
        # The register the reset belongs to: the `// name, File.swift:LINE` comment of its always block.
        owner = re.findall(r"always @\(posedge clk\) begin  // ([^,\n]+)", text[:at])
        out.append((owner[-1] if owner else "?", text[:at] + "if (1'b0) begin" + text[at + len("if (rst) begin"):]))
    return out


# Parameter sets where a reset the defaults cannot show matters: kllm_linear with one
# beat per vector (K = LANES), where every beat is a last beat, so the registered
# last_beat_allowed flag gates in_ready from the first cycle after a reset.
EXTRA_SETS = {"kllm_linear": ["-p K=8"]}


def killed_by(root, top, mutant, params=""):
    """True when the testbench of `top` fails on the `mutant` text (at `params`)."""
    with tempfile.NamedTemporaryFile("w", suffix=".v", delete=False) as f:
        f.write(mutant)
    env = dict(os.environ, KLLM_RTL=f.name, KLLM_PARAMS=params)
    r = subprocess.run([os.path.join(root, "testbenches", "run.sh"), top, "1500", "11"], env=env,
                       capture_output=True, text=True)
    os.unlink(f.name)
    return r.returncode != 0


def mutants_at(root, top, params):
    """{register: mutant text} of `top` generated with `params` (kllm-gen generate)."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([os.path.join(root, ".build", "debug", "kllm-gen"), "generate", top, *params.split(),
                        "--out", out], check=True, capture_output=True)
        return dict(reset_mutants(open(os.path.join(out, top + ".v")).read()))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    tops = sys.argv[1:] or sorted(f[:-5] for f in os.listdir(os.path.join(root, "testbenches"))
                                  if f.startswith("kllm_") and f.endswith("_tb.v"))
    killed = survived = 0
    for top in tops:
        text = open(os.path.join(root, "rtl-out", top + ".v")).read()
        extra = {}
        for owner, mutant in reset_mutants(text):
            caught, where = killed_by(root, top, mutant), ""
            for params in EXTRA_SETS.get(top, []) if not caught else []:
                if params not in extra:
                    extra[params] = mutants_at(root, top, params)
                if owner in extra[params] and killed_by(root, top, extra[params][owner], params):
                    caught, where = True, f" (at {params})"
                    break
            killed += caught
            survived += not caught
            print(f"{'killed  ' if caught else 'SURVIVED'} {top}: reset of {owner} removed{where}")
    print(f"mutants: {killed} killed, {survived} survived")
    sys.exit(1 if survived else 0)


if __name__ == "__main__":
    main()
