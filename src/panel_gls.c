/* Panel regression: pooled OLS, fixed effects (within, one- and two-way),
 * random-effects feasible GLS (Swamy-Arora, Wallace-Hussain, Amemiya,
 * Nerlove variance components) and the Mundlak auxiliary regression of the
 * robust Hausman test.
 *
 * The R side has built the model matrix X (n x k, column-major), the
 * response y, 0-based unit codes g (and time codes for two-way models) and
 * dropped every missing value. Rows need not be sorted: everything is done
 * through the codes. One pass forms the unit counts and means; every
 * transformed design (within, quasi-demeaned, with appended columns) is made
 * column by column into the single n x k array that the QR factorisation
 * overwrites (coagg_ols_fill), so the data are copied at most once and no
 * NT x NT matrix is ever formed.
 */
#define USE_FC_LEN_T
#include <R.h>
#include <Rinternals.h>
#include <R_ext/Lapack.h>
#include <math.h>
#include <string.h>
#include <float.h>
#ifndef FCONE
#define FCONE
#endif
#include "linalg.h"

enum { MODEL_POOLED = 0, MODEL_WITHIN = 1, MODEL_RANDOM = 2, MODEL_MUNDLAK = 3 };
enum { RE_SWAR = 0, RE_WALHUS = 1, RE_AMEMIYA = 2, RE_NERLOVE = 3 };
enum { MODE_RAW = 0, MODE_WITHIN = 1, MODE_QUASI = 2 };
enum { EXTRA_NONE = 0, EXTRA_TIME_DUMMIES = 1, EXTRA_UNIT_MEANS = 2 };

/* ------------------------------------------------------------------------ */
/* A design matrix described, not stored.                                   */

typedef struct {
    int n, ng;
    const double *const *xc; /* column j of X, or NULL for a column of ones */
    const int *g;          /* unit code of each row */
    const int *tc;         /* time code of each row (time dummies only) */
    const int *Tg;         /* observations per unit */
    const double *xbar;    /* ng x k unit means */
    const double *theta;   /* per unit (quasi-demeaning, unit means) */
    int mode;              /* MODE_* applied to the base columns */
    int kb;                /* number of base columns */
    const int *cols;       /* base column j is column cols[j] of X */
    int extra;             /* EXTRA_* */
    int ne;                /* number of extra columns */
    int extra_first;       /* extra columns come before the base ones */
    const int *ecols;      /* EXTRA_UNIT_MEANS: columns of X averaged */
    int *flag;             /* scratch, ng ints */
} design_t;

static int design_ncol(const design_t *d)
{
    return d->kb + d->ne;
}

static void fill_base(const design_t *d, int j, double *dest)
{
    const int n = d->n, ng = d->ng, c = d->cols[j];
    const double *x = d->xc[c];
    const double *m = d->xbar + (size_t) c * ng;
    const int *g = d->g;
    switch (d->mode) {
    case MODE_RAW:
        if (x) memcpy(dest, x, (size_t) n * sizeof(double));
        else for (int i = 0; i < n; i++) dest[i] = 1.0;
        break;
    case MODE_WITHIN:
        if (x) for (int i = 0; i < n; i++) dest[i] = x[i] - m[g[i]];
        else for (int i = 0; i < n; i++) dest[i] = 1.0 - m[g[i]];
        break;
    default: {
        const double *th = d->theta;
        if (x) for (int i = 0; i < n; i++) dest[i] = x[i] - th[g[i]] * m[g[i]];
        else for (int i = 0; i < n; i++) dest[i] = 1.0 - th[g[i]] * m[g[i]];
    }
    }
}

static void fill_extra(const design_t *d, int e, double *dest)
{
    const int n = d->n, ng = d->ng;
    const int *g = d->g;
    if (d->extra == EXTRA_TIME_DUMMIES) {
        /* dummy of period e + 1 (period 0 is the base), demeaned within
         * units: 1{t = p} - 1{unit observed at p} / T_g */
        const int p = e + 1;
        const int *tc = d->tc;
        memset(d->flag, 0, (size_t) ng * sizeof(int));
        for (int i = 0; i < n; i++) if (tc[i] == p) d->flag[g[i]] = 1;
        for (int i = 0; i < n; i++) {
            int gi = g[i];
            dest[i] = (tc[i] == p ? 1.0 : 0.0) - (double) d->flag[gi] / (double) d->Tg[gi];
        }
    } else {
        /* quasi-demeaned unit mean: (1 - theta_g) xbar_g */
        const int c = d->ecols[e];
        const double *m = d->xbar + (size_t) c * ng;
        const double *th = d->theta;
        for (int i = 0; i < n; i++) dest[i] = (1.0 - th[g[i]]) * m[g[i]];
    }
}

static void design_fill(void *ctx, int j, double *dest)
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
/* One least-squares fit on a design and its cluster-robust meat.           */

typedef struct {
    int k, rank;
    double *beta, *xtxinv, *resid, rss;
    int *aliased;
} fit_t;

static void fit_alloc(fit_t *f, int n, int k, int want_resid)
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
static void fit_alloc_buf(fit_t *f, int k, double *resid)
{
    fit_alloc(f, 0, k, 0);
    f->resid = resid;
}

static void fit_design(design_t *d, const double *yt, double tol, double *A,
                       double *work, fit_t *f)
{
    int k = design_ncol(d);
    int r = coagg_ols_fill(design_fill, d, d->n, k, yt, tol, A, f->beta,
                           f->resid, &f->rss, f->xtxinv, f->aliased, work);
    if (r < 0) error("LAPACK failed in the least-squares fit");
    f->rank = r;
}

/* The same fit, leaving the triangular factor R (r x r) in Rout and filling
 * f->xtxinv from it. */
