/*
 * Per-unit regressions of the panel unit-root tests (the panel statistics
 * and the .Call entry point are in src/unitroot_panel.c; R/unitroot.R is the
 * user face): the ADF regression with lag selection, the Phillips-Perron
 * statistic, Bartlett long-run variances with the Newey-West bandwidth, and
 * the scaling of each unit.
 *
 * R has validated the data: y is finite, sorted by unit and time; tc are the
 * integer calendar positions (strictly increasing within a unit; a step
 * above 1 is a gap, and a regression uses only the rows whose lags are
 * present). All least squares go through coagg_ols() (src/linalg.c) with one
 * workspace allocated once and reused across units and lags.
 */
#include <R.h>
#include <Rinternals.h>
#include <Rmath.h>
#include <math.h>
#include <string.h>
#include "linalg.h"
#include "unitroot.h"

void coagg_ur_alloc(coagg_urws *w, int exo, int dfcor, int Lmax, int Pmax, int span)
{
    int Kmax = exo + 1 + Pmax;
    if (span < Lmax) span = Lmax;
    w->exo = exo;
    w->ndet = exo;   /* 0 none, 1 intercept, 2 intercept + trend */
    w->dfcor = dfcor;
    w->X = (double *) R_alloc((size_t) Lmax * Kmax, sizeof(double));
    w->Xa = (double *) R_alloc((size_t) Lmax * Kmax, sizeof(double));
    w->yv = (double *) R_alloc(Lmax, sizeof(double));
    w->e = (double *) R_alloc(Lmax, sizeof(double));
    w->v = (double *) R_alloc(Lmax, sizeof(double));
    w->buf = (double *) R_alloc(Lmax + 1, sizeof(double));
    w->beta = (double *) R_alloc(Kmax, sizeof(double));
    w->beta2 = (double *) R_alloc(Kmax, sizeof(double));
    w->xtxinv = (double *) R_alloc((size_t) Kmax * Kmax, sizeof(double));
    w->work = (double *) R_alloc(coagg_ols_work_size(Lmax, Kmax), sizeof(double));
    w->ic = (double *) R_alloc(Pmax + 1, sizeof(double));
    w->alias = (int *) R_alloc(Kmax, sizeof(int));
    w->rows = (int *) R_alloc(Lmax, sizeof(int));
    w->grid = (double *) R_alloc(span, sizeof(double));
    w->mask = (int *) R_alloc(span, sizeof(int));
}

/* Rows usable with q lagged differences: position t needs t - q - 1 >= 0
 * with consecutive time codes in between. */
static int usable_rows(const int *tc, int L, int q, int *rows)
{
    int n = 0;
    for (int t = q + 1; t < L; t++)
        if (tc[t] - tc[t - q - 1] == q + 1) {
            if (rows) rows[n] = t;
            n++;
        }
    return n;
}

int coagg_ur_build_adf(const double *y, const int *tc, int L, int p, int q, coagg_urws *w)
{
    int n = usable_rows(tc, L, q, w->rows);
    int nd = w->ndet;
    double *X = w->X;
    for (int i = 0; i < n; i++) {
        int t = w->rows[i];
        if (nd >= 1) X[i] = 1.0;
        if (nd == 2) X[i + n] = (double) (tc[t] - tc[0] + 1);
        X[i + (size_t) nd * n] = y[t - 1];
        for (int j = 1; j <= p; j++)
            X[i + (size_t) (nd + j) * n] = y[t - j] - y[t - j - 1];
        w->yv[i] = y[t] - y[t - 1];
    }
    return n;
}

/* A fit is exact when its residual sum of squares is below this fraction
 * of the sum of squares of the dependent variable (residuals at the level
 * of rounding error: a deterministic series such as y = 2t + c). */
#define EXACT_FIT_TOL 1e-16

/* Fit the first k columns of the ADF design. Returns 0 on success, 2 when
 * y_{t-1} is aliased, 3 when the fit is exact (relative to the sum of
 * squares of the dependent variable), 1 when there are no residual degrees
 * of freedom, -1 on a LAPACK failure. */
static int adf_fit(coagg_urws *w, int n, int k, double *resid, double *tstat,
                   double *rho, double *sig2, double *rss_out)
{
    double rss = 0.0;
    int r = coagg_ols(w->X, n, n, k, w->yv, COAGG_UR_OLS_TOL, w->beta, resid, &rss,
                      w->xtxinv, w->alias, w->work);
    if (r < 0) return -1;
    *rss_out = rss;
    if (n - r < 1) return 1;
    if (w->alias[w->ndet]) return 2;
    double tss = 0.0;
    for (int i = 0; i < n; i++) tss += w->yv[i] * w->yv[i];
    if (!(rss > EXACT_FIT_TOL * tss)) return 3;
    double s2 = rss / (w->dfcor ? (double) (n - r) : (double) n);
    double c = w->xtxinv[(size_t) w->ndet * k + w->ndet];
    *rho = w->beta[w->ndet];
    *tstat = *rho / sqrt(s2 * c);
    *sig2 = s2;
    return 0;
}

