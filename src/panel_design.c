/* Panel designs: the one-pass summaries of a panel (unit and period means,
 * columns without within variation), designs made column by column on
 * request (raw, within, two-way, quasi-demeaned, with appended columns),
 * and the least-squares fits on them, including the within regression and
 * the GLS fit stacked on its factor. See panel.h. */
#define USE_FC_LEN_T
#include <R.h>
#include <Rinternals.h>
#include <R_ext/Lapack.h>
#include <R_ext/BLAS.h>
#include <math.h>
#include <string.h>
#include <float.h>
#ifndef FCONE
#define FCONE
#endif
#include "panel.h"

/* ------------------------------------------------------------------------ */
/* Summaries                                                                */

static void unit_means(panel_t *p)
{
    const int n = p->n, k = p->k, ng = p->ng;
    const int *g = p->g;
    p->Tg = (int *) R_alloc((size_t) ng, sizeof(int));
    p->ybar = (double *) R_alloc((size_t) ng, sizeof(double));
    p->xbar = (double *) R_alloc((size_t) ng * k, sizeof(double));
    memset(p->Tg, 0, (size_t) ng * sizeof(int));
    memset(p->ybar, 0, (size_t) ng * sizeof(double));
    memset(p->xbar, 0, (size_t) ng * k * sizeof(double));
    for (int i = 0; i < n; i++) { p->Tg[g[i]]++; p->ybar[g[i]] += p->y[i]; }
    for (int j = 0; j < k; j++) {
        const double *x = p->xc[j];
        double *m = p->xbar + (size_t) j * ng;
        if (x) for (int i = 0; i < n; i++) m[g[i]] += x[i];
    }
    for (int h = 0; h < ng; h++) {
        double t = (double) p->Tg[h];
        p->ybar[h] /= t;
        for (int j = 0; j < k; j++) {
            double *m = p->xbar + h + (size_t) j * ng;
            *m = p->xc[j] ? *m / t : 1.0;
        }
    }
    double s = 0.0;
    for (int i = 0; i < n; i++) s += p->y[i];
    p->ymean = s / n;
    p->xmean = (double *) R_alloc((size_t) k, sizeof(double));
    for (int j = 0; j < k; j++) {
        double a = 0.0;
        for (int h = 0; h < ng; h++) a += p->Tg[h] * p->xbar[h + (size_t) j * ng];
        p->xmean[j] = a / n;
    }
}

/*
 * Columns without within variation. A column is time-invariant when no
 * unit shows a deviation from its unit mean beyond the rounding error of
 * computing that mean. Summing T_g values in order and dividing by T_g
 * errs by at most about (T_g - 1) eps max_{i in g}|x_i|, and the
 * subtraction adds one more rounding, so deviations up to tol_ti (T_g + 1)
 * eps max_{i in g}|x_i| are rounding (tol_ti, a small safety factor, comes
 * from R), and any larger one is genuine within variation. The scale is the
 * unit's level, because that is what rounding error is proportional to: a
 * test relative to the level with a loose tolerance (or relative to the
 * spread between units) would drop a regressor at level 3e9 whose
 * within-unit standard deviation is 1, which is perfectly estimable.
 */
static void constant_within(panel_t *p)
{
    const int n = p->n, k = p->k, ng = p->ng;
    p->constw = (int *) R_alloc((size_t) (k > 0 ? k : 1), sizeof(int));
    double *umax = (double *) R_alloc((size_t) ng, sizeof(double));
    double *udev = (double *) R_alloc((size_t) ng, sizeof(double));
    for (int j = 0; j < k; j++) {
        const double *x = p->xc[j];
        const double *m = p->xbar + (size_t) j * ng;
        p->constw[j] = 1;
        if (!x) continue;
        memset(umax, 0, (size_t) ng * sizeof(double));
        memset(udev, 0, (size_t) ng * sizeof(double));
        for (int i = 0; i < n; i++) {
            int h = p->g[i];
            double a = fabs(x[i]), w = fabs(x[i] - m[h]);
            if (a > umax[h]) umax[h] = a;
            if (w > udev[h]) udev[h] = w;
        }
        for (int h = 0; h < ng; h++) {
            double bound = p->tol_ti * ((double) p->Tg[h] + 1.0) * DBL_EPSILON * umax[h];
            if (udev[h] > bound) { p->constw[j] = 0; break; }
        }
    }
}

