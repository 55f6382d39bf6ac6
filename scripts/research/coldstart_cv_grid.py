"""CV grid over cold-start scorers: 5-fold CV over cold_train_users (never cold_test), repeated,
plus the cold_valtrain -> cold_val holdout. Prints mean ± SE (across users) and the paired
difference to popularity ± its SE."""
import itertools
import sys
import numpy as np
from coldstart_lib import load, cv, holdout, summary
from coldstart_models import *

d = load()
REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 2
ALL = (True, True, True)
ref = cv(d, make_pop(d), repeats=REPEATS)[ALL]


def run(name, mk):
    r = cv(d, mk, repeats=REPEATS)[ALL]
    v = holdout(d, mk)[ALL]
    nd, se = summary(r[0])
    diff, dse = summary(r[0] - ref[0])
    hr, hse = summary(r[1])
    print(f"{name:58s} CV ndcg {nd:.4f}±{se:.4f} Δpop {diff:+.4f}±{dse:.4f} hr {hr:.3f}±{hse:.3f} r {r[2].mean():.4f} | val ndcg {v[0].mean():.4f} hr {v[1].mean():.3f}", flush=True)
    return nd


if __name__ == "__main__":
    which = sys.argv[2] if len(sys.argv) > 2 else "base"
    if which == "base":
        for w in ["none", "idcg", "alpha0.25", "alpha0.5", "alpha0.75", "alpha1"]:
            run(f"pop w={w}", make_pop(d, w))
        for w in ["none", "idcg"]:
            for m in [5, 20, 50, 100, 200, 400]:
                run(f"demopop m={m} w={w}", make_demopop(d, m, w))
        for w in ["none", "idcg"]:
            run(f"bn-taste default w={w}", make_bn_taste(d, weights=w))
    elif which == "kernel":
        for w in ["none", "idcg"]:
            for la, lg, lo in itertools.product([0.2, 0.5, 0.8], [0.3, 0.6, 0.9], [0.3, 0.6, 0.9]):
                run(f"kernel λ=({la},{lg},{lo}) w={w}", make_kernel(d, (la, lg, lo), w))
    elif which == "nb":
        for w in ["none", "idcg"]:
            for m in [20, 100, 300]:
                for g in [0.5, 1.0]:
                    run(f"nb m={m} γ={g} w={w}", make_nb(d, (m, m, m), g, w))
    elif which == "bn":
        for w in ["none", "idcg"]:
            for k, beta, sm in itertools.product([4, 8, 16], [0.0, 0.25, 0.5], [5, 20]):
                run(f"bn-taste k={k} β={beta} m={sm} w={w}", make_bn_taste(d, clusters=k, beta=beta, item_smoothing=sm, weights=w))


def grid2():
    for w in ["none", "alpha0.25"]:
        for la, lg, lo in itertools.product([0.1, 0.2, 0.3], [0.3, 1.0], [0.9, 1.0]):
            run(f"kernel λ=({la},{lg},{lo}) w={w}", make_kernel(d, (la, lg, lo), w))
    run("kernel λ=(0.2,0.3,0.9) nominal age", make_kernel(d, (0.2, 0.3, 0.9), "none", age_ordinal=False))
    for m in [5, 20]:
        run(f"kernel λ=(0.2,0.3,0.9) m={m}", make_kernel(d, (0.2, 0.3, 0.9), "none", m=m))
    for k in [8, 16, 32]:
        run(f"bn-taste items-profile k={k} β=0 m=5", make_bn_taste(d, clusters=k, beta=0.0, profile="items"))
    kern = make_kernel(d, (0.2, 0.3, 0.9), "none")
    for k in [8, 16]:
        bn = make_bn_taste(d, clusters=k, beta=0.0)
        for wb in [0.25, 0.5]:
            run(f"blend kernel(.2,.3,.9) + {wb}·bn-taste k={k}", make_blend([(1 - wb, kern), (wb, bn)]))


if __name__ == "__main__" and which == "grid2":
    grid2()
