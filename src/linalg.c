/* Small dense least squares through R's LAPACK, shared by the C kernels.
 * See linalg.h for the contract. */
#define USE_FC_LEN_T
#include <R.h>
#include <Rinternals.h>
#include <R_ext/Lapack.h>
#include <R_ext/BLAS.h>
#include <math.h>
#include <string.h>
#ifndef FCONE
#define FCONE
#endif
#include "linalg.h"

static int lapack_lwork(int k)
{
    return 64 * (k + 1);
}

size_t coagg_ols_work_size(int n, int k)
{
    if (n < 1) n = 1;
    if (k < 1) k = 1;
    return (size_t) n * (size_t) k + (size_t) n + 4 * (size_t) k +
        (size_t) lapack_lwork(k);
}

size_t coagg_ols_fill_work_size(int n, int k)
{
    if (n < 1) n = 1;
    if (k < 1) k = 1;
    return (size_t) n + 4 * (size_t) k + (size_t) lapack_lwork(k);
}

/* Column source for coagg_ols(): a stored matrix. */
typedef struct {
    const double *X;
    int ldx, n;
} stored_t;

static void fill_stored(void *ctx, int j, double *dest)
{
    const stored_t *s = (const stored_t *) ctx;
    memcpy(dest, s->X + (size_t) j * s->ldx, (size_t) s->n * sizeof(double));
}

/* Fill the kept columns j >= from (source order) into A starting at
 * position pos (leading dimension n). Returns the position after the last. */
static int fill_kept_from(coagg_fill_fn fill, void *ctx, int n, int k,
                          const int *drop, int from, int pos, double *A)
{
    for (int j = from; j < k; j++) {
        if (drop[j]) continue;
        fill(ctx, j, A + (size_t) pos * n);
        pos++;
    }
    return pos;
}

/*
 * The QR factorisation with lm's rank rule: column j is aliased when the
 * part of it orthogonal to the kept columns before it has norm at most tol
 * times its own norm (or times ref_norm[j], when ref_norm is not NULL). The kept columns are factored in order; at the first
 * aliased column found, the factorisation is kept up to it, the column is
 * dropped, and the trailing columns are refilled and factored again after
 * the leading reflectors are applied to them (so that an aliased column
 * never contributes a reflector that would distort the later ones).
 *
 * On return A (n x r) and tau hold the factorisation of the r kept columns,
 * drop[] marks the aliased ones, and qty = Q'y. Returns r, or -1 on a LAPACK
 * error.
 */
static int ols_core(coagg_fill_fn fill, void *ctx, int n, int k, const double *y,
                    double tol, const double *ref_norm, double *A, int *drop,
                    double *cnorm, double *tau, double *qty, double *lw, int lwork)
{
    int info = 0, one = 1;
    int anyzero = 0;
    for (int j = 0; j < k; j++) {
        double *col = A + (size_t) j * n;
        fill(ctx, j, col);
        /* BLAS dnrm2 scales as it accumulates: sqrt(sum x^2) computed
         * naively overflows for |x| > 1e154 and underflows to 0 for
         * |x| < 1e-162, which made such columns look aliased */
        cnorm[j] = F77_CALL(dnrm2)(&n, col, &one);
        drop[j] = !(cnorm[j] > 0.0) || !R_FINITE(cnorm[j]);
        anyzero |= drop[j];
    }
    int r = anyzero ? fill_kept_from(fill, ctx, n, k, drop, 0, 0, A) : k;

    int c0 = 0; /* columns 0..c0-1 are factored and kept */
    while (c0 < r) {
        int nt = r - c0;
        if (c0 > 0) {
            F77_CALL(dormqr)("L", "T", &n, &nt, &c0, A, &n, tau, A + (size_t) c0 * n, &n,
                             lw, &lwork, &info FCONE FCONE);
            if (info != 0) return -1;
        }
        int m2 = n - c0;
        if (m2 > 0) {
            F77_CALL(dgeqrf)(&m2, &nt, A + c0 + (size_t) c0 * n, &n, tau + c0, lw, &lwork, &info);
            if (info != 0) return -1;
        }
        /* the first aliased column at or after c0 */
        int c = 0, jbad = -1, cbad = -1;
        for (int j = 0; j < k && jbad < 0; j++) {
            if (drop[j]) continue;
            if (c >= c0) {
                double rjj = (c < n) ? fabs(A[(size_t) c * n + c]) : 0.0;
                double ref = ref_norm ? ref_norm[j] : cnorm[j];
                if (!(rjj > tol * ref)) { jbad = j; cbad = c; }
            }
            c++;
        }
        if (jbad < 0) break;
        if (cbad >= n) {
            /* n columns are kept already: every later one is aliased */
            for (int j = jbad; j < k; j++) drop[j] = 1;
            r = cbad;
            break;
        }
        drop[jbad] = 1;
        r = fill_kept_from(fill, ctx, n, k, drop, jbad + 1, cbad, A);
        c0 = cbad;
    }

    memcpy(qty, y, (size_t) n * sizeof(double));
    if (r > 0) {
        F77_CALL(dormqr)("L", "T", &n, &one, &r, A, &n, tau, qty, &n, lw, &lwork,
                         &info FCONE FCONE);
        if (info != 0) return -1;
    }
    return r;
}

