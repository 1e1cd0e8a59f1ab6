/*
 * Pesaran's (2007) cross-sectionally augmented Dickey-Fuller (CADF)
 * regressions and the CIPS statistic, for the panel unit-root entry point
 * (src/unitroot_panel.c calls coagg_cips(); R/unitroot.R is the user face).
 *
 * For unit i with p lags, on the periods after the first p + 1:
 *   dy_it = a_i [+ d_i t] + b_i y_{i,t-1} + c_i ybar_{t-1} + sum_{j=0}^{p} g_ij dybar_{t-j}
 *           + sum_{j=1}^{p} h_ij dy_{i,t-j} + e_it,
 * ybar_t the cross-section average of the units at t. CADF_i is the OLS t
 * ratio of b_i (residual variance RSS/(n - k)); CIPS = N^-1 sum_i CADF_i,
 * and CIPS* the same mean of the CADF_i truncated to [-K1, K2].
 *
 * R passes a balanced panel without gaps (every unit on the same
 * consecutive periods). The averages are taken of the series divided by
 * one common scale, the largest absolute value in the panel (a CADF t ratio
 * is unchanged when every series is multiplied by the same constant; a
 * scale per unit would change the averages).
 */
#include <R.h>
#include <Rinternals.h>
#include <math.h>
#include <string.h>
#include "linalg.h"
#include "unitroot.h"
#include "unitroot_tables.h"

/* A fit is exact when its residual sum of squares is below this fraction
 * of the sum of squares of the dependent variable (as for the ADF). */
#define CADF_EXACT_FIT 1e-16

typedef struct {
    int L, ndet;
    const double *ybar, *dybar;   /* averages and their differences (dybar[0] unused) */
    double *X, *yv, *beta, *xtxinv, *work, *ic;
    int *alias;
} cadf_ws;

/* The CADF design with p lags on the rows t = q + 1 .. L - 1 (q >= p);
 * columns [deterministic terms, y_{t-1}, ybar_{t-1}, dybar_t, then for
 * j = 1..p: dybar_{t-j}, dy_{t-j}], so that the first k(p') columns are the
 * design with p' <= p lags. Returns the number of rows. */
static int cadf_design(const double *y, int p, int q, cadf_ws *w)
{
    const int n = w->L - q - 1, nd = w->ndet;
    double *X = w->X;
    for (int r = 0; r < n; r++) {
        int t = r + q + 1;
        if (nd >= 1) X[r] = 1.0;
        if (nd == 2) X[r + n] = (double) (t + 1);
        X[r + (size_t) nd * n] = y[t - 1];
        X[r + (size_t) (nd + 1) * n] = w->ybar[t - 1];
        X[r + (size_t) (nd + 2) * n] = w->dybar[t];
        for (int j = 1; j <= p; j++) {
            X[r + (size_t) (nd + 1 + 2 * j) * n] = w->dybar[t - j];
            X[r + (size_t) (nd + 2 + 2 * j) * n] = y[t - j] - y[t - j - 1];
        }
        w->yv[r] = y[t] - y[t - 1];
    }
    return n;
}

static int cadf_k(int ndet, int p)
{
    return ndet + 3 + 2 * p;
}

/* The lag order minimising AIC / SIC / HQ (lag_method 1 / 2 / 3) over
 * 0..pm, all candidates on the common sample of pm lags; pm is first
 * reduced until that sample leaves a residual degree of freedom. */
static int cadf_select(const double *y, int lag_method, int pm, cadf_ws *w, int *pm_out)
{
    while (pm > 0 && w->L - pm - 1 < cadf_k(w->ndet, pm) + 1) pm--;
    *pm_out = pm;
    int n = cadf_design(y, pm, pm, w), best_p = 0;
    if (n < cadf_k(w->ndet, 0) + 1) return 0;
    double best = INFINITY, rss = 0.0;
    for (int q = 0; q <= pm; q++) {
        int rq = coagg_ols(w->X, n, n, cadf_k(w->ndet, q), w->yv, COAGG_UR_OLS_TOL, w->beta,
                           NULL, &rss, NULL, w->alias, w->work);
        if (rq < 0) continue;
        double pen = lag_method == 1 ? 2.0 : (lag_method == 2 ? log((double) n) :
                                              2.0 * log(log((double) n)));
        double ic = log(rss / n) + pen * rq / n;
        if (ic < best) {
            best = ic;
            best_p = q;
        }
    }
    return best_p;
}

