/* Coefficient covariance of the panel kernel: the cluster-robust sandwich by
 * unit, and covariance blocks laid out by the columns of X. See panel.h. */
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

/*
 * Cluster-robust covariance by unit, without the small-sample factor:
 * (Z'Z)^{-1} [sum_g s_g s_g'] (Z'Z)^{-1}, s_g = sum_{i in g} z_i u_i (u the
 * fit's residuals), on the kept columns; NA_REAL in the rows and columns of
 * aliased ones. Computed as W W' with W = (Z'Z)^{-1} [s_1 ... s_G], so that
 * it is exactly symmetric with a non-negative diagonal: the product P M P
 * left rounding error of either sign in the variance of a coefficient whose
 * cluster variance is zero (fewer clusters than coefficients), and its
 * square root was NaN (fuzz finding). `scratch`: n doubles.
 */
void cluster_vcov(const design_t *d, const fit_t *f, double *scratch, double *V)
{
    const int n = d->p->n, ng = d->p->ng, k = f->k;
    const int *g = d->p->g;
    const double *u = f->resid;
    int r = 0;
    int *map = (int *) R_alloc((size_t) (k > 0 ? k : 1), sizeof(int));
    for (int j = 0; j < k; j++) map[j] = f->aliased[j] ? -1 : r++;
    size_t rs = (size_t) (r > 0 ? r : 1);
    double *S = (double *) R_alloc((size_t) ng * rs, sizeof(double));
    memset(S, 0, (size_t) ng * rs * sizeof(double));
    for (int j = 0; j < k; j++) {
        if (map[j] < 0) continue;
        design_fill((void *) d, j, scratch);
        double *s = S + (size_t) map[j] * ng;
        for (int i = 0; i < n; i++) s[g[i]] += scratch[i] * u[i];
    }
    double *P = kept_block(f, map, r);
    /* W = P S', r x ng: column h is P s_h */
    double *W = (double *) R_alloc(rs * ng, sizeof(double));
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
