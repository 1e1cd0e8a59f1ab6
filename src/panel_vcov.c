/* Coefficient covariance of the panel kernel: robust sandwiches on the fit's
 * (transformed) design and residuals, without small-sample factors (R
 * applies those, R/panel-inference.R): cluster-robust by unit or by period,
 * White's (each observation its own cluster), Driscoll and Kraay's (period
 * scores with Bartlett-weighted lags); and covariance blocks laid out by
 * the columns of X. See panel.h. */
#include <R.h>
#include <Rinternals.h>
#include <string.h>
#include "panel.h"

/* kept block of (Z'Z)^{-1} (r x r), r the columns that are not aliased */
static double *kept_block(const fit_t *f, const int *map, int r)
{
    const int k = f->k;
    double *P = (double *) R_alloc((size_t) (r > 0 ? r * r : 1), sizeof(double));
    for (int j = 0; j < k; j++) {
        if (map[j] < 0) continue;
        for (int i = 0; i < k; i++) {
            if (map[i] < 0) continue;
            P[map[i] + (size_t) map[j] * r] = f->xtxinv[i + (size_t) j * k];
        }
    }
    return P;
}

/* Position of each column of the fit in the kept block (-1 if aliased);
 * returns the number kept. */
static int kept_map(const fit_t *f, int *map)
{
    int r = 0;
    for (int j = 0; j < f->k; j++) map[j] = f->aliased[j] ? -1 : r++;
    return r;
}

/* The scores z_i u_i of the kept columns of the fit's design (u the fit's
 * residuals) summed by group: S is ng x r0, column 0 the scores of a
 * column of ones when `ones` is 1 (then kept column c is column c + 1).
 * grp NULL: every observation is its own group (ng = n). */
static double *group_scores(const design_t *d, const fit_t *f, const int *grp, int ng,
                            int ones, const int *map, int r0, double *scratch)
{
    const int n = d->p->n;
    const double *u = f->resid;
    double *S = (double *) R_alloc((size_t) ng * (r0 > 0 ? r0 : 1), sizeof(double));
    memset(S, 0, (size_t) ng * (r0 > 0 ? r0 : 1) * sizeof(double));
    if (ones) for (int i = 0; i < n; i++) S[grp ? grp[i] : i] += u[i];
    for (int j = 0; j < f->k; j++) {
        if (map[j] < 0) continue;
        design_fill((void *) d, j, scratch);
        double *s = S + (size_t) (map[j] + ones) * ng;
        if (grp) for (int i = 0; i < n; i++) s[grp[i]] += scratch[i] * u[i];
        else for (int i = 0; i < n; i++) s[i] += scratch[i] * u[i];
    }
    return S;
}

/* The bread (r0 x r0): the kept block of (Z'Z)^{-1}, after 1/n for a
 * leading column of ones. The ones column is orthogonal to a within design
 * (its columns sum to zero), so (D'D)^{-1} is block diagonal. */
static double *bread(const fit_t *f, const int *map, int r, int ones, int n)
{
    double *P = kept_block(f, map, r);
    if (!ones) return P;
    int r0 = r + 1;
    double *B = (double *) R_alloc((size_t) r0 * r0, sizeof(double));
    memset(B, 0, (size_t) r0 * r0 * sizeof(double));
    B[0] = 1.0 / n;
    for (int b = 0; b < r; b++)
        for (int a = 0; a < r; a++) B[(a + 1) + (size_t) (b + 1) * r0] = P[a + (size_t) b * r];
    return B;
}

/* V = (B S')(B S')' for group scores S (ng x r0): exactly symmetric with a
 * non-negative diagonal (the product B M B left rounding error of either
 * sign in the variance of a coefficient whose cluster variance is zero,
 * and its square root was NaN: fuzz finding). */
static void gram_sandwich(const double *B, const double *S, int ng, int r0, double *V)
{
    size_t rs = (size_t) (r0 > 0 ? r0 : 1);
    double *W = (double *) R_alloc(rs * ng, sizeof(double));
    for (int h = 0; h < ng; h++)
        for (int a = 0; a < r0; a++) {
            double acc = 0.0;
            for (int c = 0; c < r0; c++) acc += B[a + (size_t) c * r0] * S[h + (size_t) c * ng];
            W[a + (size_t) h * r0] = acc;
        }
    for (int b = 0; b < r0; b++)
        for (int a = 0; a <= b; a++) {
            double acc = 0.0;
            for (int h = 0; h < ng; h++) acc += W[a + (size_t) h * r0] * W[b + (size_t) h * r0];
            V[a + (size_t) b * r0] = V[b + (size_t) a * r0] = acc;
        }
}

/* Driscoll-Kraay: period scores S (nt x r0, periods in time order), meat
 * M = sum_t s_t s_t' + sum_{l=1}^{L} (1 - l/(L+1)) sum_t (s_t s_{t-l}' +
 * s_{t-l} s_t') (Bartlett weights, lags in positions of the sorted
 * periods), V = B M B, made exactly symmetric. */
