/*
 * Panel unit-root statistics and the .Call entry point (R/unitroot.R is the
 * user face; the per-unit regressions are in src/unitroot.c):
 *
 *   C_panel_unitroot   one variable in one form (level or difference):
 *                      decode the arguments and the named options, run the
 *                      per-unit ADF / Phillips-Perron regressions, then the
 *                      panel statistics LLC, IPS, Breitung, Hadri,
 *                      Harris-Tzavalis and CIPS (src/unitroot_cips.c), and
 *                      pack the results.
 *
 * R has prepared the data (see R/unitroot.R): LLC, IPS and the Fisher tests
 * take each unit's own observations, gaps included; R passes Breitung and
 * Hadri only units without gaps (of any length), and Harris-Tzavalis and
 * CIPS only a balanced panel without gaps.
 */
#include <R.h>
#include <Rinternals.h>
#include <Rmath.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include "linalg.h"
#include "unitroot.h"

/* The options, read by name from the named list R builds (ur_call()). */
typedef struct {
    int exo, lag_method, dfcor, p_finite, llc, pp, breitung, hadri, ht;
    int llc_bandwidth, pp_bandwidth, small_t, llc_lookup, hadri_dfcor, span, llc_plm;
    int cips, cips_lookup;
    double fixed_bandwidth;
} ur_opts;

static ur_opts decode_opts(SEXP opts)
{
    ur_opts o;
    o.exo = coagg_opt_int(opts, "exo");
    o.lag_method = coagg_opt_int(opts, "lag_method");
    o.dfcor = coagg_opt_int(opts, "dfcor");
    o.p_finite = coagg_opt_int(opts, "p_finite");
    o.llc = coagg_opt_int(opts, "llc");
    o.pp = coagg_opt_int(opts, "pp");
    o.breitung = coagg_opt_int(opts, "breitung");
    o.hadri = coagg_opt_int(opts, "hadri");
    o.ht = coagg_opt_int(opts, "ht");
    o.llc_bandwidth = coagg_opt_int(opts, "llc_bandwidth");
    o.pp_bandwidth = coagg_opt_int(opts, "pp_bandwidth");
    o.small_t = coagg_opt_int(opts, "small_t");
    o.llc_lookup = coagg_opt_int(opts, "llc_lookup");
    o.hadri_dfcor = coagg_opt_int(opts, "hadri_dfcor");
    o.span = coagg_opt_int(opts, "span");
    o.llc_plm = coagg_opt_int(opts, "llc_plm");
    o.cips = coagg_opt_int(opts, "cips");
    o.cips_lookup = coagg_opt_int(opts, "cips_lookup");
    o.fixed_bandwidth = coagg_opt_real(opts, "fixed_bandwidth");
    if (o.exo < 0 || o.exo > 2 || o.lag_method < 0 || o.lag_method > 3 ||
        o.llc_bandwidth < COAGG_BW_NW || o.llc_bandwidth > COAGG_BW_FIXED ||
        o.pp_bandwidth < COAGG_BW_NW || o.pp_bandwidth > COAGG_BW_FIXED || o.span < 0 ||
        !(o.fixed_bandwidth >= 0.0 && o.fixed_bandwidth < INT_MAX) ||
        o.cips_lookup < 0 || o.cips_lookup > 2)
        error("panel unit-root engine: bad options");
    return o;
}

/* Check the data arguments: types, lengths, unit ranges, time codes
 * increasing within each unit and within the calendar span (R builds them;
 * this guards against a wrong call reading out of range). */
