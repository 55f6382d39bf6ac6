"""Validation search behind the warm default of HybridConfiguration.

Tunes on warm_valtrain -> warm_val only (never the test split). Run: python3 warm_search.py [section ...]
Sections: edlae, ratings, kg, graph, ials, blend. Each prints one line per variant:
NDCG@10, Recall@10, Coverage@10, NDCG@20 with the exact metric definitions of docs/evaluation.md (warm_harness.evaluate).
Figures measured 2026-11-29 are in the comments next to each variant. The Swift implementation
(kgrec eval recommend, release build) gives on validation: EDLAE .2243, EDLAE + walk .3 .2263, ALS alone .2300,
EDLAE + ALS .5 .2293, + penalty .03 .2292 (seeds 1, 2: .2301, .2300), + walk .15 (the default) .2287,
+ walk .3 .2274 (seed 1 .2300); its ALS initialisation is uniform, numpy's Gaussian.
"""
import sys
from warm_harness import *
from ials import ials

u, i, r = load_split("warm_valtrain"); X = matrix(u, i)
u2, i2, _ = load_split("warm_val"); Xv = matrix(u2, i2)
Xd = X.toarray(); G = Xd.T @ Xd; du = Xd.sum(1); di = Xd.sum(0)
ev = lambda name, S: print(f"{name:48s} {fmt(evaluate(S, X, Xv))}", flush=True)
norm = lambda S: S / scale_of(S, Xd)
sections = sys.argv[1:] or ["edlae", "ratings", "kg", "graph", "ials", "blend"]

if "edlae" in sections:
    # p=0.5: λ 100 .2230, 200 .2239, 300 .2243 (kgrec's figure), 500 .2213; p=0: λ 300 .2224;
    # p=0.6 λ 200/300 .2254; p=0.7 λ 200/300 .2258 (coverage .144/.130).
    for p in [0.0, 0.25, 0.33, 0.5, 0.6, 0.7]:
        for lam in [10, 30, 100, 200, 300, 500]:
            ev(f"edlae λ{lam} p{p}", Xd @ edlae(G, lam, p))
    # user rows weighted |u|^-0.25 in the Gram: .2262 (λ 300); item-normalised Gram D^-.25 G D^-.25: .2261.
    w = np.maximum(du, 1) ** -0.25; Gw = (Xd * w[:, None]).T @ Xd
    ev("edlae user-weighted a.25 λ300", Xd @ edlae(Gw, 300 * Gw.trace() / G.trace(), 0.5))

if "ratings" in sections:
    # 5-star positives weighted w in X (both sides): w 1.5 .2256, 2 .2215, 3 .2088.
    for w in [1.5, 2, 3]:
        Xw = matrix(u, i, np.where(r >= 5, w, 1.0))
        ev(f"edlae rating-weighted w{w}", Xw @ edlae((Xw.T @ Xw).toarray(), 300, 0.5))

if "kg" in sections:
    # Collective EASE: KG (relation, neighbour) feature rows stacked under X, hub cap 200.
    # power 1: β 1 .2245, 3 .2224, 10 .2163, 30 .1807; power 0: β 1 .2221, 3 .2095 (coverage rises, NDCG falls).
    F, _ = kg_features(2, 200); fd = np.asarray(F.sum(1)).ravel()
    for power in [0.0, 1.0]:
        Fs = sp.diags(fd ** (-power / 2)) @ F; GF = (Fs.T @ Fs).toarray()
        for beta in [1, 3, 10, 30]:
            ev(f"edlae + KG features pow{power} β{beta}", Xd @ edlae(G + beta * GF, 300, 0.5))

if "graph" in sections:
    # RP3β α.6 β.5 .2117 (best of a 3×4 grid); GF-CF linear filter .1933, + ideal low-pass k64 .1991;
    # user-kNN cosine k100 .2053; user-side EASE λ300 .2210.
    Pui = Xd / np.maximum(du, 1)[:, None]; Piu = (Xd / np.maximum(di, 1)[None, :]).T
    W = (Piu ** 0.6) @ (Pui ** 0.6) * np.maximum(di, 1)[None, :] ** -0.5; np.fill_diagonal(W, 0)
    ev("rp3beta α.6 β.5", Xd @ W)
    F, _ = kg_features(2, 200)
    ev("kgrec walk (users + 10% KG features)", Xd @ walk(Xd, F))

if "ials" in sections:
    # d64 α3: λ 20 .2102, 25 .2222, 30 .2317 (seeds 1, 2: .2293, .2312; 20 sweeps .2313), 35 .2253, 50 .2017;
    # λ30: α 2 .2211, 4 .2263, 5 .2198; λ25 α2.5 .2271; λ40 α4 .2260; λ50 α5 .2203.
    for d, lam, a in [(64, 30, 3), (64, 25, 3), (64, 35, 3), (64, 30, 4)]:
        U, V = ials(Xd, d, lam, a, 10); ev(f"ials d{d} λ{lam} α{a}", U @ V.T)