static void fit_design_keep_r(design_t *d, const double *yt, double tol, double *A,
                              double *work, fit_t *f, double *Rout)
{
    int k = design_ncol(d), n = d->n;
    int r = coagg_ols_fill(design_fill, d, n, k, yt, tol, A, f->beta,
                           f->resid, &f->rss, NULL, f->aliased, work);
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
 * SSR* = SSR_W + its residual sum of squares. theta = 0 gives pooled OLS.
 *   Rw: r x r within factor; rmap[a]: column of X of its a-th column;
 *   cw = R_W b_W (length r).
 */
static int stacked_fit(const double *Rw, int r, const int *rmap, const double *cw,
                       const double *xbar, const double *ybar, const int *Tg,
                       const double *theta, int ng, int k, double tol,
                       double *beta, double *rss, double *xtxinv, int *aliased)
{
    int m = r + ng;
    double *S = (double *) R_alloc((size_t) m * k, sizeof(double));
    double *rhs = (double *) R_alloc((size_t) m, sizeof(double));
    memset(S, 0, (size_t) m * k * sizeof(double));
    for (int a = 0; a < r; a++) {
        rhs[a] = cw[a];
        for (int b = 0; b < r; b++) S[a + (size_t) rmap[b] * m] = Rw[a + (size_t) b * r];
    }
    for (int h = 0; h < ng; h++) {
        double w = sqrt((double) Tg[h]) * (1.0 - (theta ? theta[h] : 0.0));
        rhs[r + h] = w * ybar[h];
        for (int j = 0; j < k; j++) S[r + h + (size_t) j * m] = w * xbar[h + (size_t) j * ng];
    }
    double *work = (double *) R_alloc(coagg_ols_work_size(m, k), sizeof(double));
    int rk = coagg_ols(S, m, m, k, rhs, tol, beta, NULL, rss, xtxinv, aliased, work);
    if (rk < 0) error("LAPACK failed in the least-squares fit");
    return rk;
}

/* e = y - X b over the columns with b != NA, and optionally the
 * quasi-demeaned residual e* = e - theta_g ebar_g. */
static void residuals_from_beta(int n, int k, int ng, const double *const *xc,
                                const double *y, const int *g, const int *Tg,
                                const double *beta, const double *theta,
                                double *e, double *estar)
{
    memcpy(e, y, (size_t) n * sizeof(double));
    for (int j = 0; j < k; j++) {
        if (ISNA(beta[j])) continue;
        const double *x = xc[j];
        double b = beta[j];
        if (x) for (int i = 0; i < n; i++) e[i] -= b * x[i];
        else for (int i = 0; i < n; i++) e[i] -= b;
    }
    if (estar) {
        double *eb = (double *) R_alloc((size_t) ng, sizeof(double));
        memset(eb, 0, (size_t) ng * sizeof(double));
        for (int i = 0; i < n; i++) eb[g[i]] += e[i];
        for (int h = 0; h < ng; h++) eb[h] /= Tg[h];
        for (int i = 0; i < n; i++) estar[i] = e[i] - theta[g[i]] * eb[g[i]];
    }
}

/* Cluster-robust covariance by unit, without the small-sample factor:
 * (Z'Z)^{-1} [sum_g s_g s_g'] (Z'Z)^{-1}, s_g = sum_{i in g} z_i u_i, on
 * the kept columns; NA_REAL in the rows and columns of aliased ones.
 * Computed as W W' with W = (Z'Z)^{-1} [s_1 ... s_G], so that it is exactly
 * symmetric with a non-negative diagonal: the product P M P left rounding
 * error of either sign in the variance of a coefficient whose cluster
 * variance is zero (fewer clusters than coefficients), and its square root
 * was NaN (fuzz finding). */
static void cluster_vcov(design_t *d, const fit_t *f, const double *u,
                         double *scratch, double *V)
{
    const int n = d->n, ng = d->ng, k = f->k;
    int r = 0;
    int *map = (int *) R_alloc((size_t) (k > 0 ? k : 1), sizeof(int));
    for (int j = 0; j < k; j++) map[j] = f->aliased[j] ? -1 : r++;
    double *S = (double *) R_alloc((size_t) ng * (r > 0 ? r : 1), sizeof(double));
    memset(S, 0, (size_t) ng * (r > 0 ? r : 1) * sizeof(double));
    for (int j = 0; j < k; j++) {
        if (map[j] < 0) continue;
        design_fill(d, j, scratch);
        double *s = S + (size_t) map[j] * ng;
        for (int i = 0; i < n; i++) s[d->g[i]] += scratch[i] * u[i];
    }
    /* P = kept block of (Z'Z)^{-1} */
    double *P = (double *) R_alloc((size_t) (r > 0 ? r * r : 1), sizeof(double));
    for (int j = 0; j < k; j++) {
        if (map[j] < 0) continue;
        for (int i = 0; i < k; i++) {
            if (map[i] < 0) continue;
            P[map[i] + (size_t) map[j] * r] = f->xtxinv[i + (size_t) j * k];
        }
    }
    /* W = P S', r x ng: column h is P s_h */
    double *W = (double *) R_alloc((size_t) (r > 0 ? r : 1) * ng, sizeof(double));
    for (int h = 0; h < ng; h++)
        for (int a = 0; a < r; a++) {
            double acc = 0.0;
            for (int c = 0; c < r; c++) acc += P[a + (size_t) c * r] * S[h + (size_t) c * ng];
            W[a + (size_t) h * r] = acc;
        }
    for (int j = 0; j < k; j++)
        for (int i = 0; i <= j; i++) {
            double v = NA_REAL;
            if (map[i] >= 0 && map[j] >= 0) {
                double acc = 0.0;
                for (int h = 0; h < ng; h++)
                    acc += W[map[i] + (size_t) h * r] * W[map[j] + (size_t) h * r];
                v = acc;
            }
            V[i + (size_t) j * k] = V[j + (size_t) i * k] = v;
        }
}

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

/* trace(A B) for k x k column-major A, B restricted to rows/cols with
 * keep[j] != 0 */
static double trace_prod(const double *A, const double *B, int k, const int *keep)
{
    double t = 0.0;
    for (int i = 0; i < k; i++) {
        if (!keep[i]) continue;
        for (int j = 0; j < k; j++) {
            if (!keep[j]) continue;
            t += A[i + (size_t) j * k] * B[j + (size_t) i * k];
        }
    }
    return t;
}

static void matmul_keep(const double *A, const double *B, int k, const int *keep, double *C)
{
    for (int j = 0; j < k; j++)
        for (int i = 0; i < k; i++) {
            double acc = 0.0;
            if (keep[i] && keep[j])
                for (int c = 0; c < k; c++)
                    if (keep[c]) acc += A[i + (size_t) c * k] * B[c + (size_t) j * k];
            C[i + (size_t) j * k] = acc;
        }
}

/* sum_g w_g z_g z_g' over unit means (k x k), for columns with keep != 0 */
static void weighted_means_crossprod(const double *xbar, int ng, int k,
                                     const double *w, const double *center,
                                     const int *keep, double *S)
{
    for (int a = 0; a < k; a++)
        for (int b = 0; b <= a; b++) {
            double acc = 0.0;
            if (keep[a] && keep[b]) {
                const double *xa = xbar + (size_t) a * ng, *xb = xbar + (size_t) b * ng;
                double ca = center ? center[a] : 0.0, cb = center ? center[b] : 0.0;
                for (int h = 0; h < ng; h++) acc += w[h] * (xa[h] - ca) * (xb[h] - cb);
            }
            S[a + (size_t) b * k] = S[b + (size_t) a * k] = acc;
        }
}

static SEXP real_vec(const double *x, int n)
{
    SEXP v = allocVector(REALSXP, n);
    if (n > 0) memcpy(REAL(v), x, (size_t) n * sizeof(double));
    return v;
}

static SEXP real_mat(const double *x, int r, int c)
{
    SEXP v = allocMatrix(REALSXP, r, c);
    if (r > 0 && c > 0) memcpy(REAL(v), x, (size_t) r * c * sizeof(double));
    return v;
}

static SEXP int_vec(const int *x, int n)
{
    SEXP v = allocVector(INTSXP, n);
    if (n > 0) memcpy(INTEGER(v), x, (size_t) n * sizeof(int));
    return v;
}

static double sq(double x) { return x * x; }

/* Status codes of C_panel_fit: conditions that R turns into classed errors
 * (a result with only `status` and `info` is returned instead of a fit). */
enum { STATUS_OK = 0, STATUS_BETWEEN_DF = 1, STATUS_WITHIN_DF = 2 };

static SEXP status_result(int status, int a, int b)
{
    const char *names[] = {"status", "info"};
    SEXP out = PROTECT(coagg_named_list(names, 2));
    SET_VECTOR_ELT(out, 0, ScalarInteger(status));
    SEXP info = allocVector(INTSXP, 2);
    SET_VECTOR_ELT(out, 1, info);
    INTEGER(info)[0] = a;
    INTEGER(info)[1] = b;
    UNPROTECT(1);
    return out;
}

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

/* ------------------------------------------------------------------------ */
/* The entry point                                                          */

/*
 * C_panel_fit(y, X, g, ng, tcode, nt, iopt, dopt, theta_in, ecols)
 *
 *   iopt: model, method, stata_components, balanced, twoways, cluster,
 *         intercept column (0-based, -1 if none)
 *   dopt: rank tolerance, time-invariance safety factor (a multiple of the
 *         rounding error of a unit mean; see "columns without within variation")
 *   theta_in: per-unit theta (Mundlak auxiliary regression only)
 *   ecols: 0-based columns of X whose unit means enter the Mundlak regression
 */
SEXP C_panel_fit(SEXP sy, SEXP sX, SEXP sg, SEXP sng, SEXP stc, SEXP snt,
                 SEXP siopt, SEXP sdopt, SEXP stheta, SEXP secols)
{
    const int n = length(sy);
    const int k = isNewList(sX) ? length(sX) : ncols(sX);
    const int ng = asInteger(sng);
    const int nt = asInteger(snt);
    const int *iopt = INTEGER(siopt);
    const double *dopt = REAL(sdopt);
    const int model = iopt[0], method = iopt[1], stata_vc = iopt[2];
    const int balanced = iopt[3], twoways = iopt[4], want_cluster = iopt[5];
    const int icol = iopt[6];
    const double tol = dopt[0], tol_ti = dopt[1];
    const double *y = REAL(sy);
    const int *g = INTEGER(sg);
    const int *tc = length(stc) == n ? INTEGER(stc) : NULL;

    if (n < 1 || k < 1 || ng < 1) error("empty panel");

    /* The design comes as a matrix or as a list of columns (NULL = ones),
     * which spares R the model-matrix copy of plain numeric regressors. */
    const double **xc = (const double **) R_alloc((size_t) k, sizeof(double *));
    if (isNewList(sX)) {
        for (int j = 0; j < k; j++) {
            SEXP c = VECTOR_ELT(sX, j);
            if (isNull(c)) xc[j] = NULL;
            else if (TYPEOF(c) == REALSXP && XLENGTH(c) == n) xc[j] = REAL(c);
            else error("design column %d is not a double vector of length %d", j + 1, n);
        }
    } else {
        if (TYPEOF(sX) != REALSXP || nrows(sX) != n) error("X must be a double matrix with n rows");
        for (int j = 0; j < k; j++) xc[j] = REAL(sX) + (size_t) j * n;
    }

    /* ---- one pass: counts, unit means of y and of every column ---- */
    int *Tg = (int *) R_alloc((size_t) ng, sizeof(int));
    double *ybar = (double *) R_alloc((size_t) ng, sizeof(double));
    double *xbar = (double *) R_alloc((size_t) ng * k, sizeof(double));
    memset(Tg, 0, (size_t) ng * sizeof(int));
    memset(ybar, 0, (size_t) ng * sizeof(double));
    memset(xbar, 0, (size_t) ng * k * sizeof(double));
    for (int i = 0; i < n; i++) { Tg[g[i]]++; ybar[g[i]] += y[i]; }
    for (int j = 0; j < k; j++) {
        const double *x = xc[j];
        double *m = xbar + (size_t) j * ng;
        if (x) for (int i = 0; i < n; i++) m[g[i]] += x[i];
    }
    for (int h = 0; h < ng; h++) {
        double t = (double) Tg[h];
        ybar[h] /= t;
        for (int j = 0; j < k; j++) {
            double *m = xbar + h + (size_t) j * ng;
            *m = xc[j] ? *m / t : 1.0;
        }
    }
    double ymean = 0.0;
    for (int i = 0; i < n; i++) ymean += y[i];
    ymean /= n;
    double *xmean = (double *) R_alloc((size_t) k, sizeof(double));
    for (int j = 0; j < k; j++) {
        double s = 0.0;
        for (int h = 0; h < ng; h++) s += Tg[h] * xbar[h + (size_t) j * ng];
        xmean[j] = s / n;
    }

    int *allcols = (int *) R_alloc((size_t) k, sizeof(int));
    for (int j = 0; j < k; j++) allcols[j] = j;
    int *flag = (int *) R_alloc((size_t) ng, sizeof(int));

    design_t d;
    memset(&d, 0, sizeof d);
    d.n = n; d.ng = ng; d.xc = xc; d.g = g; d.tc = tc; d.Tg = Tg; d.xbar = xbar;
    d.flag = flag; d.cols = allcols; d.kb = k;

    /* ---- columns without within variation ----
     * A column is time-invariant when no unit shows a deviation from its
     * unit mean beyond the rounding error of computing that mean. Summing
     * T_g values in order and dividing by T_g errs by at most about
     * (T_g - 1) eps max_{i in g}|x_i|, and the subtraction adds one more
     * rounding, so deviations up to tol_ti (T_g + 1) eps max_{i in g}|x_i|
     * are rounding (tol_ti, a small safety factor, comes from R), and any
     * larger one is genuine within variation. The scale is the unit's level,
     * because that is what rounding error is proportional to: a test
     * relative to the level with a loose tolerance (or relative to the
     * spread between units) would drop a regressor at level 3e9 whose
     * within-unit standard deviation is 1, which is perfectly estimable. */
    int *constw = (int *) R_alloc((size_t) k, sizeof(int));
    double *umax = (double *) R_alloc((size_t) ng, sizeof(double));
    double *udev = (double *) R_alloc((size_t) ng, sizeof(double));
    for (int j = 0; j < k; j++) {
        const double *x = xc[j];
        const double *m = xbar + (size_t) j * ng;
        if (!x) { constw[j] = 1; continue; }
        memset(umax, 0, (size_t) ng * sizeof(double));
        memset(udev, 0, (size_t) ng * sizeof(double));
        for (int i = 0; i < n; i++) {
            int h = g[i];
            double a = fabs(x[i]), w = fabs(x[i] - m[h]);
            if (a > umax[h]) umax[h] = a;
            if (w > udev[h]) udev[h] = w;
        }
        constw[j] = 1;
        for (int h = 0; h < ng; h++) {
            double bound = tol_ti * ((double) Tg[h] + 1.0) * DBL_EPSILON * umax[h];
            if (udev[h] > bound) { constw[j] = 0; break; }
        }
    }

    /* n-vectors returned to R, written in place */
    SEXP s_rt = PROTECT(allocVector(REALSXP, n));
    SEXP s_fit = PROTECT(allocVector(REALSXP, model == MODEL_MUNDLAK ? 0 : n));
    SEXP s_res = PROTECT(allocVector(REALSXP, model == MODEL_MUNDLAK ? 0 : n));

    int ne_dum = (twoways && tc && nt > 1) ? nt - 1 : 0;
    int kmax = k + ne_dum;
    if (model == MODEL_MUNDLAK) kmax = k + length(secols);
    double *A = (double *) R_alloc((size_t) n * (kmax > 0 ? kmax : 1), sizeof(double));
    double *work = (double *) R_alloc(coagg_ols_fill_work_size(n, kmax), sizeof(double));
    double *yt = (double *) R_alloc((size_t) n, sizeof(double));

    /* outputs common to all models */
    fit_t fin;           /* the reported fit */
    design_t dfin;       /* its design */
    double sig2[2] = {NA_REAL, NA_REAL}, sig2raw[2] = {NA_REAL, NA_REAL};
    /* M holds the coefficients of the two moment equations, row by row:
     * E(q_w) = M[0] s2e + M[1] s2u, E(q_b) = M[2] s2e + M[3] s2u */
    double quad[2] = {NA_REAL, NA_REAL}, Mmat[4] = {NA_REAL, NA_REAL, NA_REAL, NA_REAL};
    double *theta = NULL;
    double *alpha = NULL;
    int kw_nonconst = 0, rank_within = NA_INTEGER, rank_between = NA_INTEGER;

    if (model == MODEL_POOLED) {
        dfin = d;
        dfin.mode = MODE_RAW;
        fit_alloc_buf(&fin, k, REAL(s_rt));
        fit_design(&dfin, y, tol, A, work, &fin);
    } else if (model == MODEL_WITHIN || model == MODEL_RANDOM) {
        /* ---- within regression (all methods except Wallace-Hussain need it,
         *      and it is the FE model itself) ---- */
        int *wcols = (int *) R_alloc((size_t) k, sizeof(int));
        int kw = 0;
        for (int j = 0; j < k; j++) if (!constw[j]) wcols[kw++] = j;
        kw_nonconst = kw;
        design_t dw = d;
        dw.mode = MODE_WITHIN;
        dw.cols = wcols;
        dw.kb = kw;
        if (model == MODEL_WITHIN && ne_dum > 0) {
            dw.extra = EXTRA_TIME_DUMMIES;
            dw.ne = ne_dum;
            dw.extra_first = 1;
        }
        fit_t fw;
        int need_within = 1;
        int kwt = design_ncol(&dw);
        double *Rw = NULL;
        if (model == MODEL_WITHIN) fit_alloc_buf(&fw, kwt > 0 ? kwt : 1, REAL(s_rt));
        else fit_alloc(&fw, n, kwt > 0 ? kwt : 1, 0);
        if (need_within && kwt > 0) {
            for (int i = 0; i < n; i++) yt[i] = y[i] - ybar[g[i]];
            if (model == MODEL_RANDOM) {
                Rw = (double *) R_alloc((size_t) kwt * kwt, sizeof(double));
                fit_design_keep_r(&dw, yt, tol, A, work, &fw, Rw);
            } else {
                fit_design(&dw, yt, tol, A, work, &fw);
            }
            rank_within = fw.rank;
        } else if (need_within) {
            /* nothing varies within units: the within residual is y - ybar */
            double s = 0.0;
            for (int i = 0; i < n; i++) { double e = y[i] - ybar[g[i]]; s += e * e; }
            fw.rss = s;
            fw.rank = 0;
            rank_within = 0;
            if (fw.resid) for (int i = 0; i < n; i++) fw.resid[i] = y[i] - ybar[g[i]];
        }
        /* within slope coefficients mapped back to the columns of X */
        double *bw = (double *) R_alloc((size_t) k, sizeof(double));
        for (int j = 0; j < k; j++) bw[j] = NA_REAL;
        int *wkeep = (int *) R_alloc((size_t) k, sizeof(int));
        memset(wkeep, 0, (size_t) k * sizeof(int));
        if (need_within)
            for (int j = 0; j < kw; j++) {
                int col = dw.extra_first ? j + dw.ne : j;
                if (kwt > 0 && !fw.aliased[col]) { bw[wcols[j]] = fw.beta[col]; wkeep[wcols[j]] = 1; }
            }

        /* The stacked fast path (see stacked_fit) needs a within fit without
         * aliased columns; otherwise the quasi-demeaned design is factored. */
        int fast = model == MODEL_RANDOM && rank_within == kwt;
        double *cw = NULL;
        if (fast && kwt > 0) {
            cw = (double *) R_alloc((size_t) kwt, sizeof(double));
            for (int a = 0; a < kwt; a++) {
                double acc = 0.0;
                for (int b = a; b < kwt; b++) acc += Rw[a + (size_t) b * kwt] * fw.beta[b];
                cw[a] = acc;
            }
        }

        if (model == MODEL_WITHIN) {
            dfin = dw;
            fin = fw;
            if (kwt == 0) {
                fin.k = 0;
            }
            if (!twoways) {
                alpha = (double *) R_alloc((size_t) ng, sizeof(double));
                for (int h = 0; h < ng; h++) {
                    double a = ybar[h];
                    for (int j = 0; j < k; j++)
                        if (wkeep[j]) a -= xbar[h + (size_t) j * ng] * bw[j];
                    alpha[h] = a;
                }
            }
        } else {
            /* ---- random effects: variance components ---- */
            const double O = (double) n, N = (double) ng;
            double Tconst = (double) Tg[0];
            double sumT2 = 0.0;
            for (int h = 0; h < ng; h++) sumT2 += sq((double) Tg[h]);
            double *w1 = (double *) R_alloc((size_t) ng, sizeof(double));
            double *w2 = (double *) R_alloc((size_t) ng, sizeof(double));
            for (int h = 0; h < ng; h++) { w1[h] = Tg[h]; w2[h] = sq((double) Tg[h]); }
            int has_int = icol >= 0;
            double s2e = NA_REAL, s2u = NA_REAL;

            /* sigma2_e comes from the within residuals (except under
             * Wallace-Hussain), which need degrees of freedom: n - N minus
             * the within columns counted as the method counts them (see
             * the note on kw_nonconst below). R has checked n > N already. */
            if (method != RE_WALHUS) {
                int kdf = (!balanced && (method == RE_SWAR || method == RE_AMEMIYA)) ?
                    kw_nonconst : rank_within;
                if (n - ng - kdf <= 0) {
                    UNPROTECT(3);
                    return status_result(STATUS_WITHIN_DF, n - ng, kdf);
                }
            }

            if (method == RE_SWAR) {
                /* between regression on unit means, weighted by T_g (plm,
                 * EViews: Baltagi-Chang) or unweighted (Stata) */
                int weighted = !(stata_vc && !balanced);
                double *B = (double *) R_alloc((size_t) ng * k, sizeof(double));
                double *yb = (double *) R_alloc((size_t) ng, sizeof(double));
                for (int h = 0; h < ng; h++) {
                    double sw = weighted ? sqrt((double) Tg[h]) : 1.0;
                    yb[h] = sw * ybar[h];
                    for (int j = 0; j < k; j++) B[h + (size_t) j * ng] = sw * xbar[h + (size_t) j * ng];
                }
                double *bb = (double *) R_alloc((size_t) k, sizeof(double));
                double *Pb = (double *) R_alloc((size_t) k * k, sizeof(double));
                int *alb = (int *) R_alloc((size_t) k, sizeof(int));
                double *wb = (double *) R_alloc(coagg_ols_work_size(ng, k), sizeof(double));
                double rssb = 0.0;
                int rb = coagg_ols(B, ng, ng, k, yb, tol, bb, NULL, &rssb, Pb, alb, wb);
                if (rb < 0) error("LAPACK failed in the between regression");
                rank_between = rb;
                if ((double) rb >= N) {
                    /* no degrees of freedom left for sigma2_u: R words the error */
                    UNPROTECT(3);
                    return status_result(STATUS_BETWEEN_DF, rb, ng);
                }
                quad[0] = fw.rss;
                quad[1] = rssb;
                /* Within degrees of freedom. The balanced formulas subtract the
                 * rank of the within fit, the unbalanced ones (Baltagi-Chang's
                 * exact expectations, here and for Stata and Amemiya below)
                 * the number of columns that vary within units, aliased or not
                 * (kw_nonconst). This is plm 2.6's ercomp(): with dfcor = 2
                 * (its balanced default) it counts the within model's
                 * estimated coefficients, with dfcor = 3 (unbalanced) the
                 * columns of the within model matrix after removing the
                 * time-invariant ones. The two counts differ only when a
                 * column that varies within units is collinear with others
                 * after demeaning (age = year - birth beside factor(year));
                 * following plm keeps its numbers reproducible in that case. */
                if (balanced) {
                    double mw = O - N - (double) rank_within;
                    double mb = N - (double) (rb - has_int) - 1.0;
                    s2e = fw.rss / mw;
                    s2u = (rssb - mb * s2e) / (Tconst * mb);
                    Mmat[0] = mw; Mmat[1] = 0.0; Mmat[2] = mb; Mmat[3] = Tconst * mb;
                } else if (!stata_vc) {
                    double mw = O - N - (double) kw_nonconst;
                    int *kb = (int *) R_alloc((size_t) k, sizeof(int));
                    for (int j = 0; j < k; j++) kb[j] = !alb[j];
                    /* trace((sum T z z')^-1 (sum T^2 z z')) */
                    double *S2 = (double *) R_alloc((size_t) k * k, sizeof(double));
                    weighted_means_crossprod(xbar, ng, k, w2, NULL, kb, S2);
                    double tr = trace_prod(Pb, S2, k, kb);
                    double mnu = N - (double) rb, meta = O - tr;
                    Mmat[0] = mw; Mmat[1] = 0.0; Mmat[2] = mnu; Mmat[3] = meta;
                    s2e = fw.rss / mw;
                    s2u = (rssb - mnu * s2e) / meta;
                } else {
                    /* Stata's xtreg, re: sigma_u^2 = SSR_b / (N - K) - sigma_e^2 / T_h,
                     * T_h the harmonic mean of T_g */
                    double mw = O - N - (double) kw_nonconst;
                    double sinv = 0.0;
                    for (int h = 0; h < ng; h++) sinv += 1.0 / Tg[h];
                    double Th = N / sinv;
                    s2e = fw.rss / mw;
                    s2u = rssb / (N - (double) rb) - s2e / Th;
                    Mmat[0] = mw; Mmat[1] = 0.0; Mmat[2] = (N - (double) rb); Mmat[3] = Th * (N - (double) rb);
                }
            } else if (method == RE_WALHUS || method == RE_AMEMIYA) {
                /* residuals of pooled OLS (Wallace-Hussain) or of the within
                 * fit with the overall intercept (Amemiya); their within and
                 * between quadratic forms */
                double *e = yt; /* reuse */
                fit_t fp;
                int *kp = (int *) R_alloc((size_t) k, sizeof(int));
                if (method == RE_WALHUS) {
                    if (fast) {
                        fit_alloc(&fp, n, k, 0);
                        double rs = 0.0;
                        fp.rank = stacked_fit(Rw, kwt, wcols, cw, xbar, ybar, Tg, NULL, ng, k,
                                              tol, fp.beta, &rs, fp.xtxinv, fp.aliased);
                        residuals_from_beta(n, k, ng, xc, y, g, Tg, fp.beta, NULL, e, NULL);
                    } else {
                        design_t dp = d;
                        dp.mode = MODE_RAW;
                        fit_alloc(&fp, n, k, 1);
                        fit_design(&dp, y, tol, A, work, &fp);
                        memcpy(e, fp.resid, (size_t) n * sizeof(double));
                    }
                    for (int j = 0; j < k; j++) kp[j] = !fp.aliased[j];
                } else {
                    double c = 0.0;
                    for (int i = 0; i < n; i++) {
                        double f = 0.0;
                        for (int j = 0; j < k; j++) if (wkeep[j]) f += (xc[j] ? xc[j][i] : 1.0) * bw[j];
                        e[i] = y[i] - f;
                        c += e[i];
                    }
                    c /= n;
                    for (int i = 0; i < n; i++) e[i] -= c;
                }
                double *eb = (double *) R_alloc((size_t) ng, sizeof(double));
                memset(eb, 0, (size_t) ng * sizeof(double));
                for (int i = 0; i < n; i++) eb[g[i]] += e[i];
                for (int h = 0; h < ng; h++) eb[h] /= Tg[h];
                double q1 = 0.0, q2 = 0.0;
                for (int i = 0; i < n; i++) q1 += sq(e[i] - eb[g[i]]);
                for (int h = 0; h < ng; h++) q2 += Tg[h] * sq(eb[h]);
                quad[0] = q1; quad[1] = q2;
                double mwn, mwe, min_, mie;
                if (balanced) {
                    mwn = O - N; mwe = 0.0; min_ = N; mie = Tconst * N;
                } else if (method == RE_WALHUS) {
                    double *S1 = (double *) R_alloc((size_t) k * k, sizeof(double));
                    double *S2 = (double *) R_alloc((size_t) k * k, sizeof(double));
                    double *PS1 = (double *) R_alloc((size_t) k * k, sizeof(double));
                    double *PS2 = (double *) R_alloc((size_t) k * k, sizeof(double));
                    weighted_means_crossprod(xbar, ng, k, w1, NULL, kp, S1);
                    weighted_means_crossprod(xbar, ng, k, w2, NULL, kp, S2);
                    matmul_keep(fp.xtxinv, S1, k, kp, PS1);
                    matmul_keep(fp.xtxinv, S2, k, kp, PS2);
                    double trPS1 = 0.0, trPS2 = 0.0;
                    for (int j = 0; j < k; j++) if (kp[j]) { trPS1 += PS1[j + (size_t) j * k]; trPS2 += PS2[j + (size_t) j * k]; }
                    double trPS1PS2 = trace_prod(PS1, PS2, k, kp);
                    mwn = O - N - ((double) fp.rank - trPS1);
                    mwe = trPS2 - trPS1PS2;
                    min_ = N - trPS1;
                    mie = O - 2.0 * trPS2 + trPS1PS2;
                } else {
                    /* Amemiya (Wansbeek-Kapteyn), unbalanced */
                    double *S1 = (double *) R_alloc((size_t) k * k, sizeof(double));
                    double *PW = (double *) R_alloc((size_t) k * k, sizeof(double));
                    /* (X_W'X_W)^-1 over the kept within columns, as k x k */
                    for (int a = 0; a < k * k; a++) PW[a] = 0.0;
                    for (int a = 0; a < kw; a++) {
                        if (fw.aliased[a]) continue;
                        for (int b = 0; b < kw; b++) {
                            if (fw.aliased[b]) continue;
                            PW[wcols[a] + (size_t) wcols[b] * k] = fw.xtxinv[a + (size_t) b * kwt];
                        }
                    }
                    weighted_means_crossprod(xbar, ng, k, w1, xmean, wkeep, S1);
                    mwn = O - N - (double) kw_nonconst;
                    mwe = 0.0;
                    min_ = N - 1.0 + trace_prod(PW, S1, k, wkeep);
                    mie = O - sumT2 / O;
                }
                Mmat[0] = mwn; Mmat[1] = mwe; Mmat[2] = min_; Mmat[3] = mie;
                double det = mwn * mie - mwe * min_;
                s2e = (q1 * mie - mwe * q2) / det;
                s2u = (mwn * q2 - min_ * q1) / det;
            } else {
                /* Nerlove: sigma_e^2 = SSR_w / O and the dispersion of the
                 * fixed effects */
                quad[0] = fw.rss;
                s2e = fw.rss / O;
                double *al = (double *) R_alloc((size_t) ng, sizeof(double));
                double am = 0.0;
                for (int h = 0; h < ng; h++) {
                    double a = ybar[h];
                    for (int j = 0; j < k; j++) if (wkeep[j]) a -= xbar[h + (size_t) j * ng] * bw[j];
                    al[h] = a;
                    am += (balanced ? 1.0 : (double) Tg[h]) * a;
                }
                am /= balanced ? N : O;
                double s = 0.0;
                for (int h = 0; h < ng; h++) {
                    double dm = al[h] - am;
                    s += balanced ? dm * dm : dm * dm * Tg[h] / O;
                }
                s2u = balanced ? s / (N - 1.0) : s * N / (N - 1.0);
                quad[1] = s;
            }
            sig2raw[0] = s2e; sig2raw[1] = s2u;
            sig2[0] = s2e < 0.0 ? 0.0 : s2e;
            sig2[1] = s2u < 0.0 ? 0.0 : s2u;

            theta = (double *) R_alloc((size_t) ng, sizeof(double));
            for (int h = 0; h < ng; h++) {
                double den = Tg[h] * sig2[1] + sig2[0];
                theta[h] = den > 0.0 ? 1.0 - sqrt(sig2[0] / den) : 0.0;
            }

            /* ---- GLS on the quasi-demeaned data ---- */
            dfin = d;
            dfin.mode = MODE_QUASI;
            dfin.theta = theta;
            for (int i = 0; i < n; i++) yt[i] = y[i] - theta[g[i]] * ybar[g[i]];
            fit_alloc_buf(&fin, k, REAL(s_rt));
            if (fast) {
                double rs = 0.0;
                fin.rank = stacked_fit(Rw, kwt, wcols, cw, xbar, ybar, Tg, theta, ng, k,
                                       tol, fin.beta, &rs, fin.xtxinv, fin.aliased);
                fin.rss = fw.rss + rs;
                residuals_from_beta(n, k, ng, xc, y, g, Tg, fin.beta, theta, REAL(s_res),
                                    fin.resid);
            } else {
                fit_design(&dfin, yt, tol, A, work, &fin);
            }
        }
    } else if (model == MODEL_MUNDLAK) {
        if (length(stheta) != ng) error("theta must have one value per unit");
        dfin = d;
        dfin.mode = MODE_QUASI;
        dfin.theta = REAL(stheta);
        dfin.extra = EXTRA_UNIT_MEANS;
        dfin.ne = length(secols);
        dfin.ecols = INTEGER(secols);
        for (int i = 0; i < n; i++) yt[i] = y[i] - dfin.theta[g[i]] * ybar[g[i]];
        fit_alloc_buf(&fin, k + dfin.ne, REAL(s_rt));
        fit_design(&dfin, yt, tol, A, work, &fin);
    } else {
        error("unknown model code %d", model);
    }

    const int kf = fin.k;

    /* ---- cluster-robust covariance by unit ---- */
    double *Vcl = NULL;
    if (want_cluster && kf > 0) {
        Vcl = (double *) R_alloc((size_t) kf * kf, sizeof(double));
        cluster_vcov(&dfin, &fin, fin.resid, A, Vcl);
    }

    /* ---- statistics on the original scale ---- */
    double *xb = NULL, *res_u = NULL;
    double stats[12];
    for (int s = 0; s < 12; s++) stats[s] = NA_REAL;
    if (model != MODEL_MUNDLAK) {
        /* base coefficient of each column of X */
        double *bx = (double *) R_alloc((size_t) k, sizeof(double));
        for (int j = 0; j < k; j++) bx[j] = NA_REAL;
        for (int j = 0; j < dfin.kb; j++) {
            int col = dfin.extra_first ? j + dfin.ne : j;
            if (kf > 0 && !fin.aliased[col]) bx[dfin.cols[j]] = fin.beta[col];
        }
        xb = REAL(s_fit);
        memset(xb, 0, (size_t) n * sizeof(double));
        for (int j = 0; j < k; j++) {
            if (ISNA(bx[j])) continue;
            const double *x = xc[j];
            double b = bx[j];
            if (x) for (int i = 0; i < n; i++) xb[i] += b * x[i];
            else for (int i = 0; i < n; i++) xb[i] += b;
        }
        res_u = REAL(s_res);
        for (int i = 0; i < n; i++) res_u[i] = y[i] - xb[i];
        /* transformed response: y (pooled), within y, quasi-demeaned y */
        const double *ys = y;
        if (model == MODEL_WITHIN) {
            for (int i = 0; i < n; i++) yt[i] = y[i] - ybar[g[i]];
            ys = yt;
        } else if (model == MODEL_RANDOM) {
            ys = yt; /* still holds y* */
        }
        double mt = 0.0, tsst = 0.0;
        for (int i = 0; i < n; i++) mt += ys[i];
        mt /= n;
        for (int i = 0; i < n; i++) tsst += sq(ys[i] - mt);
        double tssu = 0.0, rssu = 0.0;
        for (int i = 0; i < n; i++) { tssu += sq(y[i] - ymean); rssu += sq(res_u[i]); }
        /* cor(y*, y* - e*)^2 */
        /* A is free now: reuse it as scratch for two n-vectors */
        double *fit_t_ = A;
        double *yw = kmax >= 2 ? A + (size_t) n : (double *) R_alloc((size_t) n, sizeof(double));
        if (kf > 0) {
            for (int i = 0; i < n; i++) fit_t_[i] = ys[i] - fin.resid[i];
            stats[0] = cor2(ys, fit_t_, n);
        }
        stats[1] = tsst;
        stats[2] = mt;
        stats[3] = tssu;
        stats[4] = rssu;
        stats[5] = ymean;
        /* Stata's R-squared: overall, within, between */
        stats[6] = cor2(y, xb, n);
        double *xbm = (double *) R_alloc((size_t) ng, sizeof(double));
        memset(xbm, 0, (size_t) ng * sizeof(double));
        for (int i = 0; i < n; i++) xbm[g[i]] += xb[i];
        for (int h = 0; h < ng; h++) xbm[h] /= Tg[h];
        for (int i = 0; i < n; i++) { fit_t_[i] = xb[i] - xbm[g[i]]; yw[i] = y[i] - ybar[g[i]]; }
        stats[7] = cor2(yw, fit_t_, n);
        stats[8] = ng > 1 ? cor2(ybar, xbm, ng) : NA_REAL;
        stats[9] = fin.rss;
        if (model == MODEL_WITHIN) {
            /* fitted values include the fixed effects; the residuals are the
             * within residuals */
            for (int i = 0; i < n; i++) { res_u[i] = fin.resid[i]; xb[i] = y[i] - res_u[i]; }
        }
    }

    const char *names[] = {"coefficients", "xtxinv", "rss", "rank", "aliased",
                           "resid_transformed", "fitted", "residuals",
                           "sigma2", "sigma2_raw", "theta", "quad", "M",
                           "t_i", "unit_mean_y", "alpha", "vcov_cluster",
                           "stats", "x_mean", "y_mean", "const_within",
                           "rank_within", "rank_between", "k_within_nonconst", "status"};
    int nout = 25;
    SEXP out = PROTECT(coagg_named_list(names, nout));
    SET_VECTOR_ELT(out, 0, real_vec(fin.beta, kf));
    SET_VECTOR_ELT(out, 1, real_mat(fin.xtxinv, kf, kf));
    SET_VECTOR_ELT(out, 2, ScalarReal(fin.rss));
    SET_VECTOR_ELT(out, 3, ScalarInteger(fin.rank));
    SET_VECTOR_ELT(out, 4, int_vec(fin.aliased, kf));
    SET_VECTOR_ELT(out, 5, model == MODEL_MUNDLAK ? R_NilValue : s_rt);
    SET_VECTOR_ELT(out, 6, xb ? s_fit : R_NilValue);
    SET_VECTOR_ELT(out, 7, res_u ? s_res : R_NilValue);
    SET_VECTOR_ELT(out, 8, real_vec(sig2, 2));
    SET_VECTOR_ELT(out, 9, real_vec(sig2raw, 2));
    SET_VECTOR_ELT(out, 10, theta ? real_vec(theta, ng) : R_NilValue);
    SET_VECTOR_ELT(out, 11, real_vec(quad, 2));
    SET_VECTOR_ELT(out, 12, real_vec(Mmat, 4));
    SET_VECTOR_ELT(out, 13, int_vec(Tg, ng));
    SET_VECTOR_ELT(out, 14, real_vec(ybar, ng));
    SET_VECTOR_ELT(out, 15, alpha ? real_vec(alpha, ng) : R_NilValue);
    SET_VECTOR_ELT(out, 16, Vcl ? real_mat(Vcl, kf, kf) : R_NilValue);
    SET_VECTOR_ELT(out, 17, real_vec(stats, 12));
    SET_VECTOR_ELT(out, 18, real_vec(xmean, k));
    SET_VECTOR_ELT(out, 19, ScalarReal(ymean));
    SET_VECTOR_ELT(out, 20, int_vec(constw, k));
    SET_VECTOR_ELT(out, 21, ScalarInteger(rank_within));
    SET_VECTOR_ELT(out, 22, ScalarInteger(rank_between));
    SET_VECTOR_ELT(out, 23, ScalarInteger(kw_nonconst));
    SET_VECTOR_ELT(out, 24, ScalarInteger(STATUS_OK));
    UNPROTECT(4);
    return out;
}