static void check_panel_args(SEXP sy, SEXP stc, SEXP sstart, SEXP slen, SEXP slags,
                             SEXP smaxlag, int span)
{
    if (TYPEOF(sy) != REALSXP || TYPEOF(stc) != INTSXP || TYPEOF(sstart) != INTSXP ||
        TYPEOF(slen) != INTSXP || TYPEOF(slags) != INTSXP || TYPEOF(smaxlag) != INTSXP)
        error("panel unit-root engine: wrong argument types");
    R_xlen_t n = XLENGTH(sy), N = XLENGTH(sstart);
    if (XLENGTH(stc) != n || XLENGTH(slen) != N || XLENGTH(slags) != N ||
        XLENGTH(smaxlag) != N || N > INT_MAX || n > INT_MAX)
        error("panel unit-root engine: inconsistent lengths");
    const int *ust = INTEGER(sstart), *ul = INTEGER(slen), *tc = INTEGER(stc);
    const int *lg = INTEGER(slags), *mx = INTEGER(smaxlag);
    for (R_xlen_t i = 0; i < N; i++) {
        if (ust[i] < 0 || ul[i] < 1 || (R_xlen_t) ust[i] + ul[i] > n ||
            lg[i] < 0 || mx[i] < 0 || lg[i] > 1000 || mx[i] > 1000)
            error("panel unit-root engine: bad unit %d", (int) i + 1);
        const int *ti = tc + ust[i];
        for (int j = 1; j < ul[i]; j++)
            if (ti[j] <= ti[j - 1]) error("panel unit-root engine: bad unit %d", (int) i + 1);
        if ((double) ti[ul[i] - 1] - ti[0] + 1.0 > (span > ul[i] ? span : ul[i]))
            error("panel unit-root engine: bad unit %d", (int) i + 1);
    }
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
/* Per-unit results and pooled sums                                         */
/* ------------------------------------------------------------------------ */

static const char *unit_names[] = {
    "status", "lags", "maxlag", "lag_capped", "obs", "statistic", "rho", "sigma2",
    "p_value", "lrvar", "bandwidth", "pp_status", "pp_statistic", "pp_p_value",
    "pp_bandwidth", "pp_obs", "hadri_lm", "hadri_sigma2",
    "cadf_status", "cadf_lags", "cadf_maxlag", "cadf_obs", "cadf"
};
#define N_UNIT_OUT 23

/* Pointers into the per-unit vectors of the result list. */
typedef struct {
    int *status, *lags, *maxlag, *capped, *obs, *pp_status, *pp_obs;
    double *stat, *rho, *sigma2, *pval, *lrvar, *bw, *pp_stat, *pp_p, *pp_bw, *hlm, *hs2;
    coagg_cips_units cadf;
} ur_units;

static ur_units alloc_units(SEXP list, int N)
{
    ur_units u;
    u.status = coagg_put_int(list, 0, N);
    u.lags = coagg_put_int(list, 1, N);
    u.maxlag = coagg_put_int(list, 2, N);
    u.capped = coagg_put_int(list, 3, N);
    u.obs = coagg_put_int(list, 4, N);
    u.stat = coagg_put_real(list, 5, N);
    u.rho = coagg_put_real(list, 6, N);
    u.sigma2 = coagg_put_real(list, 7, N);
    u.pval = coagg_put_real(list, 8, N);
    u.lrvar = coagg_put_real(list, 9, N);
    u.bw = coagg_put_real(list, 10, N);
    u.pp_status = coagg_put_int(list, 11, N);
    u.pp_stat = coagg_put_real(list, 12, N);
    u.pp_p = coagg_put_real(list, 13, N);
    u.pp_bw = coagg_put_real(list, 14, N);
    u.pp_obs = coagg_put_int(list, 15, N);
    u.hlm = coagg_put_real(list, 16, N);
    u.hs2 = coagg_put_real(list, 17, N);
    u.cadf.status = coagg_put_int(list, 18, N);
    u.cadf.lags = coagg_put_int(list, 19, N);
    u.cadf.maxlag = coagg_put_int(list, 20, N);
    u.cadf.obs = coagg_put_int(list, 21, N);
    u.cadf.t = coagg_put_real(list, 22, N);
    for (int i = 0; i < N; i++) {
        u.cadf.status[i] = 0;
        u.cadf.lags[i] = u.cadf.maxlag[i] = u.cadf.obs[i] = NA_INTEGER;
        u.cadf.t[i] = NA_REAL;
        u.status[i] = u.capped[i] = u.pp_status[i] = 0;
        u.lags[i] = u.maxlag[i] = u.obs[i] = u.pp_obs[i] = NA_INTEGER;
        u.stat[i] = u.rho[i] = u.sigma2[i] = u.pval[i] = u.lrvar[i] = u.bw[i] = NA_REAL;
        u.pp_stat[i] = u.pp_p[i] = u.pp_bw[i] = u.hlm[i] = u.hs2[i] = NA_REAL;
    }
    return u;
}

/* Pooled sums of LLC's and Breitung's regressions (counts as doubles: long
 * is 32-bit on Windows). */
typedef struct {
    double llc_ev, llc_vv, llc_ee, llc_n;
    double br_xy, br_xx, br_yy, br_n;
} ur_pool;

/* The data of one call: the series divided by each unit's scale (a copy:
 * the input is not modified), time codes, unit starts and lengths, the
 * relative scales (in (0, 1]) and the largest scale. */
typedef struct {
    const double *y;
    const int *tc, *ust, *ulen;
    int N;
    double *uscale, smax;
} ur_data;

/* ------------------------------------------------------------------------ */
/* LLC and Breitung: per-unit auxiliary regressions                         */
/* ------------------------------------------------------------------------ */

/* dy_t (into w->e, coefficients w->beta2) and y_{t-1} (into w->v,
 * coefficients w->beta) regressed on the deterministic terms and the p
 * lagged differences of the ADF design in w->X (n rows, k = ndet + 1 + p
 * columns). Returns -1 on a LAPACK failure. */
static int llc_aux(coagg_urws *w, int n, int k)
{
    int ndet = w->ndet, ka = k - 1;
    double rs = 0;
    for (int c = 0, ca = 0; c < k; c++) {
        if (c == ndet) continue;
        memcpy(w->Xa + (size_t) ca * n, w->X + (size_t) c * n, (size_t) n * sizeof(double));
        ca++;
    }
    const double *ylag = w->X + (size_t) ndet * n;
    if (ka > 0) {
        int r1 = coagg_ols(w->Xa, n, n, ka, w->yv, COAGG_UR_OLS_TOL, w->beta2, w->e, &rs,
                           NULL, w->alias, w->work);
        /* beta (the ADF coefficients) is no longer needed: reused */
        int r2 = coagg_ols(w->Xa, n, n, ka, ylag, COAGG_UR_OLS_TOL, w->beta, w->v, &rs,
                           NULL, w->alias, w->work);
        if (r1 < 0 || r2 < 0) return -1;
    } else {
        memcpy(w->e, w->yv, (size_t) n * sizeof(double));
        memcpy(w->v, ylag, (size_t) n * sizeof(double));
    }
    return 0;
}

static void llc_accumulate(ur_pool *s, const coagg_urws *w, int n, double s2l)
{
    for (int j = 0; j < n; j++) {
        s->llc_ev += w->e[j] * w->v[j] / s2l;
        s->llc_vv += w->v[j] * w->v[j] / s2l;
        s->llc_ee += w->e[j] * w->e[j] / s2l;
    }
    s->llc_n += n;
}

/* Breitung: remove only the autoregressive part of dy_t and y_{t-1} (the
 * last p coefficients of LLC's auxiliary regressions), scale, transform
 * (forward orthogonal deviations and the line through the first and last
 * levels with a trend; the first level otherwise) and add to the pooled
 * sums. The unit (y[0..L-1]) has no gaps. Overwrites w->e. */
static void breitung_unit(ur_pool *s, coagg_urws *w, const double *yi, int L, int p, int n,
                          double sd)
{
    int ndet = w->ndet, exo = w->exo;
    const double *ylag = w->X + (size_t) ndet * n;
    double *dyt = w->e, *lev = w->buf;   /* reuse: e no longer needed */
    double ss = 0.0;
    for (int j = 0; j < n; j++) {
        double a = w->yv[j], b = ylag[j];
        for (int l = 1; l <= p; l++) {
            double d = w->X[j + (size_t) (ndet + l) * n];
            a -= w->beta2[ndet + l - 1] * d;
            b -= w->beta[ndet + l - 1] * d;
        }
        dyt[j] = a;
        lev[j] = b;
        ss += a * a;
    }
    /* prewhitened level at the last period */
    {
        double b = yi[L - 1];
        for (int l = 1; l <= p; l++)
            b -= w->beta[ndet + l - 1] * (yi[L - l] - yi[L - l - 1]);
        lev[n] = b;
    }
    /* scale: the ADF regression's sigma (as LLC); with an intercept only,
       the root mean square of the prewhitened differences, which have mean
       zero under the null (the demeaned ADF sigma is correlated with the
       numerator and biases the pooled t upwards in short panels) */
    double sb = exo == 1 ? sqrt(ss / n) : sd;
    for (int j = 0; j < n; j++) {
        dyt[j] /= sb;
        lev[j] /= sb;
    }
    lev[n] /= sb;
    if (exo == 2) {
        /* forward orthogonal deviations of dy, levels net of the line
           through the first and last values */
        double tail = 0.0;
        for (int j = n - 1; j >= 1; j--) {
            tail += dyt[j];
            int m = n - j;   /* values after row j - 1 */
            double ds = sqrt((double) m / (m + 1.0)) * (dyt[j - 1] - tail / m);
            double ls = lev[j - 1] - lev[0] - ((j - 1.0) / n) * (lev[n] - lev[0]);
            s->br_xy += ds * ls;
            s->br_xx += ls * ls;
            s->br_yy += ds * ds;
            s->br_n++;
        }
    } else {
        for (int j = (exo == 1) ? 1 : 0; j < n; j++) {
            double ls = exo == 1 ? lev[j] - lev[0] : lev[j];
            s->br_xy += dyt[j] * ls;
            s->br_xx += ls * ls;
            s->br_yy += dyt[j] * dyt[j];
            s->br_n++;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* The per-unit pass                                                        */
/* ------------------------------------------------------------------------ */

/* ADF (and, for LLC and Breitung, the auxiliary regressions) and PP for
 * every unit. Returns 0, or 1 + the unit at which LAPACK failed. */
static int unit_pass(const ur_data *d, const int *fixed_lags, const int *umax,
                     const ur_opts *o, coagg_urws *w, ur_units *u, ur_pool *s, double *s2llc)
{
    coagg_mk_cache *cache_adf = (coagg_mk_cache *) R_alloc(1, sizeof(coagg_mk_cache));
    coagg_mk_cache *cache_pp = (coagg_mk_cache *) R_alloc(1, sizeof(coagg_mk_cache));
    coagg_mk_cache_reset(cache_adf);
    coagg_mk_cache_reset(cache_pp);
    for (int i = 0; i < d->N; i++) {
        if ((i & 1023) == 1023) R_CheckUserInterrupt();
        const double *yi = d->y + d->ust[i];
        const int *ti = d->tc + d->ust[i];
        const int L = d->ulen[i];
        double sc = d->uscale[i] * d->smax;
        coagg_ur_adf a;
        coagg_ur_adf_unit(yi, ti, L, o->lag_method, fixed_lags[i], umax[i], w, &a);
        u->lags[i] = a.lags;
        u->maxlag[i] = a.maxlag;
        u->capped[i] = a.capped;
        u->obs[i] = a.n;
        if (a.status < 0) return 1 + i;
        u->status[i] = a.status;
        if (a.status != 0) continue;
        u->stat[i] = a.t;
        u->rho[i] = a.rho;
        u->sigma2[i] = a.sigma2 * sc * sc;   /* data units */
        u->pval[i] = coagg_mk_pvalue(cache_adf, o->exo, a.t, o->p_finite ? (double) a.n : 0.0);

        /* LLC / Breitung: auxiliary regressions on the ADF design (same
           sample). LLC normalises by the ADF regression's sigma,
           RSS/(T - p - 1) in the paper; plm uses the dfcor choice of the t
           statistics. */
        if (o->llc || o->breitung) {
            double s2l = o->llc_plm ? a.sigma2 : a.rss / a.n;
            s2llc[i] = s2l;
            if (llc_aux(w, a.n, w->ndet + 1 + a.lags) < 0) return 1 + i;
            if (o->llc) llc_accumulate(s, w, a.n, s2l);
            if (o->breitung) breitung_unit(s, w, yi, L, a.lags, a.n, sqrt(s2l));
        }
        if (o->pp) {
            coagg_ur_pp pp;
            coagg_ur_pp_unit(yi, ti, L, o->pp_bandwidth, o->fixed_bandwidth, w, &pp);
            u->pp_obs[i] = pp.n;
            if (pp.status < 0) return 1 + i;
            u->pp_status[i] = pp.status;
            if (pp.status == 0) {
                u->pp_stat[i] = pp.t;
                u->pp_p[i] = coagg_mk_pvalue(cache_pp, o->exo, pp.t,
                                             o->p_finite ? (double) pp.n : 0.0);
                u->pp_bw[i] = pp.bandwidth;
            }
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Panel statistics                                                         */
/* ------------------------------------------------------------------------ */

static const char *panel_names[] = {
    "units",
    "llc_delta", "llc_se", "llc_t", "llc_sigma2", "llc_sn", "llc_T",
    "llc_mu", "llc_sd", "llc_tstar", "llc_obs", "llc_table", "llc_bw",
    "ips_tbar", "ips_E", "ips_V", "ips_W", "ips_below", "ips_lagcap",
    "ips_above", "tbar_c1", "tbar_c5", "tbar_c10", "tbar_table",
    "br_t", "br_obs",
    "hadri_lm", "hadri_lm_het", "hadri_z", "hadri_z_het",
    "ht_rho", "ht_B", "ht_C", "ht_z", "ht_T",
    "cips_units", "cips", "cips_trunc", "cips_truncated", "cips_T", "cips_c1", "cips_c5",
    "cips_c10", "cipst_c1", "cipst_c5", "cipst_c10", "cips_table_N", "cips_table_T"
};
enum {
    P_UNITS,
    P_LLC_DELTA, P_LLC_SE, P_LLC_T, P_LLC_SIGMA2, P_LLC_SN, P_LLC_TLOOK,
    P_LLC_MU, P_LLC_SD, P_LLC_TSTAR, P_LLC_OBS, P_LLC_TABLE, P_LLC_BW,
    P_IPS_TBAR, P_IPS_E, P_IPS_V, P_IPS_W, P_IPS_BELOW, P_IPS_LAGCAP,
    P_IPS_ABOVE, P_TBAR_C1, P_TBAR_C5, P_TBAR_C10, P_TBAR_TABLE,
    P_BR_T, P_BR_OBS,
    P_HADRI_LM, P_HADRI_LM_HET, P_HADRI_Z, P_HADRI_Z_HET,
    P_HT_RHO, P_HT_B, P_HT_C, P_HT_Z, P_HT_T,
    P_CIPS,   /* 13 slots written by coagg_cips() */
    P_N = P_CIPS + 13
};

/* The long-run variance of dy of unit i for LLC (Bartlett kernel), on the
 * calendar grid of its differences (a difference needs two consecutive
 * periods; gaps leave holes). LLC (2002): under the null dy has mean zero in
 * models 1 and 2 and a constant mean (the drift) in model 3, which is
 * removed; plm demeans (model 2) and detrends (model 3) instead. Writes the
 * bandwidth to *bw. */
static double llc_unit_lrvar(const ur_data *d, int i, const ur_opts *o, int bw_panel,
                             coagg_urws *w, int *bw)
{
    const double *yi = d->y + d->ust[i];
    const int *ti = d->tc + d->ust[i];
    int L = d->ulen[i], m = ti[L - 1] - ti[0], nobs = 0;
    for (int g = 0; g < m; g++) w->mask[g] = 0;
    for (int j = 1; j < L; j++) {
        if (ti[j] - ti[j - 1] != 1) continue;
        int g = ti[j] - ti[0] - 1;
        w->grid[g] = yi[j] - yi[j - 1];
        w->mask[g] = 1;
        nobs++;
    }
    if (o->llc_plm) coagg_ur_detrend(w->grid, w->mask, m, o->exo);
    else if (o->exo == 2) coagg_ur_detrend(w->grid, w->mask, m, 1);
    int l;
    switch (o->llc_bandwidth) {
    case COAGG_BW_NW: l = coagg_ur_nw_bandwidth(w->grid, w->mask, m, nobs); break;
    case COAGG_BW_PLM: l = (int) nearbyint(3.21 * pow((double) L, 1.0 / 3.0)); break;
    case COAGG_BW_FIXED: l = (int) o->fixed_bandwidth; break;
    default: l = bw_panel;
    }
    if (l > nobs - 1) l = nobs - 1;
    if (l < 0) l = 0;
    *bw = l;
    return coagg_ur_bartlett(w->grid, w->mask, m, nobs, l);
}

/* LLC's adjusted t statistic t* from the pooled sums, the ratio S_N of
 * long-run to short-run standard deviations, and mu*, sigma* of Table 2 at
 * T~ (the average observations per unit of the ADF regressions; plm's
 * convention: T). */
static void llc_stat(const ur_data *d, const ur_opts *o, const ur_pool *s, const ur_units *u,
                     const double *s2llc, int nok, double Ttilde, coagg_urws *w, double *P)
{
    double sn = 0.0, bwsum = 0.0;
    int bw_panel = (int) floor(3.21 * pow(Ttilde, 1.0 / 3.0));
    for (int i = 0; i < d->N; i++) {
        if (u->status[i] != 0) continue;
        int l;
        double lv = llc_unit_lrvar(d, i, o, bw_panel, w, &l);
        double sc = d->uscale[i] * d->smax;
        u->lrvar[i] = lv * sc * sc;   /* data units */
        u->bw[i] = l;
        bwsum += l;
        sn += sqrt(lv / s2llc[i]);
    }
    sn /= nok;
    double delta = s->llc_ev / s->llc_vv;
    double rssp = s->llc_ee - delta * s->llc_ev;
    double s2e = rssp / s->llc_n;
    double s2p = rssp / (o->llc_plm && o->dfcor ? s->llc_n - 1 : s->llc_n);
    double se = sqrt(s2p / s->llc_vv);
    double tdel = delta / se;
    double Tlook = o->llc_lookup == 1 ? (double) d->ulen[0] : Ttilde;
    double mu, sd;
    int fl = llc_adjust(Tlook, o->exo, o->small_t, o->llc_lookup == 1, &mu, &sd);
    P[P_LLC_DELTA] = delta;
    P[P_LLC_SE] = se;
    P[P_LLC_T] = tdel;
    P[P_LLC_SIGMA2] = s2e;
    P[P_LLC_SN] = sn;
    P[P_LLC_TLOOK] = Tlook;
    P[P_LLC_MU] = mu;
    P[P_LLC_SD] = sd;
    P[P_LLC_TSTAR] = (tdel - s->llc_n * sn / s2e * se * mu) / sd;
    P[P_LLC_OBS] = s->llc_n;
    P[P_LLC_TABLE] = fl;
    P[P_LLC_BW] = bwsum / nok;
}

/* IPS W-t-bar from Table 3 moments at each unit's observations and lags;
 * t-bar's Table 2 critical values when every lag is zero. */
static void ips_stat(const ur_units *u, int N, const ur_opts *o, int nok, double Ttilde,
                     double *P)
{
    double tb = 0, Eb = 0, Vb = 0;
    int below = 0, lcap = 0, above = 0, allzero = 1;
    for (int i = 0; i < N; i++) {
        if (u->status[i] != 0) continue;
        double E = NA_REAL, V = NA_REAL;
        int fl = ips_moments((double) u->obs[i], u->lags[i], o->exo - 1, o->small_t, &E, &V);
        below += (fl & 1) != 0;
        lcap += (fl & 2) != 0;
        above += (fl & 4) != 0;
        if (u->lags[i] != 0) allzero = 0;
        tb += u->stat[i];
        Eb += E;
        Vb += V;
    }
    tb /= nok;
    Eb /= nok;
    Vb /= nok;
    P[P_IPS_TBAR] = tb;
    P[P_IPS_E] = Eb;
    P[P_IPS_V] = Vb;
    P[P_IPS_W] = sqrt((double) nok) * (tb - Eb) / sqrt(Vb);
    P[P_IPS_BELOW] = below;
    P[P_IPS_LAGCAP] = lcap;
    P[P_IPS_ABOVE] = above;
    if (allzero) {
        double cv[3];
        int fl = ips_tbar_crit((double) nok, Ttilde, o->exo - 1, cv);
        P[P_TBAR_C1] = cv[0];
        P[P_TBAR_C5] = cv[1];
        P[P_TBAR_C10] = cv[2];
        P[P_TBAR_TABLE] = fl;
    }
}

static void breitung_stat(const ur_pool *s, double *P)
{
    if (!(s->br_n > 1 && s->br_xx > 0)) return;
    double a = s->br_xy / s->br_xx;
    double s2 = (s->br_yy - a * s->br_xy) / (s->br_n - 1);
    P[P_BR_T] = a / sqrt(s2 / s->br_xx);
    P[P_BR_OBS] = s->br_n;
}

/* Hadri: levels on the deterministic terms over each unit's periods (no
 * gaps; lengths may differ). The pooled variance weights units by their
 * scale; per-unit variances are returned in the data's units. */
static void hadri_stat(const ur_data *d, const ur_opts *o, ur_units *u, int nok,
                       coagg_urws *w, double *P)
{
    double num = 0, het = 0, ssr = 0, df = 0;
    double adj = o->hadri_dfcor ? (o->exo == 1 ? 1.0 : 2.0) : 0.0;
    for (int i = 0; i < d->N; i++) {
        if (u->status[i] != 0) continue;
        const double *yi = d->y + d->ust[i];
        int L = d->ulen[i];
        memcpy(w->buf, yi, (size_t) L * sizeof(double));
        coagg_ur_detrend(w->buf, NULL, L, o->exo);
        double S = 0, s2s = 0, ee = 0;
        for (int j = 0; j < L; j++) {
            S += w->buf[j];
            s2s += S * S;
            ee += w->buf[j] * w->buf[j];
        }
        double eta = s2s / ((double) L * L), r2 = d->uscale[i] * d->uscale[i];
        double sc = d->uscale[i] * d->smax;
        u->hlm[i] = eta / (ee / (L - adj));
        u->hs2[i] = ee / (L - adj) * sc * sc;
        num += eta * r2;
        het += u->hlm[i];
        ssr += ee * r2;
        df += L - adj;
    }
    double xi = o->exo == 1 ? 1.0 / 6.0 : 1.0 / 15.0;
    double zeta = o->exo == 1 ? 1.0 / 45.0 : 11.0 / 6300.0;
    double lm = (num / nok) / (ssr / df), lmh = het / nok;
    P[P_HADRI_LM] = lm;
    P[P_HADRI_LM_HET] = lmh;
    P[P_HADRI_Z] = sqrt((double) nok) * (lm - xi) / sqrt(zeta);
    P[P_HADRI_Z_HET] = sqrt((double) nok) * (lmh - xi) / sqrt(zeta);
}

/* Harris and Tzavalis: the pooled within estimator of rho in
 * y_t = rho y_{t-1} (+ individual terms), T = observations per unit
 * (balanced, no gaps); units weighted by their scale. */
static void ht_stat(const ur_data *d, const ur_opts *o, const ur_units *u, int nok,
                    coagg_urws *w, double *P)
{
    double sxy = 0, sxx = 0;
    int L = d->ulen[0], T = L - 1, exo = o->exo;
    for (int i = 0; i < d->N; i++) {
        if (u->status[i] != 0) continue;
        const double *yi = d->y + d->ust[i];
        memcpy(w->buf, yi + 1, (size_t) T * sizeof(double));
        memcpy(w->e, yi, (size_t) T * sizeof(double));
        coagg_ur_detrend(w->buf, NULL, T, exo);
        coagg_ur_detrend(w->e, NULL, T, exo);
        double uxy = 0, uxx = 0, r2 = d->uscale[i] * d->uscale[i];
        for (int j = 0; j < T; j++) {
            uxy += w->buf[j] * w->e[j];
            uxx += w->e[j] * w->e[j];
        }
        sxy += uxy * r2;
        sxx += uxx * r2;
    }
    double Td = T, B, C;
    if (exo == 0) {
        B = 0.0;
        C = 2.0 / (Td * (Td - 1.0));
    } else if (exo == 1) {
        B = -3.0 / (Td + 1.0);
        C = 3.0 * (17.0 * Td * Td - 20.0 * Td + 17.0) / (5.0 * (Td - 1.0) * pow(Td + 1.0, 3.0));
    } else {
        B = -15.0 / (2.0 * (Td + 2.0));
        C = 15.0 * (193.0 * Td * Td - 728.0 * Td + 1147.0) /
            (112.0 * pow(Td + 2.0, 3.0) * (Td - 2.0));
    }
    if (!(sxx > 0)) return;
    double rh = sxy / sxx;
    P[P_HT_RHO] = rh;
    P[P_HT_B] = B;
    P[P_HT_C] = C;
    P[P_HT_Z] = sqrt((double) nok) * (rh - 1.0 - B) / sqrt(C);
    P[P_HT_T] = Td;
}

/* ------------------------------------------------------------------------ */
/* Entry point                                                              */
/* ------------------------------------------------------------------------ */

/*
 * .Call(C_panel_unitroot, y, tc, ustart, ulen, lags, maxlag, opts)
 *   y, tc   the series and its calendar positions, sorted by unit and time
 *   ustart, ulen   0-based start and length of each unit
 *   lags    integer per unit: the fixed lag (lag_method 0)
 *   maxlag  integer per unit: the largest lag considered (methods 1-3)
 *   opts    named list, see decode_opts()
 * Returns list(units = per-unit vectors, panel = named panel statistics,
 * status = 0, or 1 + the unit at which LAPACK failed; R turns it into an
 * error).
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
                      SEXP smaxlag, SEXP sopts)
{
    ur_opts o = decode_opts(sopts);
    check_panel_args(sy, stc, sstart, slen, slags, smaxlag, o.span);
    const int N = LENGTH(sstart);
    const int *fixed_lags = INTEGER(slags), *umax = INTEGER(smaxlag);
    ur_data d;
    d.tc = INTEGER(stc);
    d.ust = INTEGER(sstart);
    d.ulen = INTEGER(slen);
    d.N = N;
    d.uscale = (double *) R_alloc(N > 0 ? N : 1, sizeof(double));
    double *ys = (double *) R_alloc(XLENGTH(sy) > 0 ? XLENGTH(sy) : 1, sizeof(double));
    d.smax = coagg_ur_unit_scales(REAL(sy), d.ust, d.ulen, N, d.uscale, ys);
    for (int i = 0; i < N; i++) d.uscale[i] /= d.smax;   /* relative: in (0, 1] */
    d.y = ys;

    int Lmax = 1, Pmax = 0;
    for (int i = 0; i < N; i++) {
        if (d.ulen[i] > Lmax) Lmax = d.ulen[i];
        int p = o.lag_method == 0 ? fixed_lags[i] : umax[i];
        if (p > Pmax) Pmax = p;
    }
    coagg_urws w;
    coagg_ur_alloc(&w, o.exo, o.dfcor, Lmax, Pmax, o.span);
    double *s2llc = (double *) R_alloc(N > 0 ? N : 1, sizeof(double));

    const char *onames[] = {"units", "panel", "status"};
    SEXP out = PROTECT(coagg_named_list(onames, 3));
    SEXP units = SET_VECTOR_ELT(out, 0, coagg_named_list(unit_names, N_UNIT_OUT));
    ur_units u = alloc_units(units, N);
    SEXP panel = SET_VECTOR_ELT(out, 1, allocVector(REALSXP, P_N));
    SEXP pn = PROTECT(allocVector(STRSXP, P_N));
    for (int j = 0; j < P_N; j++) SET_STRING_ELT(pn, j, mkChar(panel_names[j]));
    setAttrib(panel, R_NamesSymbol, pn);
    UNPROTECT(1);
    double *P = REAL(panel);
    for (int j = 0; j < P_N; j++) P[j] = NA_REAL;
    int *status = coagg_put_int(out, 2, 1);

    ur_pool s = {0, 0, 0, 0, 0, 0, 0, 0};
    status[0] = unit_pass(&d, fixed_lags, umax, &o, &w, &u, &s, s2llc);
    if (status[0] != 0) {
        UNPROTECT(1);
        return out;
    }
    int nok = 0;
    double sumn = 0.0;
    for (int i = 0; i < N; i++)
        if (u.status[i] == 0) {
            nok++;
            sumn += u.obs[i];
        }
    double Ttilde = nok > 0 ? sumn / nok : NA_REAL;
    P[P_UNITS] = nok;
    if (nok > 0) {
        if (o.llc && s.llc_vv > 0) llc_stat(&d, &o, &s, &u, s2llc, nok, Ttilde, &w, P);
        if (o.exo > 0) ips_stat(&u, N, &o, nok, Ttilde, P);
        if (o.breitung) breitung_stat(&s, P);
        if (o.hadri && o.exo > 0) hadri_stat(&d, &o, &u, nok, &w, P);
        if (o.ht) ht_stat(&d, &o, &u, nok, &w, P);
    }
    if (o.cips) {
        /* CADF regressions on the raw series (their averages need one scale) */
        status[0] = coagg_cips(REAL(sy), d.tc, d.ust, d.ulen, N, o.exo, o.lag_method,
                               fixed_lags, umax, o.cips_lookup, &u.cadf, P + P_CIPS);
    }
    UNPROTECT(1);
    return out;
}
