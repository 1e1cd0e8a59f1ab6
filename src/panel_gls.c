/* Panel regression, the entry point: pooled OLS, fixed effects (within,
 * one- and two-way), random-effects feasible GLS (Swamy-Arora,
 * Wallace-Hussain, Amemiya, Nerlove variance components) and the Mundlak
 * auxiliary regression of the robust Hausman test. C_panel_fit decodes its
 * arguments, dispatches to the fit of the model, and packs the result; the
 * work is in panel_design.c, panel_ercomp.c and panel_vcov.c (panel.h). */
#include <R.h>
#include <Rinternals.h>
#include <math.h>
#include <string.h>
#include "panel.h"
#include "rapi.h"

/* The robust covariances besides the cluster-by-unit one. */
enum { ROBUST_NONE = 0, ROBUST_DK = 1, ROBUST_TWOWAY = 2 };

/* Options of one call (read by name from R's list). */
typedef struct {
    int model, method, stata_vc, twoways, cluster;
    int robust, dk_lag, ones;  /* ROBUST_*, Driscoll-Kraay lag, intercept scores */
    const double *theta_in;    /* Mundlak: theta per unit */
    const int *ecols;          /* Mundlak: columns whose unit means enter */
    int ne;
} opts_t;

/* Scratch shared by the fits. */
typedef struct {
    double *A, *work;          /* n x kmax design, QR workspace */
    double *yt;                /* the transformed response */
    double *resid;             /* residuals of the reported fit */
    double *e;                 /* n more doubles */
    int kmax;
} scratch_t;

/* What a fit returns. */
typedef struct {
    fit_t fin;                 /* the reported fit */
    design_t dfin;             /* its design */
    int kout;                  /* output columns: k (k + ne for Mundlak) */
    int *pos;                  /* position in fin of output column j, or -1 */
    ercomp_t ec;
    double sig2[2];            /* components, truncated at zero */
    double *theta, *alpha;
    int rank, rank_within, n_effects;
} result_t;

/* ------------------------------------------------------------------------ */
/* Decoding                                                                 */

static void decode(panel_t *p, opts_t *o, SEXP sy, SEXP sX, SEXP sg, SEXP stc, SEXP sopts)
{
    if (TYPEOF(sy) != REALSXP || TYPEOF(sg) != INTSXP || TYPEOF(stc) != INTSXP ||
        TYPEOF(sX) != VECSXP) error("panel kernel: bad argument types");
    memset(p, 0, sizeof *p);
    p->n = LENGTH(sy);
    p->k = LENGTH(sX);
    p->ng = coagg_opt_int(sopts, "n_units");
    p->nt = coagg_opt_int(sopts, "n_periods");
    p->y = REAL(sy);
    p->g = INTEGER(sg);
    p->balanced = coagg_opt_int(sopts, "balanced");
    p->icol = coagg_opt_int(sopts, "intercept");
    p->tol = coagg_opt_real(sopts, "tol_rank");
    p->tol_ti = coagg_opt_real(sopts, "tol_time_invariant");
    o->model = coagg_opt_int(sopts, "model");
    o->method = coagg_opt_int(sopts, "re_method");
    o->stata_vc = coagg_opt_int(sopts, "stata_components");
    o->twoways = coagg_opt_int(sopts, "twoways");
    o->cluster = coagg_opt_int(sopts, "cluster");
    o->robust = coagg_opt_int(sopts, "robust");
    o->dk_lag = coagg_opt_int(sopts, "dk_lag");
    o->ones = coagg_opt_int(sopts, "intercept_scores");
    if (o->robust < ROBUST_NONE || o->robust > ROBUST_TWOWAY || o->dk_lag < 0 ||
        (o->ones && (p->icol < 0 || p->icol >= p->k)))
        error("panel kernel: bad covariance options");
    if (p->n < 1 || p->k < 1 || p->ng < 1) error("empty panel");
    if (LENGTH(sg) != p->n) error("panel kernel: unit codes must have one value per row");
    for (int i = 0; i < p->n; i++)
        if (p->g[i] < 0 || p->g[i] >= p->ng) error("panel kernel: unit code out of range");
    p->tc = NULL;
    if (LENGTH(stc) == p->n) {
        p->tc = INTEGER(stc);
        for (int i = 0; i < p->n; i++)
            if (p->tc[i] < 0 || p->tc[i] >= p->nt) error("panel kernel: period code out of range");
    }
    if (o->robust != ROBUST_NONE && !p->tc) error("panel kernel: period codes needed");
    /* X: a list of the k columns, NULL standing for a column of ones */
    const double **xc = (const double **) R_alloc((size_t) p->k, sizeof(double *));
    for (int j = 0; j < p->k; j++) {
        SEXP c = VECTOR_ELT(sX, j);
        if (isNull(c)) xc[j] = NULL;
        else if (TYPEOF(c) == REALSXP && XLENGTH(c) == p->n) xc[j] = REAL(c);
        else error("design column %d is not a double vector of length %d", j + 1, p->n);
    }
    p->xc = xc;
    o->theta_in = NULL;
    o->ecols = NULL;
    o->ne = 0;
    if (o->model == MODEL_MUNDLAK) {
        R_xlen_t nth = 0, ne = 0;
        o->theta_in = coagg_opt_reals(sopts, "theta", &nth);
        o->ecols = coagg_opt_ints(sopts, "mean_columns", &ne);
        if (nth != p->ng) error("theta must have one value per unit");
        for (R_xlen_t e = 0; e < ne; e++)
            if (o->ecols[e] < 0 || o->ecols[e] >= p->k) error("mean column out of range");
        o->ne = (int) ne;
    }
}

