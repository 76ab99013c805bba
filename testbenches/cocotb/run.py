"""Runs the cocotb testbench of kllm_linear_axi on Icarus Verilog for one vector folder.

Usage: run.py VECTOR_DIR [--gen KLLM_GEN] [--seed N] [--max-vectors N]
VECTOR_DIR holds kllm-gen vector files of kllm_linear (cw/ca/thr/s/w.hex, in.hex, expect.hex) and,
optionally, params.txt with the tile's `-p NAME=VALUE` options (what `kllm-gen model --export-tile`
writes); the wrapper is generated with those parameters (its Verilog and C header) into
build/cocotb/<folder name>/. Prints PASS or FAIL with the seed; exit status 0 only on PASS."""
import argparse
import os
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET

from cocotb_tools.runner import get_runner


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vectors")
    ap.add_argument("--gen", default=".build/debug/kllm-gen")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-vectors", type=int, default=0, help="run only the first N vectors of the folder (0: all)")
    args = ap.parse_args()
    vectors = os.path.abspath(args.vectors)
    params_file = os.path.join(vectors, "params.txt")
    params = shlex.split(open(params_file).read()) if os.path.exists(params_file) else []
    work = os.path.abspath(os.path.join("build", "cocotb", os.path.basename(vectors.rstrip("/"))))
    rtl = os.path.join(work, "rtl")
    subprocess.run([args.gen, "generate", "kllm_linear_axi", *params, "--out", rtl], check=True, stdout=subprocess.DEVNULL)
    runner = get_runner("icarus")
    runner.build(sources=[os.path.join(rtl, "kllm_linear_axi.v")], hdl_toplevel="kllm_linear_axi", build_dir=os.path.join(work, "sim"),
                 timescale=("1ns", "1ps"), always=True, log_file=os.path.join(work, "build.log"))
    results = runner.test(hdl_toplevel="kllm_linear_axi", test_module="test_kllm_linear_axi",
                          test_dir=os.path.dirname(os.path.abspath(__file__)), build_dir=os.path.join(work, "sim"), seed=args.seed,
                          extra_env={"KLLM_TILE_DIR": vectors, "KLLM_AXI_HEADER": os.path.join(rtl, "kllm_linear_axi.h"),
                                     "KLLM_MAX_VECTORS": str(args.max_vectors)},
                          results_xml=os.path.join(work, "results.xml"), log_file=os.path.join(work, "test.log"))
    tests = ET.parse(results).getroot().iter("testcase")
    failed = [t.get("name") for t in tests if t.find("failure") is not None or t.find("error") is not None]
    count = len(list(ET.parse(results).getroot().iter("testcase")))
    limit = f", first {args.max_vectors} vectors" if args.max_vectors else ""
    label = f"kllm_linear_axi cocotb on {os.path.basename(vectors)} ({' '.join(params) or 'defaults'}{limit}), seed {args.seed}"
    if failed or count == 0:
        print(f"FAIL {label}: {', '.join(failed) or 'no test ran'} (log {work}/test.log)")
        sys.exit(1)
    print(f"PASS {label}: {count} cocotb tests")


if __name__ == "__main__":
    main()
