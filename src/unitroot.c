/*
 * Panel unit-root tests (R/unitroot.R is the user face).
 *
 *   C_mackinnon_p, C_mackinnon_q   MacKinnon (1996) p-values and quantiles of
 *                                  the Dickey-Fuller tau statistic
 *   C_panel_unitroot               one variable in one form (level or
 *                                  difference): per-unit ADF regressions with
 *                                  lag selection, Phillips-Perron, and the
 *                                  panel statistics LLC, IPS, Breitung,
 *                                  Hadri and Harris-Tzavalis
 *   C_unitroot_tables              the published tables, for tests
 *
 * R has validated the data: y is finite, sorted by unit and time; tc are the
 * integer time codes (strictly increasing within a unit); units that the
 * balanced-panel statistics need are balanced and without gaps. All least
 * squares go through coagg_ols() (src/linalg.c) with one workspace that is
 * allocated once and reused across units and lags.
 */
#define USE_FC_LEN_T
#include <R.h>
#include <Rinternals.h>
#include <Rmath.h>
#include <R_ext/Lapack.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include "linalg.h"
#ifndef FCONE
#define FCONE
#endif
#include "linalg.h"
#include "unitroot_tables.h"

#define OLS_TOL 1e-7

/* ------------------------------------------------------------------------ */
/* MacKinnon (1996) p-values and quantiles                                  */
/* ------------------------------------------------------------------------ */

/* Quantile number i of table tab at sample size nobs (0: asymptotic). */
static double mk_quantile_at(int tab, int i, double nobs)
{
    const double *b = coagg_mk_beta[tab][i];
    if (!(nobs > 0)) return b[0];
    double o = 1.0 / nobs;
    double q = b[0] + b[1] * o + b[2] * o * o;
    if (coagg_mk_model[tab] == 3) q += b[3] * o * o * o;
    return q;
}

/*
 * MacKinnon's local approximation: regress ys on (1, x, x^2, x^3) over np
 * neighbouring points by GLS, with the covariance of the estimated quantiles
 * Omega_ab = w_a w_b sqrt(p_a (1 - p_b) / (p_b (1 - p_a))) for a before b
 * (identity at the upper end of the table), keep the cubic term when its t
 * ratio exceeds 2, and evaluate the polynomial at x0.
 */
static int mk_local_fit(int tab, const int *idx, int np, const double *xs,
                        const double *ys, int identity, double *beta)
{
    double omega[16 * 16], X[16 * 4], Y[16], xtxinv[16], rss = 0.0;
    double work[1024];
    int aliased[4], info = 0, four = 4, one = 1;

    if (np > 16 || coagg_ols_work_size(np, 4) > 1024) return -1;
    for (int a = 0; a < np; a++) {
        for (int b = 0; b < np; b++) {
            double v;
            if (identity) {
                v = (a == b) ? 1.0 : 0.0;
            } else {
                int lo = a < b ? a : b, hi = a < b ? b : a;
                double pl = coagg_mk_probs[idx[lo]], ph = coagg_mk_probs[idx[hi]];
                v = coagg_mk_wght[tab][idx[a]] * coagg_mk_wght[tab][idx[b]] *
                    sqrt(pl * (1.0 - ph) / (ph * (1.0 - pl)));
            }
            omega[a + b * np] = v;
        }
        X[a] = 1.0;
        X[a + np] = xs[a];
        X[a + 2 * np] = xs[a] * xs[a];
        X[a + 3 * np] = xs[a] * xs[a] * xs[a];
        Y[a] = ys[a];
    }
    /* Omega = L L'; transform the regression by L^{-1}. */
    F77_CALL(dpotrf)("L", &np, omega, &np, &info FCONE);
    if (info != 0) return -1;
    F77_CALL(dtrtrs)("L", "N", "N", &np, &four, omega, &np, X, &np, &info
                     FCONE FCONE FCONE);
    if (info != 0) return -1;
    F77_CALL(dtrtrs)("L", "N", "N", &np, &one, omega, &np, Y, &np, &info
                     FCONE FCONE FCONE);
    if (info != 0) return -1;

    int r = coagg_ols(X, np, np, 4, Y, OLS_TOL, beta, NULL, &rss, xtxinv,
                      aliased, work);
    int cubic = 0;
    if (r == 4 && np > 4) {
        double sd4 = sqrt(rss / (np - 4) * xtxinv[15]);
        cubic = fabs(beta[3]) / sd4 > 2.0;
    }
    if (!cubic) {
        r = coagg_ols(X, np, np, 3, Y, OLS_TOL, beta, NULL, &rss, NULL,
                      aliased, work);
        if (r != 3) return -1;
        beta[3] = 0.0;
    }
    return 0;
}

static double mk_poly(const double *b, double x)
{
    return b[0] + b[1] * x + b[2] * x * x + b[3] * x * x * x;
}

/* The smallest (upper = 0) or largest (upper = 1) value of the local
 * polynomial on [a, b]: at an end or at a stationary point inside. Beyond
 * the ends of the table the fit is an extrapolation, and a cubic can turn
 * back; holding its extreme keeps the p-value monotone in the statistic. */
static double mk_poly_extreme(const double *g, double a, double b, int upper)
{
    double best = mk_poly(g, a), v = mk_poly(g, b), r[2];
    int nr = 0;
    if ((upper && v > best) || (!upper && v < best)) best = v;
    if (g[3] != 0.0) {
        double disc = 4.0 * g[2] * g[2] - 12.0 * g[1] * g[3];
        if (disc >= 0.0) {
            r[nr++] = (-2.0 * g[2] + sqrt(disc)) / (6.0 * g[3]);
            r[nr++] = (-2.0 * g[2] - sqrt(disc)) / (6.0 * g[3]);
        }
    } else if (g[2] != 0.0) {
        r[nr++] = -g[1] / (2.0 * g[2]);
    }
    for (int i = 0; i < nr; i++) {
        if (!(r[i] > a && r[i] < b)) continue;
        v = mk_poly(g, r[i]);
        if ((upper && v > best) || (!upper && v < best)) best = v;
    }
    return best;
}

/* Choose the points of the local fit around table position imin (0-based),
 * as MacKinnon's routines do. Returns the number of points; *identity is
 * set for the upper end. */
static int mk_points(int imin, int *idx, int *identity)
{
    const int np = 9, nph = 4, im = imin + 1;   /* 1-based position */
    *identity = 0;
    if (im > nph && im < COAGG_MK_NP - nph) {
        for (int i = 0; i < np; i++) idx[i] = imin - nph + i;
        return np;
    }
    if (im < np) {
        int n1 = im + nph;
        if (n1 < 5) n1 = 5;
        for (int i = 0; i < n1; i++) idx[i] = i;
        return n1;
    }
    int n1 = COAGG_MK_NP + 1 - im + nph;
    if (n1 < 5) n1 = 5;
    for (int i = 0; i < n1; i++) idx[i] = COAGG_MK_NP - 1 - i;
    *identity = 1;
    return n1;
}

