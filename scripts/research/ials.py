"""Implicit ALS (Hu, Koren, Volinsky 2008) in numpy, batched per chunk of rows."""
import numpy as np, scipy.sparse as sp

def _solve_side(P, Bm, alpha, reg, w0, nu=0.0):
    """Rows a of P (dense 0/1) against fixed factors Bm: (w0·BᵀB + α·Σ_{j∈a} b_j b_jᵀ + reg_a I) x = (1+α)·Σ_{j∈a} b_j,
    where reg_a = reg · (|a| + 1)^nu (nu = 0: plain)."""
    n, d = P.shape[0], Bm.shape[1]
    BtB = w0 * Bm.T @ Bm
    out = np.zeros((n, d))
    outer = np.einsum('jd,je->jde', Bm, Bm).reshape(Bm.shape[0], d * d)
    Ps = sp.csr_matrix(P)
    deg = P.sum(1)
    chunk = 128
    for s in range(0, n, chunk):
        Pc = P[s:s + chunk]
        A = BtB[None] + alpha * (Ps[s:s + chunk] @ outer).reshape(-1, d, d)
        regs = reg * (deg[s:s + chunk] + 1) ** nu
        A += regs[:, None, None] * np.eye(d)[None]
        rhs = (1 + alpha) * (Pc @ Bm)
        out[s:s + chunk] = np.linalg.solve(A, rhs[..., None])[..., 0]
    out[deg == 0] = 0
    return out

def ials(X, d=64, reg=30.0, alpha=3.0, iters=10, seed=0, w0=1.0, nu=0.0, init=0.1):
    rng = np.random.default_rng(seed)
    M, N = X.shape
    U = rng.normal(0, init / np.sqrt(d), (M, d)); V = rng.normal(0, init / np.sqrt(d), (N, d))
    for _ in range(iters):
        U = _solve_side(X, V, alpha, reg, w0, nu)
        V = _solve_side(X.T, U, alpha, reg, w0, nu)
    return U, V
