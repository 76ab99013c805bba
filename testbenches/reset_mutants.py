#!/usr/bin/env python3
"""Reset mutation check of the Icarus testbenches: for every synchronous reset in
the top module of rtl-out/<top>.v, a mutant with that one reset removed
(`if (rst)` -> `if (1'b0)`) is run through the block's testbench. A testbench
that still prints PASS missed a dropped reset. Child modules (a kllm_quantizer
inside kllm_linear) are mutated as tops of their own testbenches. Prints one
line per mutant and 'mutants: N killed, M survived'.
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


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    tops = sys.argv[1:] or sorted(f[:-5] for f in os.listdir(os.path.join(root, "testbenches"))
                                  if f.startswith("kllm_") and f.endswith("_tb.v"))
    killed = survived = 0
    for top in tops:
        text = open(os.path.join(root, "rtl-out", top + ".v")).read()
        for owner, mutant in reset_mutants(text):
            with tempfile.NamedTemporaryFile("w", suffix=".v", delete=False) as f:
                f.write(mutant)
            env = dict(os.environ, KLLM_RTL=f.name)
            r = subprocess.run([os.path.join(root, "testbenches", "run.sh"), top, "1500", "11"], env=env,
                               capture_output=True, text=True)
            os.unlink(f.name)
            caught = r.returncode != 0
            killed += caught
            survived += not caught
            print(f"{'killed  ' if caught else 'SURVIVED'} {top}: reset of {owner} removed")
    print(f"mutants: {killed} killed, {survived} survived")
    sys.exit(1 if survived else 0)


if __name__ == "__main__":
    main()
