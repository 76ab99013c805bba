#!/usr/bin/env python3
"""Plots mean sentence-embedding cosine to FP32 against average bits per weight
and per activation, from the table `kllm-gen model --compare` prints.
Usage: plot_model.py bench/results/model.md bench/results/model.png"""
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def rows(path):
    out = []
    for line in open(path, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("scheme", "---") or cells[0].startswith("-"):
            continue
        w, a = (float(v) for v in cells[1].split("/"))
        out.append((cells[0], w, a, float(cells[2]), float(cells[3])))
    return out


def main():
    data = [r for r in rows(sys.argv[1]) if r[0] != "FP32"]
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.5), sharey=True)
    for ax, col, label in ((axes[0], 1, "average bits per weight"), (axes[1], 2, "average bits per activation (outliers at DATA_W)")):
        for name, *vals in data:
            x, mean, worst = vals[col - 1], vals[2], vals[3]
            uniform = name.startswith("uniform")
            ax.scatter(x, mean, marker="s" if uniform else "o", color="tab:gray" if uniform else "tab:blue")
            if mean < 0.7:
                continue
            ax.plot([x, x], [max(worst, 0.7), mean], color="tab:gray" if uniform else "tab:blue", alpha=0.3)
            ax.annotate(name, (x, mean), fontsize=6, xytext=(3, 2), textcoords="offset points")
        ax.axhline(0.99, color="tab:red", linestyle="--", linewidth=0.8)
        ax.set_xlabel(label)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("mean cosine to FP32 (bar down to the worst sentence)")
    floor = 0.7
    axes[0].set_ylim(floor, 1.005)
    off = [f"{r[0]} {r[3]:.2f}" for r in data if r[3] < floor]
    fig.suptitle("all-MiniLM-L6-v2 end to end, sentence embeddings vs FP32 on bench/model/pairs.tsv"
                 + (f"\n(below the axis: {'; '.join(off)})" if off else ""), fontsize=10)
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=130)
    print(f"wrote {sys.argv[2]}")


if __name__ == "__main__":
    main()
