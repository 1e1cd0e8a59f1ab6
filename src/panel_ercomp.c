/* Random-effects variance components (Swamy-Arora, Wallace-Hussain,
 * Amemiya / Wansbeek-Kapteyn, Nerlove) and theta. Each estimator solves two
 * moment equations E(q_w) = M[0] s2e + M[1] s2u, E(q_b) = M[2] s2e + M[3]
 * s2u in the within and between quadratic forms q_w, q_b of a residual
 * vector; balanced and unbalanced (Baltagi and Chang 1994) forms. The
 * degrees-of-freedom conventions are plm 2.6's ercomp(). See panel.h. */
#include <R.h>
#include <Rinternals.h>
#include <math.h>
#include <string.h>
#include "panel.h"

static double sq(double x) { return x * x; }

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

/* sum_g w_g (z_g - center)(z_g - center)' over unit means (k x k), for
 * columns with keep != 0 */
static void weighted_means_crossprod(const panel_t *p, const double *w, const double *center,
                                     const int *keep, double *S)
{
    const int k = p->k, ng = p->ng;
    for (int a = 0; a < k; a++)
        for (int b = 0; b <= a; b++) {
            double acc = 0.0;
            if (keep[a] && keep[b]) {
                const double *xa = p->xbar + (size_t) a * ng, *xb = p->xbar + (size_t) b * ng;
                double ca = center ? center[a] : 0.0, cb = center ? center[b] : 0.0;
                for (int h = 0; h < ng; h++) acc += w[h] * (xa[h] - ca) * (xb[h] - cb);
            }
            S[a + (size_t) b * k] = S[b + (size_t) a * k] = acc;
        }
}

/* unit weights T_g (pow 1) or T_g^2 (pow 2) */
static double *unit_weights(const panel_t *p, int pow)
{
    double *w = (double *) R_alloc((size_t) p->ng, sizeof(double));
    for (int h = 0; h < p->ng; h++) w[h] = pow == 1 ? (double) p->Tg[h] : sq((double) p->Tg[h]);
    return w;
}

static int rank_within(const within_t *w)
{
    return w->kwt > 0 ? w->f.rank : 0;
}

/*
 * Swamy-Arora: sigma2_e from the within residuals, sigma2_u from the
 * between regression on unit means, weighted by T_g (plm, EViews:
 * Baltagi-Chang) or unweighted (Stata, unbalanced).
 *
 * Within degrees of freedom: the balanced formulas subtract the rank of the
 * within fit, the unbalanced ones (Baltagi-Chang's exact expectations, here
 * and for Stata and Amemiya below) the number of columns that vary within
 * units, aliased or not (kw). This is plm 2.6's ercomp(): with dfcor = 2
 * (its balanced default) it counts the within model's estimated
 * coefficients, with dfcor = 3 (unbalanced) the columns of the within model
 * matrix after removing the time-invariant ones. The two counts differ only
 * when a column that varies within units is collinear with others after
 * demeaning (age = year - birth beside factor(year)); following plm keeps
 * its numbers reproducible in that case.
 */
