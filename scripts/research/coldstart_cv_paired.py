"""Paired CV difference of the shipped default against the taste-cluster network (bn-taste) and DemoPop."""
from coldstart_lib import load, cv, summary
from coldstart_models import *
from coldstart_cv_grid6 import make_bn_kernel

d = load()
A = (True, True, True)
ship = cv(d, make_bn_kernel(), repeats=3)[A]
for name, mk in [("bn-taste", make_bn_taste(d)), ("DemoPop m=50", make_demopop(d, 50)), ("popularity", make_pop(d))]:
    r = cv(d, mk, repeats=3)[A]
    dn, dse = summary(ship[0] - r[0])
    dh, dhse = summary(ship[1] - r[1])
    print(f"shipped − {name:28s} NDCG@10 {dn:+.4f}±{dse:.4f}  HR@10 {dh:+.3f}±{dhse:.3f}")