/* One unit's CADF t ratio. Status 0 (fitted), 1 (too short), 2 (y_{t-1}
 * aliased), 3 (exact fit), -1 (LAPACK failure). */
static void cadf_unit(const double *y, int lag_method, int lag, int maxlag, cadf_ws *w,
                      int *status, int *lags, int *pm, int *nobs, double *tstat)
{
    int p = lag;
    *pm = lag;
    if (lag_method != 0) p = cadf_select(y, lag_method, maxlag, w, pm);
    *lags = p;
    int k = cadf_k(w->ndet, p);
    int n = w->L - p - 1 > 0 ? w->L - p - 1 : 0;
    *nobs = n;
    *tstat = NA_REAL;
    if (n < k + 1) {
        *status = 1;
        return;
    }
    cadf_design(y, p, p, w);
    double rss = 0.0, tss = 0.0;
    int r = coagg_ols(w->X, n, n, k, w->yv, COAGG_UR_OLS_TOL, w->beta, NULL, &rss, w->xtxinv,
                      w->alias, w->work);
    if (r < 0) {
        *status = -1;
        return;
    }
    if (n - r < 1) {
        *status = 1;
        return;
    }
    if (w->alias[w->ndet]) {
        *status = 2;
        return;
    }
    for (int i = 0; i < n; i++) tss += w->yv[i] * w->yv[i];
    if (!(rss > CADF_EXACT_FIT * tss)) {
        *status = 3;
        return;
    }
    double s2 = rss / (n - r);
    *tstat = w->beta[w->ndet] / sqrt(s2 * w->xtxinv[(size_t) w->ndet * k + w->ndet]);
    *status = 0;
}

/* Position of x on the tables' grid: 0 inside (bilinear weights), 1 below
 * the first value (no critical values), 2 above the last (the last used).
 * With `up` the first grid value >= x is taken (Stata's xtcips). */
static int cips_pos(double x, int up, int *i, double *f)
{
    const double *g = coagg_cips_grid;
    const int n = COAGG_CIPS_NG;
    if (x < g[0]) return 1;
    if (x >= g[n - 1]) {
        *i = n - 2;
        *f = 1.0;
        return x > g[n - 1] ? 2 : 0;
    }
    int a = 0;
    while (x > g[a + 1]) a++;
    *i = a;
    *f = (x - g[a]) / (g[a + 1] - g[a]);
    if (up) *f = *f > 0.0 ? 1.0 : 0.0;
    return 0;
}

/* Critical values (1%, 5%, 10%) of CIPS (tr = 0) or CIPS* (tr = 1) for
 * case exo (0 none, 1 intercept, 2 trend) at (N, T). Returns the flags of
 * N and T (1 below, 2 above), N's in bits 0-1, T's in bits 2-3; NA_REAL
 * when either is below the tables. */
static int cips_crit(double N, double T, int exo, int tr, int up, double *cv)
{
    int i = 0, j = 0;
    double fn = 0.0, ft = 0.0;
    int a = cips_pos(N, up, &i, &fn), b = cips_pos(T, up, &j, &ft);
    for (int l = 0; l < 3; l++) {
        if (a == 1 || b == 1) {
            cv[l] = NA_REAL;
            continue;
        }
        const double (*c)[COAGG_CIPS_NG] = coagg_cips_crit[tr][exo][l];
        cv[l] = (1 - fn) * (1 - ft) * c[i][j] + (1 - fn) * ft * c[i][j + 1] +
                fn * (1 - ft) * c[i + 1][j] + fn * ft * c[i + 1][j + 1];
    }
    return a | (b << 2);
}

/* Cross-section averages of the panel (N units of L values each, from
 * ust) divided by the largest absolute value; writes the scaled series to
 * ys. */
static void cips_averages(const double *y, const int *ust, int N, int L, double *ys,
                          double *ybar, double *dybar)
{
    double m = 0.0;
    for (int i = 0; i < N; i++)
        for (int t = 0; t < L; t++) if (fabs(y[ust[i] + t]) > m) m = fabs(y[ust[i] + t]);
    if (!(m > 0.0)) m = 1.0;
    for (int t = 0; t < L; t++) ybar[t] = 0.0;
    for (int i = 0; i < N; i++)
        for (int t = 0; t < L; t++) {
            ys[(size_t) i * L + t] = y[ust[i] + t] / m;
            ybar[t] += ys[(size_t) i * L + t] / N;
        }
    dybar[0] = 0.0;
    for (int t = 1; t < L; t++) dybar[t] = ybar[t] - ybar[t - 1];
}