static void swamy_arora(ercomp_t *ec, const panel_t *p, const within_t *w, int stata_vc)
{
    const int k = p->k, ng = p->ng;
    const double O = (double) p->n, N = (double) ng;
    int weighted = !(stata_vc && !p->balanced);
    double *B = (double *) R_alloc((size_t) ng * k, sizeof(double));
    double *yb = (double *) R_alloc((size_t) ng, sizeof(double));
    for (int h = 0; h < ng; h++) {
        double sw = weighted ? sqrt((double) p->Tg[h]) : 1.0;
        yb[h] = sw * p->ybar[h];
        for (int j = 0; j < k; j++) B[h + (size_t) j * ng] = sw * p->xbar[h + (size_t) j * ng];
    }
    double *bb = (double *) R_alloc((size_t) k, sizeof(double));
    double *Pb = (double *) R_alloc((size_t) k * k, sizeof(double));
    int *alb = (int *) R_alloc((size_t) k, sizeof(int));
    double *wb = (double *) R_alloc(coagg_ols_work_size(ng, k), sizeof(double));
    double rssb = 0.0;
    int rb = coagg_ols(B, ng, ng, k, yb, p->tol, bb, NULL, &rssb, Pb, alb, wb);
    if (rb < 0) error("LAPACK failed in the between regression");
    ec->rank_between = rb;
    if ((double) rb >= N) {
        /* no degrees of freedom left for sigma2_u: R words the error */
        ec->status = STATUS_BETWEEN_DF;
        ec->info[0] = rb;
        ec->info[1] = ng;
        return;
    }
    double ssrw = w->f.rss, *M = ec->M;
    ec->quad[0] = ssrw;
    ec->quad[1] = rssb;
    if (p->balanced) {
        double Tc = (double) p->Tg[0];
        double mw = O - N - (double) rank_within(w);
        double mb = N - (double) (rb - (p->icol >= 0)) - 1.0;
        ec->s2e = ssrw / mw;
        ec->s2u = (rssb - mb * ec->s2e) / (Tc * mb);
        M[0] = mw; M[1] = 0.0; M[2] = mb; M[3] = Tc * mb;
    } else if (!stata_vc) {
        double mw = O - N - (double) w->kw;
        int *kb = (int *) R_alloc((size_t) k, sizeof(int));
        for (int j = 0; j < k; j++) kb[j] = !alb[j];
        /* trace((sum T z z')^-1 (sum T^2 z z')) */
        double *S2 = (double *) R_alloc((size_t) k * k, sizeof(double));
        weighted_means_crossprod(p, unit_weights(p, 2), NULL, kb, S2);
        double mnu = N - (double) rb, meta = O - trace_prod(Pb, S2, k, kb);
        M[0] = mw; M[1] = 0.0; M[2] = mnu; M[3] = meta;
        ec->s2e = ssrw / mw;
        ec->s2u = (rssb - mnu * ec->s2e) / meta;
    } else {
        /* Stata's xtreg, re: sigma_u^2 = SSR_b / (N - K) - sigma_e^2 / T_h,
         * T_h the harmonic mean of T_g */
        double mw = O - N - (double) w->kw;
        double sinv = 0.0;
        for (int h = 0; h < ng; h++) sinv += 1.0 / p->Tg[h];
        double Th = N / sinv;
        ec->s2e = ssrw / mw;
        ec->s2u = rssb / (N - (double) rb) - ec->s2e / Th;
        M[0] = mw; M[1] = 0.0; M[2] = N - (double) rb; M[3] = Th * (N - (double) rb);
    }
}

/* Residuals for Wallace-Hussain (pooled OLS; the returned fit gives the
 * columns kept) and Amemiya (within slopes with the overall intercept). */
static void quadratic_residuals(const panel_t *p, const within_t *w, int method,
                                double *A, double *work, double *e, fit_t *fp, int *kp)
{
    const int n = p->n, k = p->k;
    if (method == RE_WALHUS) {
        if (w->fast) {
            fit_alloc(fp, n, k, 0);
            double rs = 0.0;
            fp->rank = stacked_fit(w, p, NULL, fp->beta, &rs, fp->xtxinv, fp->aliased);
            residuals_from_beta(p, fp->beta, NULL, e, NULL);
        } else {
            int *allcols = (int *) R_alloc((size_t) k, sizeof(int));
            for (int j = 0; j < k; j++) allcols[j] = j;
            design_t dp;
            design_init(&dp, p, MODE_RAW, allcols, k);
            fit_alloc(fp, n, k, 1);
            fit_design(&dp, p->y, NULL, A, work, fp);
            memcpy(e, fp->resid, (size_t) n * sizeof(double));
        }
        for (int j = 0; j < k; j++) kp[j] = !fp->aliased[j];
        return;
    }
    double c = 0.0;
    for (int i = 0; i < n; i++) {
        double f = 0.0;
        for (int j = 0; j < k; j++)
            if (w->wkeep[j]) f += (p->xc[j] ? p->xc[j][i] : 1.0) * w->bw[j];
        e[i] = p->y[i] - f;
        c += e[i];
    }
    c /= n;
    for (int i = 0; i < n; i++) e[i] -= c;
}

