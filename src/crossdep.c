/*
 * Tests of cross-sectional dependence (R/crossdep.R is the user face): the
 * pairwise correlations of N units' series and the sums every statistic
 * of the family is made of (Pesaran's CD, the Breusch-Pagan LM, the scaled
 * and bias-corrected LM, average correlations), and the terms of Pesaran,
 * Ullah and Yamagata's (2008) bias-adjusted LM.
 *
 *   C_cd_test   decode the arguments and the named options, lay the series
 *               (or the residuals of a regression per unit) out as a
 *               T x N table, dispatch to the balanced path (correlations of
 *               standardised columns through BLAS, in blocks) or to the
 *               pairwise path (correlations over each pair's common
 *               periods), and pack the sums.
 *
 * R has validated everything and coded units and periods (0-based; a
 * (unit, period) pair occurs once). A unit's series is scaled by its largest
 * absolute value before any square is taken: correlations do not depend on
 * the scale, and values near 1e200 or 1e-200 then neither overflow nor
 * underflow. Nothing is returned per pair: the sums are accumulated as the
 * correlations are made, so memory is T x N plus one block of the N x N
 * correlation matrix.
 */
#define USE_FC_LEN_T
#include <R.h>
#include <Rinternals.h>
#include <R_ext/BLAS.h>
#include <R_ext/Lapack.h>
#include <math.h>
#include <string.h>
#ifndef FCONE
#define FCONE
#endif
#include "linalg.h"
#include "rapi.h"

/* A series is degenerate (its correlations are undefined) when its centred
 * sum of squares is at most DEGEN_REL^2 times its uncentred one (a constant
 * up to rounding), or at most DEGEN_ABS^2 times n ref^2 (ref: a reference
 * scale from R, e.g. the root mean square of a model's residuals, so that
 * the rounding-level residuals of an exactly fitted unit count as none). */
#define DEGEN_REL 1e-12
#define DEGEN_ABS 1e-10
/* A per-unit regression fits exactly when its residual sum of squares is at
 * most this fraction of the centred sum of squares of its response (or
 * DEGEN_REL^2 of the uncentred one: a constant response leaves rounding
 * noise in both). */
#define EXACT_FIT 1e-20

/* Unit status codes (R words them). */
enum { UNIT_OK = 0, UNIT_DEGENERATE = 1, UNIT_NO_DF = 2 };

typedef struct {
    int n, N, T, k, min_overlap, puy;
    double ref, tol_rank;
    const double *y;
    const double *const *xc;   /* design columns, NULL = ones; k = 0: none */
    const int *unit, *time;
} cd_input;

/* Sums over the pairs used, and what was set aside. */
typedef struct {
    double pairs, short_pairs, degenerate_pairs;
    double sum_rho, sum_abs, sum_rho2, sum_sqrt_t_rho, sum_t_rho2;
    double min_t, max_t, sum_t;
    double puy_sum, puy_pairs;
} cd_sums;

typedef struct {
    int *obs, *pairs, *status, *rank;
    double *sum_rho, *sum_abs;
} cd_units;

/* ------------------------------------------------------------------------ */
/* Decoding                                                                 */

static void decode(cd_input *in, SEXP sy, SEXP sX, SEXP su, SEXP st, SEXP sopts)
{
    if (TYPEOF(sy) != REALSXP || TYPEOF(sX) != VECSXP || TYPEOF(su) != INTSXP ||
        TYPEOF(st) != INTSXP) error("cd_test engine: bad argument types");
    in->n = LENGTH(sy);
    in->N = coagg_opt_int(sopts, "n_units");
    in->T = coagg_opt_int(sopts, "n_periods");
    in->min_overlap = coagg_opt_int(sopts, "min_overlap");
    in->puy = coagg_opt_int(sopts, "puy");
    in->ref = coagg_opt_real(sopts, "ref_scale");
    in->tol_rank = coagg_opt_real(sopts, "tol_rank");
    in->k = LENGTH(sX);
    if (LENGTH(su) != in->n || LENGTH(st) != in->n || in->N < 1 || in->T < 1 ||
        in->min_overlap < 2 || !(in->ref >= 0.0))
        error("cd_test engine: bad arguments");
    if ((double) in->N * in->T > 4.5e15) error("cd_test engine: panel too large");
    in->y = REAL(sy);
    in->unit = INTEGER(su);
    in->time = INTEGER(st);
    for (int i = 0; i < in->n; i++)
        if (in->unit[i] < 0 || in->unit[i] >= in->N || in->time[i] < 0 || in->time[i] >= in->T)
            error("cd_test engine: code out of range");
    const double **xc = (const double **) R_alloc((size_t) (in->k > 0 ? in->k : 1),
                                                  sizeof(double *));
    for (int j = 0; j < in->k; j++) {
        SEXP c = VECTOR_ELT(sX, j);
        if (isNull(c)) xc[j] = NULL;
        else if (TYPEOF(c) == REALSXP && XLENGTH(c) == in->n) xc[j] = REAL(c);
        else error("cd_test engine: design column %d is not a double vector of length %d",
                   j + 1, in->n);
    }
    in->xc = xc;
}

