"""Research harness for the warm protocol (docs/evaluation.md): data loading and an exact evaluator.

Not a runtime dependency of kgrec; a record of how the default model was chosen.
"""
import numpy as np, scipy.sparse as sp, os, time

P = os.environ.get("P", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "datasets", "movielens-100k", "prepared"))

def read_tsv(path):
    rows = []
    with open(path) as f:
        next(f)
        for line in f:
            rows.append(line.rstrip("\n").split("\t"))
    return rows

ITEMS = [r[0] for r in read_tsv(f"{P}/items.tsv")]
IID = {x: i for i, x in enumerate(ITEMS)}
USERS = [r[0] for r in read_tsv(f"{P}/users.tsv")]
UID = {x: i for i, x in enumerate(USERS)}
N, M = len(ITEMS), len(USERS)

def load_split(name):
    rows = read_tsv(f"{P}/splits/{name}.tsv")
    u = np.array([UID[r[0]] for r in rows]); i = np.array([IID[r[1]] for r in rows]); r = np.array([float(r[2]) for r in rows])
    keep = r >= 4
    return u[keep], i[keep], r[keep]

def matrix(u, i, vals=None):
    v = np.ones(len(u)) if vals is None else vals
    X = sp.csr_matrix((v, (u, i)), shape=(M, N))
    X.sum_duplicates()
    return X

def evaluate(scores, Xtrain, Xtest, K=(10, 20), return_per_user=False):
    """scores: dense users x items. Exact docs/evaluation.md metrics."""
    S = np.array(scores, dtype=np.float64, copy=True)
    S[Xtrain.nonzero()] = -np.inf
    test = Xtest.tolil().rows
    users = [u for u in range(M) if len(test[u]) > 0]
    Kmax = max(K)
    part = np.argpartition(-S[users], Kmax, axis=1)[:, :Kmax]
    out = {f"{m}@{k}": [] for k in K for m in ("recall", "ndcg", "hr")}
    covered = set()
    disc = 1 / np.log2(np.arange(2, Kmax + 2))
    for row, u in enumerate(users):
        cand = part[row]
        s = S[u, cand]
        order = cand[np.lexsort((cand, -s))]  # ties by item id
        T = set(test[u])
        rel = np.array([1.0 if x in T else 0.0 for x in order])
        covered.update(order[:10].tolist())
        for k in K:
            h = rel[:k].sum()
            out[f"recall@{k}"].append(h / len(T))
            idcg = disc[:min(k, len(T))].sum()
            out[f"ndcg@{k}"].append((rel[:k] * disc[:k]).sum() / idcg)
            out[f"hr@{k}"].append(1.0 if h > 0 else 0.0)
    res = {k: float(np.mean(v)) for k, v in out.items()}
    res["cov@10"] = len(covered) / N
    res["se"] = float(np.std(out["ndcg@10"], ddof=1) / np.sqrt(len(users)))
    res["users"] = len(users)
    if return_per_user:
        res["per_user_ndcg"] = np.array(out["ndcg@10"])
        # (user index, |T_u|, [recall@K, ndcg@K, hr@K for K in K]) per evaluated user
        res["rows"] = [(u, len(test[u]), [out[f"{m}@{k}"][row] for k in K for m in ("recall", "ndcg", "hr")])
                       for row, u in enumerate(users)]
    return res

def fmt(r):
    return f"N@10 {r['ndcg@10']:.4f} R@10 {r['recall@10']:.4f} cov {r['cov@10']:.3f} N@20 {r['ndcg@20']:.4f}"

# ---------------- models ----------------
def edlae(G, lam, p):
    A = G.copy()
    d = np.diag(G).copy()
    A[np.diag_indices_from(A)] += lam + p / (1 - p) * d
    Pm = np.linalg.inv(A)
    B = -Pm / np.diag(Pm)[None, :]
    B[np.diag_indices_from(B)] = 0
    return B

def kg_features(min_items=2, max_items=200):
    """(relation±, neighbour) feature x item incidence like ItemKnowledgeGraph.itemFeatures."""
    links = read_tsv(f"{P}/item_entity_link.tsv")
    ent_items = {}
    for it, e in links:
        if it in IID:
            ent_items.setdefault(e, []).append(IID[it])
    feats = {}
    for h, r, t in read_tsv(f"{P}/kg.tsv"):
        if h in ent_items:
            feats.setdefault((r, t, 0), []).extend(ent_items[h])
        if t in ent_items:
            feats.setdefault((r, h, 1), []).extend(ent_items[t])
    rows = []
    keys = []
    for k, v in feats.items():
        u = sorted(set(v))
        if min_items <= len(u) <= max_items:
            rows.append(u); keys.append(k)
    ri = np.concatenate([[j] * len(r) for j, r in enumerate(rows)]).astype(int)
    ci = np.concatenate(rows).astype(int)
    F = sp.csr_matrix((np.ones(len(ri)), (ri, ci)), shape=(len(rows), N))
    return F, keys

def genres():
    rows = read_tsv(f"{P}/items.tsv")
    return np.array([[float(x) for x in r[3:]] for r in rows])

def walk(Xd, F=None, kg_weight=0.1, pop_exp=0.3, hub_cap=200):
    """RandomWalkPropagation.transitions (the Swift default walk) in numpy."""
    di = Xd.sum(0); du = Xd.sum(1)
    n = Xd.shape[1]
    fdeg = np.zeros(n) if F is None else np.asarray(F.sum(0)).ravel()
    has_kg = (kg_weight > 0) & (fdeg > 0)
    share_u = np.where(has_kg, 1 - kg_weight, 1.0) / np.maximum(di, 1)
    W = (Xd * share_u[None, :]).T @ (Xd / np.maximum(du, 1)[:, None])
    if F is not None and kg_weight > 0:
        Fd = F.toarray()
        fsize = Fd.sum(1)
        share_f = np.where(di > 0, kg_weight, 1.0) / np.maximum(fdeg, 1)
        W += (Fd * share_f[None, :]).T @ (Fd / np.maximum(fsize, 1)[:, None])
    W *= np.maximum(di, 1)[None, :] ** (-pop_exp)
    np.fill_diagonal(W, 0)
    return W

def scale_of(S, Xd):
    """Mean over users with items of max_j |S[u, j]| (HybridTrainer.meanMaximumScore)."""
    du = Xd.sum(1)
    return np.mean(np.abs(S[du > 0]).max(1))
