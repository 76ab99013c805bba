#!/usr/bin/env bash
# Benchmarks: codebook fitting (Swift DP, Swift Lloyd, scikit-learn) on the same
# 1M-value tensor, index MatMul vs dequantize-then-float MatMul, simulators (vs a
# plain C++ loop), elaboration of large arrays. Prints numbers.
# Usage: bench/run.sh [fit,matmul,sim,elab]  (all sections by default)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product kllm-bench >/dev/null
out=bench/out
.build/release/kllm-bench "$out" "$@"
[ $# -gt 0 ] && [[ ",$1," != *",fit,"* ]] && exit 0
if ! python3 -c "import sklearn" 2>/dev/null; then
    pip install --quiet --root-user-action=ignore scikit-learn >/dev/null
fi
python3 bench/sklearn_kmeans.py "$out/tensor.f64"
