"""Cold-start scorers for the research scripts. Each `make_*(data, **settings)` returns
make(train_users) -> score(test_users, known_mask) -> (n_test x items) score matrix."""
import numpy as np
from coldstart_lib import K, _disc


def user_weights(Y, users, scheme):
    n = Y[users].sum(1)
    if scheme == "none":
        return np.ones(len(users))
    if scheme == "idcg":
        return 1 / np.array([_disc[:int(min(K, m))].sum() for m in n])
    if scheme.startswith("alpha"):
        return n ** -float(scheme[5:])
    raise ValueError(scheme)


def make_pop(data, weights="none"):
    def make(train):
        v = user_weights(data["Y"], train, weights)
        pop = v @ data["Y"][train] / v.sum()
        return lambda test, mask: np.tile(pop, (len(test), 1))
    return make


def kernel_matrix(data, train, test, mask, lam, age_ordinal=True):
    """w[t, u] = prod_a K_a(q_a, a_u) over known attributes a; K = lam_a^{distance}."""
    A = data["A"]
    W = np.ones((len(test), len(train)))
    for a in range(3):
        if not mask[a]:
            continue
        q = A[test, a][:, None]
        x = A[train, a][None, :]
        d = np.abs(q - x) if (a == 0 and age_ordinal) else (q != x).astype(float)
        W *= np.where(d == 0, 1.0, lam[a] ** d) if lam[a] > 0 else (d == 0)
    return W


def make_kernel(data, lam=(0.3, 0.3, 0.3), weights="none", age_ordinal=True, m=0.0):
    """Attribute-similarity-weighted share of training users who liked each item, shrunk toward
    weighted popularity by m pseudo-users: (sum_u w_u v_u y_ui + m pop_i) / (sum_u w_u v_u + m)."""
    def make(train):
        Y = data["Y"][train]
        v = user_weights(data["Y"], train, weights)
        pop = v @ Y / v.sum()
        vs = v / v.mean()  # m in units of an average user
        def score(test, mask):
            W = kernel_matrix(data, train, test, mask, lam, age_ordinal) * vs[None, :]
            return (W @ Y + m * pop) / (W.sum(1, keepdims=True) + m)
        return score
    return make


def make_demopop(data, m=50.0, weights="none"):
    return make_kernel(data, lam=(0.0, 0.0, 0.0), weights=weights, age_ordinal=False, m=m)


def make_nb(data, m=(20.0, 20.0, 20.0), gamma=1.0, weights="none", eps=1e-4):
    """Product of experts / naive Bayes: log s = log p(i) + gamma * sum_a [log p(i|a) - log p(i)],
    p(i|a=s) = (n_si + m_a p(i)) / (n_s + m_a), weights v_u."""
    def make(train):
        Y = data["Y"][train]
        A = data["A"][train]
        v = user_weights(data["Y"], train, weights)
        v = v / v.mean()
        pop = v @ Y / v.sum() + eps
        tables = []
        for a in range(3):
            T = np.zeros((data["cards"][a], Y.shape[1]))
            for s in range(data["cards"][a]):
                sel = A[:, a] == s
                T[s] = (v[sel] @ Y[sel] + m[a] * pop) / (v[sel].sum() + m[a])
            tables.append(np.log(T + eps) - np.log(pop))
        def score(test, mask):
            S = np.tile(np.log(pop), (len(test), 1))
            for a in range(3):
                if mask[a]:
                    S += gamma * tables[a][data["A"][test, a]]
            return S
        return score
    return make


def kmeans_spherical(X, k, seed, iters=100):
    X = X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
    rng = np.random.default_rng(seed)
    C = [X[rng.integers(len(X))]]
    near = np.full(len(X), np.inf)
    for c in range(1, k):
        near = np.minimum(near, np.maximum(0, 1 - X @ C[-1]))
        p = near / near.sum()
        C.append(X[rng.choice(len(X), p=p)])
    C = np.array(C)
    assign = None
    for _ in range(iters):
        new = np.argmax(X @ C.T, axis=1)
        if assign is not None and (new == assign).all():
            break
        assign = new
        for c in range(k):
            s = X[assign == c].sum(0)
            if np.linalg.norm(s) > 0:
                C[c] = s / np.linalg.norm(s)
    return assign, C


