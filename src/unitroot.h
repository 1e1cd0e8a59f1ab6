/* Per-unit building blocks of the panel unit-root tests (src/unitroot.c),
 * used by the panel statistics and the entry point in src/unitroot_panel.c.
 *
 * A unit's series is y[0..L-1] at integer calendar positions tc[0..L-1]
 * (strictly increasing; a step larger than 1 is a gap). */
#ifndef COAGG_UNITROOT_H
#define COAGG_UNITROOT_H

#include <R.h>
#include <Rinternals.h>
#include "mackinnon.h"

#define COAGG_UR_OLS_TOL 1e-7

/* Workspace shared by every unit of one call, allocated once (sizes from
 * the longest unit, the largest lag and the longest calendar span). */
typedef struct {
    int exo, ndet, dfcor;
    double *X, *Xa, *yv, *e, *v, *beta, *beta2, *xtxinv, *work, *buf, *grid, *ic;
    int *alias, *rows, *mask;
} coagg_urws;

void coagg_ur_alloc(coagg_urws *w, int exo, int dfcor, int Lmax, int Pmax, int span);

/* The ADF design with p lagged differences on the rows usable with q >= p
 * lags: columns [deterministic terms, y_{t-1}, dy_{t-1..t-p}], leading
 * dimension n, response dy_t in w->yv. Returns n. */
int coagg_ur_build_adf(const double *y, const int *tc, int L, int p, int q, coagg_urws *w);

/* One unit's ADF regression: the lag order (fixed, or by AIC / SIC / HQ on
 * the common sample of the largest lag), then the regression with that lag
 * on all the observations it can use, whose design stays in w->X / w->yv.
 * The status is 0 (fitted), 1 (too short), 2 (y_{t-1} aliased), 3 (exact
 * fit) or -1 (LAPACK failure). */
typedef struct {
    int status, lags, maxlag, capped, n;
    double t, rho, sigma2, rss;
} coagg_ur_adf;

void coagg_ur_adf_unit(const double *y, const int *tc, int L, int lag_method,
                       int lag, int maxlag, coagg_urws *w, coagg_ur_adf *out);

/* One unit's Phillips-Perron statistic from the regression without lags:
 * status as above, or 4 when the long-run variance estimate is not
 * positive; the statistic, its observations and bandwidth. `bw` is
 * COAGG_BW_NW (Newey-West automatic), COAGG_BW_FIXED (fixed_bw) or another
 * rule (floor(3.21 n^(1/3))). */
typedef struct {
    int status, n;
    double t, bandwidth;
} coagg_ur_pp;

enum { COAGG_BW_NW = 0, COAGG_BW_LLC = 1, COAGG_BW_PLM = 2, COAGG_BW_FIXED = 3 };

void coagg_ur_pp_unit(const double *y, const int *tc, int L, int bw, double fixed_bw,
                      coagg_urws *w, coagg_ur_pp *out);

/* Long-run variance tools on a calendar grid u[0..m-1], present where
 * mask is 1, nobs values present. */
int coagg_ur_nw_bandwidth(const double *u, const int *mask, int m, int nobs);
double coagg_ur_bartlett(const double *u, const int *mask, int m, int nobs, int l);
/* Remove the deterministic terms (none / mean / mean and linear trend in
 * the grid position) from the present values of u, in place. */
void coagg_ur_detrend(double *u, const int *mask, int m, int exo);

/* Pesaran's (2007) CADF regressions and CIPS (src/unitroot_cips.c):
 * per-unit results, and the panel statistics written to P[0..12]. */
typedef struct {
    int *status, *lags, *maxlag, *obs;
    double *t;
} coagg_cips_units;

int coagg_cips(const double *y, const int *tc, const int *ust, const int *ulen, int N,
               int exo, int lag_method, const int *fixed, const int *umax, int lookup,
               coagg_cips_units *u, double *P);

/* Divide each unit by its scale (see src/unitroot.c); returns the largest. */
double coagg_ur_unit_scales(const double *y, const int *ust, const int *ulen, int N,
                            double *sc, double *ys);

#endif