/* The lag order minimising AIC (lag_method 1), SIC (2) or HQ (3),
 * log(RSS/n) + k c_n / n, over 0..pm, every candidate fitted on the common
 * sample of the largest lag. The largest lag is first reduced until that
 * sample leaves a residual degree of freedom (*capped is then set). */
static int select_lag(const double *y, const int *tc, int L, int lag_method, int pm,
                      coagg_urws *w, int *pm_out, int *capped)
{
    int ndet = w->ndet, p = 0;
    double rss = 0.0, pen = lag_method == 1 ? 2.0 : 0.0;   /* AIC; SIC and HQ depend on n */
    while (pm > 0 && usable_rows(tc, L, pm, NULL) < ndet + 1 + pm + 1) {
        pm--;
        *capped = 1;
    }
    *pm_out = pm;
    int n = coagg_ur_build_adf(y, tc, L, pm, pm, w);
    if (n < ndet + 2) return 0;
    double best = INFINITY;
    for (int q = 0; q <= pm; q++) {
        int rq = coagg_ols(w->X, n, n, ndet + 1 + q, w->yv, COAGG_UR_OLS_TOL,
                           w->beta, NULL, &rss, NULL, w->alias, w->work);
        if (rq < 0) {
            w->ic[q] = INFINITY;
            continue;
        }
        double pn = lag_method == 1 ? pen : (lag_method == 2 ? log((double) n) :
                                             2.0 * log(log((double) n)));
        w->ic[q] = log(rss / n) + pn * rq / n;
        if (w->ic[q] < best) {
            best = w->ic[q];
            p = q;
        }
    }
    return p;
}

void coagg_ur_adf_unit(const double *y, const int *tc, int L, int lag_method,
                       int lag, int maxlag, coagg_urws *w, coagg_ur_adf *out)
{
    int p;
    out->status = 0;
    out->capped = 0;
    out->t = out->rho = out->sigma2 = out->rss = NA_REAL;
    if (lag_method == 0) {
        p = lag;
        out->maxlag = p;
    } else {
        p = select_lag(y, tc, L, lag_method, maxlag, w, &out->maxlag, &out->capped);
    }
    out->lags = p;
    int k = w->ndet + 1 + p;
    int n = coagg_ur_build_adf(y, tc, L, p, p, w);
    out->n = n;
    if (n < k + 1) {
        out->status = 1;
        return;
    }
    out->status = adf_fit(w, n, k, NULL, &out->t, &out->rho, &out->sigma2, &out->rss);
}

/* Autocovariances of u (values on a time grid of length m, present where
 * mask is 1), divided by the number of present values. */
static double autocov(const double *u, const int *mask, int m, int nobs, int j)
{
    double s = 0.0;
    for (int t = j; t < m; t++)
        if (mask[t] && mask[t - j]) s += u[t] * u[t - j];
    return s / nobs;
}

/* Newey and West (1994) automatic bandwidth for the Bartlett kernel:
 * n = floor(4 (T/100)^(2/9)) autocovariances give s0 and s1, and the
 * bandwidth is the integer part of 1.1447 ((s1/s0)^2)^(1/3) T^(1/3). */
int coagg_ur_nw_bandwidth(const double *u, const int *mask, int m, int nobs)
{
    int nl = (int) floor(4.0 * pow(nobs / 100.0, 2.0 / 9.0));
    double s0 = autocov(u, mask, m, nobs, 0), s1 = 0.0;
    for (int j = 1; j <= nl && j < m; j++) {
        double g = autocov(u, mask, m, nobs, j);
        s0 += 2.0 * g;
        s1 += 2.0 * j * g;
    }
    if (!(s0 > 0.0)) return 0;
    double gam = 1.1447 * pow((s1 / s0) * (s1 / s0), 1.0 / 3.0);
    double bw = floor(gam * pow((double) nobs, 1.0 / 3.0));
    if (bw > nobs - 1) bw = nobs - 1;
    if (bw < 0 || !R_FINITE(bw)) bw = 0;
    return (int) bw;
}

/* Bartlett-kernel long-run variance with bandwidth l:
 * g0 + 2 sum_{j=1}^{l} (1 - j/(l+1)) g_j. */
double coagg_ur_bartlett(const double *u, const int *mask, int m, int nobs, int l)
{
    double f = autocov(u, mask, m, nobs, 0);
    for (int j = 1; j <= l && j < m; j++)
        f += 2.0 * (1.0 - j / (l + 1.0)) * autocov(u, mask, m, nobs, j);
    return f;
}