def make_bn_taste(data, clusters=8, item_smoothing=5.0, beta=0.5, ess=10.0, weights="none", seed=1, profile="features",
                  structure="naive"):
    """The shipped model: spherical k-means taste clusters on genre profiles; naive-Bayes BN
    taste -> attributes with BDeu(ess) CPTs; score = (1-beta) sum_c P(c|a) p(i|c) + beta pop(i)."""
    def make(train):
        Y = data["Y"][train]
        A = data["A"][train]
        X = Y @ data["G"] if profile == "features" else Y.copy()
        c, _ = kmeans_spherical(X, clusters, seed)
        v = user_weights(data["Y"], train, weights)
        pop = v @ Y / v.sum()
        pref = np.zeros((clusters, Y.shape[1]))
        for k in range(clusters):
            sel = c == k
            pref[k] = (v[sel] @ Y[sel] + item_smoothing * pop) / (v[sel].sum() + item_smoothing)
        # BDeu counts
        prior = (np.bincount(c, minlength=clusters) + ess / clusters) / (len(c) + ess)
        cpts = []
        for a in range(3):
            r = data["cards"][a]
            if structure == "naive":
                T = np.full((clusters, r), ess / (clusters * r))
                np.add.at(T, (c, A[:, a]), 1)
                cpts.append(T / T.sum(1, keepdims=True))
        def score(test, mask):
            post = np.tile(np.log(prior), (len(test), 1))
            for a in range(3):
                if mask[a]:
                    post += np.log(cpts[a][:, data["A"][test, a]].T)
            post = np.exp(post - post.max(1, keepdims=True))
            post /= post.sum(1, keepdims=True)
            return (1 - beta) * post @ pref + beta * pop
        return score
    return make


def make_blend(parts):
    """parts: [(weight, make)] — weighted sum of the parts' scores (each rescaled to unit mean per row)."""
    def make(train):
        fs = [(w, mk(train)) for w, mk in parts]
        def score(test, mask):
            S = 0
            for w, f in fs:
                X = f(test, mask)
                S = S + w * X / X.mean(1, keepdims=True)
            return S
        return score
    return make


def make_kernel_coverage(data, lam=(0.3, 0.3, 1.0), weights="alpha0.25", mu=0.5, candidates=100, age_ordinal=True):
    """Kernel scores, then a greedy top-10 that trades the kernel score for newly covered
    neighbours: gain(i) = s(i) + mu * sum_u w_u y_ui [u not hit yet] / sum_u w_u (expected-HR greedy).
    Returns rank-encoded scores (10 greedy picks first, then the kernel order)."""
    def make(train):
        Y = data["Y"][train]
        v = user_weights(data["Y"], train, weights)
        vs = v / v.mean()
        def score(test, mask):
            W = kernel_matrix(data, train, test, mask, lam, age_ordinal) * vs[None, :]
            S = W @ Y / W.sum(1, keepdims=True)
            out = S.copy()
            Wn = kernel_matrix(data, train, test, mask, lam, age_ordinal)  # coverage counts users, unweighted by activity
            for t in range(len(test)):
                cand = np.argsort(-S[t], kind="stable")[:candidates]
                Yc = Y[:, cand]
                w = Wn[t] / Wn[t].sum()
                alive = np.ones(len(train))
                chosen = []
                avail = np.ones(len(cand), bool)
                for step in range(10):
                    gain = S[t, cand] + mu * ((w * alive) @ Yc)
                    gain[~avail] = -np.inf
                    j = int(np.argmax(gain))
                    chosen.append(cand[j])
                    avail[j] = False
                    alive *= 1 - Yc[:, j]
                out[t] = S[t] / (S[t].max() + 1)  # below every chosen item
                for r, i in enumerate(chosen):
                    out[t, i] = 10 - r
            return out
        return score
    return make


def make_popnorm(inner, gamma=0.1, data=None, weights="none"):
    """inner score / pop^gamma."""
    def make(train):
        f = inner(train)
        Y = data["Y"][train]
        pop = Y.mean(0) + 1e-4
        return lambda test, mask: f(test, mask) / pop ** gamma
    return make


def make_shipped(data, lam=(0.3, 0.3, 1.0), gamma=0.85, beta=0.5, clusters=8, item_smoothing=5.0, weights="alpha0.25"):
    """The Swift ColdStartModel formula with the attribute kernel:
    score = (1 - gamma) [(1 - beta) sum_c P(c|a) p(i|c) + beta pop(i)] + gamma kernel(i|a)."""
    kern = make_kernel(data, lam, weights)
    bn = make_bn_taste(data, clusters=clusters, beta=beta, item_smoothing=item_smoothing, weights=weights)
    def make(train):
        k = kern(train)
        b = bn(train) if gamma < 1 else None
        def score(test, mask):
            S = gamma * k(test, mask)
            if b is not None:
                S = S + (1 - gamma) * b(test, mask)
            return S
        return score
    return make


def make_demopop_eval(data, m=5.0):
    """The DemoPop reference of docs/evaluation.md (reproduces its test row .092 / .412 / .937 exactly): the mean over the known
    attributes of the popularity within the user's group for that attribute, shrunk toward popularity by m users."""
    def make(train):
        Y, A = data["Y"][train], data["A"][train]
        pop = Y.mean(0)
        tables = []
        for a in range(3):
            T = np.zeros((data["cards"][a], Y.shape[1]))
            for s in range(data["cards"][a]):
                sel = A[:, a] == s
                T[s] = (Y[sel].sum(0) + m * pop) / (sel.sum() + m)
            tables.append(T)
        def score(test, mask):
            parts = [tables[a][data["A"][test, a]] for a in range(3) if mask[a]]
            return sum(parts) / len(parts) if parts else np.tile(pop, (len(test), 1))
        return score
    return make
