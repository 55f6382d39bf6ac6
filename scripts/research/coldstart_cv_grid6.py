"""Sixth round: the kernel as a Bayesian network — CPT columns P(a = q | cell s) = K(q, s) / Σ_q' K(q', s)
(only changes ordinal attributes, whose column sums differ at the ends) — paired against the raw kernel."""
import numpy as np
from coldstart_lib import load, cv, holdout, summary
from coldstart_models import *

d = load()
ALL = (True, True, True)


def make_bn_kernel(lam=(0.3, 0.3, 0.8), weights="alpha0.25"):
    def make(train):
        Y = d["Y"][train]
        v = user_weights(d["Y"], train, weights)
        A = d["A"]
        def score(test, mask):
            W = np.ones((len(test), len(train)))
            for a in range(3):
                if not mask[a]:
                    continue
                r = d["cards"][a]
                q = np.arange(r)
                D = np.abs(q[:, None] - q[None, :]) if a == 0 else (q[:, None] != q[None, :]).astype(float)
                Kt = lam[a] ** D
                Kt = Kt / Kt.sum(0, keepdims=True)  # columns = P(a | cell state)
                W *= Kt[A[test, a]][:, A[train, a]]
            W = W * v[None, :]
            return W @ Y / W.sum(1, keepdims=True)
        return score
    return make


if __name__ == "__main__":
    REF = make_kernel(d, (0.3, 0.3, 0.8), "alpha0.25")
    ref = cv(d, REF, repeats=2)[ALL]
    for name, mk in [("kernel (0.3,0.3,0.8) α=.25", REF), ("BN-normalised kernel (0.3,0.3,0.8) α=.25", make_bn_kernel())]:
        r = cv(d, mk, repeats=2)[ALL]
        v = holdout(d, mk)[ALL]
        diff, dse = summary(r[0] - ref[0])
        hd, hdse = summary(r[1] - ref[1])
        print(f"{name:44s} CV ndcg {r[0].mean():.4f}±{summary(r[0])[1]:.4f} Δref {diff:+.4f}±{dse:.4f} hr {r[1].mean():.3f}±{summary(r[1])[1]:.3f} Δref {hd:+.3f}±{hdse:.3f} r {r[2].mean():.4f} | val ndcg {v[0].mean():.4f} hr {v[1].mean():.3f}", flush=True)
