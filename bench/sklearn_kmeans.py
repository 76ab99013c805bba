"""Fits scikit-learn KMeans (k=16) on the tensor kllm-bench wrote, five times; prints the
median and least time and the MSE, and the ratio to the Swift DP's median when
kllm-bench left it next to the tensor (dp-median.txt)."""
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans

x = np.fromfile(sys.argv[1], dtype="<f8").reshape(-1, 1)
times = []
for _ in range(5):
    t0 = time.perf_counter()
    km = KMeans(n_clusters=16, n_init=1, random_state=0).fit(x)
    times.append(time.perf_counter() - t0)
times.sort()
median = times[len(times) // 2]
mse = km.inertia_ / len(x)
print(f"sklearn-kmeans {median:8.3f} s (least {times[0]:.3f})   MSE {mse:.6e}   "
      f"(scikit-learn {sklearn.__version__}, n_init=1, k-means++)")
dp_file = os.path.join(os.path.dirname(sys.argv[1]), "dp-median.txt")
if os.path.exists(dp_file):
    dp = float(open(dp_file).read())
    print(f"swift-dp is {median / dp:.1f}x faster than scikit-learn (medians)")