static void dk_sandwich(const double *B, const double *S, int nt, int r0, int lag, double *V)
{
    size_t rs = (size_t) (r0 > 0 ? r0 : 1);
    double *M = (double *) R_alloc(rs * rs, sizeof(double));
    double *BM = (double *) R_alloc(rs * rs, sizeof(double));
    for (int b = 0; b < r0; b++)
        for (int a = 0; a < r0; a++) {
            const double *sa = S + (size_t) a * nt, *sb = S + (size_t) b * nt;
            double acc = 0.0;
            for (int t = 0; t < nt; t++) acc += sa[t] * sb[t];
            for (int l = 1; l <= lag && l < nt; l++) {
                double w = 1.0 - (double) l / (lag + 1.0), c = 0.0;
                for (int t = l; t < nt; t++) c += sa[t] * sb[t - l] + sa[t - l] * sb[t];
                acc += w * c;
            }
            M[a + (size_t) b * r0] = acc;
        }
    for (int b = 0; b < r0; b++)
        for (int a = 0; a < r0; a++) {
            double acc = 0.0;
            for (int c = 0; c < r0; c++) acc += B[a + (size_t) c * r0] * M[c + (size_t) b * r0];
            BM[a + (size_t) b * r0] = acc;
        }
    for (int b = 0; b < r0; b++)
        for (int a = 0; a <= b; a++) {
            double acc = 0.0;
            for (int c = 0; c < r0; c++) acc += BM[a + (size_t) c * r0] * B[c + (size_t) b * r0];
            V[a + (size_t) b * r0] = acc;
        }
    for (int b = 0; b < r0; b++)
        for (int a = 0; a < b; a++) V[b + (size_t) a * r0] = V[a + (size_t) b * r0];
}

/* A kept-block matrix (r0 x r0) laid out by the fit's columns (k + ones;
 * the ones column first), NA_REAL in the rows and columns of aliased ones. */
static void spread(const double *Vr, const int *map, int k, int ones, double *V)
{
    int k0 = k + ones, r0 = 0;
    int *m0 = (int *) R_alloc((size_t) (k0 > 0 ? k0 : 1), sizeof(int));
    if (ones) m0[0] = 0;
    for (int j = 0; j < k; j++) m0[j + ones] = map[j] < 0 ? -1 : map[j] + ones;
    for (int j = 0; j < k0; j++) if (m0[j] >= 0) r0++;
    for (int j = 0; j < k0; j++)
        for (int i = 0; i < k0; i++)
            V[i + (size_t) j * k0] = (m0[i] >= 0 && m0[j] >= 0) ?
                Vr[m0[i] + (size_t) m0[j] * r0] : NA_REAL;
}

/*
 * A robust covariance of the fit on its design, without small-sample
 * factors, laid out by the fit's columns (after a leading column of ones
 * when `ones` is 1): kind VC_CLUSTER sums the scores within the groups
 * grp (0..ng-1; grp NULL: each observation alone, White's), VC_DK within
 * the periods grp (0..ng-1 in time order) with Bartlett-weighted lags up
 * to `lag` (Driscoll and Kraay). `scratch`: n doubles. V: (k + ones)^2.
 */
void robust_vcov(const design_t *d, const fit_t *f, int kind, const int *grp, int ng,
                 int lag, int ones, double *scratch, double *V)
{
    const int k = f->k;
    int *map = (int *) R_alloc((size_t) (k > 0 ? k : 1), sizeof(int));
    int r = kept_map(f, map), r0 = r + ones;
    double *S = group_scores(d, f, grp, ng, ones, map, r0, scratch);
    double *B = bread(f, map, r, ones, d->p->n);
    double *Vr = (double *) R_alloc((size_t) (r0 > 0 ? r0 * r0 : 1), sizeof(double));
    if (kind == VC_DK) dk_sandwich(B, S, ng, r0, lag, Vr);
    else gram_sandwich(B, S, ng, r0, Vr);
    spread(Vr, map, k, ones, V);
}

/* Cluster-robust covariance by unit, without the small-sample factor:
 * (Z'Z)^{-1} [sum_g s_g s_g'] (Z'Z)^{-1}, s_g = sum_{i in g} z_i u_i, on
 * the kept columns; NA_REAL in the rows and columns of aliased ones. */
void cluster_vcov(const design_t *d, const fit_t *f, double *scratch, double *V)
{
    robust_vcov(d, f, VC_CLUSTER, d->p->g, d->p->ng, 0, 0, scratch, V);
}

/* out[j] = v[pos[j]] for the k columns of X (pos[j] < 0: not estimated, NA) */
void expand_vector(const double *v, const int *pos, int kf, int k, double *out)
{
    for (int j = 0; j < k; j++) out[j] = (pos[j] >= 0 && pos[j] < kf) ? v[pos[j]] : NA_REAL;
}

/* the k x k matrix of the columns of X from the kf x kf matrix V of a fit */
void expand_matrix(const double *V, const int *pos, int kf, int k, double *out)
{
    for (int j = 0; j < k; j++)
        for (int i = 0; i < k; i++) {
            int a = pos[i], b = pos[j];
            out[i + (size_t) j * k] = (a >= 0 && b >= 0 && a < kf && b < kf) ?
                V[a + (size_t) b * kf] : NA_REAL;
        }
}
