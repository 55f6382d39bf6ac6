"""Seventh round (session 5): the kernel blended with the attribute-kernel mean of training users' implicit-ALS
vectors (the "ALS attribute-mean" reference, smoothed like the kernel) — no gain over the kernel alone."""
import sys
import numpy as np
from coldstart_lib import load, cv, holdout, summary
from coldstart_models import *
from ials import ials
d = load(); ALL = (True, True, True)
LAM = (0.3, 0.3, 0.8)
def make_als_kernel(dim=64, reg=30.0, alpha=3.0, w=0.3, weights="alpha0.25", lam=LAM, mode="blend"):
    def make(train):
        Y = d["Y"][train]; v = user_weights(d["Y"], train, weights); vs = v / v.mean()
        U, V = ials(Y, dim, reg, alpha, 10)
        def score(test, mask):
            W = kernel_matrix(d, train, test, mask, lam) * vs[None, :]
            K = W @ Y / W.sum(1, keepdims=True)
            Ua = (W @ U) / W.sum(1, keepdims=True)
            S = Ua @ V.T
            if mode == "als": return S
            Kn = K / K.mean(1, keepdims=True); Sn = S / np.abs(S).mean(1, keepdims=True)
            return (1 - w) * Kn + w * Sn
        return score
    return make
REF = make_kernel(d, LAM, "alpha0.25")
ref = cv(d, REF, repeats=2)[ALL]
print(f"kernel ref CV {ref[0].mean():.4f} hr {ref[1].mean():.3f}", flush=True)
for name, mk in [("als attr-mean alone", make_als_kernel(mode="als")),
                 ("kernel + als .2", make_als_kernel(w=0.2)), ("kernel + als .4", make_als_kernel(w=0.4)),
                 ("kernel + als d16 .3", make_als_kernel(dim=16, w=0.3)), ("kernel + als d32 .3", make_als_kernel(dim=32, w=0.3))]:
    r = cv(d, mk, repeats=2)[ALL]; v = holdout(d, mk)[ALL]
    diff, dse = summary(r[0] - ref[0]); hd, hdse = summary(r[1] - ref[1])
    print(f"{name:30s} CV ndcg {r[0].mean():.4f} Δref {diff:+.4f}±{dse:.4f} hr {r[1].mean():.3f} Δ {hd:+.3f}±{hdse:.3f} | val {v[0].mean():.4f} hr {v[1].mean():.3f}", flush=True)
