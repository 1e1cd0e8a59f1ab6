/*
 * MacKinnon (1996) p-values and quantiles of the Dickey-Fuller tau statistic
 * (R/mackinnon.R is the user face):
 *
 *   C_mackinnon_p, C_mackinnon_q   .Call entry points
 *   coagg_mk_pvalue()               the p-value, also used by the per-unit
 *                                   regressions of src/unitroot.c
 *
 * The response surfaces are in src/unitroot_tables.c. The local GLS
 * regression of MacKinnon's section 4 is solved through coagg_ols()
 * (src/linalg.c) after a Cholesky transformation.
 */
#define USE_FC_LEN_T
#include <R.h>
#include <Rinternals.h>
#include <Rmath.h>
#include <R_ext/Lapack.h>
#include <math.h>
#ifndef FCONE
#define FCONE
#endif
#include "linalg.h"
#include "mackinnon.h"

#define OLS_TOL 1e-7

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

void coagg_mk_cache_reset(coagg_mk_cache *c)
{
    c->tab = -1;
    c->nobs = -1.0;
}

double coagg_mk_pvalue(coagg_mk_cache *c, int tab, double stat, double nobs)
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
    coagg_mk_cache *c = (coagg_mk_cache *) R_alloc(1, sizeof(coagg_mk_cache));
    coagg_mk_cache_reset(c);
    for (R_xlen_t i = 0; i < n; i++) o[i] = coagg_mk_pvalue(c, tab, st[i], nb[i]);
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
