"""Fourth round: the exact formula implemented in Swift, paired against kernel (0.3,0.3,1.0) α=0.25 alone."""
import sys
from coldstart_lib import load, cv, holdout, summary
from coldstart_models import *

d = load()
REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 2
ALL = (True, True, True)
REF = make_shipped(d, gamma=1.0)
ref = cv(d, REF, repeats=REPEATS)[ALL]


def run(name, mk):
    r = cv(d, mk, repeats=REPEATS)[ALL]
    v = holdout(d, mk)[ALL]
    nd, se = summary(r[0])
    diff, dse = summary(r[0] - ref[0])
    hr, hse = summary(r[1])
    hd, hdse = summary(r[1] - ref[1])
    print(f"{name:52s} CV ndcg {nd:.4f}±{se:.4f} Δref {diff:+.4f}±{dse:.4f} hr {hr:.3f}±{hse:.3f} Δref {hd:+.3f}±{hdse:.3f} r {r[2].mean():.4f} | val ndcg {v[0].mean():.4f} hr {v[1].mean():.3f}", flush=True)


run("kernel only γ=1 (0.3,0.3,1.0) α=.25", REF)
for lam in [(0.3, 0.3, 0.3), (0.3, 0.3, 0.6), (0.3, 0.3, 0.8)]:
    run(f"kernel only γ=1 {lam} α=.25", make_shipped(d, lam, gamma=1.0))
for beta in [0.0, 0.5]:
    for gamma in [0.6, 0.8, 0.9]:
        run(f"γ={gamma} β={beta} k=8 (0.3,0.3,1.0) α=.25", make_shipped(d, gamma=gamma, beta=beta))
