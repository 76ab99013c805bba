"""Fits scikit-learn KMeans (k=16) on the tensor kllm-bench wrote; prints time and MSE."""
import sys
import time

import numpy as np
from sklearn.cluster import KMeans

x = np.fromfile(sys.argv[1], dtype="<f8").reshape(-1, 1)
t0 = time.perf_counter()
km = KMeans(n_clusters=16, n_init=1, random_state=0).fit(x)
elapsed = time.perf_counter() - t0
mse = km.inertia_ / len(x)
print(f"sklearn-kmeans {elapsed:8.3f} s   MSE {mse:.6e}   (scikit-learn {__import__('sklearn').__version__}, n_init=1, k-means++)")
