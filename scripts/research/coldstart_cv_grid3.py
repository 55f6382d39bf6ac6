"""Third round: paired comparisons against kernel λ=(0.3,0.3,1.0), α=0.25."""
import sys
import numpy as np
from coldstart_lib import load, cv, holdout, summary
from coldstart_models import *

d = load()
REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 2
which = sys.argv[2] if len(sys.argv) > 2 else "a"
ALL = (True, True, True)
REF = make_kernel(d, (0.3, 0.3, 1.0), "alpha0.25")
ref = cv(d, REF, repeats=REPEATS)[ALL]
refv = holdout(d, REF)[ALL]


def run(name, mk):
    r = cv(d, mk, repeats=REPEATS)[ALL]
    v = holdout(d, mk)[ALL]
    nd, se = summary(r[0])
    diff, dse = summary(r[0] - ref[0])
    hr, hse = summary(r[1])
    hd, hdse = summary(r[1] - ref[1])
    print(f"{name:52s} CV ndcg {nd:.4f}±{se:.4f} Δref {diff:+.4f}±{dse:.4f} hr {hr:.3f} Δref {hd:+.3f}±{hdse:.3f} r {r[2].mean():.4f} | val ndcg {v[0].mean():.4f} hr {v[1].mean():.3f}", flush=True)


if which == "a":
    run("REF kernel (0.3,0.3,1.0) α=0.25", REF)
    for a in [0.15, 0.35]:
        run(f"kernel (0.3,0.3,1.0) α={a}", make_kernel(d, (0.3, 0.3, 1.0), f"alpha{a}"))
    run("kernel (0.25,0.3,1.0) α=0.25", make_kernel(d, (0.25, 0.3, 1.0), "alpha0.25"))
    run("kernel (0.4,0.3,1.0) α=0.25", make_kernel(d, (0.4, 0.3, 1.0), "alpha0.25"))
    run("kernel (0.3,0.15,1.0) α=0.25", make_kernel(d, (0.3, 0.15, 1.0), "alpha0.25"))
    run("kernel (0.3,0.5,1.0) α=0.25", make_kernel(d, (0.3, 0.5, 1.0), "alpha0.25"))
    run("kernel (0.3,0.3,0.8) α=0.25", make_kernel(d, (0.3, 0.3, 0.8), "alpha0.25"))
    for g in [0.05, 0.15]:
        run(f"kernel REF / pop^{g}", make_popnorm(REF, g, d))
    for k in [8, 16]:
        for wb in [0.15, 0.3]:
            bn = make_bn_taste(d, clusters=k, beta=0.0, weights="alpha0.25")
            run(f"REF + {wb}·bn-taste k={k} α=.25", make_blend([(1 - wb, REF), (wb, bn)]))
elif which == "cov":
    for mu in [0.1, 0.3, 1.0]:
        run(f"REF + coverage greedy μ={mu}", make_kernel_coverage(d, (0.3, 0.3, 1.0), "alpha0.25", mu))
