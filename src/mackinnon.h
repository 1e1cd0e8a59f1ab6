/* MacKinnon (1996) p-values of the Dickey-Fuller tau statistic, shared by
 * the .Call entry points of src/mackinnon.c and the per-unit regressions of
 * src/unitroot.c. */
#ifndef COAGG_MACKINNON_H
#define COAGG_MACKINNON_H

#include "unitroot_tables.h"

/* The quantiles at one sample size and the local fits already made there:
 * units of a panel mostly share their number of observations. */
typedef struct {
    int tab;
    double nobs;
    double crits[COAGG_MK_NP];
    int have[COAGG_MK_NP];
    double coef[COAGG_MK_NP][4];
} coagg_mk_cache;

void coagg_mk_cache_reset(coagg_mk_cache *c);

/* Lower-tail p-value of stat for table tab (0 none, 1 intercept, 2 trend,
 * 3 quadratic trend) at nobs observations (0: asymptotic). */
double coagg_mk_pvalue(coagg_mk_cache *c, int tab, double stat, double nobs);

#endif
