/* Panel regression kernel: the types and functions shared by its files.
 *
 *   panel_gls.c     the entry point C_panel_fit: decode, dispatch, pack
 *   panel_design.c  one-pass summaries, designs made column by column
 *                   (within, two-way, quasi-demeaned), least squares on them
 *   panel_ercomp.c  random-effects variance components and theta
 *   panel_vcov.c    robust covariances (cluster, White, Driscoll-Kraay), blocks by column
 *
 * R has validated everything, dropped missing values and built 0-based
 * unit (and time) codes; rows need not be sorted. Every transformed design
 * is made column by column into the one n x k array that the QR
 * factorisation overwrites (coagg_ols_fill), so the data are copied at most
 * once and no NT x NT matrix is ever formed.
 */
#ifndef COAGG_PANEL_H
#define COAGG_PANEL_H

#include <R.h>
#include <Rinternals.h>
#include "linalg.h"

enum { MODEL_POOLED = 0, MODEL_WITHIN = 1, MODEL_RANDOM = 2, MODEL_MUNDLAK = 3 };
enum { RE_SWAR = 0, RE_WALHUS = 1, RE_AMEMIYA = 2, RE_NERLOVE = 3 };
/* how a base column of X is transformed */
enum { MODE_RAW = 0, MODE_WITHIN = 1, MODE_QUASI = 2, MODE_TWOWAY = 3 };
/* columns appended to the base ones */
enum { EXTRA_NONE = 0, EXTRA_TIME_DUMMIES = 1, EXTRA_UNIT_MEANS = 2 };
/* what the kernel reports instead of a fit (R words the condition) */
enum { STATUS_OK = 0, STATUS_BETWEEN_DF = 1, STATUS_WITHIN_DF = 2 };

/* The panel as decoded by the entry point, with its one-pass summaries. */
typedef struct {
    int n, k, ng, nt;          /* rows, columns of X, units, periods */
    const double *y;
    const double *const *xc;   /* column j of X, or NULL for a column of ones */
    const int *g;              /* unit code of each row */
    const int *tc;             /* period code of each row, or NULL */
    int balanced, icol;        /* icol: intercept column, -1 if none */
    double tol, tol_ti;        /* rank tolerance; time-invariance safety factor */
    /* summaries (panel_summarise) */
    int *Tg;                   /* observations per unit */
    double *ybar, *xbar;       /* unit means: ng, ng x k */
    double ymean, *xmean;      /* overall means */
    int *constw;               /* column j has no variation within units */
    /* period means, for two-way demeaning of a balanced panel */
    double *ytbar, *xtbar;     /* nt, nt x k (NULL unless computed) */
} panel_t;

/* A design matrix described, not stored. */
typedef struct {
    const panel_t *p;
    const double *theta;       /* per unit (quasi-demeaning, unit means) */
    int mode;                  /* MODE_* applied to the base columns */
    int kb;                    /* number of base columns */
    const int *cols;           /* base column j is column cols[j] of X */
    int extra;                 /* EXTRA_* */
    int ne;                    /* number of extra columns */
    int extra_first;           /* extra columns come before the base ones */
    const int *ecols;          /* EXTRA_UNIT_MEANS: columns of X averaged */
    int *flag;                 /* scratch, ng ints */
} design_t;

/* One least-squares fit on a design. */
typedef struct {
    int k, rank;
    double *beta, *xtxinv, *resid, rss;
    int *aliased;
} fit_t;

/* The within regression (the fixed-effects fit, and the first step of
 * random effects). */
typedef struct {
    design_t d;
    fit_t f;
    int *wcols, kw;            /* the columns of X that vary within units */
    int kwt;                   /* columns of the within design (+ dummies) */
    double *R;                 /* kwt x kwt triangular factor (random effects) */
    double *bw;                /* slope of each column of X (NA if none) */
    int *wkeep;                /* column of X estimated by the within fit */
    double *cw;                /* R b, for the stacked GLS (NULL unless fast) */
    int fast;                  /* full rank: GLS from the within factor */
    int n_effects;             /* period effects absorbed (two-way) */
} within_t;

/* Variance components. M holds the coefficients of the two moment
 * equations, row by row: E(q_w) = M[0] s2e + M[1] s2u, E(q_b) = M[2] s2e +
 * M[3] s2u; quad = (q_w, q_b). */
typedef struct {
    double s2e, s2u;           /* as estimated (may be negative) */
    double quad[2], M[4];
    int rank_between;
    int status, info[2];       /* STATUS_*, with two integers of context */
} ercomp_t;

/* panel_design.c */
void panel_summarise(panel_t *p);
void panel_period_means(panel_t *p);
void design_init(design_t *d, const panel_t *p, int mode, const int *cols, int kb);
int design_ncol(const design_t *d);
void design_fill(void *ctx, int j, double *dest);
void fit_alloc(fit_t *f, int n, int k, int want_resid);
void fit_alloc_buf(fit_t *f, int k, double *resid);
void fit_design(design_t *d, const double *yt, const double *ref_norm, double *A,
                double *work, fit_t *f);
void fit_design_keep_r(design_t *d, const double *yt, double *A, double *work, fit_t *f,
                       double *Rout);
int stacked_fit(const within_t *w, const panel_t *p, const double *theta, double *beta,
                double *rss, double *xtxinv, int *aliased);
void residuals_from_beta(const panel_t *p, const double *beta, const double *theta,
                         double *e, double *estar);
void within_fit(within_t *w, const panel_t *p, int twoways, int keep_r, double *resid,
                double *A, double *work, double *yt);

/* panel_ercomp.c */
void ercomp_estimate(ercomp_t *ec, const panel_t *p, const within_t *w, int method,
                     int stata_vc, double *A, double *work, double *e);
void ercomp_theta(const panel_t *p, double s2e, double s2u, double *theta);

/* panel_vcov.c */
enum { VC_CLUSTER = 0, VC_DK = 1 };
void cluster_vcov(const design_t *d, const fit_t *f, double *scratch, double *V);
void robust_vcov(const design_t *d, const fit_t *f, int kind, const int *grp, int ng,
                 int lag, int ones, double *scratch, double *V);
void expand_vector(const double *v, const int *pos, int kf, int k, double *out);
void expand_matrix(const double *V, const int *pos, int kf, int k, double *out);

#endif
