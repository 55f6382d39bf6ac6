"""Per-user metrics of the warm references, for `kgrec eval compare`.

Writes UserMetricsTable TSVs (user, test_items, recall@K, ndcg@K, hitrate@K for K = 10, 20) with the
exact docs/evaluation.md metrics of warm_harness.evaluate:
- implicit ALS (the `implicit` package, the reference table's library), settings chosen on
  warm_valtrain -> warm_val over a small grid, then trained on warm_train and evaluated on warm_test;
- EASE (closed form, numpy), λ chosen the same way.
Usage: python3 reference_per_user.py OUTDIR   (needs `pip install implicit==0.7.3`; not a kgrec dependency).
"""
import os, sys, itertools
import numpy as np
from warm_harness import load_split, matrix, evaluate, USERS, M, N

def per_user_table(scores, X, Xt, path):
    res = evaluate(scores, X, Xt, K=(10, 20), return_per_user=True)
    rows = res["rows"]
    with open(path, "w") as f:
        f.write("user\ttest_items\trecall@10\tndcg@10\thitrate@10\trecall@20\tndcg@20\thitrate@20\n")
        for u, t, vals in rows:
            f.write(USERS[u] + "\t" + str(t) + "\t" + "\t".join(repr(float(v)) for v in vals) + "\n")
    return res

def ials_scores(X, factors, reg, alpha, seed=1):
    import implicit
    from threadpoolctl import threadpool_limits
    model = implicit.als.AlternatingLeastSquares(factors=factors, regularization=reg, alpha=alpha, iterations=15,
                                                 random_state=seed, use_gpu=False)
    with threadpool_limits(1, "blas"):
        model.fit(X.tocsr().astype(np.float32), show_progress=False)
    return np.asarray(model.user_factors) @ np.asarray(model.item_factors).T

def ease_scores(X, lam):
    Xd = X.toarray(); G = Xd.T @ Xd; G[np.diag_indices(N)] += lam
    P = np.linalg.inv(G); B = -P / np.diag(P)[None, :]; np.fill_diagonal(B, 0)
    return Xd @ B

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    Xvt = matrix(*load_split("warm_valtrain")[:2]); Xv = matrix(*load_split("warm_val")[:2])
    Xtr = matrix(*load_split("warm_train")[:2]); Xte = matrix(*load_split("warm_test")[:2])
    best = None
    for f, reg, a in itertools.product([64, 128], [3.0, 10.0, 20.0, 30.0, 50.0], [0.5, 1.0, 2.0, 3.0, 5.0]):
        v = evaluate(ials_scores(Xvt, f, reg, a), Xvt, Xv)["ndcg@10"]
        print(f"implicit ALS factors {f} reg {reg} alpha {a}: val NDCG@10 {v:.4f}", flush=True)
        if best is None or v > best[0]: best = (v, f, reg, a)
    _, f, reg, a = best
    r = per_user_table(ials_scores(Xtr, f, reg, a), Xtr, Xte, f"{out}/implicit_als.tsv")
    print(f"implicit ALS (factors {f}, reg {reg}, alpha {a}) test: NDCG@10 {r['ndcg@10']:.4f} Recall@10 {r['recall@10']:.4f} -> {out}/implicit_als.tsv")
    bestl = max([100, 200, 300, 500, 1000], key=lambda l: evaluate(ease_scores(Xvt, l), Xvt, Xv)["ndcg@10"])
    r = per_user_table(ease_scores(Xtr, bestl), Xtr, Xte, f"{out}/ease.tsv")
    print(f"EASE (λ {bestl}) test: NDCG@10 {r['ndcg@10']:.4f} Recall@10 {r['recall@10']:.4f} -> {out}/ease.tsv")