/* Wallace-Hussain (pooled OLS residuals) and Amemiya (within residuals with
 * the overall intercept): both quadratic forms from one residual vector. */
static void quadratic_forms(ercomp_t *ec, const panel_t *p, const within_t *w, int method,
                            double *A, double *work, double *e)
{
    const int n = p->n, k = p->k, ng = p->ng;
    const double O = (double) n, N = (double) ng;
    fit_t fp;
    int *kp = (int *) R_alloc((size_t) k, sizeof(int));
    quadratic_residuals(p, w, method, A, work, e, &fp, kp);
    double *eb = (double *) R_alloc((size_t) ng, sizeof(double));
    memset(eb, 0, (size_t) ng * sizeof(double));
    for (int i = 0; i < n; i++) eb[p->g[i]] += e[i];
    for (int h = 0; h < ng; h++) eb[h] /= p->Tg[h];
    double q1 = 0.0, q2 = 0.0;
    for (int i = 0; i < n; i++) q1 += sq(e[i] - eb[p->g[i]]);
    for (int h = 0; h < ng; h++) q2 += p->Tg[h] * sq(eb[h]);
    ec->quad[0] = q1;
    ec->quad[1] = q2;
    double *M = ec->M;
    if (p->balanced) {
        M[0] = O - N; M[1] = 0.0; M[2] = N; M[3] = (double) p->Tg[0] * N;
    } else if (method == RE_WALHUS) {
        double *S1 = (double *) R_alloc((size_t) k * k, sizeof(double));
        double *S2 = (double *) R_alloc((size_t) k * k, sizeof(double));
        double *PS1 = (double *) R_alloc((size_t) k * k, sizeof(double));
        double *PS2 = (double *) R_alloc((size_t) k * k, sizeof(double));
        weighted_means_crossprod(p, unit_weights(p, 1), NULL, kp, S1);
        weighted_means_crossprod(p, unit_weights(p, 2), NULL, kp, S2);
        matmul_keep(fp.xtxinv, S1, k, kp, PS1);
        matmul_keep(fp.xtxinv, S2, k, kp, PS2);
        double trPS1 = 0.0, trPS2 = 0.0;
        for (int j = 0; j < k; j++)
            if (kp[j]) { trPS1 += PS1[j + (size_t) j * k]; trPS2 += PS2[j + (size_t) j * k]; }
        double trPS1PS2 = trace_prod(PS1, PS2, k, kp);
        M[0] = O - N - ((double) fp.rank - trPS1);
        M[1] = trPS2 - trPS1PS2;
        M[2] = N - trPS1;
        M[3] = O - 2.0 * trPS2 + trPS1PS2;
    } else {
        /* Amemiya (Wansbeek-Kapteyn), unbalanced: (X_W'X_W)^-1 over the kept
         * within columns, as k x k */
        double *S1 = (double *) R_alloc((size_t) k * k, sizeof(double));
        double *PW = (double *) R_alloc((size_t) k * k, sizeof(double));
        for (int a = 0; a < k * k; a++) PW[a] = 0.0;
        for (int a = 0; a < w->kw; a++) {
            if (w->f.aliased[a]) continue;
            for (int b = 0; b < w->kw; b++) {
                if (w->f.aliased[b]) continue;
                PW[w->wcols[a] + (size_t) w->wcols[b] * k] = w->f.xtxinv[a + (size_t) b * w->kwt];
            }
        }
        weighted_means_crossprod(p, unit_weights(p, 1), p->xmean, w->wkeep, S1);
        double sumT2 = 0.0;
        for (int h = 0; h < ng; h++) sumT2 += sq((double) p->Tg[h]);
        M[0] = O - N - (double) w->kw;
        M[1] = 0.0;
        M[2] = N - 1.0 + trace_prod(PW, S1, k, w->wkeep);
        M[3] = O - sumT2 / O;
    }
    double det = M[0] * M[3] - M[1] * M[2];
    ec->s2e = (q1 * M[3] - M[1] * q2) / det;
    ec->s2u = (M[0] * q2 - M[2] * q1) / det;
}