/* The quantiles at one sample size and the local fits already made there:
 * units of a panel mostly share their number of observations. */
typedef struct {
    int tab;
    double nobs;
    double crits[COAGG_MK_NP];
    int have[COAGG_MK_NP];
    double coef[COAGG_MK_NP][4];
} mk_cache;

static void mk_cache_reset(mk_cache *c)
{
    c->tab = -1;
    c->nobs = -1.0;
}

static double mk_pvalue(mk_cache *c, int tab, double stat, double nobs)
{
    double xs[16], ys[16];
    int idx[16], identity, imin = 0;
    double dmin = INFINITY;

    if (!R_FINITE(stat)) {
        if (ISNAN(stat)) return NA_REAL;
        return stat < 0 ? 0.0 : 1.0;
    }
    /* Far beyond the table (its quantiles lie within about [-10, 5]) every
     * statistic gets the p-value of the table's end. Clamped here because
     * beyond 1e16 the distances to the quantiles below cannot tell its ends
     * apart, and beyond 1e102 the local cubic overflows to NaN (fuzz
     * finding: NaN for 1e300, and the wrong end for 1e200). */
    if (stat > 1e6) stat = 1e6;
    if (stat < -1e6) stat = -1e6;
    if (c->tab != tab || c->nobs != nobs) {
        for (int i = 0; i < COAGG_MK_NP; i++) {
            c->crits[i] = mk_quantile_at(tab, i, nobs);
            c->have[i] = 0;
        }
        c->tab = tab;
        c->nobs = nobs;
    }
    for (int i = 0; i < COAGG_MK_NP; i++) {
        double d = fabs(stat - c->crits[i]);
        if (d < dmin) {
            dmin = d;
            imin = i;
        }
    }
    int np = mk_points(imin, idx, &identity);
    if (!c->have[imin]) {
        for (int i = 0; i < np; i++) {
            xs[i] = c->crits[idx[i]];
            ys[i] = coagg_mk_cnorm[idx[i]];
        }
        if (mk_local_fit(tab, idx, np, xs, ys, identity, c->coef[imin]) != 0) return NA_REAL;
        c->have[imin] = 1;
    }
    /* beyond the table's extreme quantiles, the monotone envelope of the
       extrapolated fit (MacKinnon's routine evaluates the polynomial itself,
       which can turn back: p(-50) > p(-10) without deterministic terms) */
    double fit, lo = c->crits[0], hi = c->crits[COAGG_MK_NP - 1];
    if (stat < lo) fit = mk_poly_extreme(c->coef[imin], stat, lo, 0);
    else if (stat > hi) fit = mk_poly_extreme(c->coef[imin], hi, stat, 1);
    else fit = mk_poly(c->coef[imin], stat);
    /* MacKinnon's normal CDF routine works on [-16, 16] */
    if (fit < -16.0) fit = -16.0;
    if (fit > 16.0) fit = 16.0;
    double p = pnorm(fit, 0.0, 1.0, 1, 0);
    if (np != 9 || identity) {
        /* near an end of the table: never beyond its extreme points */
        if (imin == 0 && p > coagg_mk_probs[0]) p = coagg_mk_probs[0];
        if (imin == COAGG_MK_NP - 1 && p < coagg_mk_probs[COAGG_MK_NP - 1])
            p = coagg_mk_probs[COAGG_MK_NP - 1];
    }
    return p;
}

static double mk_quantile(int tab, double prob, double nobs)
{
    double xs[16], ys[16];
    int idx[16], identity, imin = 0;
    double dmin = INFINITY;

    if (!(prob >= 1e-4 && prob <= 0.9999)) return NA_REAL;
    for (int i = 0; i < COAGG_MK_NP; i++) {
        double d = fabs(prob - coagg_mk_probs[i]);
        if (d < dmin) {
            dmin = d;
            imin = i;
        }
    }
    int np = mk_points(imin, idx, &identity);
    for (int i = 0; i < np; i++) {
        xs[i] = coagg_mk_cnorm[idx[i]];
        ys[i] = mk_quantile_at(tab, idx[i], nobs);
    }
    double b[4];
    if (mk_local_fit(tab, idx, np, xs, ys, identity, b) != 0) return NA_REAL;
    return mk_poly(b, qnorm(prob, 0.0, 1.0, 1, 0));
}

/* Check the arguments of C_mackinnon_p / C_mackinnon_q: doubles of equal
 * length, sample sizes 0 (asymptotic) or >= 1, a table number 0-3. */
static int check_mk_args(SEXP sx, SEXP snobs, SEXP stab)
{
    if (TYPEOF(sx) != REALSXP || TYPEOF(snobs) != REALSXP ||
        (TYPEOF(stab) != INTSXP && TYPEOF(stab) != REALSXP) || XLENGTH(stab) != 1 ||
        XLENGTH(snobs) != XLENGTH(sx))
        error("MacKinnon p-values: wrong argument types or lengths");
    int tab = asInteger(stab);
    if (tab == NA_INTEGER || tab < 0 || tab > 3)
        error("MacKinnon p-values: table number must be 0-3");
    const double *nb = REAL(snobs);
    for (R_xlen_t i = 0; i < XLENGTH(snobs); i++)
        if (!(nb[i] == 0.0 || (nb[i] >= 1.0 && R_FINITE(nb[i]))))
            error("MacKinnon p-values: sample sizes must be 0 (asymptotic) or >= 1");
    return tab;
}

/* .Call(C_mackinnon_p, stat, nobs, table): nobs 0 = asymptotic. */
SEXP C_mackinnon_p(SEXP sstat, SEXP snobs, SEXP stab)
{
    int tab = check_mk_args(sstat, snobs, stab);
    R_xlen_t n = XLENGTH(sstat);
    SEXP out = PROTECT(allocVector(REALSXP, n));
    const double *st = REAL(sstat), *nb = REAL(snobs);
    double *o = REAL(out);
    mk_cache *c = (mk_cache *) R_alloc(1, sizeof(mk_cache));
    mk_cache_reset(c);
    for (R_xlen_t i = 0; i < n; i++) o[i] = mk_pvalue(c, tab, st[i], nb[i]);
    UNPROTECT(1);
    return out;
}

/* .Call(C_mackinnon_q, prob, nobs, table) */
SEXP C_mackinnon_q(SEXP sprob, SEXP snobs, SEXP stab)
{
    int tab = check_mk_args(sprob, snobs, stab);
    R_xlen_t n = XLENGTH(sprob);
    SEXP out = PROTECT(allocVector(REALSXP, n));
    const double *pr = REAL(sprob), *nb = REAL(snobs);
    double *o = REAL(out);
    for (R_xlen_t i = 0; i < n; i++) o[i] = mk_quantile(tab, pr[i], nb[i]);
    UNPROTECT(1);
    return out;
}

/* ------------------------------------------------------------------------ */
/* Table lookups (LLC 2002 Table 2, IPS 2003 Tables 2 and 3)                */
/* ------------------------------------------------------------------------ */