/* Rows of each unit (counting sort): rows[start[g] .. start[g] + len[g]). */
static void group_rows(const cd_input *in, int *start, int *len, int *rows)
{
    for (int g = 0; g < in->N; g++) len[g] = 0;
    for (int i = 0; i < in->n; i++) len[in->unit[i]]++;
    int s = 0;
    for (int g = 0; g < in->N; g++) {
        start[g] = s;
        s += len[g];
    }
    int *fill = (int *) R_alloc((size_t) in->N, sizeof(int));
    memcpy(fill, start, (size_t) in->N * sizeof(int));
    for (int i = 0; i < in->n; i++) rows[fill[in->unit[i]]++] = i;
}

/* ------------------------------------------------------------------------ */
/* The T x N table: the series, or the residuals of a regression per unit   */

/* Regress unit g's response on its design; its residuals go to column g of
 * W (at its periods), and, for PUY, an orthonormal basis of its design to
 * Q (T x k, balanced panels only). Returns -1 on a LAPACK failure. */
static int unit_regression(const cd_input *in, const int *r, int L, double *W, double *Q,
                           double *X, double *yv, double *e, double *beta, int *alias,
                           double *work, int *status, int *rank)
{
    const int k = in->k;
    for (int j = 0; j < k; j++)
        for (int i = 0; i < L; i++)
            X[i + (size_t) j * L] = in->xc[j] ? in->xc[j][r[i]] : 1.0;
    double my = 0.0, tss = 0.0, rss = 0.0, ss = 0.0, m = 0.0;
    for (int i = 0; i < L; i++) {
        yv[i] = in->y[r[i]];
        if (fabs(yv[i]) > m) m = fabs(yv[i]);
    }
    if (!(m > 0.0)) m = 1.0;
    /* the response scaled by its largest absolute value: the residual
       sums of squares below are then free of overflow */
    for (int i = 0; i < L; i++) my += (yv[i] /= m) / L;
    for (int i = 0; i < L; i++) {
        tss += (yv[i] - my) * (yv[i] - my);
        ss += yv[i] * yv[i];
    }
    int rk = coagg_ols(X, L, L, k, yv, in->tol_rank, beta, e, &rss, NULL, alias, work);
    if (rk < 0) return -1;
    *rank = rk;
    if (L - rk < 1) {
        *status = UNIT_NO_DF;
        return 0;
    }
    if (!(rss > EXACT_FIT * tss) || !(rss > DEGEN_REL * DEGEN_REL * ss)) {
        *status = UNIT_DEGENERATE;
        return 0;
    }
    for (int i = 0; i < L; i++) W[in->time[r[i]]] = e[i];
    if (Q && rk == k) {
        /* Q from the QR factorisation of the design (rows in period order) */
        int info = 0, lwork = 64 * (k + 1);
        double *A = X, *tau = beta;
        for (int j = 0; j < k; j++)
            for (int i = 0; i < L; i++)
                A[in->time[r[i]] + (size_t) j * L] = in->xc[j] ? in->xc[j][r[i]] : 1.0;
        F77_CALL(dgeqrf)(&L, &k, A, &L, tau, work, &lwork, &info);
        if (info != 0) return -1;
        F77_CALL(dorgqr)(&L, &k, &k, A, &L, tau, work, &lwork, &info);
        if (info != 0) return -1;
        memcpy(Q, A, (size_t) L * k * sizeof(double));
    }
    return 0;
}

/* Fill W (T x N, NAN where a unit has no value) from the series, or from
 * the per-unit regressions. Returns 0, or 1 + the unit whose least squares
 * failed. */
