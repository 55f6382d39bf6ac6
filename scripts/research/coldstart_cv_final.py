"""Summary table: 5-fold CV over cold_train_users (3 repeats, 754 users) of the references and the
shipped default (attribute-cell network with normalised kernel CPTs, λ = (0.3, 0.3, 0.8), α = 0.25,
γ = 1), with all attributes and with each attribute alone; paired differences to popularity."""
import numpy as np
from coldstart_lib import load, cv, summary
from coldstart_models import *
from coldstart_cv_grid6 import make_bn_kernel

d = load()
masks = [(True, True, True), (True, False, False), (False, True, False), (False, False, True)]
names = ["all", "age only", "gender only", "occupation only"]
models = [("popularity", make_pop(d)), ("DemoPop m=50", make_demopop(d, 50)), ("DemoPop m=100", make_demopop(d, 100)),
          ("bn-taste (k=8, β=.5, m=5)", make_bn_taste(d)), ("shipped: cell network", make_bn_kernel())]
res = {name: cv(d, mk, repeats=3, masks=masks) for name, mk in models}
ref = res["popularity"]
for m, label in zip(masks, names):
    print(f"--- {label}")
    for name, _ in models:
        r = res[name][m]
        nd, se = summary(r[0])
        diff, dse = summary(r[0] - ref[(True, True, True)][0])
        print(f"{name:28s} NDCG@10 {nd:.4f}±{se:.4f} Δpop {diff:+.4f}±{dse:.4f} HR@10 {r[1].mean():.3f}±{summary(r[1])[1]:.3f} R@10 {r[2].mean():.4f}")