/* Nerlove: sigma2_e = SSR_W / n and the dispersion of the fixed effects
 * (weighted by T_g in unbalanced panels). */
static void nerlove(ercomp_t *ec, const panel_t *p, const within_t *w)
{
    const int k = p->k, ng = p->ng, bal = p->balanced;
    const double O = (double) p->n, N = (double) ng;
    ec->quad[0] = w->f.rss;
    ec->s2e = w->f.rss / O;
    double *al = (double *) R_alloc((size_t) ng, sizeof(double));
    double am = 0.0;
    for (int h = 0; h < ng; h++) {
        double a = p->ybar[h];
        for (int j = 0; j < k; j++) if (w->wkeep[j]) a -= p->xbar[h + (size_t) j * ng] * w->bw[j];
        al[h] = a;
        am += (bal ? 1.0 : (double) p->Tg[h]) * a;
    }
    am /= bal ? N : O;
    double s = 0.0;
    for (int h = 0; h < ng; h++) {
        double dm = al[h] - am;
        s += bal ? dm * dm : dm * dm * p->Tg[h] / O;
    }
    ec->s2u = bal ? s / (N - 1.0) : s * N / (N - 1.0);
    ec->quad[1] = s;
}

/*
 * The components by `method`. sigma2_e comes from the within residuals
 * (except under Wallace-Hussain), which need degrees of freedom: n - N
 * minus the within columns counted as the method counts them (see
 * swamy_arora). R has checked n > N already; a shortfall is reported as a
 * status. `e` is an n-vector of scratch.
 */
void ercomp_estimate(ercomp_t *ec, const panel_t *p, const within_t *w, int method,
                     int stata_vc, double *A, double *work, double *e)
{
    ec->status = STATUS_OK;
    ec->rank_between = NA_INTEGER;
    ec->s2e = ec->s2u = NA_REAL;
    ec->quad[0] = ec->quad[1] = NA_REAL;
    for (int a = 0; a < 4; a++) ec->M[a] = NA_REAL;
    if (method != RE_WALHUS) {
        int kdf = (!p->balanced && (method == RE_SWAR || method == RE_AMEMIYA)) ?
            w->kw : rank_within(w);
        if (p->n - p->ng - kdf <= 0) {
            ec->status = STATUS_WITHIN_DF;
            ec->info[0] = p->n - p->ng;
            ec->info[1] = kdf;
            return;
        }
    }
    switch (method) {
    case RE_SWAR: swamy_arora(ec, p, w, stata_vc); break;
    case RE_WALHUS:
    case RE_AMEMIYA: quadratic_forms(ec, p, w, method, A, work, e); break;
    case RE_NERLOVE: nerlove(ec, p, w); break;
    default: error("unknown variance-component method %d", method);
    }
}

/* theta_g = 1 - sqrt(s2e / (T_g s2u + s2e)), with the components truncated
 * at zero */
void ercomp_theta(const panel_t *p, double s2e, double s2u, double *theta)
{
    for (int h = 0; h < p->ng; h++) {
        double den = p->Tg[h] * s2u + s2e;
        theta[h] = den > 0.0 ? 1.0 - sqrt(s2e / den) : 0.0;
    }
}