/* Solve, and write rss, beta, aliased and (X'X)^-1 from the factorisation. */
static int ols_finish(int n, int k, int r, double *A, const int *drop,
                      const double *qty, double *sol, double *beta, double *rss,
                      int *aliased)
{
    int info = 0, one = 1;
    if (r > 0) {
        memcpy(sol, qty, (size_t) r * sizeof(double));
        F77_CALL(dtrtrs)("U", "N", "N", &r, &one, A, &n, sol, &r, &info
                         FCONE FCONE FCONE);
        if (info != 0) return -1;
    }
    double s = 0.0;
    for (int i = r; i < n; i++) s += qty[i] * qty[i];
    *rss = s;
    for (int j = 0, c = 0; j < k; j++) {
        if (aliased) aliased[j] = drop[j];
        beta[j] = drop[j] ? NA_REAL : sol[c++];
    }
    return 0;
}

static int ols_xtxinv(int n, int k, int r, double *A, const int *drop, double *xtxinv)
{
    int info = 0;
    if (r > 0) {
        /* R'R = X'X over the kept columns; dpotri inverts from R. */
        F77_CALL(dpotri)("U", &r, A, &n, &info FCONE);
        if (info != 0) return -1;
    }
    for (int j = 0, cj = 0; j < k; j++) {
        for (int i = 0, ci = 0; i < k; i++) {
            double v = NA_REAL;
            if (!drop[i] && !drop[j]) {
                int a = ci < cj ? ci : cj, b = ci < cj ? cj : ci;
                v = A[(size_t) b * n + a];
            }
            xtxinv[(size_t) j * k + i] = v;
            if (!drop[i]) ci++;
        }
        if (!drop[j]) cj++;
    }
    return 0;
}

int coagg_ols(const double *X, int ldx, int n, int k, const double *y,
              double tol, double *beta, double *resid, double *rss,
              double *xtxinv, int *aliased, double *work)
{
    if (n < 1 || k < 1) return 0;
    double *A = work;
    double *qty = A + (size_t) n * k;
    double *tau = qty + n;
    double *cnorm = tau + k;
    double *sol = cnorm + k;
    int *drop = (int *) (sol + k);      /* k ints fit in k doubles */
    double *lw = sol + 2 * (size_t) k;
    int lwork = lapack_lwork(k);
    stored_t src = {X, ldx, n};

    int r = ols_core(fill_stored, &src, n, k, y, tol, NULL, A, drop, cnorm, tau, qty, lw,
                     lwork);
    if (r < 0) return -1;
    if (ols_finish(n, k, r, A, drop, qty, sol, beta, rss, aliased) < 0) return -1;

    if (resid) {
        memcpy(resid, y, (size_t) n * sizeof(double));
        for (int j = 0; j < k; j++) {
            if (drop[j]) continue;
            const double *xj = X + (size_t) j * ldx;
            double b = beta[j];
            for (int i = 0; i < n; i++) resid[i] -= b * xj[i];
        }
    }
    if (xtxinv && ols_xtxinv(n, k, r, A, drop, xtxinv) < 0) return -1;
    return r;
}

int coagg_ols_fill(coagg_fill_fn fill, void *ctx, int n, int k,
                   const double *y, double tol, double *A, double *beta,
                   double *resid, double *rss, double *xtxinv, int *aliased,
                   double *work)
{
    return coagg_ols_fill_ref(fill, ctx, n, k, y, tol, NULL, A, beta, resid, rss, xtxinv,
                              aliased, work);
}

int coagg_ols_fill_ref(coagg_fill_fn fill, void *ctx, int n, int k,
                       const double *y, double tol, const double *ref_norm, double *A,
                       double *beta, double *resid, double *rss, double *xtxinv,
                       int *aliased, double *work)
{
    if (n < 1 || k < 1) return 0;
    double *qty = work;
    double *tau = qty + n;
    double *cnorm = tau + k;
    double *sol = cnorm + k;
    int *drop = (int *) (sol + k);      /* k ints fit in k doubles */
    double *lw = sol + 2 * (size_t) k;
    int lwork = lapack_lwork(k), info = 0, one = 1;

    int r = ols_core(fill, ctx, n, k, y, tol, ref_norm, A, drop, cnorm, tau, qty, lw, lwork);
    if (r < 0) return -1;
    if (ols_finish(n, k, r, A, drop, qty, sol, beta, rss, aliased) < 0) return -1;

    if (resid) {
        /* resid = Q (0, ..., 0, qty[r:n]) */
        memset(resid, 0, (size_t) r * sizeof(double));
        if (n > r) memcpy(resid + r, qty + r, (size_t) (n - r) * sizeof(double));
        if (r > 0) {
            F77_CALL(dormqr)("L", "N", &n, &one, &r, A, &n, tau, resid, &n, lw,
                             &lwork, &info FCONE FCONE);
            if (info != 0) return -1;
        }
    }
    if (xtxinv && ols_xtxinv(n, k, r, A, drop, xtxinv) < 0) return -1;
    return r;
}
