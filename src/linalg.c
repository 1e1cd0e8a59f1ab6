/* Small dense least squares through R's LAPACK, shared by the C kernels.
 * See linalg.h for the contract. */
#define USE_FC_LEN_T
#include <R.h>
#include <Rinternals.h>
#include <R_ext/Lapack.h>
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

/* Copy the kept columns of X into A (n x r, leading dimension n). */
static int copy_kept(const double *X, int ldx, int n, int k,
                     const int *drop, double *A)
{
    int r = 0;
    for (int j = 0; j < k; j++) {
        if (drop[j]) continue;
        memcpy(A + (size_t) r * n, X + (size_t) j * ldx, (size_t) n * sizeof(double));
        r++;
    }
    return r;
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
    int lwork = lapack_lwork(k), info = 0, one = 1;

    for (int j = 0; j < k; j++) {
        const double *xj = X + (size_t) j * ldx;
        double s = 0.0;
        for (int i = 0; i < n; i++) s += xj[i] * xj[i];
        cnorm[j] = sqrt(s);
        drop[j] = !(cnorm[j] > 0.0) || !R_FINITE(cnorm[j]);
    }

    /* Factor, find newly aliased columns, refactor without them; repeat
     * until the kept set is stable (at most k passes). */
    int r = 0;
    for (int pass = 0; pass <= k; pass++) {
        r = copy_kept(X, ldx, n, k, drop, A);
        if (r == 0) break;
        F77_CALL(dgeqrf)(&n, &r, A, &n, tau, lw, &lwork, &info);
        if (info != 0) return -1;
        int newly = 0, c = 0;
        for (int j = 0; j < k; j++) {
            if (drop[j]) continue;
            double rjj = (c < n) ? fabs(A[(size_t) c * n + c]) : 0.0;
            if (!(rjj > tol * cnorm[j])) {
                drop[j] = 1;
                newly = 1;
            }
            c++;
        }
        if (!newly) break;
    }

    memcpy(qty, y, (size_t) n * sizeof(double));
    if (r > 0) {
        F77_CALL(dormqr)("L", "T", &n, &one, &r, A, &n, tau, qty, &n, lw, &lwork,
                         &info FCONE FCONE);
        if (info != 0) return -1;
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

    if (resid) {
        memcpy(resid, y, (size_t) n * sizeof(double));
        for (int j = 0; j < k; j++) {
            if (drop[j]) continue;
            const double *xj = X + (size_t) j * ldx;
            double b = beta[j];
            for (int i = 0; i < n; i++) resid[i] -= b * xj[i];
        }
    }

    if (xtxinv) {
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
    }
    return r;
}

/* .Call entry for tests and for R-side fits of small problems:
 * ols_fit(X, y, tol) -> list(coefficients, residuals, rss, rank, xtxinv, aliased) */
SEXP C_ols_fit(SEXP sX, SEXP sy, SEXP stol)
{
    SEXP dim = getAttrib(sX, R_DimSymbol);
    int n = INTEGER(dim)[0], k = INTEGER(dim)[1];
    double tol = asReal(stol);
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

/* ------------------------------------------------------------------------ */
/* Least squares on a design made column by column (see linalg.h).          */

size_t coagg_ols_fill_work_size(int n, int k)
{
    if (n < 1) n = 1;
    if (k < 1) k = 1;
    return (size_t) n + 4 * (size_t) k + (size_t) lapack_lwork(k);
}

/* Fill the kept columns into A (n x r, leading dimension n). */
static int fill_kept(coagg_fill_fn fill, void *ctx, int n, int k,
                     const int *drop, double *A)
{
    int r = 0;
    for (int j = 0; j < k; j++) {
        if (drop[j]) continue;
        fill(ctx, j, A + (size_t) r * n);
        r++;
    }
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

    /* Column norms, from a first fill of every column. */
    for (int j = 0; j < k; j++) {
        double *col = A + (size_t) j * n;
        fill(ctx, j, col);
        double s = 0.0;
        for (int i = 0; i < n; i++) s += col[i] * col[i];
        cnorm[j] = sqrt(s);
        drop[j] = !(cnorm[j] > 0.0) || !R_FINITE(cnorm[j]);
    }

    int r = 0, filled = 1;
    for (int pass = 0; pass <= k; pass++) {
        /* The first pass can use the columns already in A when none was
         * dropped; otherwise refill the kept ones. */
        int anydrop = 0;
        for (int j = 0; j < k; j++) anydrop |= drop[j];
        if (filled && !anydrop) r = k;
        else r = fill_kept(fill, ctx, n, k, drop, A);
        filled = 0;
        if (r == 0) break;
        F77_CALL(dgeqrf)(&n, &r, A, &n, tau, lw, &lwork, &info);
        if (info != 0) return -1;
        int newly = 0, c = 0;
        for (int j = 0; j < k; j++) {
            if (drop[j]) continue;
            double rjj = (c < n) ? fabs(A[(size_t) c * n + c]) : 0.0;
            if (!(rjj > tol * cnorm[j])) {
                drop[j] = 1;
                newly = 1;
            }
            c++;
        }
        if (!newly) break;
    }

    memcpy(qty, y, (size_t) n * sizeof(double));
    if (r > 0) {
        F77_CALL(dormqr)("L", "T", &n, &one, &r, A, &n, tau, qty, &n, lw, &lwork,
                         &info FCONE FCONE);
        if (info != 0) return -1;
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

    if (xtxinv) {
        if (r > 0) {
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
    }
    return r;
}