void coagg_ur_detrend(double *u, const int *mask, int m, int exo)
{
    if (exo == 0 || m < 1) return;
    int n = 0;
    double ub = 0.0;
    for (int t = 0; t < m; t++)
        if (!mask || mask[t]) {
            ub += u[t];
            n++;
        }
    if (n < 1) return;
    ub /= n;
    if (exo == 1) {
        for (int t = 0; t < m; t++)
            if (!mask || mask[t]) u[t] -= ub;
        return;
    }
    /* mean position of the present values: (m + 1) / 2 without gaps */
    double sb = (m + 1) / 2.0, sxy = 0.0, sxx = 0.0;
    if (n < m) {
        sb = 0.0;
        for (int t = 0; t < m; t++)
            if (mask[t]) sb += t + 1;
        sb /= n;
    }
    for (int t = 0; t < m; t++) {
        if (mask && !mask[t]) continue;
        double s = t + 1 - sb;
        sxy += s * (u[t] - ub);
        sxx += s * s;
    }
    double b = sxx > 0 ? sxy / sxx : 0.0;
    for (int t = 0; t < m; t++)
        if (!mask || mask[t]) u[t] -= ub + b * (t + 1 - sb);
}

void coagg_ur_pp_unit(const double *y, const int *tc, int L, int bw, double fixed_bw,
                      coagg_urws *w, coagg_ur_pp *out)
{
    int ndet = w->ndet, n0 = coagg_ur_build_adf(y, tc, L, 0, 0, w), k0 = ndet + 1;
    double t0 = NA_REAL, r0, s20 = NA_REAL, rss0 = 0.0;
    out->n = n0;
    out->t = out->bandwidth = NA_REAL;
    out->status = n0 >= k0 + 1 ? adf_fit(w, n0, k0, w->e, &t0, &r0, &s20, &rss0) : 1;
    if (out->status != 0) return;
    /* residuals on the calendar grid of the regression's rows */
    int t1 = tc[w->rows[0]], m = tc[w->rows[n0 - 1]] - t1 + 1;
    for (int j = 0; j < m; j++) w->mask[j] = 0;
    for (int j = 0; j < n0; j++) {
        int g = tc[w->rows[j]] - t1;
        w->grid[g] = w->e[j];
        w->mask[g] = 1;
    }
    int l;
    if (bw == COAGG_BW_NW) l = coagg_ur_nw_bandwidth(w->grid, w->mask, m, n0);
    else if (bw == COAGG_BW_FIXED) l = (int) fixed_bw;
    else l = (int) floor(3.21 * pow((double) n0, 1.0 / 3.0));
    if (l > n0 - 1) l = n0 - 1;
    double g0 = rss0 / n0;
    double f0 = coagg_ur_bartlett(w->grid, w->mask, m, n0, l);
    double se = sqrt(s20 * w->xtxinv[(size_t) ndet * k0 + ndet]);
    double sreg = sqrt(s20);
    if (!(f0 > 0)) {
        out->status = 4;   /* a non-positive long-run variance estimate */
        return;
    }
    out->t = t0 * sqrt(g0 / f0) - n0 * (f0 - g0) * se / (2.0 * sqrt(f0) * sreg);
    out->bandwidth = l;
}

/* Scale of each unit's series: its standard deviation, computed on the
 * series divided by its largest absolute value so that no square overflows
 * or underflows (the largest absolute value when the standard deviation is
 * 0, and 1 for an all-zero unit). Writes the scales to sc (length N) and
 * the series divided by them to ys; returns the largest scale. */
double coagg_ur_unit_scales(const double *y, const int *ust, const int *ulen, int N,
                            double *sc, double *ys)
{
    double smax = 0.0;
    for (int i = 0; i < N; i++) {
        const double *yi = y + ust[i];
        const int L = ulen[i];
        double m = 0.0, mu = 0.0, ss = 0.0;
        for (int j = 0; j < L; j++)
            if (fabs(yi[j]) > m) m = fabs(yi[j]);
        if (!(m > 0.0)) m = 1.0;
        for (int j = 0; j < L; j++) mu += yi[j] / m;
        mu /= L;
        for (int j = 0; j < L; j++) {
            double z = yi[j] / m - mu;
            ss += z * z;
        }
        double s = L > 1 ? m * sqrt(ss / (L - 1)) : m;
        if (!(s > 0.0) || !R_FINITE(s)) s = m;
        sc[i] = s;
        for (int j = 0; j < L; j++) ys[ust[i] + j] = yi[j] / s;
        if (s > smax) smax = s;
    }
    return smax;
}
