"""Shared loading, metrics and cross-validation for the cold-start research scripts (numpy only).

Reads prepare_tables.py output plus `kgrec dataset split --out $P/splits` (users.tsv, ratings.tsv, items.tsv, splits/cold_*_users.txt).
Metrics follow docs/evaluation.md: binary relevance, positives = rating >= 4, catalogue = all items,
NDCG@10 with IDCG over min(10, |T_u|) hits, ties broken toward the smaller item index.
"""
import csv
import os
import numpy as np

P = os.environ.get("P", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "datasets", "movielens-100k", "prepared"))
K = 10


def load():
    with open(f"{P}/users.tsv") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    ids = [r["user_id"] for r in rows]
    uidx = {u: i for i, u in enumerate(ids)}
    age_states = sorted({r["age_bucket"] for r in rows}, key=lambda s: (s != "<18", s))  # ordinal order
    gender_states = sorted({r["gender"] for r in rows})
    occ_states = sorted({r["occupation"] for r in rows})
    A = np.array([[age_states.index(r["age_bucket"]), gender_states.index(r["gender"]), occ_states.index(r["occupation"])]
                  for r in rows])
    with open(f"{P}/items.tsv") as f:
        items = list(csv.reader(f, delimiter="\t"))
    header, items = items[0], items[1:]
    iidx = {r[0]: i for i, r in enumerate(items)}
    gcols = [c for c, n in enumerate(header) if n.startswith("g_")]
    G = np.array([[float(r[c]) for c in gcols] for r in items], dtype=np.float64)
    Y = np.zeros((len(ids), len(items)), dtype=np.float64)
    with open(f"{P}/ratings.tsv") as f:
        next(f)
        for line in f:
            u, i, r = line.split("\t")[:3]
            if float(r) >= 4:
                Y[uidx[u], iidx[i]] = 1
    splits = {}
    for name in ["train", "test", "valtrain", "val"]:
        with open(f"{P}/splits/cold_{name}_users.txt") as f:
            splits[name] = np.array([uidx[l.strip()] for l in f if l.strip() and not l.startswith("user")])
    return dict(A=A, Y=Y, G=G, splits=splits, cards=[len(age_states), len(gender_states), len(occ_states)],
                states=[age_states, gender_states, occ_states])


_disc = 1 / np.log2(np.arange(2, K + 2))


def metrics(S, T):
    """Per-user NDCG@10, HR@10, Recall@10 of score rows S (n x items) against truth rows T (0/1)."""
    n = S.shape[0]
    # stable descending sort: ties toward the smaller item index
    top = np.argsort(-S, axis=1, kind="stable")[:, :K]
    hits = T[np.arange(n)[:, None], top]
    npos = T.sum(1)
    idcg = np.array([_disc[:int(min(K, m))].sum() for m in npos])
    ndcg = (hits * _disc).sum(1) / idcg
    return ndcg, (hits.sum(1) > 0).astype(float), hits.sum(1) / npos


def folds(users, k, seed):
    rng = np.random.default_rng(seed)
    perm = rng.permutation(users)
    return [perm[f::k] for f in range(k)]


def cv(data, make, *, k=5, repeats=2, masks=None, base_users=None):
    """K-fold CV over `base_users` (default cold_train_users): `make(train_users)` returns
    `score(test_users, known_mask) -> matrix`. Returns per-user metrics averaged over repeats
    (arrays over base_users) for each mask."""
    base = data["splits"]["train"] if base_users is None else base_users
    base = base[data["Y"][base].sum(1) > 0]
    masks = masks or [(True, True, True)]
    out = {m: np.zeros((3, len(base))) for m in masks}
    pos = {u: j for j, u in enumerate(base)}
    for r in range(repeats):
        for f in folds(base, k, 1000 + r):
            train = np.setdiff1d(base, f)
            score = make(train)
            for m in masks:
                S = score(f, m)
                nd, hr, rc = metrics(S, data["Y"][f])
                idx = [pos[u] for u in f]
                out[m][0, idx] += nd / repeats
                out[m][1, idx] += hr / repeats
                out[m][2, idx] += rc / repeats
    return out


def holdout(data, make, train="valtrain", test="val", masks=None):
    masks = masks or [(True, True, True)]
    tr = data["splits"][train]
    te = data["splits"][test]
    te = te[data["Y"][te].sum(1) > 0]
    score = make(tr)
    return {m: np.array(metrics(score(te, m), data["Y"][te])) for m in masks}


def summary(x):
    return x.mean(), x.std(ddof=1) / np.sqrt(len(x))