static int fill_table(const cd_input *in, double *W, double *Q, cd_units *u)
{
    const int N = in->N, T = in->T;
    for (size_t c = 0; c < (size_t) N * T; c++) W[c] = NAN;
    for (int g = 0; g < N; g++) {
        u->status[g] = UNIT_OK;
        u->rank[g] = 0;
    }
    if (in->k == 0) {
        for (int i = 0; i < in->n; i++) W[in->time[i] + (size_t) in->unit[i] * T] = in->y[i];
        for (int i = 0; i < in->n; i++) u->obs[in->unit[i]]++;
        return 0;
    }
    int *start = (int *) R_alloc((size_t) N, sizeof(int));
    int *rows = (int *) R_alloc((size_t) (in->n > 0 ? in->n : 1), sizeof(int));
    group_rows(in, start, u->obs, rows);
    int Lmax = 1, k = in->k;
    for (int g = 0; g < N; g++) if (u->obs[g] > Lmax) Lmax = u->obs[g];
    double *X = (double *) R_alloc((size_t) Lmax * k, sizeof(double));
    double *yv = (double *) R_alloc((size_t) Lmax, sizeof(double));
    double *e = (double *) R_alloc((size_t) Lmax, sizeof(double));
    double *beta = (double *) R_alloc((size_t) k, sizeof(double));
    int *alias = (int *) R_alloc((size_t) k, sizeof(int));
    size_t lw = coagg_ols_work_size(Lmax, k);
    if (lw < (size_t) (64 * (k + 1))) lw = (size_t) (64 * (k + 1));
    double *work = (double *) R_alloc(lw, sizeof(double));
    for (int g = 0; g < N; g++) {
        if ((g & 255) == 255) R_CheckUserInterrupt();
        if (u->obs[g] == 0) continue;
        double *Qg = Q ? Q + (size_t) g * T * k : NULL;
        if (unit_regression(in, rows + start[g], u->obs[g], W + (size_t) g * T, Qg, X, yv, e,
                            beta, alias, work, u->status + g, u->rank + g) < 0)
            return 1 + g;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Pesaran, Ullah and Yamagata (2008): the exact moments of (T - k) rho^2   */

typedef struct {
    int T, k;
    double a1, a2;
    const double *Q;           /* T x k basis per unit */
    double *A;                 /* k x k scratch */
} puy_t;

/* ((T - k) rho^2 - mu_ij) / v_ij for the pair (i, j): with A = Q_i'Q_j,
 * tr(M_i M_j) = T - 2k + ||A||^2 and tr[(M_i M_j)^2] = T - 2k + ||AA'||^2. */
static double puy_term(puy_t *p, int i, int j, double rho)
{
    const int T = p->T, k = p->k;
    const double *Qi = p->Q + (size_t) i * T * k, *Qj = p->Q + (size_t) j * T * k;
    double s = 0.0, uu = 0.0;
    for (int a = 0; a < k; a++)
        for (int b = 0; b < k; b++) {
            double acc = 0.0;
            for (int t = 0; t < T; t++) acc += Qi[t + (size_t) a * T] * Qj[t + (size_t) b * T];
            p->A[a + b * k] = acc;
            s += acc * acc;
        }
    for (int a = 0; a < k; a++)
        for (int b = 0; b < k; b++) {
            double acc = 0.0;
            for (int c = 0; c < k; c++) acc += p->A[a + c * k] * p->A[b + c * k];
            uu += acc * acc;
        }
    double tr1 = T - 2.0 * k + s, tr2 = T - 2.0 * k + uu, Tk = T - k;
    double mu = tr1 / Tk, v2 = tr1 * tr1 * p->a1 + 2.0 * tr2 * p->a2;
    return (Tk * rho * rho - mu) / sqrt(v2);
}

static void puy_init(puy_t *p, int T, int k, const double *Q)
{
    double m = T - k;
    double r = ((m - 8.0) * (m + 2.0) + 24.0) / ((m + 2.0) * (m - 2.0) * (m - 4.0));
    p->T = T;
    p->k = k;
    p->a2 = 3.0 * r * r;
    p->a1 = p->a2 - 1.0 / (m * m);
    p->Q = Q;
    p->A = (double *) R_alloc((size_t) k * k, sizeof(double));
}

/* ------------------------------------------------------------------------ */
/* Pair sums                                                                */

static void add_pair(cd_sums *s, cd_units *u, int i, int j, double rho, double t)
{
    if (rho > 1.0) rho = 1.0;
    if (rho < -1.0) rho = -1.0;
    s->pairs += 1.0;
    s->sum_rho += rho;
    s->sum_abs += fabs(rho);
    s->sum_rho2 += rho * rho;
    s->sum_sqrt_t_rho += sqrt(t) * rho;
    s->sum_t_rho2 += t * rho * rho;
    s->sum_t += t;
    if (t < s->min_t) s->min_t = t;
    if (t > s->max_t) s->max_t = t;
    u->pairs[i]++;
    u->pairs[j]++;
    u->sum_rho[i] += rho;
    u->sum_rho[j] += rho;
    u->sum_abs[i] += fabs(rho);
    u->sum_abs[j] += fabs(rho);
}

/* The balanced path's sums: every pair has T common periods, so the
 * weights sqrt(T) and T of CD and LM are applied once, at the end. */
typedef struct {
    double n, rho, abs, rho2;
} bal_sums;

static void add_balanced(bal_sums *b, cd_units *u, int i, int j, double rho)
{
    if (rho > 1.0) rho = 1.0;
    if (rho < -1.0) rho = -1.0;
    double a = fabs(rho);
    b->n += 1.0;
    b->rho += rho;
    b->abs += a;
    b->rho2 += rho * rho;
    u->pairs[i]++;
    u->pairs[j]++;
    u->sum_rho[i] += rho;
    u->sum_rho[j] += rho;
    u->sum_abs[i] += a;
    u->sum_abs[j] += a;
}

static void fold_balanced(cd_sums *s, const bal_sums *b, int T)
{
    s->pairs += b->n;
    s->sum_rho += b->rho;
    s->sum_abs += b->abs;
    s->sum_rho2 += b->rho2;
    s->sum_sqrt_t_rho += sqrt((double) T) * b->rho;
    s->sum_t_rho2 += T * b->rho2;
    s->sum_t += T * b->n;
    if (b->n > 0) {
        s->min_t = T;
        s->max_t = T;
    }
}

/* Column x (length n, no missing values) scaled by its largest absolute
 * value, centred and divided by its norm, in place. Returns 0, or 1 when
 * the series is degenerate (see DEGEN_REL, DEGEN_ABS). */
static int standardise(double *x, int n, double ref)
{
    double m = 0.0, mu = 0.0, ss = 0.0, su = 0.0;
    for (int t = 0; t < n; t++) if (fabs(x[t]) > m) m = fabs(x[t]);
    if (!(m > 0.0)) return 1;
    for (int t = 0; t < n; t++) {
        x[t] /= m;
        mu += x[t];
        su += x[t] * x[t];
    }
    mu /= n;
    for (int t = 0; t < n; t++) {
        x[t] -= mu;
        ss += x[t] * x[t];
    }
    double rs = ref / m;
    if (!(ss > DEGEN_REL * DEGEN_REL * su) || !(ss > DEGEN_ABS * DEGEN_ABS * n * rs * rs))
        return 1;
    double sd = sqrt(ss);
    for (int t = 0; t < n; t++) x[t] /= sd;
    return 0;
}

/* Balanced panel: the usable columns of W standardised into Z (T x m), and
 * their correlations Z'Z in blocks of columns (dsyrk for the block itself,
 * dgemm for the columns after it), each added to the sums as it is made. */
static void pairs_balanced(const cd_input *in, double *W, cd_units *u, cd_sums *s, puy_t *puy)
{
    const int T = in->T, N = in->N;
    int *map = (int *) R_alloc((size_t) N, sizeof(int));
    int m = 0;
    for (int g = 0; g < N; g++) {
        if (u->status[g] != UNIT_OK) continue;
        if (standardise(W + (size_t) g * T, T, in->ref)) {
            u->status[g] = UNIT_DEGENERATE;
            continue;
        }
        if (m != g) memcpy(W + (size_t) m * T, W + (size_t) g * T, (size_t) T * sizeof(double));
        map[m++] = g;
    }
    if (m < 2) return;
    int B = (int) (4194304.0 / m);
    if (B > 256) B = 256;
    if (B < 1) B = 1;
    double *G = (double *) R_alloc((size_t) m * B, sizeof(double));
    double one = 1.0, zero = 0.0;
    bal_sums bs = {0.0, 0.0, 0.0, 0.0};
    for (int j0 = 0; j0 < m; j0 += B) {
        R_CheckUserInterrupt();
        int b = m - j0 < B ? m - j0 : B, rest = m - j0 - b;
        const double *Zb = W + (size_t) j0 * T;
        /* G[0:b, 0:b] = Zb'Zb (upper triangle), G[b:b+rest, 0:b] = Zrest'Zb */
        F77_CALL(dsyrk)("U", "T", &b, &T, &one, Zb, &T, &zero, G, &b FCONE FCONE);
        for (int jj = 0; jj < b; jj++)
            for (int ii = 0; ii < jj; ii++) {
                int gi = map[j0 + ii], gj = map[j0 + jj];
                double r = G[ii + (size_t) jj * b];
                add_balanced(&bs, u, gi, gj, r);
                if (puy) s->puy_sum += puy_term(puy, gi, gj, r);
            }
        if (rest > 0) {
            F77_CALL(dgemm)("T", "N", &rest, &b, &T, &one, Zb + (size_t) b * T, &T, Zb, &T,
                            &zero, G, &rest FCONE FCONE);
            for (int jj = 0; jj < b; jj++)
                for (int ii = 0; ii < rest; ii++) {
                    int gi = map[j0 + jj], gj = map[j0 + b + ii];
                    double r = G[ii + (size_t) jj * rest];
                    add_balanced(&bs, u, gi, gj, r);
                    if (puy) s->puy_sum += puy_term(puy, gi, gj, r);
                }
        }
    }
    fold_balanced(s, &bs, T);
    if (puy) s->puy_pairs = s->pairs;
}

/* Correlation of columns a and b of W over their common periods (two-pass:
 * means over the overlap, then centred sums). Returns the overlap in *nt;
 * 0 when the pair is used (rho in *r), 1 when the overlap is short, 2 when
 * either series is degenerate over it. */
static int pair_overlap(const double *a, const double *b, int T, int min_overlap,
                        double ra, double rb, double *r, int *nt)
{
    int n = 0;
    double ma = 0.0, mb = 0.0;
    for (int t = 0; t < T; t++)
        if (!ISNAN(a[t]) && !ISNAN(b[t])) {
            n++;
            ma += a[t];
            mb += b[t];
        }
    *nt = n;
    if (n < min_overlap) return 1;
    ma /= n;
    mb /= n;
    double saa = 0.0, sbb = 0.0, sab = 0.0, ua = 0.0, ub = 0.0;
    for (int t = 0; t < T; t++)
        if (!ISNAN(a[t]) && !ISNAN(b[t])) {
            double da = a[t] - ma, db = b[t] - mb;
            saa += da * da;
            sbb += db * db;
            sab += da * db;
            ua += a[t] * a[t];
            ub += b[t] * b[t];
        }
    double e2 = DEGEN_REL * DEGEN_REL, a2 = DEGEN_ABS * DEGEN_ABS * n;
    if (!(saa > e2 * ua) || !(sbb > e2 * ub) || !(saa > a2 * ra * ra) || !(sbb > a2 * rb * rb))
        return 2;
    *r = sab / sqrt(saa * sbb);
    return 0;
}

/* Unbalanced panel: every pair over its common periods. Each column is
 * first divided by its largest absolute value. */
static void pairs_unbalanced(const cd_input *in, double *W, cd_units *u, cd_sums *s)
{
    const int T = in->T, N = in->N;
    double *rs = (double *) R_alloc((size_t) N, sizeof(double));
    for (int g = 0; g < N; g++) {
        double *x = W + (size_t) g * T, m = 0.0;
        rs[g] = 0.0;
        if (u->status[g] != UNIT_OK) continue;
        for (int t = 0; t < T; t++) if (!ISNAN(x[t]) && fabs(x[t]) > m) m = fabs(x[t]);
        if (!(m > 0.0)) {
            u->status[g] = UNIT_DEGENERATE;
            continue;
        }
        for (int t = 0; t < T; t++) x[t] /= m;
        rs[g] = in->ref / m;
    }
    for (int i = 0; i < N; i++) {
        R_CheckUserInterrupt();
        if (u->status[i] != UNIT_OK) continue;
        for (int j = i + 1; j < N; j++) {
            if (u->status[j] != UNIT_OK) continue;
            double r = 0.0;
            int nt = 0;
            int st = pair_overlap(W + (size_t) i * T, W + (size_t) j * T, T, in->min_overlap,
                                  rs[i], rs[j], &r, &nt);
            if (st == 1) s->short_pairs += 1.0;
            else if (st == 2) s->degenerate_pairs += 1.0;
            else add_pair(s, u, i, j, r, nt);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Entry point                                                              */

static const char *stat_names[] = {
    "pairs", "short_pairs", "degenerate_pairs", "sum_rho", "sum_abs_rho", "sum_rho2",
    "sum_sqrt_t_rho", "sum_t_rho2", "min_overlap", "max_overlap", "sum_overlap",
    "puy_sum", "puy_pairs", "balanced"
};
#define N_STATS 14

static void pack_stats(SEXP out, const cd_sums *s, int balanced)
{
    SEXP v = SET_VECTOR_ELT(out, 0, allocVector(REALSXP, N_STATS));
    SEXP nm = PROTECT(allocVector(STRSXP, N_STATS));
    for (int j = 0; j < N_STATS; j++) SET_STRING_ELT(nm, j, mkChar(stat_names[j]));
    setAttrib(v, R_NamesSymbol, nm);
    UNPROTECT(1);
    double vals[N_STATS] = {s->pairs, s->short_pairs, s->degenerate_pairs, s->sum_rho,
                            s->sum_abs, s->sum_rho2, s->sum_sqrt_t_rho, s->sum_t_rho2,
                            s->pairs > 0 ? s->min_t : NA_REAL, s->pairs > 0 ? s->max_t : NA_REAL,
                            s->sum_t, s->puy_pairs > 0 ? s->puy_sum : NA_REAL, s->puy_pairs,
                            (double) balanced};
    memcpy(REAL(v), vals, sizeof vals);
}

static cd_units alloc_units(SEXP list, int N)
{
    cd_units u;
    u.obs = coagg_put_int(list, 0, N);
    u.pairs = coagg_put_int(list, 1, N);
    u.sum_rho = coagg_put_real(list, 2, N);
    u.sum_abs = coagg_put_real(list, 3, N);
    u.status = coagg_put_int(list, 4, N);
    u.rank = coagg_put_int(list, 5, N);
    for (int g = 0; g < N; g++) {
        u.obs[g] = u.pairs[g] = u.status[g] = u.rank[g] = 0;
        u.sum_rho[g] = u.sum_abs[g] = 0.0;
    }
    return u;
}

/*
 * .Call(C_cd_test, y, X, unit, time, opts)
 *   y      double, n: the series tested, or the response of the per-unit
 *          regressions when X is not empty
 *   X      list of the k design columns (double, n; NULL = a column of
 *          ones), or an empty list
 *   unit, time   0-based codes (integer, n)
 *   opts   named list: n_units, n_periods, min_overlap (>= 2; pairs with
 *          fewer common periods are not used), puy (1: PUY's terms, on a
 *          balanced panel with X), ref_scale (>= 0, see DEGEN_ABS),
 *          tol_rank (lm's rank tolerance of the per-unit regressions)
 * Returns list(stats = named sums, units = list(obs, pairs, sum_rho,
 * sum_abs_rho, status, rank), status = 0, or 1 + the unit whose least
 * squares failed).
 */
SEXP C_cd_test(SEXP sy, SEXP sX, SEXP su, SEXP st, SEXP sopts)
{
    cd_input in;
    decode(&in, sy, sX, su, st, sopts);
    const int N = in.N, T = in.T;
    int balanced = in.n == N * T;
    const char *onames[] = {"stats", "units", "status"};
    const char *unames[] = {"obs", "pairs", "sum_rho", "sum_abs_rho", "status", "rank"};
    SEXP out = PROTECT(coagg_named_list(onames, 3));
    SEXP units = SET_VECTOR_ELT(out, 1, coagg_named_list(unames, 6));
    cd_units u = alloc_units(units, N);
    int *status = coagg_put_int(out, 2, 1);
    cd_sums s;
    memset(&s, 0, sizeof s);
    s.min_t = INFINITY;

    double *W = (double *) R_alloc((size_t) N * T, sizeof(double));
    int want_puy = in.puy && balanced && in.k > 0 && T - in.k > 4;
    double *Q = want_puy ? (double *) R_alloc((size_t) N * T * in.k, sizeof(double)) : NULL;
    status[0] = fill_table(&in, W, Q, &u);
    if (status[0] == 0) {
        int full = 1;
        for (int g = 0; g < N; g++) if (u.obs[g] != T) full = 0;
        if (full) {
            puy_t p;
            int puy_ok = want_puy;
            for (int g = 0; g < N && puy_ok; g++)
                if (u.status[g] != UNIT_OK || u.rank[g] != in.k) puy_ok = 0;
            if (puy_ok) puy_init(&p, T, in.k, Q);
            if (T >= in.min_overlap) pairs_balanced(&in, W, &u, &s, puy_ok ? &p : NULL);
            else s.short_pairs = (double) N * (N - 1) / 2.0;
        } else {
            pairs_unbalanced(&in, W, &u, &s);
        }
        balanced = full;
    }
    pack_stats(out, &s, balanced);
    UNPROTECT(1);
    return out;
}
