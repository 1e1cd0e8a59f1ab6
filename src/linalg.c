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
 * times its own norm. The kept columns are factored in order; at the first
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
                    double tol, double *A, int *drop, double *cnorm, double *tau,
                    double *qty, double *lw, int lwork)
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
                if (!(rjj > tol * cnorm[j])) { jbad = j; cbad = c; }
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

    int r = ols_core(fill_stored, &src, n, k, y, tol, A, drop, cnorm, tau, qty, lw, lwork);
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
    if (n < 1 || k < 1) return 0;
    double *qty = work;
    double *tau = qty + n;
    double *cnorm = tau + k;
    double *sol = cnorm + k;
    int *drop = (int *) (sol + k);      /* k ints fit in k doubles */
    double *lw = sol + 2 * (size_t) k;
    int lwork = lapack_lwork(k), info = 0, one = 1;

    int r = ols_core(fill, ctx, n, k, y, tol, A, drop, cnorm, tau, qty, lw, lwork);
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

/* .Call entry for tests and for R-side fits of small problems:
 * ols_fit(X, y, tol) -> list(coefficients, residuals, rss, rank, xtxinv, aliased) */
SEXP C_ols_fit(SEXP sX, SEXP sy, SEXP stol)
{
    if (!isReal(sX) || !isMatrix(sX)) error("X must be a double matrix");
    if (!isReal(sy)) error("y must be a double vector");
    SEXP dim = getAttrib(sX, R_DimSymbol);
    int n = INTEGER(dim)[0], k = INTEGER(dim)[1];
    if (XLENGTH(sy) != (R_xlen_t) n)
        error("y has length %lld but X has %d rows", (long long) XLENGTH(sy), n);
    double tol = asReal(stol);
    if (!R_FINITE(tol) || tol < 0.0) error("tol must be a finite non-negative number");
    SEXP out = PROTECT(allocVector(VECSXP, 6));
    SEXP beta = PROTECT(allocVector(REALSXP, k));
    SEXP res = PROTECT(allocVector(REALSXP, n));
    SEXP xi = PROTECT(allocMatrix(REALSXP, k, k));
    SEXP al = PROTECT(allocVector(LGLSXP, k));
    double *work = (double *) R_alloc(coagg_ols_work_size(n, k), sizeof(double));
    double rss = NA_REAL;
    int *alias = (int *) R_alloc((size_t) (k > 0 ? k : 1), sizeof(int));
    int rank = coagg_ols(REAL(sX), n, n, k, REAL(sy), tol, REAL(beta), REAL(res),
                         &rss, REAL(xi), alias, work);
    if (rank < 0) error("LAPACK failed in the least-squares fit");
    for (int j = 0; j < k; j++) LOGICAL(al)[j] = alias[j];
    SET_VECTOR_ELT(out, 0, beta);
    SET_VECTOR_ELT(out, 1, res);
    SET_VECTOR_ELT(out, 2, ScalarReal(rss));
    SET_VECTOR_ELT(out, 3, ScalarInteger(rank));
    SET_VECTOR_ELT(out, 4, xi);
    SET_VECTOR_ELT(out, 5, al);
    SEXP nms = PROTECT(allocVector(STRSXP, 6));
    const char *nm[6] = {"coefficients", "residuals", "rss", "rank", "xtxinv", "aliased"};
    for (int i = 0; i < 6; i++) SET_STRING_ELT(nms, i, mkChar(nm[i]));
    setAttrib(out, R_NamesSymbol, nms);
    UNPROTECT(6);
    return out;
}
