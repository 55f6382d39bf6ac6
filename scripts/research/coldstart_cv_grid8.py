"""The DemoPop reference of docs/evaluation.md reference reproduced — the mean over attributes of the attribute-group
popularity shrunk toward popularity by m = 5 (.092 / .412 / .937 on the test split, exactly the reference row) — in CV
against kgrec-cold, and blended with it."""
import sys
import numpy as np
from coldstart_lib import load, cv, holdout, summary
from coldstart_models import make_kernel, make_demopop_eval
d = load(); ALL = (True, True, True)
def make_avg(m=5.0):
    return make_demopop_eval(d, m)
def make_mix(w, m=5.0):
    K = make_kernel(d, (0.3, 0.3, 0.8), "alpha0.25"); V = make_avg(m)
    def make(train):
        k, v = K(train), V(train)
        def score(test, mask):
            a, b = k(test, mask), v(test, mask)
            return (1 - w) * a / a.mean(1, keepdims=True) + w * b / b.mean(1, keepdims=True)
        return score
    return make
REF = make_kernel(d, (0.3, 0.3, 0.8), "alpha0.25")
ref = cv(d, REF, repeats=2)[ALL]
print(f"kernel (shipped) CV {ref[0].mean():.4f} hr {ref[1].mean():.3f}")
for name, mk in [("avg-singles m5 (EVAL DemoPop)", make_avg(5)), ("avg-singles m20", make_avg(20)),
                 ("kernel + avg-singles .3", make_mix(0.3)), ("kernel + avg-singles .5", make_mix(0.5))]:
    r = cv(d, mk, repeats=2)[ALL]; v = holdout(d, mk)[ALL]
    diff, dse = summary(r[0] - ref[0]); hd, hdse = summary(r[1] - ref[1])
    print(f"{name:32s} CV ndcg {r[0].mean():.4f} Δ {diff:+.4f}±{dse:.4f} hr {r[1].mean():.3f} Δ {hd:+.3f}±{hdse:.3f} | val {v[0].mean():.4f} hr {v[1].mean():.3f}", flush=True)