enum { TAB_INSIDE = 0, TAB_BELOW = 1, TAB_ABOVE = 2 };

/* mu* and sigma* of LLC Table 2 at T (model exo = 0, 1, 2). Linear
 * interpolation between rows; beyond the last finite row, linear in 1/T
 * towards the limit (plm_rows: plm's convention, which stores the limit as
 * a row at T = 500 and interpolates linearly in T up to it). Below the
 * first row: clamp (policy 0) or extend the first segment (policy 1). */
static int llc_adjust(double T, int exo, int policy, int plm_rows,
                      double *mu, double *sd)
{
    const int c = 2 * exo;
    const double *tt = coagg_llc_T;
    const int last = COAGG_LLC_NT - 1;          /* the limit row */
    if (T < tt[0]) {
        if (policy == 0) {
            *mu = coagg_llc_adj[0][c];
            *sd = coagg_llc_adj[0][c + 1];
        } else {
            double f = (T - tt[0]) / (tt[1] - tt[0]);
            *mu = coagg_llc_adj[0][c] + f * (coagg_llc_adj[1][c] - coagg_llc_adj[0][c]);
            *sd = coagg_llc_adj[0][c + 1] + f * (coagg_llc_adj[1][c + 1] - coagg_llc_adj[0][c + 1]);
        }
        return TAB_BELOW;
    }
    for (int r = 0; r < last - 1; r++) {
        if (T <= tt[r + 1]) {
            double f = (T - tt[r]) / (tt[r + 1] - tt[r]);
            *mu = coagg_llc_adj[r][c] + f * (coagg_llc_adj[r + 1][c] - coagg_llc_adj[r][c]);
            *sd = coagg_llc_adj[r][c + 1] + f * (coagg_llc_adj[r + 1][c + 1] - coagg_llc_adj[r][c + 1]);
            return TAB_INSIDE;
        }
    }
    /* T beyond 250 */
    const double *a = coagg_llc_adj[last - 1], *z = coagg_llc_adj[last];
    if (plm_rows) {
        double f = T >= 500.0 ? 1.0 : (T - tt[last - 1]) / (500.0 - tt[last - 1]);
        *mu = a[c] + f * (z[c] - a[c]);
        *sd = a[c + 1] + f * (z[c + 1] - a[c + 1]);
        return T > 500.0 ? TAB_ABOVE : TAB_INSIDE;
    }
    double f = tt[last - 1] / T;
    *mu = z[c] + f * (a[c] - z[c]);
    *sd = z[c + 1] + f * (a[c + 1] - z[c + 1]);
    return TAB_INSIDE;
}

/* IPS Table 3 moments for an ADF regression with T observations and p
 * lagged differences (tab 0 = intercept, 1 = trend). Returns flags:
 * 1 = T below the table's range for this p (policy applied), 2 = p above 8
 * (capped), 4 = T above 100 (the T = 100 column used). */
static int ips_moments(double T, int p, int tab, int policy, double *E, double *V)
{
    int flag = 0;
    if (p > 8) {
        p = 8;
        flag |= 2;
    }
    const double *m = coagg_ips3_mean[tab][p], *v = coagg_ips3_var[tab][p];
    const double *tt = coagg_ips3_T;
    int c0 = 0;
    while (c0 < COAGG_IPS3_NT - 1 && ISNAN(m[c0])) c0++;
    if (T < tt[c0]) {
        flag |= 1;
        if (policy == 0) {
            *E = m[c0];
            *V = v[c0];
        } else {
            double f = (T - tt[c0]) / (tt[c0 + 1] - tt[c0]);
            *E = m[c0] + f * (m[c0 + 1] - m[c0]);
            *V = v[c0] + f * (v[c0 + 1] - v[c0]);
        }
        return flag;
    }
    if (T >= tt[COAGG_IPS3_NT - 1]) {
        if (T > tt[COAGG_IPS3_NT - 1]) flag |= 4;
        *E = m[COAGG_IPS3_NT - 1];
        *V = v[COAGG_IPS3_NT - 1];
        return flag;
    }
    for (int c = c0; c < COAGG_IPS3_NT - 1; c++) {
        if (T <= tt[c + 1]) {
            double f = (T - tt[c]) / (tt[c + 1] - tt[c]);
            *E = m[c] + f * (m[c + 1] - m[c]);
            *V = v[c] + f * (v[c + 1] - v[c]);
            break;
        }
    }
    return flag;
}

/* Position of x in grid g (length n) for bilinear interpolation, clamped. */
static int grid_pos(double x, const double *g, int n, double *f, int *flag)
{
    if (x <= g[0]) {
        if (x < g[0]) *flag = 1;
        *f = 0.0;
        return 0;
    }
    if (x >= g[n - 1]) {
        if (x > g[n - 1]) *flag = 1;
        *f = 1.0;
        return n - 2;
    }
    int i = 0;
    while (x > g[i + 1]) i++;
    *f = (x - g[i]) / (g[i + 1] - g[i]);
    return i;
}

/* IPS Table 2 critical values of t-bar at (N, T), bilinear interpolation,
 * clamped at the table's edges. Returns 1 when (N, T) lies outside. */
static int ips_tbar_crit(double N, double T, int tab, double *cv)
{
    int flag = 0;
    double fn, ft;
    int i = grid_pos(N, coagg_ips2_N, COAGG_IPS2_NN, &fn, &flag);
    int j = grid_pos(T, coagg_ips2_T, COAGG_IPS2_NT, &ft, &flag);
    for (int a = 0; a < 3; a++) {
        const double (*c)[COAGG_IPS2_NT] = coagg_ips2_crit[tab][a];
        cv[a] = (1 - fn) * (1 - ft) * c[i][j] + (1 - fn) * ft * c[i][j + 1] +
                fn * (1 - ft) * c[i + 1][j] + fn * ft * c[i + 1][j + 1];
    }
    return flag;
}

/* ------------------------------------------------------------------------ */
/* Per-unit building blocks                                                 */
/* ------------------------------------------------------------------------ */

typedef struct {
    int exo, ndet, dfcor;
    double *X, *Xa, *yv, *e, *v, *beta, *beta2, *xtxinv, *work, *buf, *grid;
    int *alias, *rows, *mask;
} urws;

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

/* ADF design on the rows usable with q lags, with p <= q lagged
 * differences: columns [deterministic terms, y_{t-1}, dy_{t-1..t-p}],
 * leading dimension n; response dy_t in w->yv. Returns n. */