/*
 * Every unit's CADF regression and the panel's CIPS and CIPS* with their
 * critical values. y, tc, ust, ulen: the panel as the entry point has it
 * (raw values); fixed / umax: the lag per unit (lag_method 0) or the
 * largest lag considered. lookup: 0 bilinear interpolation at
 * (N, T - 1), 1 at (N, T - p - 1) with p the largest lag used (plm), 2 the
 * first tabulated N and T at or above (N, T) (Stata's xtcips). Writes the
 * per-unit results and P[0..12] (see cips_names in unitroot_panel.c).
 * Returns 0, or 1 + the unit at which LAPACK failed.
 */
int coagg_cips(const double *y, const int *tc, const int *ust, const int *ulen, int N,
               int exo, int lag_method, const int *fixed, const int *umax, int lookup,
               coagg_cips_units *u, double *P)
{
    const int L = N > 0 ? ulen[0] : 0;
    for (int i = 0; i < N; i++) {
        if (ulen[i] != L) error("CIPS: the panel must be balanced");
        for (int t = 0; t < L; t++)
            if (tc[ust[i] + t] != tc[ust[0]] + t) error("CIPS: the panel must be balanced");
    }
    int pmax = 0;
    for (int i = 0; i < N; i++) {
        int p = lag_method == 0 ? fixed[i] : umax[i];
        if (p > pmax) pmax = p;
    }
    if (pmax > L) pmax = L;
    int kmax = cadf_k(exo, pmax);
    cadf_ws w;
    w.L = L;
    w.ndet = exo;
    double *ys = (double *) R_alloc((size_t) N * L + 1, sizeof(double));
    double *ybar = (double *) R_alloc((size_t) L + 1, sizeof(double));
    double *dybar = (double *) R_alloc((size_t) L + 1, sizeof(double));
    cips_averages(y, ust, N, L, ys, ybar, dybar);
    w.ybar = ybar;
    w.dybar = dybar;
    w.X = (double *) R_alloc((size_t) (L + 1) * kmax, sizeof(double));
    w.yv = (double *) R_alloc((size_t) L + 1, sizeof(double));
    w.beta = (double *) R_alloc((size_t) kmax, sizeof(double));
    w.xtxinv = (double *) R_alloc((size_t) kmax * kmax, sizeof(double));
    w.work = (double *) R_alloc(coagg_ols_work_size(L + 1, kmax), sizeof(double));
    w.alias = (int *) R_alloc((size_t) kmax, sizeof(int));

    double sum = 0.0, sumt = 0.0;
    int nok = 0, ntr = 0, pused = 0;
    for (int i = 0; i < N; i++) {
        if ((i & 255) == 255) R_CheckUserInterrupt();
        int mx = lag_method == 0 ? fixed[i] : umax[i];
        cadf_unit(ys + (size_t) i * L, lag_method, fixed[i], mx, &w, u->status + i,
                  u->lags + i, u->maxlag + i, u->obs + i, u->t + i);
        if (u->status[i] < 0) return 1 + i;
        if (u->status[i] != 0) continue;
        double t = u->t[i], lo = -coagg_cips_k1[exo], hi = coagg_cips_k2[exo];
        double tt = t < lo ? lo : (t > hi ? hi : t);
        ntr += tt != t;
        sum += t;
        sumt += tt;
        nok++;
        if (u->lags[i] > pused) pused = u->lags[i];
    }
    P[0] = nok;
    if (nok == 0) return 0;
    P[1] = sum / nok;
    P[2] = sumt / nok;
    P[3] = ntr;
    double Tl = lookup == 0 ? L - 1.0 : (lookup == 1 ? (double) (L - pused - 1) : (double) L);
    P[4] = Tl;
    int f = cips_crit((double) nok, Tl, exo, 0, lookup == 2, P + 5);
    cips_crit((double) nok, Tl, exo, 1, lookup == 2, P + 8);
    P[11] = f & 3;
    P[12] = (f >> 2) & 3;
    return 0;
}