void panel_summarise(panel_t *p)
{
    unit_means(p);
    constant_within(p);
    p->ytbar = p->xtbar = NULL;
}

/* Period means of y and of every column (two-way demeaning). */
void panel_period_means(panel_t *p)
{
    const int n = p->n, k = p->k, nt = p->nt;
    const int *tc = p->tc;
    int *cnt = (int *) R_alloc((size_t) nt, sizeof(int));
    p->ytbar = (double *) R_alloc((size_t) nt, sizeof(double));
    p->xtbar = (double *) R_alloc((size_t) nt * k, sizeof(double));
    memset(cnt, 0, (size_t) nt * sizeof(int));
    memset(p->ytbar, 0, (size_t) nt * sizeof(double));
    memset(p->xtbar, 0, (size_t) nt * k * sizeof(double));
    for (int i = 0; i < n; i++) { cnt[tc[i]]++; p->ytbar[tc[i]] += p->y[i]; }
    for (int j = 0; j < k; j++) {
        const double *x = p->xc[j];
        double *m = p->xtbar + (size_t) j * nt;
        if (x) for (int i = 0; i < n; i++) m[tc[i]] += x[i];
    }
    for (int t = 0; t < nt; t++) {
        double c = (double) cnt[t];
        p->ytbar[t] /= c;
        for (int j = 0; j < k; j++) {
            double *m = p->xtbar + t + (size_t) j * nt;
            *m = p->xc[j] ? *m / c : 1.0;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Designs                                                                  */

void design_init(design_t *d, const panel_t *p, int mode, const int *cols, int kb)
{
    memset(d, 0, sizeof *d);
    d->p = p;
    d->mode = mode;
    d->cols = cols;
    d->kb = kb;
    d->flag = (int *) R_alloc((size_t) p->ng, sizeof(int));
}

int design_ncol(const design_t *d)
{
    return d->kb + d->ne;
}

static void fill_base(const design_t *d, int j, double *dest)
{
    const panel_t *p = d->p;
    const int n = p->n, ng = p->ng, c = d->cols[j];
    const double *x = p->xc[c];
    const double *m = p->xbar + (size_t) c * ng;
    const int *g = p->g;
    switch (d->mode) {
    case MODE_RAW:
        if (x) memcpy(dest, x, (size_t) n * sizeof(double));
        else for (int i = 0; i < n; i++) dest[i] = 1.0;
        break;
    case MODE_WITHIN:
        if (x) for (int i = 0; i < n; i++) dest[i] = x[i] - m[g[i]];
        else for (int i = 0; i < n; i++) dest[i] = 1.0 - m[g[i]];
        break;
    case MODE_TWOWAY: {
        /* balanced panel: x - unit mean - period mean + overall mean */
        const double *mt = p->xtbar + (size_t) c * p->nt;
        const int *tc = p->tc;
        double xm = p->xmean[c];
        if (x) for (int i = 0; i < n; i++) dest[i] = x[i] - m[g[i]] - mt[tc[i]] + xm;
        else for (int i = 0; i < n; i++) dest[i] = 0.0;
        break;
    }
    default: {
        const double *th = d->theta;
        if (x) for (int i = 0; i < n; i++) dest[i] = x[i] - th[g[i]] * m[g[i]];
        else for (int i = 0; i < n; i++) dest[i] = 1.0 - th[g[i]] * m[g[i]];
    }
    }
}

static void fill_extra(const design_t *d, int e, double *dest)
{
    const panel_t *p = d->p;
    const int n = p->n, ng = p->ng;
    const int *g = p->g;
    if (d->extra == EXTRA_TIME_DUMMIES) {
        /* dummy of period e + 1 (period 0 is the base), demeaned within
         * units: 1{t = p} - 1{unit observed at p} / T_g */
        const int per = e + 1;
        const int *tc = p->tc;
        memset(d->flag, 0, (size_t) ng * sizeof(int));
        for (int i = 0; i < n; i++) if (tc[i] == per) d->flag[g[i]] = 1;
        for (int i = 0; i < n; i++) {
            int gi = g[i];
            dest[i] = (tc[i] == per ? 1.0 : 0.0) - (double) d->flag[gi] / (double) p->Tg[gi];
        }
    } else {
        /* quasi-demeaned unit mean: (1 - theta_g) xbar_g */
        const int c = d->ecols[e];
        const double *m = p->xbar + (size_t) c * ng;
        const double *th = d->theta;
        for (int i = 0; i < n; i++) dest[i] = (1.0 - th[g[i]]) * m[g[i]];
    }
}

void design_fill(void *ctx, int j, double *dest)
{
    const design_t *d = (const design_t *) ctx;
    R_CheckUserInterrupt();
    if (d->extra_first) {
        if (j < d->ne) fill_extra(d, j, dest);
        else fill_base(d, j - d->ne, dest);
    } else {
        if (j < d->kb) fill_base(d, j, dest);
        else fill_extra(d, j - d->kb, dest);
    }
}

/* ------------------------------------------------------------------------ */
/* Least squares on a design                                                */

void fit_alloc(fit_t *f, int n, int k, int want_resid)
{
    f->k = k;
    f->beta = (double *) R_alloc((size_t) k, sizeof(double));
    f->xtxinv = (double *) R_alloc((size_t) k * k, sizeof(double));
    f->aliased = (int *) R_alloc((size_t) k, sizeof(int));
    f->resid = want_resid ? (double *) R_alloc((size_t) n, sizeof(double)) : NULL;
    f->rss = 0.0;
    f->rank = 0;
}

/* as fit_alloc, with the residuals written into a caller's buffer */
void fit_alloc_buf(fit_t *f, int k, double *resid)
{
    fit_alloc(f, 0, k, 0);
    f->resid = resid;
}

void fit_design(design_t *d, const double *yt, const double *ref_norm, double *A,
                double *work, fit_t *f)
{
    int k = design_ncol(d);
    int r = coagg_ols_fill_ref(design_fill, d, d->p->n, k, yt, d->p->tol, ref_norm, A,
                               f->beta, f->resid, &f->rss, f->xtxinv, f->aliased, work);
    if (r < 0) error("LAPACK failed in the least-squares fit");
    f->rank = r;
}

/* The same fit, leaving the triangular factor R (r x r) in Rout and filling
 * f->xtxinv from it. */
void fit_design_keep_r(design_t *d, const double *yt, double *A, double *work, fit_t *f,
                       double *Rout)
{
    int k = design_ncol(d), n = d->p->n;
    int r = coagg_ols_fill(design_fill, d, n, k, yt, d->p->tol, A, f->beta, f->resid,
                           &f->rss, NULL, f->aliased, work);
    if (r < 0) error("LAPACK failed in the least-squares fit");
    f->rank = r;
    for (int b = 0; b < r; b++)
        for (int a = 0; a < r; a++)
            Rout[a + (size_t) b * r] = a <= b ? A[a + (size_t) b * n] : 0.0;
    double *C = (double *) R_alloc((size_t) (r > 0 ? r * r : 1), sizeof(double));
    memcpy(C, Rout, (size_t) r * r * sizeof(double));
    int info = 0;
    if (r > 0) {
        F77_CALL(dpotri)("U", &r, C, &r, &info FCONE);
        if (info != 0) error("LAPACK failed inverting the cross-product");
    }
    for (int j = 0, cj = 0; j < k; j++) {
        for (int i = 0, ci = 0; i < k; i++) {
            double v = NA_REAL;
            if (!f->aliased[i] && !f->aliased[j]) {
                int a = ci < cj ? ci : cj, b = ci < cj ? cj : ci;
                v = C[a + (size_t) b * r];
            }
            f->xtxinv[i + (size_t) j * k] = v;
            if (!f->aliased[i]) ci++;
        }
        if (!f->aliased[j]) cj++;
    }
}

/*
 * Least squares for a quasi-demeaned design from the within factorisation:
 * since the within and between parts of every column are orthogonal,
 *   ||y* - X* b||^2 = ||y_W - X_W b||^2 + sum_i w_i^2 (ybar_i - xbar_i'b)^2,
 * w_i = sqrt(T_i) (1 - theta_i), and ||y_W - X_W b||^2 = SSR_W + ||R_W b - c_W||^2.
 * So the GLS fit is the least-squares fit of the (r + N) x k stacked system
 * [R_W; diag(w) Xbar] b = [c_W; diag(w) ybar], whose R'R is X*'X*, and
 * SSR* = SSR_W + its residual sum of squares. theta NULL gives pooled OLS.
 * Needs a within fit of full rank (w->fast).
 */
int stacked_fit(const within_t *w, const panel_t *p, const double *theta, double *beta,
                double *rss, double *xtxinv, int *aliased)
{
    const int r = w->kwt, ng = p->ng, k = p->k, m = r + ng;
    double *S = (double *) R_alloc((size_t) m * k, sizeof(double));
    double *rhs = (double *) R_alloc((size_t) m, sizeof(double));
    memset(S, 0, (size_t) m * k * sizeof(double));
    for (int a = 0; a < r; a++) {
        rhs[a] = w->cw[a];
        for (int b = 0; b < r; b++) S[a + (size_t) w->wcols[b] * m] = w->R[a + (size_t) b * r];
    }
    for (int h = 0; h < ng; h++) {
        double wt = sqrt((double) p->Tg[h]) * (1.0 - (theta ? theta[h] : 0.0));
        rhs[r + h] = wt * p->ybar[h];
        for (int j = 0; j < k; j++) S[r + h + (size_t) j * m] = wt * p->xbar[h + (size_t) j * ng];
    }
    double *work = (double *) R_alloc(coagg_ols_work_size(m, k), sizeof(double));
    int rk = coagg_ols(S, m, m, k, rhs, p->tol, beta, NULL, rss, xtxinv, aliased, work);
    if (rk < 0) error("LAPACK failed in the least-squares fit");
    return rk;
}

/* e = y - X b over the columns with b != NA, and optionally the
 * quasi-demeaned residual e* = e - theta_g ebar_g. */
void residuals_from_beta(const panel_t *p, const double *beta, const double *theta,
                         double *e, double *estar)
{
    const int n = p->n, k = p->k, ng = p->ng;
    const int *g = p->g;
    memcpy(e, p->y, (size_t) n * sizeof(double));
    for (int j = 0; j < k; j++) {
        if (ISNA(beta[j])) continue;
        const double *x = p->xc[j];
        double b = beta[j];
        if (x) for (int i = 0; i < n; i++) e[i] -= b * x[i];
        else for (int i = 0; i < n; i++) e[i] -= b;
    }
    if (estar) {
        double *eb = (double *) R_alloc((size_t) ng, sizeof(double));
        memset(eb, 0, (size_t) ng * sizeof(double));
        for (int i = 0; i < n; i++) eb[g[i]] += e[i];
        for (int h = 0; h < ng; h++) eb[h] /= p->Tg[h];
        for (int i = 0; i < n; i++) estar[i] = e[i] - theta[g[i]] * eb[g[i]];
    }
}

/* ------------------------------------------------------------------------ */
/* The within regression                                                    */

/* Norms of the one-way within columns: the rank rule of a two-way design
 * made by demeaning, so that a column is judged as it would be with the
 * period dummies in the design ahead of it (see coagg_ols_fill_ref()). */
static double *within_norms(const within_t *w, const panel_t *p, double *scratch)
{
    design_t d1;
    int n = p->n, one = 1;
    double *nrm = (double *) R_alloc((size_t) (w->kw > 0 ? w->kw : 1), sizeof(double));
    design_init(&d1, p, MODE_WITHIN, w->wcols, w->kw);
    for (int j = 0; j < w->kw; j++) {
        design_fill(&d1, j, scratch);
        nrm[j] = F77_CALL(dnrm2)(&n, scratch, &one);
    }
    return nrm;
}

/* The within design: one-way demeaned columns; with period effects, in a
 * balanced panel the two-way demeaned columns (one pass: x - unit mean -
 * period mean + overall mean, exactly the columns net of the period
 * dummies), otherwise the one-way columns after the within-demeaned period
 * dummies (the exact two-way estimator in any panel). */
static void within_design(within_t *w, const panel_t *p, int twoways, double *yt)
{
    const int n = p->n, nt = p->nt;
    const int *g = p->g;
    int two = twoways && p->tc && nt > 1;
    int demean2 = two && p->balanced;
    design_init(&w->d, p, demean2 ? MODE_TWOWAY : MODE_WITHIN, w->wcols, w->kw);
    if (two && !demean2) {
        w->d.extra = EXTRA_TIME_DUMMIES;
        w->d.ne = nt - 1;
        w->d.extra_first = 1;
    }
    w->kwt = design_ncol(&w->d);
    if (demean2) {
        for (int i = 0; i < n; i++)
            yt[i] = p->y[i] - p->ybar[g[i]] - p->ytbar[p->tc[i]] + p->ymean;
    } else {
        for (int i = 0; i < n; i++) yt[i] = p->y[i] - p->ybar[g[i]];
    }
}

void within_fit(within_t *w, const panel_t *p, int twoways, int keep_r, double *resid,
                double *A, double *work, double *yt)
{
    const int n = p->n, k = p->k;
    w->wcols = (int *) R_alloc((size_t) (k > 0 ? k : 1), sizeof(int));
    w->kw = 0;
    for (int j = 0; j < k; j++) if (!p->constw[j]) w->wcols[w->kw++] = j;
    within_design(w, p, twoways, yt);
    const int kwt = w->kwt;
    if (resid) fit_alloc_buf(&w->f, kwt > 0 ? kwt : 1, resid);
    else fit_alloc(&w->f, n, kwt > 0 ? kwt : 1, 0);
    w->R = NULL;
    w->cw = NULL;
    if (kwt > 0) {
        if (keep_r) {
            w->R = (double *) R_alloc((size_t) kwt * kwt, sizeof(double));
            fit_design_keep_r(&w->d, yt, A, work, &w->f, w->R);
        } else {
            const double *ref = w->d.mode == MODE_TWOWAY ? within_norms(w, p, A) : NULL;
            fit_design(&w->d, yt, ref, A, work, &w->f);
        }
    } else {
        /* nothing varies within units: the within residual is y - ybar */
        double s = 0.0;
        for (int i = 0; i < n; i++) { double e = p->y[i] - p->ybar[p->g[i]]; s += e * e; }
        w->f.rss = s;
        w->f.rank = 0;
        if (w->f.resid) for (int i = 0; i < n; i++) w->f.resid[i] = p->y[i] - p->ybar[p->g[i]];
    }
    /* period effects absorbed, and the slopes mapped back to the columns of X */
    w->n_effects = w->d.mode == MODE_TWOWAY ? p->nt - 1 : 0;
    for (int e = 0; e < w->d.ne && w->d.extra == EXTRA_TIME_DUMMIES; e++)
        if (!w->f.aliased[e]) w->n_effects++;
    w->bw = (double *) R_alloc((size_t) (k > 0 ? k : 1), sizeof(double));
    w->wkeep = (int *) R_alloc((size_t) (k > 0 ? k : 1), sizeof(int));
    for (int j = 0; j < k; j++) { w->bw[j] = NA_REAL; w->wkeep[j] = 0; }
    for (int j = 0; j < w->kw && kwt > 0; j++) {
        int col = w->d.extra_first ? j + w->d.ne : j;
        if (!w->f.aliased[col]) { w->bw[w->wcols[j]] = w->f.beta[col]; w->wkeep[w->wcols[j]] = 1; }
    }
    /* The stacked GLS (see stacked_fit) needs a within fit without aliased
     * columns; otherwise the quasi-demeaned design is factored. */
    w->fast = keep_r && w->f.rank == kwt;
    if (w->fast && kwt > 0) {
        w->cw = (double *) R_alloc((size_t) kwt, sizeof(double));
        for (int a = 0; a < kwt; a++) {
            double acc = 0.0;
            for (int b = a; b < kwt; b++) acc += w->R[a + (size_t) b * kwt] * w->f.beta[b];
            w->cw[a] = acc;
        }
    }
}
