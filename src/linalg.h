/* Small dense least squares shared by the C kernels (src/linalg.c). */
#ifndef COAGG_LINALG_H
#define COAGG_LINALG_H

#include <stddef.h>
#include <Rinternals.h>
#include "rapi.h"

/* Number of doubles of workspace coagg_ols() needs for an n x k problem. */
size_t coagg_ols_work_size(int n, int k);

/*
 * Ordinary least squares y = X b + e by Householder QR (LAPACK dgeqrf, no
 * pivoting), with rank detection in the manner of R's lm(): column j is
 * aliased when the part of it orthogonal to the columns before it has norm
 * below tol times its own norm (tol = 1e-7 is lm's default). Aliased
 * columns are dropped and the fit is made on the others, so that the
 * columns reported aliased are the later members of a collinear set.
 *
 *   X       n x k, column-major, leading dimension ldx (>= n); not modified
 *   y       length n; not modified
 *   tol     relative tolerance for rank detection
 *   beta    out, length k: coefficients; NA_REAL for aliased columns
 *   resid   out, length n, or NULL
 *   rss     out: residual sum of squares
 *   xtxinv  out, k x k, or NULL: (X'X)^{-1} over the kept columns, with
 *           NA_REAL in the rows and columns of aliased ones
 *   aliased out, length k, or NULL: 1 for an aliased column, else 0
 *   work    workspace of coagg_ols_work_size(n, k) doubles
 *
 * Returns the rank (number of kept columns); 0 if n < 1 or k < 1, and -1 if
 * LAPACK reports an error. Needs n >= rank.
 */
int coagg_ols(const double *X, int ldx, int n, int k, const double *y,
              double tol, double *beta, double *resid, double *rss,
              double *xtxinv, int *aliased, double *work);

/*
 * The same least squares when the design is not stored anywhere but made
 * column by column on request, so that a transformed design (within,
 * quasi-demeaned, ...) needs only the n x k array that QR factors in place.
 *
 *   fill(ctx, j, dest) writes column j (0-based) of X into dest (length n);
 *           it may be called more than once for the same column
 *   y       length n; not modified
 *   A       n x k workspace that receives the factorisation (overwritten)
 *   resid   out, length n, or NULL: y minus the fit, formed as Q Q'y
 *   work    workspace of coagg_ols_fill_work_size(n, k) doubles
 *
 * Other arguments and the return value are as for coagg_ols(). The
 * rank decision is the same as coagg_ols() makes on the filled X. When
 * xtxinv is NULL, A holds on return the QR factorisation of the kept
 * columns (R in the upper triangle of its first rank columns).
 */
typedef void (*coagg_fill_fn)(void *ctx, int j, double *dest);

size_t coagg_ols_fill_work_size(int n, int k);

int coagg_ols_fill(coagg_fill_fn fill, void *ctx, int n, int k,
                   const double *y, double tol, double *A, double *beta,
                   double *resid, double *rss, double *xtxinv, int *aliased,
                   double *work);

/*
 * As coagg_ols_fill(), with the rank rule measured against given norms:
 * column j is aliased when the part of it orthogonal to the kept columns
 * before it has norm at most tol * ref_norm[j] (ref_norm NULL: the column's
 * own norm). For a design already projected off some columns (two-way
 * demeaning, which projects off the period dummies), passing the norms of
 * the columns before that projection gives the rank decisions of the fit
 * with those columns included first.
 */
int coagg_ols_fill_ref(coagg_fill_fn fill, void *ctx, int n, int k,
                       const double *y, double tol, const double *ref_norm, double *A,
                       double *beta, double *resid, double *rss, double *xtxinv,
                       int *aliased, double *work);

#endif