static int build_adf(const double *y, const int *tc, int L, int p, int q, urws *w)
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
static int adf_fit(urws *w, int n, int k, double *resid, double *tstat,
                   double *rho, double *sig2, double *rss_out, int *rank)
{
    double rss = 0.0;
    int r = coagg_ols(w->X, n, n, k, w->yv, OLS_TOL, w->beta, resid, &rss,
                      w->xtxinv, w->alias, w->work);
    if (r < 0) return -1;
    *rank = r;
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
static int nw_bandwidth(const double *u, const int *mask, int m, int nobs)
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
static double bartlett_lrv(const double *u, const int *mask, int m, int nobs, int l)
{
    double f = autocov(u, mask, m, nobs, 0);
    for (int j = 1; j <= l && j < m; j++)
        f += 2.0 * (1.0 - j / (l + 1.0)) * autocov(u, mask, m, nobs, j);
    return f;
}

/* Remove the deterministic terms (none / mean / mean and linear trend in
 * s = 1..m) from u in place. */
static void detrend(double *u, int m, int exo)
{
    if (exo == 0 || m < 1) return;
    double ub = 0.0;
    for (int t = 0; t < m; t++) ub += u[t];
    ub /= m;
    if (exo == 1) {
        for (int t = 0; t < m; t++) u[t] -= ub;
        return;
    }
    double sb = (m + 1) / 2.0, sxy = 0.0, sxx = 0.0;
    for (int t = 0; t < m; t++) {
        double s = t + 1 - sb;
        sxy += s * (u[t] - ub);
        sxx += s * s;
    }
    double b = sxx > 0 ? sxy / sxx : 0.0;
    for (int t = 0; t < m; t++) u[t] -= ub + b * (t + 1 - sb);
}

/* ------------------------------------------------------------------------ */
/* The panel computation                                                    */
/* ------------------------------------------------------------------------ */

enum {
    O_EXO, O_LAGMETHOD, O_DFCOR, O_PFINITE, O_LLC, O_PP, O_BREITUNG, O_HADRI,
    O_HT, O_LLC_BW, O_PP_BW, O_SMALLT, O_LLC_LOOKUP, O_HADRI_DFCOR, O_SPAN,
    O_LLC_PLM, O_NOPT
};
enum { BW_NW = 0, BW_LLC = 1, BW_PLM = 2, BW_FIXED = 3 };

/* Check the arguments of C_panel_unitroot: types, lengths, unit ranges and
 * options (R builds them; this guards against a wrong call). */
static void check_panel_args(SEXP sy, SEXP stc, SEXP sstart, SEXP slen,
                             SEXP slags, SEXP smaxlag, SEXP sopts, SEXP sdopts)
{
    if (TYPEOF(sy) != REALSXP || TYPEOF(stc) != INTSXP || TYPEOF(sstart) != INTSXP ||
        TYPEOF(slen) != INTSXP || TYPEOF(slags) != INTSXP || TYPEOF(smaxlag) != INTSXP ||
        TYPEOF(sopts) != INTSXP || TYPEOF(sdopts) != REALSXP)
        error("panel unit-root engine: wrong argument types");
    R_xlen_t n = XLENGTH(sy), N = XLENGTH(sstart);
    if (XLENGTH(stc) != n || XLENGTH(slen) != N || XLENGTH(slags) != N ||
        XLENGTH(smaxlag) != N || XLENGTH(sopts) != O_NOPT ||
        XLENGTH(sdopts) != 2 || N > INT_MAX || n > INT_MAX)
        error("panel unit-root engine: inconsistent lengths");
    const int *ust = INTEGER(sstart), *ul = INTEGER(slen), *opt = INTEGER(sopts);
    const int *lg = INTEGER(slags), *mx = INTEGER(smaxlag);
    for (R_xlen_t i = 0; i < N; i++) {
        if (ust[i] < 0 || ul[i] < 1 || (R_xlen_t) ust[i] + ul[i] > n ||
            lg[i] < 0 || mx[i] < 0 || lg[i] > 1000 || mx[i] > 1000)
            error("panel unit-root engine: bad unit %d", (int) i + 1);
    }
    if (opt[O_EXO] < 0 || opt[O_EXO] > 2 || opt[O_LAGMETHOD] < 0 || opt[O_LAGMETHOD] > 3 ||
        opt[O_LLC_BW] < BW_NW || opt[O_LLC_BW] > BW_FIXED || opt[O_PP_BW] < BW_NW ||
        opt[O_PP_BW] > BW_FIXED || opt[O_SPAN] < 0)
        error("panel unit-root engine: bad options");
    const double *d = REAL(sdopts);
    if (!(d[0] >= 0.0 && d[0] < INT_MAX) || !(d[1] >= 0.0 && d[1] < INT_MAX))
        error("panel unit-root engine: bad bandwidths");
}

/* Scale of each unit's series: its standard deviation, computed on the
 * series divided by its largest absolute value so that no square overflows
 * or underflows (the largest absolute value when the standard deviation is
 * 0, and 1 for an all-zero unit). Writes the scales to sc (length N) and
 * the series divided by them to ys; returns the largest scale. */
static double unit_scales(const double *y, const int *ust, const int *ulen, int N,
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

/*
 * .Call(C_panel_unitroot, y, tc, ustart, ulen, lags, maxlag, opts, dopts)
 *   lags    integer per unit: the fixed lag (lag method 0)
 *   maxlag  integer per unit: the largest lag considered (methods 1-3)
 *   opts    integer options, see the enum above
 *   dopts   doubles: fixed LLC bandwidth, fixed PP bandwidth
 * Returns list(units = per-unit vectors, panel = named panel statistics).
 *
 * Every statistic is unchanged when a unit's series is multiplied by a
 * constant, so each unit is first divided by its own scale (a copy: the
 * input is not modified): values near 1e200, whose squares overflow, or
 * 1e-200, whose squares underflow, then give the statistics of values near
 * 1. The pooled sums of Hadri and Harris-Tzavalis, which weight units by
 * their variance, multiply each unit's terms by (scale / largest scale)^2;
 * the per-unit variances returned are in the units of the data.
 */
SEXP C_panel_unitroot(SEXP sy, SEXP stc, SEXP sstart, SEXP slen, SEXP slags,
                      SEXP smaxlag, SEXP sopts, SEXP sdopts)
{
    check_panel_args(sy, stc, sstart, slen, slags, smaxlag, sopts, sdopts);
    const double *dopt = REAL(sdopts);
    const int *tc = INTEGER(stc), *ust = INTEGER(sstart), *ulen = INTEGER(slen);
    const int *fixed_lags = INTEGER(slags), *umax = INTEGER(smaxlag);
    const int *opt = INTEGER(sopts);
    const int N = LENGTH(sstart);
    double *uscale = (double *) R_alloc(N > 0 ? N : 1, sizeof(double));
    double *yscaled = (double *) R_alloc(XLENGTH(sy) > 0 ? XLENGTH(sy) : 1, sizeof(double));
    double smax = unit_scales(REAL(sy), ust, ulen, N, uscale, yscaled);
    for (int i = 0; i < N; i++) uscale[i] /= smax;   /* relative: in (0, 1] */
    const double *y = yscaled;
    const int exo = opt[O_EXO], lagm = opt[O_LAGMETHOD];
    const int do_llc = opt[O_LLC], do_pp = opt[O_PP], do_br = opt[O_BREITUNG];
    const int do_hadri = opt[O_HADRI], do_ht = opt[O_HT];
    const int policy = opt[O_SMALLT];
    const int ndet = exo;   /* 0 none, 1 intercept, 2 intercept + trend */

    /* sizes for the shared workspace */
    int Lmax = 1, Pmax = 0;
    for (int i = 0; i < N; i++) {
        if (ulen[i] > Lmax) Lmax = ulen[i];
        int p = lagm == 0 ? fixed_lags[i] : umax[i];
        if (p > Pmax) Pmax = p;
    }
    int Kmax = ndet + 1 + Pmax;
    int span = opt[O_SPAN] > Lmax ? opt[O_SPAN] : Lmax;
    urws w;
    w.exo = exo;
    w.ndet = ndet;
    w.dfcor = opt[O_DFCOR];
    w.X = (double *) R_alloc((size_t) Lmax * Kmax, sizeof(double));
    w.Xa = (double *) R_alloc((size_t) Lmax * Kmax, sizeof(double));
    w.yv = (double *) R_alloc(Lmax, sizeof(double));
    w.e = (double *) R_alloc(Lmax, sizeof(double));
    w.v = (double *) R_alloc(Lmax, sizeof(double));
    w.buf = (double *) R_alloc(Lmax + 1, sizeof(double));
    w.beta = (double *) R_alloc(Kmax, sizeof(double));
    w.beta2 = (double *) R_alloc(Kmax, sizeof(double));
    w.xtxinv = (double *) R_alloc((size_t) Kmax * Kmax, sizeof(double));
    w.work = (double *) R_alloc(coagg_ols_work_size(Lmax, Kmax), sizeof(double));
    w.alias = (int *) R_alloc(Kmax, sizeof(int));
    w.rows = (int *) R_alloc(Lmax, sizeof(int));
    w.grid = (double *) R_alloc(span, sizeof(double));
    w.mask = (int *) R_alloc(span, sizeof(int));
    double *ic = (double *) R_alloc(Pmax + 1, sizeof(double));
    double *s2llc = (double *) R_alloc(N > 0 ? N : 1, sizeof(double));
    mk_cache *cache_adf = (mk_cache *) R_alloc(1, sizeof(mk_cache));
    mk_cache *cache_pp = (mk_cache *) R_alloc(1, sizeof(mk_cache));
    mk_cache_reset(cache_adf);
    mk_cache_reset(cache_pp);


    /* per-unit results */
    const char *unames[] = {"status", "lags", "maxlag", "lag_capped", "obs",
                            "statistic", "rho", "sigma2", "p_value", "lrvar",
                            "bandwidth", "pp_status", "pp_statistic",
                            "pp_p_value", "pp_bandwidth", "pp_obs", "hadri_lm",
                            "hadri_sigma2"};
    const int nu = 18;
    SEXP units = PROTECT(coagg_named_list(unames, nu));
    int *st = INTEGER(SET_VECTOR_ELT(units, 0, allocVector(INTSXP, N)));
    int *lag = INTEGER(SET_VECTOR_ELT(units, 1, allocVector(INTSXP, N)));
    int *mxl = INTEGER(SET_VECTOR_ELT(units, 2, allocVector(INTSXP, N)));
    int *cap = INTEGER(SET_VECTOR_ELT(units, 3, allocVector(INTSXP, N)));
    int *nob = INTEGER(SET_VECTOR_ELT(units, 4, allocVector(INTSXP, N)));
    double *tst = REAL(SET_VECTOR_ELT(units, 5, allocVector(REALSXP, N)));
    double *rho = REAL(SET_VECTOR_ELT(units, 6, allocVector(REALSXP, N)));
    double *s2u = REAL(SET_VECTOR_ELT(units, 7, allocVector(REALSXP, N)));
    double *pvu = REAL(SET_VECTOR_ELT(units, 8, allocVector(REALSXP, N)));
    double *lrv = REAL(SET_VECTOR_ELT(units, 9, allocVector(REALSXP, N)));
    double *bwu = REAL(SET_VECTOR_ELT(units, 10, allocVector(REALSXP, N)));
    int *pst = INTEGER(SET_VECTOR_ELT(units, 11, allocVector(INTSXP, N)));
    double *ppt = REAL(SET_VECTOR_ELT(units, 12, allocVector(REALSXP, N)));
    double *ppp = REAL(SET_VECTOR_ELT(units, 13, allocVector(REALSXP, N)));
    double *ppb = REAL(SET_VECTOR_ELT(units, 14, allocVector(REALSXP, N)));
    int *ppn = INTEGER(SET_VECTOR_ELT(units, 15, allocVector(INTSXP, N)));
    double *hlm = REAL(SET_VECTOR_ELT(units, 16, allocVector(REALSXP, N)));
    double *hs2 = REAL(SET_VECTOR_ELT(units, 17, allocVector(REALSXP, N)));

    /* pooled sums */
    double llc_ev = 0, llc_vv = 0, llc_ee = 0;
    double br_xy = 0, br_xx = 0, br_yy = 0;
    double llc_n = 0, br_n = 0;   /* counts: doubles, as long is 32-bit on Windows */
    double pen = lagm == 1 ? 2.0 : 0.0;   /* AIC; SIC and HQ depend on n */

    for (int i = 0; i < N; i++) {
        if ((i & 1023) == 1023) R_CheckUserInterrupt();
        const double *yi = y + ust[i];
        const int *ti = tc + ust[i];
        const int L = ulen[i];
        int rank = 0;
        double rss = 0, t = NA_REAL, r = NA_REAL, s2 = NA_REAL;

        st[i] = 0;
        cap[i] = 0;
        lag[i] = NA_INTEGER;
        mxl[i] = NA_INTEGER;
        nob[i] = NA_INTEGER;
        tst[i] = rho[i] = s2u[i] = pvu[i] = lrv[i] = bwu[i] = NA_REAL;
        pst[i] = 0;
        ppt[i] = ppp[i] = ppb[i] = hlm[i] = hs2[i] = NA_REAL;
        ppn[i] = NA_INTEGER;

        /* 1. lag order */
        int p;
        if (lagm == 0) {
            p = fixed_lags[i];
            mxl[i] = p;
        } else {
            int pm = umax[i];
            /* the common sample must leave a residual degree of freedom
               for the largest model */
            while (pm > 0 && usable_rows(ti, L, pm, NULL) < ndet + 1 + pm + 1) {
                pm--;
                cap[i] = 1;
            }
            mxl[i] = pm;
            int n = build_adf(yi, ti, L, pm, pm, &w);
            p = 0;
            if (n >= ndet + 2) {
                double best = INFINITY;
                for (int q = 0; q <= pm; q++) {
                    int rq = coagg_ols(w.X, n, n, ndet + 1 + q, w.yv, OLS_TOL,
                                       w.beta, NULL, &rss, NULL, w.alias, w.work);
                    if (rq < 0) {
                        ic[q] = INFINITY;
                        continue;
                    }
                    double pn = lagm == 1 ? pen : (lagm == 2 ? log((double) n) :
                                                   2.0 * log(log((double) n)));
                    ic[q] = log(rss / n) + pn * rq / n;
                    if (ic[q] < best) {
                        best = ic[q];
                        p = q;
                    }
                }
            }
        }
        lag[i] = p;

        /* 2. the ADF regression with p lags on its own full sample */
        int k = ndet + 1 + p;
        int n = build_adf(yi, ti, L, p, p, &w);
        nob[i] = n;
        if (n < k + 1) {
            st[i] = 1;
            continue;
        }
        int code = adf_fit(&w, n, k, NULL, &t, &r, &s2, &rss, &rank);
        if (code < 0) error("LAPACK failed in an ADF regression");
        if (code != 0) {
            st[i] = code;
            continue;
        }
        tst[i] = t;
        rho[i] = r;
        s2u[i] = s2 * (uscale[i] * smax) * (uscale[i] * smax);   /* data units */

        pvu[i] = mk_pvalue(cache_adf, exo, t, opt[O_PFINITE] ? (double) n : 0.0);

        /* 3. LLC / Breitung: auxiliary regressions of dy_t and y_{t-1} on the
           deterministic terms and the lagged differences (same sample) */
        if (do_llc || do_br) {
            int ka = k - 1;
            /* LLC normalise by the ADF regression's sigma: RSS/(T - p - 1)
               in the paper; plm uses the dfcor choice of the t statistics */
            double s2l = opt[O_LLC_PLM] ? s2 : rss / n;
            double sd = sqrt(s2l), rs = 0;
            s2llc[i] = s2l;
            /* copy [det, lags] into Xa; y_{t-1} is column ndet of X */
            for (int c = 0, ca = 0; c < k; c++) {
                if (c == ndet) continue;
                memcpy(w.Xa + (size_t) ca * n, w.X + (size_t) c * n, (size_t) n * sizeof(double));
                ca++;
            }
            const double *ylag = w.X + (size_t) ndet * n;
            if (ka > 0) {
                int r1 = coagg_ols(w.Xa, n, n, ka, w.yv, OLS_TOL, w.beta2, w.e, &rs,
                                   NULL, w.alias, w.work);
                if (r1 < 0) error("LAPACK failed in an LLC auxiliary regression");
                /* beta (the ADF coefficients) is no longer needed: reuse it */
                int r2 = coagg_ols(w.Xa, n, n, ka, ylag, OLS_TOL, w.beta, w.v, &rs,
                                   NULL, w.alias, w.work);
                if (r2 < 0) error("LAPACK failed in an LLC auxiliary regression");
            } else {
                memcpy(w.e, w.yv, (size_t) n * sizeof(double));
                memcpy(w.v, ylag, (size_t) n * sizeof(double));
            }
            if (do_llc) {
                for (int j = 0; j < n; j++) {
                    llc_ev += w.e[j] * w.v[j] / s2l;
                    llc_vv += w.v[j] * w.v[j] / s2l;
                    llc_ee += w.e[j] * w.e[j] / s2l;
                }
                llc_n += n;
            }
            if (do_br) {
                /* Breitung: remove only the autoregressive part. The
                   coefficients of the lagged differences are the last p of
                   beta2 (dy_t) and beta (y_{t-1}). */
                double *dyt = w.e, *lev = w.buf;   /* reuse: e no longer needed */
                double ss = 0.0;
                for (int j = 0; j < n; j++) {
                    double a = w.yv[j], b = ylag[j];
                    for (int l = 1; l <= p; l++) {
                        double d = w.X[j + (size_t) (ndet + l) * n];
                        a -= w.beta2[ndet + l - 1] * d;
                        b -= w.beta[ndet + l - 1] * d;
                    }
                    dyt[j] = a;
                    lev[j] = b;
                    ss += a * a;
                }
                /* prewhitened level at the last period */
                {
                    double b = yi[L - 1];
                    for (int l = 1; l <= p; l++)
                        b -= w.beta[ndet + l - 1] * (yi[L - l] - yi[L - l - 1]);
                    lev[n] = b;
                }
                /* scale: the ADF regression's sigma (as LLC); with an
                   intercept only, the root mean square of the prewhitened
                   differences, which have mean zero under the null (the
                   demeaned ADF sigma is correlated with the numerator and
                   biases the pooled t upwards in short panels) */
                double sb = exo == 1 ? sqrt(ss / n) : sd;
                for (int j = 0; j < n; j++) {
                    dyt[j] /= sb;
                    lev[j] /= sb;
                }
                lev[n] /= sb;
                if (exo == 2) {
                    /* forward orthogonal deviations of dy, levels net of the
                       line through the first and last values */
                    double tail = 0.0;
                    for (int j = n - 1; j >= 1; j--) {
                        tail += dyt[j];
                        int m = n - j;   /* values after row j - 1 */
                        double ds = sqrt((double) m / (m + 1.0)) * (dyt[j - 1] - tail / m);
                        double ls = lev[j - 1] - lev[0] - ((j - 1.0) / n) * (lev[n] - lev[0]);
                        br_xy += ds * ls;
                        br_xx += ls * ls;
                        br_yy += ds * ds;
                        br_n++;
                    }
                } else {
                    for (int j = (exo == 1) ? 1 : 0; j < n; j++) {
                        double ls = exo == 1 ? lev[j] - lev[0] : lev[j];
                        br_xy += dyt[j] * ls;
                        br_xx += ls * ls;
                        br_yy += dyt[j] * dyt[j];
                        br_n++;
                    }
                }
            }
        }

        /* 4. Phillips-Perron: DF regression without lags, Bartlett long-run
           variance of its residuals */
        if (do_pp) {
            int n0 = build_adf(yi, ti, L, 0, 0, &w), k0 = ndet + 1;
            double t0, r0, s20, rss0;
            int rank0;
            ppn[i] = n0;
            int c0 = n0 >= k0 + 1 ? adf_fit(&w, n0, k0, w.e, &t0, &r0, &s20, &rss0, &rank0) : 1;
            if (c0 < 0) error("LAPACK failed in a Phillips-Perron regression");
            if (c0 != 0) {
                pst[i] = c0;
            } else {
                int t1 = ti[w.rows[0]], m = ti[w.rows[n0 - 1]] - t1 + 1;
                for (int j = 0; j < m; j++) w.mask[j] = 0;
                for (int j = 0; j < n0; j++) {
                    int g = ti[w.rows[j]] - t1;
                    w.grid[g] = w.e[j];
                    w.mask[g] = 1;
                }
                int l;
                if (opt[O_PP_BW] == BW_NW) l = nw_bandwidth(w.grid, w.mask, m, n0);
                else if (opt[O_PP_BW] == BW_FIXED) l = (int) dopt[1];
                else l = (int) floor(3.21 * pow((double) n0, 1.0 / 3.0));
                if (l > n0 - 1) l = n0 - 1;
                double g0 = rss0 / n0;
                double f0 = bartlett_lrv(w.grid, w.mask, m, n0, l);
                double se = sqrt(s20 * w.xtxinv[(size_t) ndet * k0 + ndet]);
                double sreg = sqrt(s20);
                if (!(f0 > 0)) {
                    pst[i] = 2;
                } else {
                    double tp = t0 * sqrt(g0 / f0) -
                                n0 * (f0 - g0) * se / (2.0 * sqrt(f0) * sreg);
                    ppt[i] = tp;
                    ppp[i] = mk_pvalue(cache_pp, exo, tp, opt[O_PFINITE] ? (double) n0 : 0.0);
                    ppb[i] = l;
                }
            }
        }
    }

    /* ---- panel statistics ---- */
    int nok = 0;
    double sumn = 0.0;
    for (int i = 0; i < N; i++)
        if (st[i] == 0) {
            nok++;
            sumn += nob[i];
        }
    double Ttilde = nok > 0 ? sumn / nok : NA_REAL;

    const char *pnames[] = {
        "units",
        "llc_delta", "llc_se", "llc_t", "llc_sigma2", "llc_sn", "llc_T",
        "llc_mu", "llc_sd", "llc_tstar", "llc_obs", "llc_table", "llc_bw",
        "ips_tbar", "ips_E", "ips_V", "ips_W", "ips_below", "ips_lagcap",
        "ips_above", "tbar_c1", "tbar_c5", "tbar_c10", "tbar_table",
        "br_t", "br_obs",
        "hadri_lm", "hadri_lm_het", "hadri_z", "hadri_z_het",
        "ht_rho", "ht_B", "ht_C", "ht_z", "ht_T"
    };
    const int np = 35;
    SEXP panel = PROTECT(allocVector(REALSXP, np));
    SEXP pn = PROTECT(allocVector(STRSXP, np));
    for (int j = 0; j < np; j++) SET_STRING_ELT(pn, j, mkChar(pnames[j]));
    setAttrib(panel, R_NamesSymbol, pn);
    double *P = REAL(panel);
    for (int j = 0; j < np; j++) P[j] = NA_REAL;
    P[0] = nok;

    /* LLC */
    if (do_llc && nok > 0 && llc_vv > 0) {
        /* long-run variance of dy per unit (second pass: the LLC bandwidth
           rule depends on the panel's average T~) */
        double sn = 0.0, bwsum = 0.0;
        int bw_panel = (int) floor(3.21 * pow(Ttilde, 1.0 / 3.0));
        for (int i = 0; i < N; i++) {
            if (st[i] != 0) continue;
            const double *yi = y + ust[i];
            int m = ulen[i] - 1;
            for (int j = 0; j < m; j++) {
                w.grid[j] = yi[j + 1] - yi[j];
                w.mask[j] = 1;
            }
            /* LLC (2002): under the null dy has mean zero in models 1 and 2
               and a constant mean (the drift) in model 3, which is removed;
               plm demeans (model 2) and detrends (model 3) instead */
            if (opt[O_LLC_PLM]) detrend(w.grid, m, exo);
            else if (exo == 2) detrend(w.grid, m, 1);
            int l;
            switch (opt[O_LLC_BW]) {
            case BW_NW: l = nw_bandwidth(w.grid, w.mask, m, m); break;
            case BW_PLM: l = (int) nearbyint(3.21 * pow((double) ulen[i], 1.0 / 3.0)); break;
            case BW_FIXED: l = (int) dopt[0]; break;
            default: l = bw_panel;
            }
            if (l > m - 1) l = m - 1;
            if (l < 0) l = 0;
            double lv = bartlett_lrv(w.grid, w.mask, m, m, l);
            lrv[i] = lv * (uscale[i] * smax) * (uscale[i] * smax);   /* data units */
            bwu[i] = l;
            bwsum += l;
            sn += sqrt(lv / s2llc[i]);
        }
        sn /= nok;
        double delta = llc_ev / llc_vv;
        double rssp = llc_ee - delta * llc_ev;
        double s2e = rssp / (double) llc_n;
        double s2p = rssp / (double) (opt[O_LLC_PLM] && w.dfcor ? llc_n - 1 : llc_n);
        double se = sqrt(s2p / llc_vv);
        double tdel = delta / se;
        double Tlook = opt[O_LLC_LOOKUP] == 1 ? (double) ulen[0] : Ttilde;
        double mu, sd;
        int fl = llc_adjust(Tlook, exo, policy, opt[O_LLC_LOOKUP] == 1, &mu, &sd);
        P[1] = delta;
        P[2] = se;
        P[3] = tdel;
        P[4] = s2e;
        P[5] = sn;
        P[6] = Tlook;
        P[7] = mu;
        P[8] = sd;
        P[9] = (tdel - (double) llc_n * sn / s2e * se * mu) / sd;
        P[10] = (double) llc_n;
        P[11] = fl;
        P[12] = bwsum / nok;
    }

    /* IPS (needs deterministic terms) */
    if (exo > 0 && nok > 0) {
        double tb = 0, Eb = 0, Vb = 0;
        int below = 0, lcap = 0, above = 0, allzero = 1;
        for (int i = 0; i < N; i++) {
            if (st[i] != 0) continue;
            double E = NA_REAL, V = NA_REAL;
            int fl = ips_moments((double) nob[i], lag[i], exo - 1, policy, &E, &V);
            below += (fl & 1) != 0;
            lcap += (fl & 2) != 0;
            above += (fl & 4) != 0;
            if (lag[i] != 0) allzero = 0;
            tb += tst[i];
            Eb += E;
            Vb += V;
        }
        tb /= nok;
        Eb /= nok;
        Vb /= nok;
        P[13] = tb;
        P[14] = Eb;
        P[15] = Vb;
        P[16] = sqrt((double) nok) * (tb - Eb) / sqrt(Vb);
        P[17] = below;
        P[18] = lcap;
        P[19] = above;
        if (allzero) {
            double cv[3];
            int fl = ips_tbar_crit((double) nok, Ttilde, exo - 1, cv);
            P[20] = cv[0];
            P[21] = cv[1];
            P[22] = cv[2];
            P[23] = fl;
        }
    }

    /* Breitung */
    if (do_br && br_n > 1 && br_xx > 0) {
        double a = br_xy / br_xx;
        double s2 = (br_yy - a * br_xy) / (br_n - 1);
        P[24] = a / sqrt(s2 / br_xx);
        P[25] = (double) br_n;
    }

    /* Hadri (levels on the deterministic terms, all periods) */
    if (do_hadri && exo > 0 && nok > 0) {
        double num = 0, het = 0, ssr = 0;
        int L = ulen[0];
        double adj = opt[O_HADRI_DFCOR] ? (exo == 1 ? 1.0 : 2.0) : 0.0;
        for (int i = 0; i < N; i++) {
            if (st[i] != 0) continue;
            const double *yi = y + ust[i];
            memcpy(w.buf, yi, (size_t) L * sizeof(double));
            detrend(w.buf, L, exo);
            double S = 0, s2s = 0, ee = 0;
            for (int j = 0; j < L; j++) {
                S += w.buf[j];
                s2s += S * S;
                ee += w.buf[j] * w.buf[j];
            }
            double eta = s2s / ((double) L * L), r2 = uscale[i] * uscale[i];
            hlm[i] = eta / (ee / (L - adj));
            hs2[i] = ee / (L - adj) * (uscale[i] * smax) * (uscale[i] * smax);
            num += eta * r2;   /* the pooled variance weights units by scale */
            het += hlm[i];
            ssr += ee * r2;
        }
        double xi = exo == 1 ? 1.0 / 6.0 : 1.0 / 15.0;
        double zeta = exo == 1 ? 1.0 / 45.0 : 11.0 / 6300.0;
        double sig = ssr / ((double) nok * (L - adj));
        double lm = (num / nok) / sig, lmh = het / nok;
        P[26] = lm;
        P[27] = lmh;
        P[28] = sqrt((double) nok) * (lm - xi) / sqrt(zeta);
        P[29] = sqrt((double) nok) * (lmh - xi) / sqrt(zeta);
    }

    /* Harris and Tzavalis: pooled within estimator of rho in
       y_t = rho y_{t-1} (+ individual terms), T = observations per unit */
    if (do_ht && nok > 0) {
        double sxy = 0, sxx = 0;
        int L = ulen[0], T = L - 1;
        for (int i = 0; i < N; i++) {
            if (st[i] != 0) continue;
            const double *yi = y + ust[i];
            memcpy(w.buf, yi + 1, (size_t) T * sizeof(double));
            memcpy(w.e, yi, (size_t) T * sizeof(double));
            detrend(w.buf, T, exo);
            detrend(w.e, T, exo);
            double uxy = 0, uxx = 0, r2 = uscale[i] * uscale[i];
            for (int j = 0; j < T; j++) {
                uxy += w.buf[j] * w.e[j];
                uxx += w.e[j] * w.e[j];
            }
            sxy += uxy * r2;   /* pooled: units weighted by their scale */
            sxx += uxx * r2;
        }
        double Td = T, B, C;
        if (exo == 0) {
            B = 0.0;
            C = 2.0 / (Td * (Td - 1.0));
        } else if (exo == 1) {
            B = -3.0 / (Td + 1.0);
            C = 3.0 * (17.0 * Td * Td - 20.0 * Td + 17.0) /
                (5.0 * (Td - 1.0) * pow(Td + 1.0, 3.0));
        } else {
            B = -15.0 / (2.0 * (Td + 2.0));
            C = 15.0 * (193.0 * Td * Td - 728.0 * Td + 1147.0) /
                (112.0 * pow(Td + 2.0, 3.0) * (Td - 2.0));
        }
        if (sxx > 0) {
            double rh = sxy / sxx;
            P[30] = rh;
            P[31] = B;
            P[32] = C;
            P[33] = sqrt((double) nok) * (rh - 1.0 - B) / sqrt(C);
            P[34] = Td;
        }
    }

    SEXP out = PROTECT(allocVector(VECSXP, 2));
    SET_VECTOR_ELT(out, 0, units);
    SET_VECTOR_ELT(out, 1, panel);
    SEXP on = PROTECT(allocVector(STRSXP, 2));
    SET_STRING_ELT(on, 0, mkChar("units"));
    SET_STRING_ELT(on, 1, mkChar("panel"));
    setAttrib(out, R_NamesSymbol, on);
    UNPROTECT(5);
    return out;
}

/* .Call(C_unitroot_tables): the published tables, for tests. */
SEXP C_unitroot_tables(void)
{
    const char *nm[] = {"llc_T", "llc_adj", "ips3_T", "ips3_mean", "ips3_var",
                        "ips2_N", "ips2_T", "ips2_crit"};
    SEXP out = PROTECT(coagg_named_list(nm, 8));
    double *p;
    p = REAL(SET_VECTOR_ELT(out, 0, allocVector(REALSXP, COAGG_LLC_NT)));
    for (int i = 0; i < COAGG_LLC_NT; i++) p[i] = coagg_llc_T[i];
    p = REAL(SET_VECTOR_ELT(out, 1, allocMatrix(REALSXP, COAGG_LLC_NT, 6)));
    for (int i = 0; i < COAGG_LLC_NT; i++)
        for (int j = 0; j < 6; j++) p[i + j * COAGG_LLC_NT] = coagg_llc_adj[i][j];
    p = REAL(SET_VECTOR_ELT(out, 2, allocVector(REALSXP, COAGG_IPS3_NT)));
    for (int i = 0; i < COAGG_IPS3_NT; i++) p[i] = coagg_ips3_T[i];
    /* arrays [lag, T, exo] */
    for (int s = 0; s < 2; s++) {
        SEXP a = SET_VECTOR_ELT(out, 3 + s, allocVector(REALSXP, COAGG_IPS3_NP * COAGG_IPS3_NT * 2));
        SEXP d = PROTECT(allocVector(INTSXP, 3));
        INTEGER(d)[0] = COAGG_IPS3_NP;
        INTEGER(d)[1] = COAGG_IPS3_NT;
        INTEGER(d)[2] = 2;
        setAttrib(a, R_DimSymbol, d);
        UNPROTECT(1);
        p = REAL(a);
        for (int e = 0; e < 2; e++)
            for (int l = 0; l < COAGG_IPS3_NP; l++)
                for (int t = 0; t < COAGG_IPS3_NT; t++) {
                    double v = s == 0 ? coagg_ips3_mean[e][l][t] : coagg_ips3_var[e][l][t];
                    p[l + COAGG_IPS3_NP * (t + COAGG_IPS3_NT * e)] = ISNAN(v) ? NA_REAL : v;
                }
    }
    p = REAL(SET_VECTOR_ELT(out, 5, allocVector(REALSXP, COAGG_IPS2_NN)));
    for (int i = 0; i < COAGG_IPS2_NN; i++) p[i] = coagg_ips2_N[i];
    p = REAL(SET_VECTOR_ELT(out, 6, allocVector(REALSXP, COAGG_IPS2_NT)));
    for (int i = 0; i < COAGG_IPS2_NT; i++) p[i] = coagg_ips2_T[i];
    /* array [N, T, level, exo] */
    SEXP a = SET_VECTOR_ELT(out, 7, allocVector(REALSXP, COAGG_IPS2_NN * COAGG_IPS2_NT * 6));
    SEXP d = PROTECT(allocVector(INTSXP, 4));
    INTEGER(d)[0] = COAGG_IPS2_NN;
    INTEGER(d)[1] = COAGG_IPS2_NT;
    INTEGER(d)[2] = 3;
    INTEGER(d)[3] = 2;
    setAttrib(a, R_DimSymbol, d);
    UNPROTECT(1);
    p = REAL(a);
    for (int e = 0; e < 2; e++)
        for (int l = 0; l < 3; l++)
            for (int t = 0; t < COAGG_IPS2_NT; t++)
                for (int n = 0; n < COAGG_IPS2_NN; n++)
                    p[n + COAGG_IPS2_NN * (t + COAGG_IPS2_NT * (l + 3 * e))] =
                        coagg_ips2_crit[e][l][n][t];
    UNPROTECT(1);
    return out;
}
