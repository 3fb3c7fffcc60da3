#!/usr/bin/env python3
"""Independent reference values for labrun's Bias target.

Computes, straight from the published formulas and with Python's own difflib and numpy, the
numbers the Swift tests compare against, and writes them to
Tests/Fixtures/bias_reference.json. Written for labrun; it shares no code with the Swift
implementation (only the SplitMix64 stream, so that seeded Monte Carlo p-values can be compared).

Run from the repository root:  python3 scripts/bias-reference/bias_reference.py
SEAT on the real all-MiniLM-L6-v2 embeddings (dumped by the Swift engine):
  LABRUN_BIAS_DUMP=/tmp/minilm.json swift test --filter dumpEmbeddings
  python3 scripts/bias-reference/bias_reference.py --minilm /tmp/minilm.json
"""
import difflib
import itertools
import json
import math
import os
import random
import sys

import numpy as np

MASK64 = (1 << 64) - 1


class SplitMix64:
    """SplitMix64 (Steele et al. 2014), the stream of labrun's Bias.SplitMix64."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def index_below(self, bound):
        return (self.next() * bound) >> 64

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.index_below(i + 1)
            items[i], items[j] = items[j], items[i]


def difflib_cases(rng):
    cases = []
    # Small hand-made cases, including CrowS-style id lists with [CLS]=101 and [SEP]=102.
    fixed = [
        ([101, 1996, 2158, 2001, 1037, 3460, 102], [101, 1996, 2450, 2001, 1037, 3460, 102]),
        ([1, 2, 3, 4, 5], [1, 2, 9, 4, 5]),
        ([1, 1, 1, 2], [2, 1, 1, 1]),
        ([], [1, 2]),
        ([7, 8, 9], [7, 8, 9]),
        ([1, 2, 3, 1, 2, 3], [3, 2, 1, 3, 2, 1]),
    ]
    for a, b in fixed:
        cases.append((a, b))
    for size in [5, 12, 40, 120, 199, 200, 250, 400]:
        for alphabet in [3, 8, 30]:
            a = [rng.randrange(alphabet) for _ in range(size)]
            b = list(a)
            for _ in range(max(1, size // 6)):
                op = rng.randrange(3)
                pos = rng.randrange(len(b) + 1)
                if op == 0 and b:
                    del b[min(pos, len(b) - 1)]
                elif op == 1:
                    b.insert(pos, rng.randrange(alphabet))
                elif b:
                    b[min(pos, len(b) - 1)] = rng.randrange(alphabet)
            cases.append((a, b))
    out = []
    for a, b in cases:
        blocks = difflib.SequenceMatcher(None, [str(x) for x in a], [str(x) for x in b]).get_matching_blocks()
        out.append({"a": a, "b": b, "blocks": [[m.a, m.b, m.size] for m in blocks]})
    return out


def cosine(u, v):
    return float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v)))


def weat(X, Y, A, B, permutations, seed):
    def s(w):
        return np.mean([cosine(w, a) for a in A]) - np.mean([cosine(w, b) for b in B])

    sX = [s(x) for x in X]
    sY = [s(y) for y in Y]
    allS = sX + sY
    effect = (np.mean(sX) - np.mean(sY)) / np.std(allS, ddof=1)
    size = len(X)

    def statistic(chosen):
        chosen = set(chosen)
        sx = 0.0
        sy = 0.0
        for i, v in enumerate(allS):
            if i in chosen:
                sx += v
            else:
                sy += v
        return sx - sy

    observed = statistic(range(size))
    partitions = math.comb(len(allS), size)
    if partitions <= permutations:
        hits = sum(1 for c in itertools.combinations(range(len(allS)), size) if statistic(c) >= observed)
        return float(effect), hits / partitions, True, partitions
    gen = SplitMix64(seed)
    order = list(range(len(allS)))
    hits, total = 1, 1
    for _ in range(permutations - 1):
        gen.shuffle(order)
        if statistic(order[:size]) >= observed:
            hits += 1
        total += 1
    return float(effect), hits / total, False, total


def weat_cases(nrng):
    cases = []
    for n, dim, perms, seed in [(4, 6, 100000, 0), (6, 8, 100000, 3), (8, 5, 100000, 1), (12, 7, 2000, 42), (10, 4, 500, 7)]:
        bias = nrng.normal(size=dim)
        X = nrng.normal(size=(n, dim)) + 0.4 * bias
        Y = nrng.normal(size=(n, dim)) - 0.4 * bias
        A = nrng.normal(size=(5, dim)) + bias
        B = nrng.normal(size=(5, dim)) - bias
        # Round to float32 first: Swift embeddings are Float.
        X, Y, A, B = [m.astype(np.float32).astype(np.float64) for m in (X, Y, A, B)]
        effect, p, exact, parts = weat(X, Y, A, B, perms, seed)
        cases.append({"x": X.tolist(), "y": Y.tolist(), "a": A.tolist(), "b": B.tolist(), "permutations": perms,
                      "seed": seed, "effect_size": effect, "p_value": p, "exact": exact, "partitions": parts})
    return cases


def splitmix_stream():
    gen = SplitMix64(12345)
    values = [str(gen.next()) for _ in range(5)]
    gen = SplitMix64(7)
    items = list(range(10))
    gen.shuffle(items)
    return {"seed": 12345, "first": values, "shuffle_seed": 7, "shuffled": items}


def wilson(successes, total, z=1.959963984540054):
    p = successes / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    return max(0.0, centre - half), min(1.0, centre + half)


def stereoset_case(rng):
    rows = []
    targets = ["nurse", "chess player", "Ethiopia", "Muslim", "grandfather"]
    domains = {"nurse": "profession", "chess player": "profession", "Ethiopia": "race", "Muslim": "religion",
               "grandfather": "gender"}
    for i in range(40):
        t = targets[rng.randrange(len(targets))]
        rows.append({"target": t, "domain": domains[t], "stereo": rng.random(), "anti": rng.random(), "unrelated": rng.random() * 0.9})

    def scores(rs):
        per = {}
        for r in rs:
            c = per.setdefault(r["target"], {"pro": 0.0, "related": 0.0, "total": 0.0})
            if r["stereo"] > r["anti"]:
                c["pro"] += 1
            if r["stereo"] > r["unrelated"]:
                c["related"] += 1
            if r["anti"] > r["unrelated"]:
                c["related"] += 1
            c["total"] += 1
        ss = float(np.mean([100 * c["pro"] / c["total"] for c in per.values()]))
        lms = float(np.mean([100 * c["related"] / (2 * c["total"]) for c in per.values()]))
        return {"ss": ss, "lms": lms, "icat": lms * min(ss, 100 - ss) / 50}

    by_domain = {d: scores([r for r in rows if r["domain"] == d]) for d in sorted(set(r["domain"] for r in rows))}
    return {"rows": rows, "overall": scores(rows), "by_domain": by_domain}


def self_debias_case(nrng):
    vocab = 12
    plain = nrng.dirichlet(np.ones(vocab))
    prefixed = [nrng.dirichlet(np.ones(vocab)) for _ in range(3)]
    lam, eps = 50.0, 0.01
    delta = np.maximum(np.max(np.stack(prefixed) - plain, axis=0), 0)
    scaled = plain * np.maximum(np.exp(-lam * delta), eps)
    return {"plain": plain.tolist(), "prefixed": [p.tolist() for p in prefixed], "debiased": (scaled / scaled.sum()).tolist()}


def subspace_case(nrng):
    dim, pairs = 10, 7
    direction = nrng.normal(size=dim)
    diffs = np.outer(nrng.normal(size=pairs) * 3, direction) + 0.3 * nrng.normal(size=(pairs, dim))
    diffs = diffs.astype(np.float32).astype(np.float64)
    # Liang et al.: centre each pair's two embeddings on their mean (+-d/2), PCA of all of them.
    centred = np.concatenate([diffs / 2, -diffs / 2])
    _, svals, vt = np.linalg.svd(centred - centred.mean(axis=0), full_matrices=False)
    variance = svals ** 2
    vector = nrng.normal(size=dim).astype(np.float32).astype(np.float64)
    top = vt[:2]
    projected = vector - top.T @ (top @ vector)
    return {"differences": diffs.tolist(), "k": 2, "directions": top.tolist(),
            "explained": (variance[:2] / variance.sum()).tolist(), "vector": vector.tolist(), "projected": projected.tolist()}


def distribution_case(nrng):
    p = nrng.dirichlet(np.ones(20))
    q = nrng.dirichlet(np.ones(20))
    k = 5
    top_p = set(np.argsort(-p, kind="stable")[:k].tolist())
    top_q = set(np.argsort(-q, kind="stable")[:k].tolist())
    return {"p": p.tolist(), "q": q.tolist(), "tvd": float(0.5 * np.abs(p - q).sum()), "k": k,
            "overlap": len(top_p & top_q) / k}


def minilm_reference(dump_path):
    """SEAT on all-MiniLM-L6-v2's WEAT 6/7/8 word embeddings (dumped by the Swift engine with
    LABRUN_BIAS_DUMP=FILE swift test --filter seatAgainstNumpy… dumpEmbeddings), effect size and
    exact permutation p-value computed here with numpy."""
    with open(dump_path) as f:
        dump = json.load(f)
    out = {"source": "sentence-transformers/all-MiniLM-L6-v2 (mean pooling, L2-normalised), embeddings from labrun's engine"}
    for name in sorted(dump):
        item = dump[name]
        # Stored as the shortest decimal of each float32 (Swift reads it back to the same Float);
        # computed on those float32 values widened to float64.
        short = {k: [[float(np.format_float_positional(np.float32(v), unique=True)) for v in row] for row in item[k]]
                 for k in ("targ1", "targ2", "attr1", "attr2")}
        sets = [np.array(short[k], dtype=np.float32).astype(np.float64) for k in ("targ1", "targ2", "attr1", "attr2")]
        effect, p, exact, parts = weat(*sets, permutations=100000, seed=0)
        out[name] = {k: item[k] for k in item if k.endswith("_words")}
        out[name].update(short)
        out[name].update({"effect_size": effect, "p_value": p, "exact": exact, "partitions": parts})
        print(f"{name}: d={effect:.6f} p={p:.6f} exact={exact} partitions={parts}")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "Tests", "Fixtures", "bias_minilm_weat.json")
    with open(path, "w") as f:
        json.dump(out, f)
    print(f"wrote {path}")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--minilm":
        minilm_reference(sys.argv[2])
        return
    rng = random.Random(2024)
    nrng = np.random.default_rng(2024)
    data = {
        "difflib": difflib_cases(rng),
        "splitmix": splitmix_stream(),
        "weat": weat_cases(nrng),
        "wilson": [{"successes": s, "total": t, "interval": list(wilson(s, t))} for s, t in [(0, 10), (3, 10), (10, 10), (37, 160), (500, 1000)]],
        "stereoset": stereoset_case(rng),
        "self_debias": self_debias_case(nrng),
        "subspace": subspace_case(nrng),
        "distribution": distribution_case(nrng),
        "round3": [[x, round(x, 3)] for x in [-12.3456, -0.0005, -0.0015, -3.14159, 2.0004999, -101.2345, -7.0625]],
    }
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "Tests", "Fixtures", "bias_reference.json")
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