static void scratch_alloc(scratch_t *s, const panel_t *p, const opts_t *o)
{
    const int n = p->n;
    int ne_dum = (o->twoways && p->tc && p->nt > 1 && !p->balanced) ? p->nt - 1 : 0;
    s->kmax = o->model == MODEL_MUNDLAK ? p->k + o->ne : p->k + ne_dum;
    s->A = (double *) R_alloc((size_t) n * (s->kmax > 1 ? s->kmax : 2), sizeof(double));
    s->work = (double *) R_alloc(coagg_ols_fill_work_size(n, s->kmax), sizeof(double));
    s->yt = (double *) R_alloc((size_t) n, sizeof(double));
    s->resid = (double *) R_alloc((size_t) n, sizeof(double));
    s->e = (double *) R_alloc((size_t) n, sizeof(double));
}

static int *identity_pos(int k)
{
    int *pos = (int *) R_alloc((size_t) (k > 0 ? k : 1), sizeof(int));
    for (int j = 0; j < k; j++) pos[j] = j;
    return pos;
}

/* ------------------------------------------------------------------------ */
/* The fits                                                                 */

static void fit_pooled(result_t *r, const panel_t *p, scratch_t *s)
{
    design_init(&r->dfin, p, MODE_RAW, identity_pos(p->k), p->k);
    fit_alloc_buf(&r->fin, p->k, s->resid);
    fit_design(&r->dfin, p->y, NULL, s->A, s->work, &r->fin);
    memcpy(s->yt, p->y, (size_t) p->n * sizeof(double));
    r->kout = p->k;
    r->pos = identity_pos(p->k);
    r->rank = r->fin.rank;
}

static void fit_within(result_t *r, const panel_t *p, const opts_t *o, scratch_t *s)
{
    const int k = p->k, ng = p->ng;
    within_t w;
    within_fit(&w, p, o->twoways, 0, s->resid, s->A, s->work, s->yt);
    r->dfin = w.d;
    r->fin = w.f;
    if (w.kwt == 0) r->fin.k = 0;
    r->rank_within = w.kwt > 0 ? w.f.rank : 0;
    r->n_effects = w.n_effects;
    r->rank = r->rank_within - (w.d.extra == EXTRA_TIME_DUMMIES ? w.n_effects : 0);
    r->kout = k;
    r->pos = (int *) R_alloc((size_t) k, sizeof(int));
    for (int j = 0; j < k; j++) r->pos[j] = -1;
    for (int j = 0; j < w.kw && w.kwt > 0; j++)
        r->pos[w.wcols[j]] = w.d.extra_first ? j + w.d.ne : j;
    if (!o->twoways) {
        r->alpha = (double *) R_alloc((size_t) ng, sizeof(double));
        for (int h = 0; h < ng; h++) {
            double a = p->ybar[h];
            for (int j = 0; j < k; j++)
                if (w.wkeep[j]) a -= p->xbar[h + (size_t) j * ng] * w.bw[j];
            r->alpha[h] = a;
        }
    }
}

