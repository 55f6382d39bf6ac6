"""Per-user metrics of the cold-start references on the cold test users, for `kgrec eval compare`.

Writes UserMetricsTable TSVs (user, test_items, recall@10, ndcg@10, hitrate@10) with the docs/evaluation.md metrics of
coldstart_lib.metrics, trained on cold_train_users, evaluated on cold_test_users:
- popularity over the training users;
- DemoPop m 50 (ours): popularity within the user's (age bucket, gender, occupation) cell, shrunk toward
  popularity by m = 50 pseudo-users;
- DemoPop as docs/evaluation.md's reference: the mean over the three attributes of the popularity within the user's
  group for that attribute, each shrunk toward popularity by m = 5 — this reproduces the reference row
  (.092 / .412 / .937) exactly; in 5-fold CV over cold_train_users it scores .4211, −.0062 ± .0028 below
  kgrec-cold (results/grid_g7.txt).
Usage: python3 cold_reference_per_user.py OUTDIR
"""
import os, sys
import numpy as np
from coldstart_lib import load, metrics
from coldstart_models import make_pop, make_demopop, make_demopop_eval


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    d = load()
    with open(os.path.join(os.environ.get("P", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "datasets", "movielens-100k", "prepared")), "users.tsv")) as f:
        ids = [line.split("\t")[0] for line in f][1:]
    train, test = d["splits"]["train"], d["splits"]["test"]
    test = test[d["Y"][test].sum(1) > 0]
    for name, make in [("popularity", make_pop(d)), ("demopop_m50", make_demopop(d, m=50.0)), ("demopop_eval", make_demopop_eval(d))]:
        S = make(train)(test, (True, True, True))
        nd, hr, rc = metrics(S, d["Y"][test])
        with open(f"{out}/cold_{name}.tsv", "w") as f:
            f.write("user\ttest_items\trecall@10\tndcg@10\thitrate@10\n")
            for k, u in enumerate(test):
                f.write(f"{ids[u]}\t{int(d['Y'][u].sum())}\t{float(rc[k])!r}\t{float(nd[k])!r}\t{float(hr[k])!r}\n")
        print(f"{name}: {len(test)} users, NDCG@10 {nd.mean():.4f} HR@10 {hr.mean():.3f} -> {out}/cold_{name}.tsv")