if "blend" in sections:
    E = norm(Xd @ edlae(G, 300, 0.5)); U, V = ials(Xd, 64, 30, 3, 10); A = norm(U @ V.T)
    F, _ = kg_features(2, 200); Wk = Xd @ walk(Xd, F)
    M = norm(0.7 * E + 0.3 * norm(Wk))
    ev("edlae + walk .3", M)                       # .2263
    for a in [0.3, 0.5, 0.7]:                                         # .2282 .2308 .2297
        ev(f"edlae + ials {a}", (1 - a) * E + a * A)
    ev("edlae+walk + ials .5", 0.5 * M + 0.5 * A)                     # .2297
    lp = np.log1p(di)[None, :]
    for g in [0.01, 0.02, 0.03, 0.04]:                                # .2311/.139 .2313/.145 .2306/.165 .2286/.213
        ev(f"edlae + ials .5 - {g}·ln(1+pop)  [default at .03]", 0.5 * E + 0.5 * A - g * lp)

# Also measured (numpy, validation NDCG@10; blend = EDLAE + ALS .5 − .03·ln(1+pop), .2306 with seed-0 ALS):
# - ALS d128 λ30 α3 .2304 (in the blend .2302); two ALS seeds averaged .2306 (in the blend .2304);
#   frequency-scaled ALS regularisation λ(|u|+1)^ν: ν .5 λ3 .2191, ν 1 diverges to popularity (.07).
# - ALS with 5-star confidence ×1.5 / ×2: .2308 / .2295 alone, .2308 / .2307 in the blend (needs ratings in
#   the model input; not worth it at +.0002).
# - EDLAE settings inside the blend: λ200 p.7 .2299, λ300 p.7 .2304, λ200 p.6 .2301, λ500 p.5 .2297, λ150 p.5 .2298.
# - ALS item factors folded into an item × item matrix V(VᵀV + cI)⁻¹Vᵀ: c 30 .2289, c 100 .2244.
# - user attributes (age bucket, gender, occupation) as extra input columns of EDLAE: .2225 / .2181 / .2165 (w 1/3/10).
# - EDLAE score × pop^−β: β .05 .2251, .1 .2244, .2 .2249 (coverage .189).
# - timestamps (not adopted: they exploit the random split's shared time window): masking items first seen
#   after the user's last training day .2264 (EDLAE .2243); time-profile multipliers hurt (.2208 at best).
# - blending (base .2306): blend weight by user activity .5 ± b·z(ln|u|), b ±.08/±.15: .2309/.2313, .2292/.2303;
#   per-user max normalisation .2307; per-user z-scores (penalty 0–.2) .2305–.2310; reciprocal rank fusion k 10/30/60
#   .2295/.2286/.2287 — the blend is saturated.
# - further variants (validation NDCG@10; base blend .2306; summarised here, scripts not kept):
#   * third components in the blend, weight .15 / .3: user-side EASE λ100/300/1000 (alone .1960/.2210/.2183)
#     .2294–.2275 / .2290–.2278 / .2295–.2273; RP3β .2289 / .2275.
#   * infinite-width autoencoder (∞-AE: kernel ridge with the ReLU NTK over users), depth 1 and 2,
#     λ .3/1/3 × mean diagonal: .1540–.2210 alone, .2272–.2286 in the blend at .3.
#   * implicit ALS with frequency-scaled regularisation λ(|a|+1)^ν (iALS-revisited style), ν 1: λ .1–2 × α 2–10
#     .1205–.2214 (best λ .5 α3, coverage .30); ν .25 λ10 .2281; ν .5 λ5 .2222; unobserved weight w0 .3/.5 .2148/.2091.
#   * Mult-VAE / Mult-DAE (600-200-600 tanh, β→.2, Adam 1e-3, dropout .5, numpy): .1628–.1767 alone (100 epochs
#     best; it overfits 943 users), .2289–.2308 in the blend (z-scored, weight .2 / .35).
#   * learned re-ranking of the blend's top 50 (LightGBM lambdarank / binary, 14 features: the five model scores,
#     popularity, activity, share of 5-star ratings, year gap, genre cosine, rank), trained on an inner 80/20
#     split of warm_valtrain: .1983–.2202; rank-only features .2126–.2194; logistic regression on the raw
#     scores .2267–.2305. The base models trained on 64% of the data score differently from those on 80%, and
#     the learned combination does not transfer.
#   * eALS-style missing-data weights by item popularity (He et al. 2016), w_i ∝ pop_i^e with mean 1, d64 λ30 α3:
#     e 0 .2317 (= plain ALS), .25 .2122, .5 .1851, .75 .1591 (coverage .14 → .26; accuracy falls).
#   * SLIM (sklearn ElasticNet per item, non-negative, no intercept; α / l1-ratio): alone .1794 (1e-3/.1), .1956 (3e-3/.1),
#     .2095 (1e-2/.1), .2170 (3e-2/.1), .2133 (1e-2/.5); as a third blend component at .1–.3 the best is .2334
#     (1e-2/.1 at .2), paired against the blend on the validation users +.0028 ± .0020 — the largest gain of any
#     third component, but 1.4 paired s.e. after picking the best of twelve settings; at +.003 the test target
#     (+.009 NDCG@10) stays out of reach, so SLIM was not built into kgrec.