/* Random effects: the within fit, the variance components, then GLS on the
 * quasi-demeaned data (stacked on the within factor when it has full
 * rank). Returns STATUS_*. */
static int fit_random(result_t *r, const panel_t *p, const opts_t *o, scratch_t *s)
{
    const int n = p->n, k = p->k;
    within_t w;
    within_fit(&w, p, 0, 1, NULL, s->A, s->work, s->yt);
    r->rank_within = w.kwt > 0 ? w.f.rank : 0;
    ercomp_estimate(&r->ec, p, &w, o->method, o->stata_vc, s->A, s->work, s->e);
    if (r->ec.status != STATUS_OK) return r->ec.status;
    r->sig2[0] = r->ec.s2e < 0.0 ? 0.0 : r->ec.s2e;
    r->sig2[1] = r->ec.s2u < 0.0 ? 0.0 : r->ec.s2u;
    r->theta = (double *) R_alloc((size_t) p->ng, sizeof(double));
    ercomp_theta(p, r->sig2[0], r->sig2[1], r->theta);

    design_init(&r->dfin, p, MODE_QUASI, identity_pos(k), k);
    r->dfin.theta = r->theta;
    for (int i = 0; i < n; i++) s->yt[i] = p->y[i] - r->theta[p->g[i]] * p->ybar[p->g[i]];
    fit_alloc_buf(&r->fin, k, s->resid);
    if (w.fast) {
        double rs = 0.0;
        r->fin.rank = stacked_fit(&w, p, r->theta, r->fin.beta, &rs, r->fin.xtxinv,
                                  r->fin.aliased);
        r->fin.rss = w.f.rss + rs;
        residuals_from_beta(p, r->fin.beta, r->theta, s->e, r->fin.resid);
    } else {
        fit_design(&r->dfin, s->yt, NULL, s->A, s->work, &r->fin);
    }
    r->kout = k;
    r->pos = identity_pos(k);
    r->rank = r->fin.rank;
    return STATUS_OK;
}

/* Mundlak's regression on the quasi-demeaned data with the quasi-demeaned
 * unit means of some columns appended (robust Hausman test). */
static void fit_mundlak(result_t *r, const panel_t *p, const opts_t *o, scratch_t *s)
{
    const int n = p->n, k = p->k;
    design_init(&r->dfin, p, MODE_QUASI, identity_pos(k), k);
    r->dfin.theta = o->theta_in;
    r->dfin.extra = EXTRA_UNIT_MEANS;
    r->dfin.ne = o->ne;
    r->dfin.ecols = o->ecols;
    for (int i = 0; i < n; i++) s->yt[i] = p->y[i] - o->theta_in[p->g[i]] * p->ybar[p->g[i]];
    fit_alloc_buf(&r->fin, k + o->ne, s->resid);
    fit_design(&r->dfin, s->yt, NULL, s->A, s->work, &r->fin);
    r->kout = k + o->ne;
    r->pos = identity_pos(k + o->ne);
    r->rank = r->fin.rank;
}

/* ------------------------------------------------------------------------ */
/* Statistics on the original scale                                         */

