"""Fifth round: raw age (years) instead of age buckets in the kernel, and the expected-HR greedy
re-ranking, paired against kernel (0.3,0.3,1.0) α=0.25."""
import csv
import sys
import numpy as np
from coldstart_lib import load, cv, holdout, summary, P
from coldstart_models import *

d = load()
ALL = (True, True, True)
with open(f"{P}/users.tsv") as f:
    age = np.array([float(r["age"]) for r in csv.DictReader(f, delimiter="\t")])
REF = make_kernel(d, (0.3, 0.3, 1.0), "alpha0.25")
ref = cv(d, REF, repeats=2)[ALL]


def make_rawage(lam_year_scale, lam=(0.3, 0.3, 1.0), weights="alpha0.25"):
    def make(train):
        Y = d["Y"][train]
        v = user_weights(d["Y"], train, weights)
        def score(test, mask):
            W = kernel_matrix(d, train, test, (False, mask[1], mask[2]), lam)
            if mask[0]:
                W = W * lam[0] ** (np.abs(age[test][:, None] - age[train][None, :]) / lam_year_scale)
            W = W * v[None, :]
            return W @ Y / W.sum(1, keepdims=True)
        return score
    return make


def run(name, mk):
    r = cv(d, mk, repeats=2)[ALL]
    v = holdout(d, mk)[ALL]
    diff, dse = summary(r[0] - ref[0])
    hd, hdse = summary(r[1] - ref[1])
    print(f"{name:44s} CV ndcg {r[0].mean():.4f} Δref {diff:+.4f}±{dse:.4f} hr {r[1].mean():.3f} Δref {hd:+.3f}±{hdse:.3f} | val ndcg {v[0].mean():.4f} hr {v[1].mean():.3f}", flush=True)


for scale in [3, 6, 10]:
    run(f"raw age: 0.3^(|Δyears|/{scale})", make_rawage(scale))
for mu in [0.1, 0.3]:
    run(f"kernel + expected-HR greedy μ={mu}", make_kernel_coverage(d, (0.3, 0.3, 1.0), "alpha0.25", mu))
