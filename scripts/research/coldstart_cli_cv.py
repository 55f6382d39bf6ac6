"""5-fold cross-validation of the release CLI over cold_train_users (never cold_test_users):
writes each fold's train/test user lists (the same folds as coldstart_lib.cv, repeat r uses seed
1000 + r), runs `kgrec eval cold-start` on each, and pools the folds (users-weighted mean; SE
from the folds' SEs). Extra arguments go to the CLI, e.g. --neighbour-weight 0.

usage: python3 coldstart_cli_cv.py KGREC_BINARY [REPEATS] [-- extra CLI flags]
"""
import json
import os
import subprocess
import sys
import tempfile
import numpy as np
from coldstart_lib import load, folds, P

binary = sys.argv[1]
rest = sys.argv[2:]
extra = rest[rest.index("--") + 1:] if "--" in rest else []
repeats = int(rest[0]) if rest and rest[0] != "--" else 1
d = load()
base = d["splits"]["train"]
base = base[d["Y"][base].sum(1) > 0]
with open(f"{P}/users.tsv") as f:
    labels = [line.split("\t")[0] for line in f.read().splitlines()[1:]]
tmp = tempfile.mkdtemp(prefix="coldq-cv-")
pooled = {}
for r in range(repeats):
    for k, fold in enumerate(folds(base, 5, 1000 + r)):
        train = np.setdiff1d(base, fold)
        tr, te = f"{tmp}/train_{r}_{k}.txt", f"{tmp}/test_{r}_{k}.txt"
        with open(tr, "w") as f:
            f.write("\n".join(labels[u] for u in train) + "\n")
        with open(te, "w") as f:
            f.write("\n".join(labels[u] for u in fold) + "\n")
        out = subprocess.run([binary, "eval", "cold-start", "--ratings", f"{P}/ratings.tsv", "--users", f"{P}/users.tsv",
                              "--items", f"{P}/items.tsv", "--train-users", tr, "--test-users", te, "--latency-passes", "1",
                              "--json"] + extra, check=True, capture_output=True, text=True).stdout
        for row in json.loads(out)["rows"]:
            key = (row["model"], row["attributes"])
            pooled.setdefault(key, []).append((row["users"], row["ndcg@10"], row["ndcg@10_se"], row["hitrate@10"], row["recall@10"]))
print(f"CLI 5-fold CV over cold_train_users, {repeats} repeat(s); extra flags: {' '.join(extra) or '(defaults)'}")
for (model, attributes), rows in pooled.items():
    n = np.array([x[0] for x in rows], float)
    nd, se, hr, rc = (np.array([x[i] for x in rows]) for i in (1, 2, 3, 4))
    mean = (n * nd).sum() / n.sum()
    pooled_se = np.sqrt(((n * se) ** 2).sum()) / n.sum() * np.sqrt(repeats)  # repeats re-use the same users
    print(f"{model:12s} {attributes:12s} NDCG@10 {mean:.4f} ± {pooled_se:.4f}  HR@10 {(n * hr).sum() / n.sum():.4f}  R@10 {(n * rc).sum() / n.sum():.4f}  ({int(n.sum() / repeats)} users/repeat)")