/* squared correlation of two vectors */
static double cor2(const double *a, const double *b, int n)
{
    double ma = 0.0, mb = 0.0;
    for (int i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
    ma /= n; mb /= n;
    double sab = 0.0, saa = 0.0, sbb = 0.0;
    for (int i = 0; i < n; i++) {
        double da = a[i] - ma, db = b[i] - mb;
        sab += da * db; saa += da * da; sbb += db * db;
    }
    if (!(saa > 0.0) || !(sbb > 0.0)) return NA_REAL;
    return sab * sab / (saa * sbb);
}

static double sq(double x) { return x * x; }

/*
 * xb = X b and the residuals y - X b (for fixed effects: the within
 * residuals, with the fitted values including the effects), and stats:
 * cor(y*, y* - e*)^2, TSS and mean of the transformed response, TSS, SSR
 * and mean of y, Stata's R-squared overall, within and between, and the
 * SSR of the transformed fit. The transformed response is y (pooled), the
 * within-demeaned y (fixed effects) or y* (random effects, in s->yt).
 */
static void original_scale(const result_t *r, const panel_t *p, const opts_t *o,
                           scratch_t *s, double *xb, double *res, double *stats)
{
    const int n = p->n, k = p->k, ng = p->ng;
    const int *g = p->g;
    const fit_t *f = &r->fin;
    double *bx = (double *) R_alloc((size_t) k, sizeof(double));
    for (int j = 0; j < k; j++) {
        int a = r->pos[j];
        bx[j] = (a >= 0 && a < f->k && !f->aliased[a]) ? f->beta[a] : NA_REAL;
    }
    memset(xb, 0, (size_t) n * sizeof(double));
    for (int j = 0; j < k; j++) {
        if (ISNA(bx[j])) continue;
        const double *x = p->xc[j];
        if (x) for (int i = 0; i < n; i++) xb[i] += bx[j] * x[i];
        else for (int i = 0; i < n; i++) xb[i] += bx[j];
    }
    for (int i = 0; i < n; i++) res[i] = p->y[i] - xb[i];
    const double *ys = s->yt;
    if (o->model == MODEL_WITHIN) for (int i = 0; i < n; i++) s->yt[i] = p->y[i] - p->ybar[g[i]];
    double mt = 0.0, tsst = 0.0, tssu = 0.0, rssu = 0.0;
    for (int i = 0; i < n; i++) mt += ys[i];
    mt /= n;
    for (int i = 0; i < n; i++) tsst += sq(ys[i] - mt);
    for (int i = 0; i < n; i++) { tssu += sq(p->y[i] - p->ymean); rssu += sq(res[i]); }
    double *fit_t_ = s->A, *yw = s->A + (size_t) n;
    stats[0] = NA_REAL;
    if (f->k > 0) {
        for (int i = 0; i < n; i++) fit_t_[i] = ys[i] - f->resid[i];
        stats[0] = cor2(ys, fit_t_, n);
    }
    stats[1] = tsst;
    stats[2] = mt;
    stats[3] = tssu;
    stats[4] = rssu;
    stats[5] = p->ymean;
    stats[6] = cor2(p->y, xb, n);
    double *xbm = (double *) R_alloc((size_t) ng, sizeof(double));
    memset(xbm, 0, (size_t) ng * sizeof(double));
    for (int i = 0; i < n; i++) xbm[g[i]] += xb[i];
    for (int h = 0; h < ng; h++) xbm[h] /= p->Tg[h];
    for (int i = 0; i < n; i++) { fit_t_[i] = xb[i] - xbm[g[i]]; yw[i] = p->y[i] - p->ybar[g[i]]; }
    stats[7] = cor2(yw, fit_t_, n);
    stats[8] = ng > 1 ? cor2(p->ybar, xbm, ng) : NA_REAL;
    stats[9] = f->rss;
    if (o->model == MODEL_WITHIN) {
        for (int i = 0; i < n; i++) { res[i] = f->resid[i]; xb[i] = p->y[i] - res[i]; }
    }
}

/* ------------------------------------------------------------------------ */
/* Packing                                                                  */

static SEXP status_result(int status, int a, int b)
{
    const char *names[] = {"status", "info"};
    SEXP out = PROTECT(coagg_named_list(names, 2));
    SET_VECTOR_ELT(out, 0, ScalarInteger(status));
    int *info = coagg_put_int(out, 1, 2);
    info[0] = a;
    info[1] = b;
    UNPROTECT(1);
    return out;
}

static void put_reals(SEXP out, int slot, const double *x, R_xlen_t n)
{
    double *d = coagg_put_real(out, slot, n);
    if (n > 0) memcpy(d, x, (size_t) n * sizeof(double));
}

/* One robust covariance of the reported fit into slot `slot`, laid out by
 * the columns of X; with o->ones the scores of a column of ones (the
 * overall intercept EViews and Stata report with fixed effects) are in the
 * row and column of X's intercept. */
static void put_robust(SEXP out, int slot, const result_t *r, const panel_t *p,
                       const opts_t *o, scratch_t *s, int kind, const int *grp, int ng)
{
    const int kf = r->fin.k, k0 = kf + o->ones, ko = r->kout;
    double *V = (double *) R_alloc((size_t) k0 * k0, sizeof(double));
    robust_vcov(&r->dfin, &r->fin, kind, grp, ng, o->dk_lag, o->ones, s->e, V);
    int *pos = (int *) R_alloc((size_t) ko, sizeof(int));
    for (int j = 0; j < ko; j++) pos[j] = r->pos[j] >= 0 ? r->pos[j] + o->ones : -1;
    if (o->ones) pos[p->icol] = 0;
    SEXP vc = PROTECT(allocMatrix(REALSXP, ko, ko));
    expand_matrix(V, pos, k0, ko, REAL(vc));
    SET_VECTOR_ELT(out, slot, vc);
    UNPROTECT(1);
}

/* Driscoll-Kraay, or the three terms of two-way clustering (by unit, by
 * period, and White's, which counts the observations in both). */
static void pack_robust(SEXP out, const result_t *r, const panel_t *p, const opts_t *o,
                        scratch_t *s)
{
    if (o->robust == ROBUST_DK) {
        put_robust(out, 22, r, p, o, s, VC_DK, p->tc, p->nt);
        return;
    }
    put_robust(out, 23, r, p, o, s, VC_CLUSTER, p->g, p->ng);
    put_robust(out, 24, r, p, o, s, VC_CLUSTER, p->tc, p->nt);
    put_robust(out, 25, r, p, o, s, VC_CLUSTER, NULL, p->n);
}

static SEXP pack(const result_t *r, const panel_t *p, const opts_t *o, scratch_t *s)
{
    const char *names[] = {"coefficients", "xtxinv", "rss", "rank", "aliased", "fitted",
                           "residuals", "sigma2", "sigma2_raw", "theta", "quad", "M",
                           "alpha", "vcov_cluster", "stats", "x_mean", "y_mean",
                           "const_within", "rank_within", "rank_between", "n_effects",
                           "status", "vcov_dk", "vcov_unit", "vcov_time", "vcov_white"};
    const int n = p->n, k = p->k, ko = r->kout, kf = r->fin.k;
    SEXP out = PROTECT(coagg_named_list(names, 26));
    expand_vector(r->fin.beta, r->pos, kf, ko, coagg_put_real(out, 0, ko));
    SEXP xi = PROTECT(allocMatrix(REALSXP, ko, ko));
    expand_matrix(r->fin.xtxinv, r->pos, kf, ko, REAL(xi));
    SET_VECTOR_ELT(out, 1, xi);
    SET_VECTOR_ELT(out, 2, ScalarReal(r->fin.rss));
    SET_VECTOR_ELT(out, 3, ScalarInteger(r->rank));
    int *al = coagg_put_int(out, 4, ko);
    for (int j = 0; j < ko; j++) al[j] = (r->pos[j] >= 0 && r->pos[j] < kf) ? r->fin.aliased[r->pos[j]] : 0;
    if (o->model != MODEL_MUNDLAK) {
        double stats[10];
        double *xb = coagg_put_real(out, 5, n), *res = coagg_put_real(out, 6, n);
        original_scale(r, p, o, s, xb, res, stats);
        put_reals(out, 14, stats, 10);
    }
    double raw[2] = {r->ec.s2e, r->ec.s2u};
    int random = o->model == MODEL_RANDOM;
    put_reals(out, 7, random ? r->sig2 : raw, random ? 2 : 0);
    put_reals(out, 8, raw, random ? 2 : 0);
    if (r->theta) put_reals(out, 9, r->theta, p->ng);
    put_reals(out, 10, r->ec.quad, random ? 2 : 0);
    put_reals(out, 11, r->ec.M, random ? 4 : 0);
    if (r->alpha) put_reals(out, 12, r->alpha, p->ng);
    if (o->cluster && kf > 0) {
        double *V = (double *) R_alloc((size_t) kf * kf, sizeof(double));
        cluster_vcov(&r->dfin, &r->fin, s->e, V);
        SEXP vc = PROTECT(allocMatrix(REALSXP, ko, ko));
        expand_matrix(V, r->pos, kf, ko, REAL(vc));
        SET_VECTOR_ELT(out, 13, vc);
        UNPROTECT(1);
    }
    put_reals(out, 15, p->xmean, k);
    SET_VECTOR_ELT(out, 16, ScalarReal(p->ymean));
    int *cw = coagg_put_int(out, 17, k);
    memcpy(cw, p->constw, (size_t) k * sizeof(int));
    SET_VECTOR_ELT(out, 18, ScalarInteger(r->rank_within));
    SET_VECTOR_ELT(out, 19, ScalarInteger(r->ec.rank_between));
    SET_VECTOR_ELT(out, 20, ScalarInteger(r->n_effects));
    SET_VECTOR_ELT(out, 21, ScalarInteger(STATUS_OK));
    if (o->robust != ROBUST_NONE && kf > 0) pack_robust(out, r, p, o, s);
    UNPROTECT(2);
    return out;
}

/* ------------------------------------------------------------------------ */
/* The entry point                                                          */

/*
 * C_panel_fit(y, X, unit, period, options)
 *
 *   y        double, n
 *   X        list of the k design columns (double, n), NULL for a column of ones
 *   unit     0-based unit codes (integer, n)
 *   period   0-based period codes (integer, n), or integer(0) when not needed
 *   options  named list: model (0 pooled, 1 within, 2 random, 3 Mundlak),
 *            re_method (0 Swamy-Arora, 1 Wallace-Hussain, 2 Amemiya,
 *            3 Nerlove), stata_components, balanced, twoways, cluster (0/1),
 *            robust (0 none, 1 Driscoll-Kraay, 2 two-way clustering; both
 *            need the period codes), dk_lag (the Bartlett lag),
 *            intercept_scores (1: the robust covariances also carry the
 *            scores of a column of ones, in the intercept's row and
 *            column: fixed effects with a reported intercept),
 *            intercept (0-based column of X, -1 if none), n_units,
 *            n_periods, tol_rank (lm's rank tolerance), tol_time_invariant
 *            (a multiple of the rounding error of a unit mean; see
 *            panel_design.c); Mundlak only: theta (per unit) and
 *            mean_columns (0-based columns of X whose unit means enter)
 *
 * Returns a named list; the coefficients, aliased flags and covariance
 * blocks are laid out by the columns of X (NA for a column not estimated),
 * with the Mundlak means after them. Conditions that need the user's
 * attention come back as list(status, info) instead (STATUS_*).
 */
SEXP C_panel_fit(SEXP sy, SEXP sX, SEXP sg, SEXP stc, SEXP sopts)
{
    panel_t p;
    opts_t o;
    scratch_t s;
    result_t r;
    decode(&p, &o, sy, sX, sg, stc, sopts);
    panel_summarise(&p);
    if (o.model == MODEL_WITHIN && o.twoways && p.balanced && p.tc && p.nt > 1)
        panel_period_means(&p);
    scratch_alloc(&s, &p, &o);
    memset(&r, 0, sizeof r);
    r.rank_within = NA_INTEGER;
    r.ec.rank_between = NA_INTEGER;
    r.ec.s2e = r.ec.s2u = NA_REAL;
    switch (o.model) {
    case MODEL_POOLED: fit_pooled(&r, &p, &s); break;
    case MODEL_WITHIN: fit_within(&r, &p, &o, &s); break;
    case MODEL_RANDOM:
        if (fit_random(&r, &p, &o, &s) != STATUS_OK)
            return status_result(r.ec.status, r.ec.info[0], r.ec.info[1]);
        break;
    case MODEL_MUNDLAK: fit_mundlak(&r, &p, &o, &s); break;
    default: error("unknown model code %d", o.model);
    }
    return pack(&r, &p, &o, &s);
}
