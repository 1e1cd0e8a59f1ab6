# MacKinnon (1996) p-values computed in 60-digit arithmetic (mpmath), as a
# reference for tests/testthat/test-unitroot.R. Called by
# data-raw/mackinnon_exact.R, which writes the tables and the points to a
# temporary directory: argv[1] = that directory. Reads <dir>/points.txt
# (lines "stat n exo", n = 0 for the asymptotic distribution) and writes
# "p t_ratio imin" lines to standard output.
#
# The method (MacKinnon 1996, section 4): the quantiles q_j of the 221
# probability points at sample size n come from the response surfaces; the
# p-value of a statistic is Phi(g(stat)), where g is the GLS fit of
# Phi^{-1}(p_j) on (1, q, q^2, q^3) over the nine quantiles nearest the
# statistic (fewer at the ends), with covariance
# Omega_ab = w_a w_b sqrt(p_a (1 - p_b) / (p_b (1 - p_a))), p_a <= p_b
# (identity at the upper end of the table); the cubic term is kept when its
# t ratio exceeds 2. Every step here is carried out with 60 significant
# digits, so the result is the exact value of the method for the published
# (decimal) table entries.
import sys
import mpmath as mp

mp.mp.dps = 60
d = sys.argv[1]

def load(name):
    rows = []
    for line in open(f"{d}/{name}.txt"):
        v = [mp.mpf(s) for s in line.split()]
        if len(v) == 4:              # quadratic response surface: b3 = 0
            v = v[:3] + [mp.mpf(0)] + v[3:]
        rows.append(v)
    return rows

probs, cnorm = [], []
for line in open(f"{d}/probs.txt"):
    a, b = line.split()
    probs.append(mp.mpf(a))
    cnorm.append(mp.mpf(b))
tables = {e: load(e) for e in ("none", "intercept", "trend", "quadratic")}

def gls(X, y, om):
    Li = mp.inverse(mp.cholesky(om))
    Xt, yt = Li * X, Li * y
    A = mp.inverse(Xt.T * Xt)
    b = A * (Xt.T * yt)
    r = yt - Xt * b
    return b, A, sum(r[i] ** 2 for i in range(r.rows))

def pvalue(stat, n, exo):
    stat = mp.mpf(stat)
    tb = tables[exo]
    o = mp.mpf(0) if n == 0 else 1 / mp.mpf(n)
    q = [r[0] + r[1] * o + r[2] * o ** 2 + r[3] * o ** 3 for r in tb]
    im = min(range(221), key=lambda i: abs(stat - q[i])) + 1      # 1-based
    ident = False
    if 4 < im < 217:
        idx = [im - 5 + i for i in range(9)]
    elif im < 9:
        idx = list(range(max(im + 4, 5)))
    else:
        idx = [221 - i for i in range(1, max(222 - im + 4, 5) + 1)]
        ident = True
    k = len(idx)
    om = mp.matrix(k, k)
    for a in range(k):
        for c in range(k):
            if ident:
                om[a, c] = 1 if a == c else 0
            else:
                lo, hi = sorted((idx[a], idx[c]))
                om[a, c] = tb[idx[a]][4] * tb[idx[c]][4] * mp.sqrt(
                    probs[lo] * (1 - probs[hi]) / (probs[hi] * (1 - probs[lo])))
    X = mp.matrix(k, 4)
    y = mp.matrix(k, 1)
    for a in range(k):
        x = q[idx[a]]
        X[a, 0], X[a, 1], X[a, 2], X[a, 3] = 1, x, x ** 2, x ** 3
        y[a] = cnorm[idx[a]]
    b, A, ssr = gls(X, y, om)
    t = abs(b[3]) / mp.sqrt(ssr / (k - 4) * A[3, 3])
    if t > 2:
        fit = b[0] + b[1] * stat + b[2] * stat ** 2 + b[3] * stat ** 3
    else:
        X3 = mp.matrix(k, 3)
        for a in range(k):
            for c in range(3):
                X3[a, c] = X[a, c]
        b3 = gls(X3, y, om)[0]
        fit = b3[0] + b3[1] * stat + b3[2] * stat ** 2
    fit = min(max(fit, -16), 16)
    p = mp.ncdf(fit)
    if im == 1 and p > probs[0]:
        p = probs[0]
    if im == 221 and p < probs[220]:
        p = probs[220]
    return p, t, im

for line in open(f"{d}/points.txt"):
    s, n, e = line.split()
    p, t, im = pvalue(s, int(n), e)
    print(mp.nstr(p, 25, strip_zeros=False), mp.nstr(t, 10), im)
