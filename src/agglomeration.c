/* The Ellison-Glaeser agglomeration engine.
 *
 * Input: one row per (region, industry, period) cell, or one row per firm.
 * R has checked every value (employment finite and >= 0, no NA) and coded
 * the keys: a key is an integer vector with an offset and an optional lookup
 * table, code = lut[value - offset] (0-based), so that long integer keys
 * reach C without a recoded copy. Options and tables come by name in named
 * lists (rapi.h).
 *
 * Memory and time follow the rows, never regions x industries x periods.
 * The rows are put in period order (a counting sort, skipped when they are
 * in that order already), and each period is handled on its own: its rows
 * are gathered by industry (no copy when the data have them in that order),
 * one pass sums the industries' and the regions' employment, and a group's
 * cells (its rows summed by region) are built when needed, in scratch no
 * longer than the number of regions. Per period:
 *
 *   x_m      region shares of the reference (aggregate of the data, mean of
 *            the industry shares, or supplied totals), over the regions of
 *            the period (those with rows; with supplied totals and
 *            absent_zero also those with a total but no rows)
 *   s_mi     industry i's share located in region m
 *   G_i      sum_m (s_mi - x_m)^2                       (spatial Gini)
 *   H_i      Herfindahl of firm shares (exact, equal-size firms within a
 *            region, 1/N, or supplied)
 *   gamma_i  (G_i - (1 - Sx2) H_i) / ((1 - Sx2)(1 - H_i))  (EG 1997)
 *   Var(G_i) 2 {H^2 [Sx2 - 2 Sx3 + Sx2^2] - sum z^4 [Sx2 - 4 Sx3 + 3 Sx2^2]}
 *   pairs    sum_m (s_mi - x_m)(s_mj - x_m) / (1 - Sx2)   (EGK 2010), by
 *            blocks of columns (BLAS dsyrk and dgemm) with an interrupt
 *            check between blocks
 *   groups   EG 1997 co-agglomeration gamma^c of a group of industries
 *   LQ_mi    s_mi / x_m
 *
 * The pairwise matrix is the one result whose size depends on more than
 * the rows' own count: a first sweep over the periods counts its pairs.
 *
 * Extreme magnitudes: employment and reference totals are used scaled by a
 * power of two (exact) when their largest value lies outside [2^-500, 2^500],
 * so that sums neither overflow nor lose precision in denormals; results in
 * the data's units (employment totals) are scaled back and come out as Inf
 * when they cannot be represented, for R to refuse.
 *
 * Conventions of the results: NaN where a value is undefined (a zero
 * denominator, H = 1), +-Inf only where a representable input gives an
 * unrepresentable result. Problems only the kernel can see (a repeated
 * cell, a cell with employment but no firm, a region without a reference
 * total, a missing or invalid supplied H) stop the computation and come
 * back as a status vector that R turns into a condition (eg_status() in
 * R/agglomeration-input.R). Nothing here writes into an input; scratch
 * memory comes from R_alloc (released when the .Call returns, also on error
 * or interrupt); loops check for interrupts about every few milliseconds.
 */
#define USE_FC_LEN_T
#include <R.h>
#include <Rinternals.h>
#include <R_ext/BLAS.h>
#include <R_ext/Utils.h>
#include <math.h>
#include <string.h>
#include <limits.h>
#include "rapi.h"
#ifndef FCONE
#define FCONE
#endif

enum { MODE_AGG = 0, MODE_COUNTS = 1, MODE_FIRMS = 2 };
enum { X_TOTAL = 0, X_MEAN = 1, X_REF = 2 };
enum { H_NONE = 0, H_EXACT = 1, H_COUNTS = 2, H_INVN = 3, H_USER = 4 };
/* status codes; the status vector is c(code, a, b, c, d) */
enum { ST_OK = 0, ST_BAD_FIRMS = 1, ST_DUP = 2, ST_REF_MISSING = 3, ST_REF_ZERO = 4,
       ST_H_MISSING = 5, ST_H_RANGE = 6 };
#define NSTATUS 5
#define ABSENT_CAP 1000

/* ------------------------------------------------------------------------ */
/* Input                                                                     */
/* ------------------------------------------------------------------------ */

typedef struct {
    const int *v;     /* values, NULL: a single level (no period column) */
    int offset;       /* code = lut[v - offset], or v - offset without lut */
    const int *lut;
    R_xlen_t nlut;
    int nlev;
} eg_key;

/* Values by key and period (reference totals, supplied H): entries (k, t, v)
 * sorted by t, or a direct table (k == NULL) of one value per key code used
 * for every period. */
typedef struct {
    R_xlen_t n;
    const int *k, *t;
    const double *v;
    R_xlen_t *tstart; /* nt + 1 offsets of the periods' entries */
    int scale;        /* values are used as v * 2^-scale */
    int npos;         /* a direct table's positive values */
} eg_table;

typedef struct {
    R_xlen_t n;
    int nr, ni, nt;
    eg_key reg, ind, tim;
    const double *emp;
    const int *emp_i;
    const double *nf;
    const int *nf_i;
    int mode, xmethod, hmethod, absent_zero;
    int escale;       /* employment is used as emp * 2^-escale */
    eg_table ref, uh;
} eg_in;

static inline int key_at(const eg_key *k, R_xlen_t row)
{
    if (!k->v) return 0;
    int v = k->v[row] - k->offset;
    return k->lut ? k->lut[v] : v;
}

/* key_at() with the code checked (R built the keys, so a failure is a bug):
 * every row's codes pass here once before they are used unchecked. */
static inline int key_checked(const eg_key *k, R_xlen_t row)
{
    if (!k->v) return 0;
    R_xlen_t v = (R_xlen_t) k->v[row] - k->offset;
    if (k->v[row] == NA_INTEGER || v < 0 || (k->lut && v >= k->nlut))
        error("agglomeration engine: key value out of range");
    int c = k->lut ? k->lut[v] : (int) v;
    if (c < 0 || c >= k->nlev) error("agglomeration engine: key code out of range");
    return c;
}

static inline double emp_at(const eg_in *in, R_xlen_t row)
{
    double e = in->emp ? in->emp[row] : (double) in->emp_i[row];
    return in->escale ? ldexp(e, -in->escale) : e;
}

static inline double nf_at(const eg_in *in, R_xlen_t row)
{
    return in->nf ? in->nf[row] : (in->nf_i ? (double) in->nf_i[row] : 0.0);
}

/* The power of two that brings the largest value mx near 1, or 0 when mx is
 * in a range where sums and quotients are safe as they are. */
static int scale_exponent(double mx)
{
    int e = 0;
    if (mx > 0x1p500 || (mx > 0 && mx < 0x1p-500)) frexp(mx, &e);
    return e;
}

static void read_key(SEXP data, const char *name, R_xlen_t n, int nlev, eg_key *k)
{
    SEXP key = coagg_opt(data, name);
    memset(k, 0, sizeof(*k));
    k->nlev = nlev;
    if (key == R_NilValue) {
        if (nlev != 1) error("agglomeration engine: key '%s' missing", name);
        return;
    }
    R_xlen_t nv;
    k->v = coagg_opt_ints(key, "values", &nv);
    k->offset = coagg_opt_int(key, "offset");
    SEXP lut = coagg_opt(key, "lut");
    if (lut != R_NilValue) k->lut = coagg_opt_ints(key, "lut", &k->nlut);
    if (nv != n || nlev < 1) error("agglomeration engine: key '%s' of the wrong size", name);
}

/* A table from list(key, time, value), or list(value) for a direct table of
 * nkey values; NULL: none. Totals (scaled = 1) are used scaled by a power
 * of two when extreme; shares such as H are used as they are. */
static void read_table(SEXP opts, const char *name, int nkey, int nt, int scaled,
                       eg_table *tab)
{
    SEXP s = coagg_opt(opts, name);
    memset(tab, 0, sizeof(*tab));
    if (s == R_NilValue) return;
    tab->v = coagg_opt_reals(s, "value", &tab->n);
    double mx = 0;
    for (R_xlen_t e = 0; e < tab->n; e++)
        if (tab->v[e] > mx) mx = tab->v[e];
    tab->scale = scaled ? scale_exponent(mx) : 0;
    if (coagg_opt(s, "key") == R_NilValue) {
        if (tab->n != nkey) error("agglomeration engine: table '%s' of the wrong size", name);
        for (R_xlen_t e = 0; e < tab->n; e++) tab->npos += tab->v[e] > 0;
        return;
    }
    R_xlen_t nk, ntt;
    tab->k = coagg_opt_ints(s, "key", &nk);
    tab->t = coagg_opt_ints(s, "time", &ntt);
    if (nk != tab->n || ntt != tab->n) error("agglomeration engine: table '%s' malformed", name);
    tab->tstart = (R_xlen_t *) R_alloc((size_t) nt + 1, sizeof(R_xlen_t));
    R_xlen_t e = 0;
    for (int t = 0; t <= nt; t++) {
        while (e < tab->n && tab->t[e] < t) e++;
        tab->tstart[t] = e;
    }
    for (e = 0; e < tab->n; e++)
        if (tab->k[e] < 0 || tab->k[e] >= nkey || tab->t[e] < 0 || tab->t[e] >= nt ||
            (e > 0 && tab->t[e] < tab->t[e - 1]))
            error("agglomeration engine: table '%s' malformed", name);
}

static void read_input(SEXP data, SEXP opts, eg_in *in)
{
    memset(in, 0, sizeof(*in));
    in->nr = coagg_opt_int(opts, "n_regions");
    in->ni = coagg_opt_int(opts, "n_industries");
    in->nt = coagg_opt_int(opts, "n_periods");
    in->mode = coagg_opt_int(opts, "mode");
    in->xmethod = coagg_opt_int(opts, "x_method");
    in->hmethod = coagg_opt_int(opts, "h_method");
    in->absent_zero = coagg_opt_int(opts, "absent_zero");
    SEXP emp = coagg_opt(data, "employment"), nf = coagg_opt(data, "n_firms");
    if (TYPEOF(emp) == REALSXP) in->emp = REAL(emp);
    else if (TYPEOF(emp) == INTSXP) in->emp_i = INTEGER(emp);
    else error("agglomeration engine: employment must be numeric");
    in->n = XLENGTH(emp);
    if (in->n > INT_MAX || in->nr < 1 || in->ni < 1 || in->nt < 1)
        error("agglomeration engine: inconsistent dimensions");
    if (in->mode == MODE_COUNTS) {
        if (TYPEOF(nf) == REALSXP) in->nf = REAL(nf);
        else if (TYPEOF(nf) == INTSXP) in->nf_i = INTEGER(nf);
        else error("agglomeration engine: firm counts missing");
        if (XLENGTH(nf) != in->n) error("agglomeration engine: firm counts of the wrong size");
    }
    read_key(data, "region", in->n, in->nr, &in->reg);
    read_key(data, "industry", in->n, in->ni, &in->ind);
    read_key(data, "time", in->n, in->nt, &in->tim);
    read_table(opts, "reference", in->nr, in->nt, 1, &in->ref);
    if (in->xmethod == X_REF && !in->ref.v) error("agglomeration engine: reference missing");
}

/* ------------------------------------------------------------------------ */
/* The rows of each period, by industry                                      */
/* ------------------------------------------------------------------------ */

/* The rows in period order: the periods' ends, and the rows sorted by period
 * (stable), or none when the data are in period order already (no per-row
 * memory then). The current period's rows are gathered by industry into
 * arrays as long as the largest period (s_m, s_e, s_f: region codes,
 * employment, firm counts), so that the aggregation reads them in order.
 * No row index is kept: R finds the rows of an error message itself. */
typedef struct {
    R_xlen_t *pend;    /* end of period t */
    int *perm;         /* rows by period, or NULL */
    int maxrows;       /* rows of the largest period */
    int direct;        /* the period's rows are in industry order in the data */
    R_xlen_t row0;     /* ... from this row on: no copy is made */
    int *s_m, *s_i;    /* s_i: industry codes of the period's rows (with perm) */
    double *s_e, *s_f;
    int nil, *ilist;   /* the period's industries (sorted) */
    int *iend, *istamp;/* by industry: end of its rows in the period */
} eg_sorted;

/* Region, employment and firm count of the period's p-th row by industry. */
static inline int row_region(const eg_in *in, const eg_sorted *S, int p)
{
    return S->direct ? key_at(&in->reg, S->row0 + p) : S->s_m[p];
}

static inline double row_emp(const eg_in *in, const eg_sorted *S, int p)
{
    return S->direct ? emp_at(in, S->row0 + p) : S->s_e[p];
}

static inline double row_firms(const eg_in *in, const eg_sorted *S, int p)
{
    return S->direct ? nf_at(in, S->row0 + p) : S->s_f[p];
}

/* One pass over the rows in their order: the rows of each period (pend),
 * whether the rows are in period order, the largest employment (its scale),
 * and the first row with employment but fewer than one firm (counts). */
static int scan_rows(eg_in *in, R_xlen_t *pend, double *status)
{
    double mx = 0;
    int ordered = 1, last = 0;
    memset(pend, 0, (size_t) in->nt * sizeof(R_xlen_t));
    for (R_xlen_t r = 0; r < in->n; r++) {
        if ((r & 0xFFFFF) == 0xFFFFF) R_CheckUserInterrupt();
        int t = key_checked(&in->tim, r);
        pend[t]++;
        ordered &= t >= last;
        last = t;
        double e = in->emp ? in->emp[r] : (double) in->emp_i[r];
        if (e > mx) mx = e;
        if (in->mode == MODE_COUNTS && e > 0 && nf_at(in, r) < 1 && status[0] == ST_OK) {
            status[0] = ST_BAD_FIRMS;
            status[1] = (double) r + 1;
        }
    }
    for (int t = 1; t < in->nt; t++) pend[t] += pend[t - 1];
    in->escale = scale_exponent(mx);
    return ordered;
}

/* The rows in period order (a stable counting sort by period), unless they
 * are already; scratch for the largest period (maxrows). */
static void sort_rows(eg_in *in, eg_sorted *S, double *status, int *maxrows)
{
    const R_xlen_t n = in->n;
    memset(S, 0, sizeof(*S));
    S->pend = (R_xlen_t *) R_alloc((size_t) in->nt, sizeof(R_xlen_t));
    int ordered = scan_rows(in, S->pend, status);
    if (status[0] != ST_OK) return;
    if (!ordered) {
        R_xlen_t *next = (R_xlen_t *) R_alloc((size_t) in->nt, sizeof(R_xlen_t));
        S->perm = (int *) R_alloc((size_t) n, sizeof(int));
        for (int t = 0; t < in->nt; t++) next[t] = t ? S->pend[t - 1] : 0;
        for (R_xlen_t r = 0; r < n; r++) {
            if ((r & 0xFFFFF) == 0xFFFFF) R_CheckUserInterrupt();
            S->perm[next[key_at(&in->tim, r)]++] = (int) r;
        }
    }
    *maxrows = 0;
    for (int t = 0; t < in->nt; t++) {
        R_xlen_t rows = S->pend[t] - (t ? S->pend[t - 1] : 0);
        if (rows > *maxrows) *maxrows = (int) rows;
    }
    int mr = *maxrows > 0 ? *maxrows : 1;
    S->maxrows = mr;
    if (S->perm) S->s_i = (int *) R_alloc((size_t) mr, sizeof(int));
    S->ilist = (int *) R_alloc((size_t) (mr < in->ni ? mr : in->ni), sizeof(int));
    S->iend = (int *) R_alloc((size_t) in->ni, sizeof(int));
    S->istamp = (int *) R_alloc((size_t) in->ni, sizeof(int));
    memset(S->istamp, 0, (size_t) in->ni * sizeof(int));
}

/* Gather the rows of period t by industry (stably): counts per industry
 * over the industries that occur, then (unless the data have them in
 * industry order already) their rows in place, industries sorted. */
static void gather_period(const eg_in *in, eg_sorted *S, int t)
{
    R_xlen_t p0 = t ? S->pend[t - 1] : 0, p1 = S->pend[t];
    int k = 0, ordered = 1, last = -1;
    for (R_xlen_t p = p0; p < p1; p++) {
        R_xlen_t r = S->perm ? S->perm[p] : p;
        int i = key_checked(&in->ind, r);
        key_checked(&in->reg, r);
        if (S->s_i) S->s_i[p - p0] = i;
        if (S->istamp[i] != t + 1) {
            S->istamp[i] = t + 1;
            S->iend[i] = 0;
            S->ilist[k++] = i;
        }
        S->iend[i]++;
        ordered &= i >= last;
        last = i;
    }
    S->nil = k;
    S->direct = ordered && !S->perm;
    S->row0 = p0;
    if (S->direct) {
        for (int j = 0, end = 0; j < k; j++) end = S->iend[S->ilist[j]] += end;
        return;
    }
    if (!S->s_m) {
        S->s_m = (int *) R_alloc((size_t) S->maxrows, sizeof(int));
        S->s_e = (double *) R_alloc((size_t) S->maxrows, sizeof(double));
        if (in->mode == MODE_COUNTS) S->s_f = (double *) R_alloc((size_t) S->maxrows, sizeof(double));
    }
    R_qsort_int(S->ilist, 1, (size_t) k);
    int start = 0;
    for (int j = 0; j < k; j++) {
        int i = S->ilist[j], c = S->iend[i];
        S->iend[i] = start;
        start += c;
    }
    for (R_xlen_t p = p0; p < p1; p++) {
        R_xlen_t r = S->perm ? S->perm[p] : p;
        int q = S->iend[S->s_i ? S->s_i[p - p0] : key_at(&in->ind, r)]++;
        S->s_m[q] = key_at(&in->reg, r);
        S->s_e[q] = emp_at(in, r);
        if (S->s_f) S->s_f[q] = nf_at(in, r);
    }
}

/* ------------------------------------------------------------------------ */
/* Per-period aggregation                                                    */
/* ------------------------------------------------------------------------ */

/* A sum carried with its rounding error (TwoSum), for differences of sums
 * of squares that are close to each other. */
typedef struct { double hi, lo; } eg_dd;

static inline void dd_add(eg_dd *a, double b)
{
    double s = a->hi + b, bb = s - a->hi;
    a->lo += (a->hi - (s - bb)) + (b - bb);
    a->hi = s;
}

/* A period whose region x industry grid is no larger than half its rows
 * (firm rows, or a complete table of cells) is summed into that grid in one
 * pass over its rows in their order, without gathering them by industry:
 * employment and firms per cell, a bit per cell for "has rows", and per
 * industry its totals and firm-size sums. The grid is allocated at the
 * first such period and cleared after each. */
typedef struct {
    int on;                    /* the current period is dense */
    double *E, *N;             /* nr x ni */
    unsigned char *seen;
    double *iE, *iN, *isq, *iq4, *imx;
    int *irows;
} eg_grid;

/* The work space. A period is aggregated in two steps: its groups
 * (industries with rows) with their totals and the regions' totals, in one
 * pass over its rows; then, one group at a time and only where needed, a
 * group's cells (its rows summed by region), into scratch no longer than
 * the number of regions. */
typedef struct {
    /* the rows by period, and the current period's by industry */
    eg_sorted S;
    eg_grid D;
    /* the period's groups, in industry code order: rows r0..r1-1 of S */
    int ng, *g_ind, *g_r0, *g_r1;
    double *g_E, *g_N, *g_sq, *g_q4, *g_mx;
    /* the cells of one group, and of one unit of several groups */
    int *c_m, *u_m;
    double *c_E, *c_N, *u_E, *u_N;
    /* the period's regions, in code order: a_rows marks those with rows
     * (the others have a supplied total but no rows, absent_zero) */
    int na, *a_m;
    unsigned char *a_rows;
    double *x, *rtot, *rref, *rt_m;   /* rt_m: region totals by region code */
    int *rstamp, *loc, *cstamp, *cslot, *ustamp, *uslot, serial;
    int *istamp, *igrp;
    double sx2, sx3, tot, c;
    eg_dd sx2dd;
    int nreg;
    /* lookups of the tables */
    double *refval, *hval;
    int *refstamp, *hstamp, nhkey;
    double *dense;                    /* shares over the period's regions */
    R_xlen_t work;
} eg_ws;

static void tick(eg_ws *w, R_xlen_t amount)
{
    w->work += amount;
    if (w->work > (1 << 22)) {
        w->work = 0;
        R_CheckUserInterrupt();
    }
}

/* Scratch of n elements (at least one): alloc_raw for what is written
 * before it is read (no pages touched ahead of use), alloc0 zeroed. */
static void *alloc_raw(R_xlen_t n, size_t size)
{
    return R_alloc((size_t) (n < 1 ? 1 : n), (int) size);
}

static void *alloc0(R_xlen_t n, size_t size)
{
    void *p = alloc_raw(n, size);
    memset(p, 0, (size_t) (n < 1 ? 1 : n) * size);
    return p;
}

static void ws_alloc(const eg_in *in, eg_ws *w, int maxgroups)
{
    int nr = in->nr, ni = in->ni;
    w->g_ind = alloc_raw(maxgroups, sizeof(int));
    w->g_r0 = alloc_raw(maxgroups, sizeof(int));
    w->g_r1 = alloc_raw(maxgroups, sizeof(int));
    w->g_E = alloc_raw(maxgroups, sizeof(double));
    w->g_N = alloc_raw(maxgroups, sizeof(double));
    if (in->mode == MODE_FIRMS) {
        w->g_sq = alloc_raw(maxgroups, sizeof(double));
        w->g_q4 = alloc_raw(maxgroups, sizeof(double));
        w->g_mx = alloc_raw(maxgroups, sizeof(double));
    }
    w->c_m = alloc_raw(nr, sizeof(int));
    w->c_E = alloc_raw(nr, sizeof(double));
    if (in->mode != MODE_AGG) w->c_N = alloc_raw(nr, sizeof(double));
    w->a_m = alloc_raw(nr, sizeof(int));
    w->a_rows = alloc_raw(nr, 1);
    w->x = alloc_raw(nr, sizeof(double));
    w->rtot = alloc_raw(nr, sizeof(double));
    w->rref = alloc_raw(nr, sizeof(double));
    w->rt_m = alloc_raw(nr, sizeof(double));
    w->loc = alloc_raw(nr, sizeof(int));
    w->cslot = alloc_raw(nr, sizeof(int));
    w->igrp = alloc_raw(ni, sizeof(int));
    w->refval = alloc_raw(nr, sizeof(double));
    w->dense = alloc_raw(nr, sizeof(double));
    /* stamps hold period + 1 or a serial: 0 is "never" */
    w->rstamp = alloc0(nr, sizeof(int));
    w->cstamp = alloc0(nr, sizeof(int));
    w->istamp = alloc0(ni, sizeof(int));
    w->refstamp = alloc0(nr, sizeof(int));
    w->serial = 0;
}

/* Firm sizes of a group: sums of (e / mx)^2 and (e / mx)^4 relative to the
 * largest firm so far, rescaled when a larger one comes (as in LAPACK's
 * dnrm2): e^4 itself overflows beyond 1e77 and underflows below 1e-77. */
static void firm_sums(double *sq, double *q4, double *mx, double e)
{
    if (e > *mx) {
        double r = *mx / e, r2 = r * r;
        *sq = *sq * r2 + 1.0;
        *q4 = *q4 * r2 * r2 + 1.0;
        *mx = e;
    } else {
        double r = e / *mx, r2 = r * r;
        *sq += r2;
        *q4 += r2 * r2;
    }
}

/* Group g of period t: industry i, rows r0..r1-1 of the gathered period.
 * Sums its employment and firms, the regions' employment (rt_m), marks
 * the period's regions; a repeated cell (MODE_AGG, MODE_COUNTS) sets dup
 * (the row numbers are R's to find). */
static void add_group(const eg_in *in, eg_ws *w, int t, int i, int r0, int r1, int *dup)
{
    const eg_sorted *S = &w->S;
    const int g = w->ng++, serial = ++w->serial, tt = t + 1, mode = in->mode;
    int na = w->na;
    double E = 0.0, N = 0.0;
    /* the arrays written here are distinct allocations */
    int *restrict rstamp = w->rstamp, *restrict cstamp = w->cstamp, *restrict a_m = w->a_m;
    double *restrict rt_m = w->rt_m;
    w->g_ind[g] = i;
    w->g_r0[g] = r0;
    w->g_r1[g] = r1;
    if (w->g_sq) w->g_sq[g] = w->g_q4[g] = w->g_mx[g] = 0.0;
    w->istamp[i] = tt;
    w->igrp[i] = g;
    for (int p = r0; p < r1; p++) {
        int m = row_region(in, S, p);
        double e = row_emp(in, S, p);
        if (rstamp[m] != tt) {
            rstamp[m] = tt;
            a_m[na++] = m;
            rt_m[m] = 0.0;
        }
        if (cstamp[m] == serial && mode != MODE_FIRMS) *dup = 1;
        cstamp[m] = serial;
        rt_m[m] += e;
        E += e;
        if (mode == MODE_COUNTS) {
            N += row_firms(in, S, p);
        } else if (mode == MODE_FIRMS && e > 0) {
            N += 1.0;
            firm_sums(w->g_sq + g, w->g_q4 + g, w->g_mx + g, e);
        }
    }
    w->na = na;
    w->g_E[g] = E;
    w->g_N[g] = N;
}

static void grid_alloc(const eg_in *in, eg_ws *w)
{
    eg_grid *D = &w->D;
    R_xlen_t ncell = (R_xlen_t) in->nr * in->ni;
    D->E = alloc0(ncell, sizeof(double));
    if (in->mode != MODE_AGG) D->N = alloc0(ncell, sizeof(double));
    D->seen = alloc0(ncell / 8 + 1, 1);
    D->iE = alloc_raw(in->ni, sizeof(double));
    D->iN = alloc_raw(in->ni, sizeof(double));
    D->irows = alloc_raw(in->ni, sizeof(int));
    if (in->mode == MODE_FIRMS) {
        D->isq = alloc_raw(in->ni, sizeof(double));
        D->iq4 = alloc_raw(in->ni, sizeof(double));
        D->imx = alloc_raw(in->ni, sizeof(double));
    }
}

/* Zero the cells of the last dense period (its groups x its regions). */
static void grid_clear(const eg_in *in, eg_ws *w)
{
    eg_grid *D = &w->D;
    if (!D->on) return;
    for (int g = 0; g < w->ng; g++)
        for (int k = 0; k < w->na; k++) {
            R_xlen_t cell = w->a_m[k] + (R_xlen_t) in->nr * w->g_ind[g];
            D->E[cell] = 0.0;
            if (D->N) D->N[cell] = 0.0;
            D->seen[cell >> 3] = 0;
        }
    D->on = 0;
}

/* Stamps back to "never" and the grid cleared, between the two sweeps. */
static void ws_reset(const eg_in *in, eg_ws *w)
{
    grid_clear(in, w);
    memset(w->rstamp, 0, (size_t) in->nr * sizeof(int));
    memset(w->cstamp, 0, (size_t) in->nr * sizeof(int));
    memset(w->refstamp, 0, (size_t) in->nr * sizeof(int));
    memset(w->istamp, 0, (size_t) in->ni * sizeof(int));
    memset(w->S.istamp, 0, (size_t) in->ni * sizeof(int));
    if (w->ustamp) memset(w->ustamp, 0, (size_t) in->nr * sizeof(int));
    if (w->hstamp) memset(w->hstamp, 0, (size_t) w->nhkey * sizeof(int));
    w->serial = 0;
}

/* Period t summed into the grid (see eg_grid); its groups in code order. */
static void dense_groups(const eg_in *in, eg_ws *w, int t, int *dup)
{
    eg_grid *D = &w->D;
    const eg_sorted *S = &w->S;
    const R_xlen_t p0 = t ? S->pend[t - 1] : 0, p1 = S->pend[t];
    const int tt = t + 1, nr = in->nr, mode = in->mode;
    int k = 0, na = 0, *ilist = S->ilist;
    for (R_xlen_t p = p0; p < p1; p++) {
        R_xlen_t r = S->perm ? S->perm[p] : p, cell;
        int i = key_checked(&in->ind, r), m = key_checked(&in->reg, r);
        double e = emp_at(in, r);
        if (w->istamp[i] != tt) {
            w->istamp[i] = tt;
            ilist[k++] = i;
            D->iE[i] = D->iN[i] = 0.0;
            D->irows[i] = 0;
            if (D->isq) D->isq[i] = D->iq4[i] = D->imx[i] = 0.0;
        }
        if (w->rstamp[m] != tt) {
            w->rstamp[m] = tt;
            w->a_m[na++] = m;
            w->rt_m[m] = 0.0;
        }
        cell = m + (R_xlen_t) nr * i;
        unsigned char bit = (unsigned char) (1u << (cell & 7));
        if ((D->seen[cell >> 3] & bit) && mode != MODE_FIRMS) *dup = 1;
        D->seen[cell >> 3] |= bit;
        D->E[cell] += e;
        w->rt_m[m] += e;
        D->iE[i] += e;
        D->irows[i]++;
        if (mode == MODE_COUNTS) {
            double f = nf_at(in, r);
            D->N[cell] += f;
            D->iN[i] += f;
        } else if (mode == MODE_FIRMS && e > 0) {
            D->N[cell] += 1.0;
            D->iN[i] += 1.0;
            firm_sums(D->isq + i, D->iq4 + i, D->imx + i, e);
        }
    }
    R_qsort_int(ilist, 1, (size_t) k);
    for (int g = 0; g < k; g++) {
        int i = ilist[g];
        w->g_ind[g] = i;
        w->g_r0[g] = 0;
        w->g_r1[g] = D->irows[i];
        w->g_E[g] = D->iE[i];
        w->g_N[g] = D->iN[i];
        if (w->g_sq) {
            w->g_sq[g] = D->isq[i];
            w->g_q4[g] = D->iq4[i];
            w->g_mx[g] = D->imx[i];
        }
        w->igrp[i] = g;
    }
    w->ng = k;
    w->na = na;
    D->on = 1;
    tick(w, p1 - p0);
}

/* The groups of period t (industries, in code order) and its regions with
 * rows. A repeated cell sets dup. */
static void period_groups(const eg_in *in, eg_ws *w, int t, int *dup)
{
    eg_sorted *S = &w->S;
    grid_clear(in, w);
    if ((double) in->nr * in->ni <= (S->pend[t] - (t ? S->pend[t - 1] : 0)) / 2.0) {
        if (!w->D.seen) grid_alloc(in, w);
        dense_groups(in, w, t, dup);
        return;
    }
    gather_period(in, S, t);
    w->ng = w->na = 0;
    for (int j = 0, start = 0; j < S->nil; j++) {
        int end = S->iend[S->ilist[j]];
        add_group(in, w, t, S->ilist[j], start, end, dup);
        start = end;
    }
    tick(w, 2 * (S->pend[t] - (t ? S->pend[t - 1] : 0)));
}

/* The cells of group g (its rows summed by region, in order of first
 * appearance) in c_m, c_E, c_N; returns their number. Cell rows are
 * unique, so each row is a cell; firm rows are summed. */
static int group_cells(const eg_in *in, eg_ws *w, int g)
{
    const eg_sorted *S = &w->S;
    const eg_grid *D = &w->D;
    int nc = 0;
    if (D->on) {
        /* the cells with rows, in region order */
        for (int k = 0; k < w->na; k++) {
            R_xlen_t cell = w->a_m[k] + (R_xlen_t) in->nr * w->g_ind[g];
            if (!(D->seen[cell >> 3] & (1u << (cell & 7)))) continue;
            w->c_m[nc] = w->a_m[k];
            w->c_E[nc] = D->E[cell];
            if (w->c_N) w->c_N[nc] = D->N[cell];
            nc++;
        }
        return nc;
    }
    if (in->mode != MODE_FIRMS) {
        for (int p = w->g_r0[g]; p < w->g_r1[g]; p++, nc++) {
            w->c_m[nc] = row_region(in, S, p);
            w->c_E[nc] = row_emp(in, S, p);
            if (w->c_N) w->c_N[nc] = row_firms(in, S, p);
        }
        return nc;
    }
    const int serial = ++w->serial;
    for (int p = w->g_r0[g]; p < w->g_r1[g]; p++) {
        int m = row_region(in, S, p), c;
        double e = row_emp(in, S, p);
        if (w->cstamp[m] != serial) {
            w->cstamp[m] = serial;
            c = w->cslot[m] = nc++;
            w->c_m[c] = m;
            w->c_E[c] = w->c_N[c] = 0.0;
        } else {
            c = w->cslot[m];
        }
        w->c_E[c] += e;
        w->c_N[c] += e > 0;
    }
    return nc;
}

/* ------------------------------------------------------------------------ */
/* Tables by period                                                          */
/* ------------------------------------------------------------------------ */

/* Scatter the entries of period t into val / stamp (by key code). */
static void table_period(const eg_table *tab, int t, double *val, int *stamp)
{
    if (!tab->k) return;
    for (R_xlen_t e = tab->tstart[t]; e < tab->tstart[t + 1]; e++) {
        val[tab->k[e]] = tab->v[e];
        stamp[tab->k[e]] = t + 1;
    }
}

/* The value of key in period t (scaled), or 0 when the table has none (NA
 * counts as none). */
static int table_get(const eg_table *tab, int t, int key, const double *val, const int *stamp,
                     double *out)
{
    double v;
    if (!tab->k) v = tab->v[key];
    else if (stamp[key] != t + 1) return 0;
    else v = val[key];
    if (ISNAN(v)) return 0;
    *out = tab->scale ? ldexp(v, -tab->scale) : v;
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Reference shares of a period                                              */
/* ------------------------------------------------------------------------ */

/* What the shares of the periods report to R. */
typedef struct {
    double *status;              /* NSTATUS */
    int *n_regions, *n_rows_regions, *n_absent;  /* nt */
    double *sum_x2, *total;      /* nt */
    int n_listed, *absent_region, *absent_time;  /* the first ABSENT_CAP */
    double *over;                /* count, region, period, data total, reference total */
    double *left_out;            /* count, region, period */
} eg_report;

/* Regions with a supplied positive total in period t but no rows: counted,
 * the first ABSENT_CAP listed, and with absent_zero added to the period's
 * regions. A direct table (one total per region for every period) is
 * scanned only while the list is not full or to add the regions. */
static void absent_regions(const eg_in *in, eg_ws *w, int t, eg_report *rep)
{
    const eg_table *tab = &in->ref;
    if (!tab->k && !in->absent_zero) {
        int with_rows = 0;
        for (int k = 0; k < w->na; k++) with_rows += tab->v[w->a_m[k]] > 0;
        rep->n_absent[t] = tab->npos - with_rows;
        if (rep->n_absent[t] == 0 || rep->n_listed >= ABSENT_CAP) return;
    }
    R_xlen_t e0 = tab->k ? tab->tstart[t] : 0, e1 = tab->k ? tab->tstart[t + 1] : in->nr;
    int absent = 0;
    for (R_xlen_t e = e0; e < e1; e++) {
        int m = tab->k ? tab->k[e] : (int) e;
        if (w->rstamp[m] == t + 1 || !(tab->v[e] > 0)) continue;
        absent++;
        if (in->absent_zero) w->a_m[w->na++] = m;
        if (rep->n_listed < ABSENT_CAP) {
            rep->absent_region[rep->n_listed] = m;
            rep->absent_time[rep->n_listed++] = t;
        }
    }
    tick(w, e1 - e0);
    rep->n_absent[t] = absent;
}

/* x from supplied totals; 0 on success, or a status. */
static int shares_reference(const eg_in *in, eg_ws *w, int t, eg_report *rep)
{
    table_period(&in->ref, t, w->refval, w->refstamp);
    double rt = 0.0;
    for (int k = 0; k < w->na; k++) {
        int m = w->a_m[k];
        double v = 0.0;
        if (!table_get(&in->ref, t, m, w->refval, w->refstamp, &v) && w->a_rows[k]) {
            rep->status[0] = ST_REF_MISSING;
            rep->status[1] = m;
            rep->status[2] = t;
            return ST_REF_MISSING;
        }
        if (w->a_rows[k] && w->rtot[k] > 0 && !(v > 0)) {
            rep->status[0] = ST_REF_ZERO;
            rep->status[1] = m;
            rep->status[2] = t;
            rep->status[3] = ldexp(w->rtot[k], in->escale);
            return ST_REF_ZERO;
        }
        w->rref[k] = v;
        rt += v;
        /* the data's employment above the supplied total (in the data's units) */
        if (w->a_rows[k] && ldexp(w->rtot[k], in->escale - in->ref.scale) > v * (1 + 1e-9)) {
            if (rep->over[0]++ == 0) {
                rep->over[1] = m;
                rep->over[2] = t;
                rep->over[3] = ldexp(w->rtot[k], in->escale);
                rep->over[4] = ldexp(v, in->ref.scale);
            }
        }
    }
    if (rt > 0)
        for (int k = 0; k < w->na; k++) w->x[k] = w->rref[k] / rt;
    return ST_OK;
}

/* Regions, totals and reference shares x of period t (after period_groups).
 * Returns a status (ST_OK or a reference problem, also in rep->status). */
static int period_shares(const eg_in *in, eg_ws *w, int t, eg_report *rep)
{
    if (in->xmethod == X_REF) absent_regions(in, w, t, rep);
    R_qsort_int(w->a_m, 1, (size_t) w->na);
    int nrows = 0;
    for (int k = 0; k < w->na; k++) {
        w->loc[w->a_m[k]] = k;
        w->a_rows[k] = w->rstamp[w->a_m[k]] == t + 1;
        nrows += w->a_rows[k];
        w->x[k] = 0.0;
        w->rtot[k] = w->a_rows[k] ? w->rt_m[w->a_m[k]] : 0.0;
    }
    rep->n_rows_regions[t] = nrows;
    double tot = 0.0;
    for (int g = 0; g < w->ng; g++) tot += w->g_E[g];
    w->tot = tot;
    if (in->xmethod == X_TOTAL) {
        if (tot > 0)
            for (int k = 0; k < w->na; k++) w->x[k] = w->rtot[k] / tot;
    } else if (in->xmethod == X_MEAN) {
        int npos = 0;
        for (int g = 0; g < w->ng; g++) {
            double Et = w->g_E[g];
            if (!(Et > 0)) continue;
            int nc = group_cells(in, w, g);
            for (int c = 0; c < nc; c++) w->x[w->loc[w->c_m[c]]] += w->c_E[c] / Et;
            npos++;
        }
        if (npos > 0)
            for (int k = 0; k < w->na; k++) w->x[k] /= npos;
    } else if (shares_reference(in, w, t, rep) != ST_OK) {
        return (int) rep->status[0];
    }
    double s2 = 0.0, s3 = 0.0;
    eg_dd s2dd = {0.0, 0.0};
    int nreg = 0;
    for (int k = 0; k < w->na; k++) {
        double xk = w->x[k], x2 = xk * xk;
        s2 += x2;
        dd_add(&s2dd, x2);
        s3 += x2 * xk;
        nreg += xk > 0;
        if (w->a_rows[k] && !(xk > 0) && rep->left_out[0]++ == 0) {
            rep->left_out[1] = w->a_m[k];
            rep->left_out[2] = t;
        }
    }
    w->sx2 = s2;
    w->sx2dd = s2dd;
    w->sx3 = s3;
    w->c = 1.0 - s2;
    w->nreg = nreg;
    rep->n_regions[t] = nreg;
    rep->sum_x2[t] = s2;
    rep->total[t] = ldexp(tot, in->escale);
    tick(w, w->na + w->ng);
    return ST_OK;
}

/* ------------------------------------------------------------------------ */
/* Units: an industry, or a group of industries summed                       */
/* ------------------------------------------------------------------------ */

typedef struct {
    int nmem;
    const int *mem;           /* member groups of the period */
    int nc;                   /* cells: regions with rows of a member */
    const int *m;
    const double *E, *N;
} eg_unit;

typedef struct {
    double etot, G, H, gamma, var, z, nfirms;
    int npres, rows;
} eg_stat;

/* The unit's cells: a single member's own, or the members' summed by region
 * (in u_m, u_E, u_N, with stamps of their own). */
static void unit_cells(const eg_in *in, eg_ws *w, eg_unit *u)
{
    if (u->nmem == 1) {
        u->nc = group_cells(in, w, u->mem[0]);
        u->m = w->c_m;
        u->E = w->c_E;
        u->N = w->c_N;
        return;
    }
    if (!w->u_m) {
        w->u_m = alloc_raw(in->nr, sizeof(int));
        w->u_E = alloc_raw(in->nr, sizeof(double));
        w->u_N = alloc_raw(in->nr, sizeof(double));
        w->uslot = alloc_raw(in->nr, sizeof(int));
        w->ustamp = alloc0(in->nr, sizeof(int));
    }
    const int serial = ++w->serial;
    int nc = 0;
    for (int k = 0; k < u->nmem; k++) {
        int gc = group_cells(in, w, u->mem[k]);
        for (int c = 0; c < gc; c++) {
            int m = w->c_m[c];
            if (w->ustamp[m] != serial) {
                w->ustamp[m] = serial;
                w->uslot[m] = nc;
                w->u_m[nc] = m;
                w->u_E[nc] = w->u_N[nc] = 0.0;
                nc++;
            }
            w->u_E[w->uslot[m]] += w->c_E[c];
            if (w->c_N) w->u_N[w->uslot[m]] += w->c_N[c];
        }
    }
    u->nc = nc;
    u->m = w->u_m;
    u->E = w->u_E;
    u->N = w->u_N;
}

/* G = sum over the period's regions of (s - x)^2, for the shares s = E /
 * etot of the cells. When the cells cover a quarter of the regions or more,
 * the sum runs over all regions in code order; otherwise over the cells,
 * plus the sum of x^2 over the other regions, taken as the difference of
 * two sums carried with their rounding errors (exact when it is small). */
static double gini(eg_ws *w, const int *cm, const double *E, int nc, double etot)
{
    const double *x = w->x;
    if (4 * (R_xlen_t) nc >= w->na) {
        double *d = w->dense, G = 0.0;
        memset(d, 0, (size_t) w->na * sizeof(double));
        for (int c = 0; c < nc; c++) d[w->loc[cm[c]]] = E[c] / etot;
        for (int k = 0; k < w->na; k++) {
            double diff = d[k] - x[k];
            G += diff * diff;
        }
        return G;
    }
    double cells = 0.0;
    eg_dd xc = {0.0, 0.0};
    for (int c = 0; c < nc; c++) {
        double xk = x[w->loc[cm[c]]], diff = E[c] / etot - xk;
        cells += diff * diff;
        dd_add(&xc, xk * xk);
    }
    double rest = (w->sx2dd.hi - xc.hi) + (w->sx2dd.lo - xc.lo);
    return (rest > 0 ? rest : 0.0) + cells;
}

/* H and the sum of the firms' z^4 of a unit (shares E / etot). */
static void unit_herfindahl(const eg_in *in, const eg_ws *w, const eg_unit *u, double etot,
                            double nfirms, double userH, double *H, double *z4)
{
    *H = *z4 = NAN;
    switch (in->hmethod) {
    case H_EXACT: {
        /* from the scaled sums: the largest firm's share mx / etot is <= 1 */
        double sq = 0.0, q4 = 0.0;
        for (int k = 0; k < u->nmem; k++) {
            int g = u->mem[k];
            double r = w->g_mx[g] / etot, r2 = r * r;
            sq += w->g_sq[g] * r2;
            q4 += w->g_q4[g] * r2 * r2;
        }
        *H = sq;
        *z4 = q4;
        break;
    }
    case H_COUNTS: {
        double h = 0.0, q = 0.0;
        for (int c = 0; c < u->nc; c++) {
            double sc = u->E[c] / etot;
            if (!(sc > 0)) continue;
            double n = u->N[c], s2 = sc * sc;
            h += s2 / n;
            q += s2 * s2 / (n * n * n);
        }
        *H = h;
        *z4 = q;
        break;
    }
    case H_INVN:
        *H = 1.0 / nfirms;
        *z4 = *H * *H * *H;
        break;
    case H_USER:
        *H = userH;
        break;
    default:
        break;
    }
}

/* Statistics of a unit in the current period. */
static void unit_stat(const eg_in *in, eg_ws *w, const eg_unit *u, double userH, eg_stat *st)
{
    memset(st, 0, sizeof(*st));
    for (int k = 0; k < u->nmem; k++) {
        int g = u->mem[k];
        st->etot += w->g_E[g];
        st->nfirms += w->g_N[g];
        st->rows += w->g_r1[g] - w->g_r0[g];
    }
    st->G = st->H = st->gamma = st->var = st->z = NAN;
    if (!(st->etot > 0)) return;
    for (int c = 0; c < u->nc; c++) st->npres += u->E[c] / st->etot > 0;
    double G = gini(w, u->m, u->E, u->nc, st->etot), H, z4;
    unit_herfindahl(in, w, u, st->etot, st->nfirms, userH, &H, &z4);
    const double c = w->c, S2 = w->sx2, S3 = w->sx3;
    st->G = G;
    st->H = H;
    st->gamma = H < 1 ? (G - c * H) / (c * (1.0 - H)) : NAN;
    st->var = 2.0 * (H * H * (S2 - 2.0 * S3 + S2 * S2) - z4 * (S2 - 4.0 * S3 + 3.0 * S2 * S2));
    st->z = st->var > 0 ? (G - c * H) / sqrt(st->var) : NAN;
    tick(w, u->nc + u->nmem);
}

/* Supplied H of unit u in period t (after table_period); ST_OK, or a status
 * in `status` when it is missing or outside (0, 1]. */
static int user_h(const eg_in *in, const eg_ws *w, int u, int t, double *h, double *status)
{
    *h = 0.0;
    if (in->hmethod != H_USER) return ST_OK;
    int code = ST_OK;
    if (!table_get(&in->uh, t, u, w->hval, w->hstamp, h)) code = ST_H_MISSING;
    else if (!(*h > 0 && *h <= 1)) code = ST_H_RANGE;
    if (code != ST_OK) {
        status[0] = code;
        status[1] = u;
        status[2] = t;
        status[3] = *h;
    }
    return code;
}

/* Units as member lists of industry codes (CSR), or every industry its own
 * unit (identity). Member groups of unit u in period t go to mem; returns
 * their number. */
typedef struct {
    int identity, nu;
    const int *start, *members;
} eg_units;

static int unit_members(const eg_units *U, const eg_ws *w, int u, int t, int *mem)
{
    int k = 0;
    for (int q = U->start[u]; q < U->start[u + 1]; q++) {
        int i = U->members[q];
        if (w->istamp[i] == t + 1) mem[k++] = w->igrp[i];
    }
    return k;
}

static void read_units(SEXP opts, const eg_in *in, eg_units *U, const char *start,
                       const char *members)
{
    memset(U, 0, sizeof(*U));
    if (coagg_opt(opts, start) == R_NilValue) {
        U->identity = 1;
        U->nu = in->ni;
        return;
    }
    R_xlen_t ns, nm;
    U->start = coagg_opt_ints(opts, start, &ns);
    U->members = coagg_opt_ints(opts, members, &nm);
    U->nu = (int) ns - 1;
    if (U->nu < 0 || U->start[0] != 0 || U->start[U->nu] != nm)
        error("agglomeration engine: malformed units");
    for (int u = 0; u < U->nu; u++)
        if (U->start[u + 1] < U->start[u]) error("agglomeration engine: malformed units");
    for (R_xlen_t q = 0; q < nm; q++)
        if (U->members[q] < 0 || U->members[q] >= in->ni)
            error("agglomeration engine: malformed units");
}

/* ------------------------------------------------------------------------ */
/* Task: E-G index per unit and period (eg_index, eg_coagg)                  */
/* ------------------------------------------------------------------------ */

typedef struct {
    R_xlen_t k;               /* rows written */
    int *unit, *time, *npres, *rows;
    double *emp, *gini, *herf, *gamma, *var, *z, *nfirms;
    /* per region (eg_coagg): region-periods with rows and x > 0, nu values each */
    int per_region;
    R_xlen_t p;
    int *p_region, *p_time;
    double *p_x, *p_share, *p_lq, *p_eglq, *p_dec;
    double *sdense;           /* nu x na scratch */
} eg_index_out;

static void put_unit(const eg_in *in, eg_index_out *o, int u, int t, const eg_stat *st)
{
    R_xlen_t k = o->k++;
    o->unit[k] = u;
    o->time[k] = t;
    o->emp[k] = ldexp(st->etot, in->escale);
    o->gini[k] = st->G;
    o->herf[k] = st->H;
    o->gamma[k] = st->gamma;
    o->var[k] = st->var;
    o->z[k] = st->z;
    o->nfirms[k] = st->nfirms;
    o->npres[k] = st->npres;
    o->rows[k] = st->rows;
}

/* The per-region values of the period's units (their shares in sdense). */
static void put_regions(const eg_ws *w, eg_index_out *o, int t, int nu, const eg_stat *st)
{
    const double c = w->c;
    for (int k = 0; k < w->na; k++) {
        double x = w->x[k];
        if (!w->a_rows[k] || !(x > 0)) continue;
        R_xlen_t p = o->p++;
        o->p_region[p] = w->a_m[k];
        o->p_time[p] = t;
        o->p_x[p] = x;
        for (int u = 0; u < nu; u++) {
            double s = o->sdense[(R_xlen_t) u * w->na + k], d = s - x, H = st[u].H;
            R_xlen_t j = p * nu + u;
            o->p_share[j] = s;
            o->p_lq[j] = s / x;
            o->p_eglq[j] = st[u].gamma * o->p_lq[j];
            o->p_dec[j] = H < 1 ? (d * d - c * H) / (c * (1.0 - H)) : NAN;
        }
    }
}

static int index_period(const eg_in *in, eg_ws *w, int t, const eg_units *U, int *mem,
                        eg_index_out *o, eg_report *rep)
{
    table_period(&in->uh, t, w->hval, w->hstamp);
    int nu = U->identity ? w->ng : U->nu;
    eg_stat st[2];
    for (int j = 0; j < nu; j++) {
        eg_unit unit;
        int u = U->identity ? w->g_ind[j] : j;
        unit.nmem = U->identity ? 1 : unit_members(U, w, u, t, mem);
        if (U->identity) mem[0] = j;
        unit.mem = mem;
        if (!unit.nmem) {
            /* a group of eg_coagg without rows in the period: R refuses it */
            if (o->per_region) {
                st[j].gamma = st[j].H = NAN;
                memset(o->sdense + (R_xlen_t) j * w->na, 0, (size_t) w->na * sizeof(double));
            }
            continue;
        }
        double h;
        if (user_h(in, w, u, t, &h, rep->status) != ST_OK) return (int) rep->status[0];
        unit_cells(in, w, &unit);
        eg_stat s1, *sp = o->per_region ? &st[j] : &s1;
        unit_stat(in, w, &unit, h, sp);
        put_unit(in, o, u, t, sp);
        if (o->per_region) {
            double *sd = o->sdense + (R_xlen_t) j * w->na;
            memset(sd, 0, (size_t) w->na * sizeof(double));
            if (sp->etot > 0)
                for (int c = 0; c < unit.nc; c++) sd[w->loc[unit.m[c]]] = unit.E[c] / sp->etot;
        }
    }
    if (o->per_region) put_regions(w, o, t, nu, st);
    return ST_OK;
}

/* ------------------------------------------------------------------------ */
/* Task: pairwise matrix and EG 1997 groups (eg_coagg_matrix)                */
/* ------------------------------------------------------------------------ */

typedef struct {
    const int *sel;           /* industry codes of the matrix, in order */
    int ns, *rank;            /* position of each industry in sel, or -1 */
    int *ranks, *rank2g;      /* scratch: present positions, their group */
    double *D, *blk;          /* na x k centred shares; a block of products */
    R_xlen_t np, ni_out, ng_out;
    int *p1, *p2, *pt;        /* pairs: positions in sel (i < j), period */
    double *pest;
    unsigned char *zero;      /* scratch: present industries without employment */
    int *i_sel, *i_time;      /* the period's industries of the matrix */
    double *i_emp;
    int *q_group, *q_time;    /* EG 1997 groups */
    double *q_gamma, *q_gini, *q_herf, *q_emp;
} eg_pairs_out;

/* Columns of products per block: about 4e8 flops a block (a fraction of a
 * second with the reference BLAS), at least 16 columns, and a block of at
 * most max(16 rows, BLOCK_DOUBLES) numbers. */
#define BLOCK_DOUBLES 2097152
static int block_cols(int na, R_xlen_t rows)
{
    double r = (double) (rows > 0 ? rows : 1);
    double b = 4e8 / (2.0 * (na > 0 ? na : 1) * r);
    if (b > BLOCK_DOUBLES / r) b = BLOCK_DOUBLES / r;
    if (b < 16) b = 16;
    return b > rows ? (int) rows : (int) b;
}

/* The pairs of the k present industries: the strictly lower triangle of
 * D'D / (1 - sum x^2), in column blocks (dsyrk for the diagonal block, dgemm
 * below it) with an interrupt check between blocks, written as pairs
 * (i, j), i < j, in the order of i, then j. zero[j]: no employment (NaN). */
static void pair_products(const eg_ws *w, eg_pairs_out *o, int k, int t, int nt,
                          const unsigned char *zero)
{
    int na = w->na;
    double alpha = 1.0 / w->c, beta = 0.0;
    R_xlen_t off = o->np;
    for (int i0 = 0; i0 < k;) {
        R_CheckUserInterrupt();
        int rows = k - i0, b = block_cols(na, rows), below = rows - b;
        double *Di = o->D + (R_xlen_t) na * i0, *L = o->blk;
        F77_CALL(dsyrk)("L", "T", &b, &na, &alpha, Di, &na, &beta, L, &rows FCONE FCONE);
        if (below > 0)
            F77_CALL(dgemm)("T", "N", &below, &b, &na, &alpha, Di + (R_xlen_t) na * b, &na, Di,
                            &na, &beta, L + b, &rows FCONE FCONE);
        for (int cc = 0; cc < b; cc++) {
            int i = i0 + cc;
            R_xlen_t pos = off + (R_xlen_t) i * k - (R_xlen_t) i * (i + 1) / 2;
            for (int r = cc + 1; r < rows; r++, pos++) {
                int j = i0 + r;
                o->p1[pos] = o->ranks[i];
                o->p2[pos] = o->ranks[j];
                if (nt > 1) o->pt[pos] = t;
                o->pest[pos] = zero[i] || zero[j] ? NAN : L[r + (R_xlen_t) rows * cc];
            }
        }
        i0 += b;
    }
    o->np = off + (R_xlen_t) k * (k - 1) / 2;
}

/* EG 1997 co-agglomeration of each group with rows in period t. */
static int groups_period(const eg_in *in, eg_ws *w, int t, const eg_units *G, int *mem,
                         eg_pairs_out *o, eg_report *rep)
{
    for (int q = 0; q < G->nu; q++) {
        eg_unit u;
        u.nmem = unit_members(G, w, q, t, mem);
        u.mem = mem;
        if (!u.nmem) continue;
        R_xlen_t j = o->ng_out++;
        double Eg = 0.0, sw2 = 0.0, Hc = 0.0, adj = 0.0;
        for (int k = 0; k < u.nmem; k++) Eg += w->g_E[mem[k]];
        o->q_group[j] = q;
        o->q_time[j] = t;
        o->q_emp[j] = ldexp(Eg, in->escale);
        o->q_gamma[j] = o->q_gini[j] = o->q_herf[j] = NAN;
        if (!(Eg > 0)) continue;
        for (int k = 0; k < u.nmem; k++) {
            double wt = w->g_E[mem[k]] / Eg, h;
            if (!(wt > 0)) continue;
            if (user_h(in, w, w->g_ind[mem[k]], t, &h, rep->status) != ST_OK)
                return (int) rep->status[0];
            eg_unit one = {1, mem + k, 0, NULL, NULL, NULL};
            eg_stat st;
            unit_cells(in, w, &one);
            unit_stat(in, w, &one, h, &st);
            sw2 += wt * wt;
            Hc += wt * wt * st.H;
            adj += st.gamma * wt * wt * (1.0 - st.H);
        }
        unit_cells(in, w, &u);
        double Gc = gini(w, u.m, u.E, u.nc, Eg);
        o->q_gini[j] = Gc;
        o->q_herf[j] = Hc;
        o->q_gamma[j] = 1.0 - sw2 > 0 ? (Gc / w->c - Hc - adj) / (1.0 - sw2) : NAN;
    }
    return ST_OK;
}

static int pairs_period(const eg_in *in, eg_ws *w, int t, const eg_units *G, int *mem,
                        eg_pairs_out *o, eg_report *rep)
{
    int k = 0, na = w->na;
    for (int g = 0; g < w->ng; g++) {
        int r = o->rank[w->g_ind[g]];
        if (r < 0) continue;
        o->ranks[k++] = r;
        o->rank2g[r] = g;
    }
    R_qsort_int(o->ranks, 1, (size_t) k);
    unsigned char *zero = o->zero;
    for (int j = 0; j < k; j++) {
        int g = o->rank2g[o->ranks[j]];
        double Et = w->g_E[g], *Dj = o->D + (R_xlen_t) na * j;
        R_xlen_t q = o->ni_out++;
        o->i_sel[q] = o->ranks[j];
        o->i_time[q] = t;
        o->i_emp[q] = ldexp(Et, in->escale);
        zero[j] = !(Et > 0);
        for (int a = 0; a < na; a++) Dj[a] = zero[j] ? 0.0 : -w->x[a];
        if (!zero[j]) {
            int nc = group_cells(in, w, g);
            for (int c = 0; c < nc; c++) {
                int a = w->loc[w->c_m[c]];
                Dj[a] = w->c_E[c] / Et - w->x[a];
            }
        }
        tick(w, na);
    }
    if (k > 1) pair_products(w, o, k, t, in->nt, zero);
    return groups_period(in, w, t, G, mem, o, rep);
}

/* ------------------------------------------------------------------------ */
/* Task: location quotients per cell                                         */
/* ------------------------------------------------------------------------ */

typedef struct {
    R_xlen_t k;
    int *region, *industry, *time;
    double *emp, *lq;
} eg_lq_out;

/* One row per cell of the period whose region has x > 0, by industry (R
 * puts them in the order of the regions). */
static void lq_period(const eg_in *in, eg_ws *w, int t, eg_lq_out *o)
{
    for (int g = 0; g < w->ng; g++) {
        int nc = group_cells(in, w, g);
        double Et = w->g_E[g];
        for (int c = 0; c < nc; c++) {
            double x = w->x[w->loc[w->c_m[c]]];
            if (!(x > 0)) continue;
            R_xlen_t k = o->k++;
            o->region[k] = w->c_m[c];
            o->industry[k] = w->g_ind[g];
            o->time[k] = t;
            o->emp[k] = ldexp(w->c_E[c], in->escale);
            o->lq[k] = Et > 0 ? w->c_E[c] / Et / x : NAN;
        }
        tick(w, nc);
    }
}

/* ------------------------------------------------------------------------ */
/* The sweeps and the entry points                                           */
/* ------------------------------------------------------------------------ */

/* The largest period, and what a first sweep finds for the pairs: the
 * sizes of the results and of the centred share matrix. */
typedef struct {
    R_xlen_t sel_pairs, sel_groups, maxD;
    int maxrows, maxsel;
} eg_counts;

/* Check the rows and put them in period order; with `counts`, aggregate
 * every period once for the sizes of the results (and repeated cells). ST_OK
 * or a status (in status). */
static int prepare(eg_in *in, eg_ws *w, const int *rank, int counts, double *status,
                   eg_counts *n)
{
    memset(n, 0, sizeof(*n));
    sort_rows(in, &w->S, status, &n->maxrows);
    if (status[0] != ST_OK) return (int) status[0];
    ws_alloc(in, w, n->maxrows < in->ni ? n->maxrows : in->ni);
    if (!counts) return ST_OK;
    int dup = 0;
    for (int t = 0; t < in->nt; t++) {
        period_groups(in, w, t, &dup);
        if (rank) {
            int k = 0;
            for (int g = 0; g < w->ng; g++) k += rank[w->g_ind[g]] >= 0;
            /* the period's regions: those with rows, or every region with a
             * total (absent_zero) */
            R_xlen_t na = in->xmethod == X_REF && in->absent_zero ? in->nr : w->na;
            n->sel_groups += k;
            n->sel_pairs += (R_xlen_t) k * (k - 1) / 2;
            if (k > n->maxsel) n->maxsel = k;
            if (na * k > n->maxD) n->maxD = na * k;
        }
    }
    if (dup) {
        status[0] = ST_DUP;
        return ST_DUP;
    }
    ws_reset(in, w);
    return ST_OK;
}

/* Aggregate period t and its shares (second sweep); 0 when a status stops
 * the computation (a repeated cell, a reference problem). */
static int period_start(const eg_in *in, eg_ws *w, int t, eg_report *rep)
{
    int dup = 0;
    period_groups(in, w, t, &dup);
    if (dup) {
        rep->status[0] = ST_DUP;
        return 0;
    }
    return period_shares(in, w, t, rep) == ST_OK;
}

static const char *report_names[] = {
    "status", "n_regions", "n_rows_regions", "n_absent", "sum_x2", "total",
    "absent_region", "absent_time", "over", "left_out"};
#define NREPORT 10

/* The report's slots 0..NREPORT-1 of out. */
static void report_alloc(SEXP out, int nt, eg_report *rep)
{
    rep->status = coagg_put_real(out, 0, NSTATUS);
    for (int j = 0; j < NSTATUS; j++) rep->status[j] = 0.0;
    rep->n_regions = coagg_put_int(out, 1, nt);
    rep->n_rows_regions = coagg_put_int(out, 2, nt);
    rep->n_absent = coagg_put_int(out, 3, nt);
    rep->sum_x2 = coagg_put_real(out, 4, nt);
    rep->total = coagg_put_real(out, 5, nt);
    for (int t = 0; t < nt; t++) {
        rep->n_regions[t] = rep->n_rows_regions[t] = rep->n_absent[t] = 0;
        rep->sum_x2[t] = rep->total[t] = NAN;
    }
    rep->absent_region = coagg_put_int(out, 6, ABSENT_CAP);
    rep->absent_time = coagg_put_int(out, 7, ABSENT_CAP);
    memset(rep->absent_region, 0, ABSENT_CAP * sizeof(int));
    memset(rep->absent_time, 0, ABSENT_CAP * sizeof(int));
    rep->n_listed = 0;
    rep->over = coagg_put_real(out, 8, 5);
    rep->left_out = coagg_put_real(out, 9, 3);
    for (int j = 0; j < 5; j++) rep->over[j] = 0.0;
    for (int j = 0; j < 3; j++) rep->left_out[j] = 0.0;
}

/* Shorten slot k of out to n elements. */
static void trim(SEXP out, int k, R_xlen_t n)
{
    SEXP v = VECTOR_ELT(out, k);
    if (XLENGTH(v) != n) SET_VECTOR_ELT(out, k, xlengthgets(v, n));
}

/* The report's lists of absent region-periods, shortened to what was listed
 * (also when a status stopped the computation early). */
static void report_done(SEXP out, const eg_report *rep)
{
    trim(out, 6, rep->n_listed);
    trim(out, 7, rep->n_listed);
}

/* A names array: the report's names, then the task's. */
static SEXP result_list(const char **task_names, int ntask)
{
    const char *names[NREPORT + 24];
    for (int j = 0; j < NREPORT; j++) names[j] = report_names[j];
    for (int j = 0; j < ntask; j++) names[NREPORT + j] = task_names[j];
    return coagg_named_list(names, NREPORT + ntask);
}

/* The table of supplied H (keyed by units) and its lookup scratch. */
static void read_user_h(SEXP opts, eg_in *in, eg_ws *w, int nkey)
{
    read_table(opts, "herfindahl", nkey, in->nt, 0, &in->uh);
    if (in->hmethod == H_USER && !in->uh.v) error("agglomeration engine: H missing");
    w->hval = alloc_raw(nkey, sizeof(double));
    w->hstamp = alloc0(nkey, sizeof(int));
    w->nhkey = nkey;
}

/* eg_index (eg_index, eg_coagg): one row per unit and period with rows;
 * with per_region, the units' values in each region-period with rows and
 * x > 0. Units: every industry, or the member lists unit_start /
 * unit_members (industry codes). */
SEXP C_eg_index(SEXP data, SEXP opts)
{
    eg_in in;
    eg_ws w;
    eg_units U;
    eg_counts n;
    eg_report rep;
    memset(&w, 0, sizeof(w));
    read_input(data, opts, &in);
    read_units(opts, &in, &U, "unit_start", "unit_members");
    int per_region = coagg_opt_int(opts, "per_region");
    if (per_region && (U.identity || U.nu > 2)) error("agglomeration engine: per_region needs 2 units");
    read_user_h(opts, &in, &w, U.nu);
    const char *names[] = {"unit", "time", "employment", "gini", "herfindahl", "gamma",
                           "var_gini", "z", "n_firms", "n_present", "rows",
                           "p_region", "p_time", "p_x", "p_share", "p_lq", "p_eg_lq",
                           "p_decomposition"};
    SEXP out = PROTECT(result_list(names, 18));
    report_alloc(out, in.nt, &rep);
    if (prepare(&in, &w, NULL, 0, rep.status, &n) != ST_OK) {
        report_done(out, &rep);
        UNPROTECT(1);
        return out;
    }
    eg_index_out o;
    memset(&o, 0, sizeof(o));
    /* at most one row per unit-period, and per region-period, with rows */
    R_xlen_t nk = U.identity ? (R_xlen_t) in.ni * in.nt : (R_xlen_t) U.nu * in.nt;
    R_xlen_t np = per_region ? (R_xlen_t) in.nr * in.nt : 0;
    if (nk > in.n) nk = in.n;
    if (np > in.n) np = in.n;
    R_xlen_t npu = np * (per_region ? U.nu : 0);
    o.unit = coagg_put_int(out, NREPORT + 0, nk);
    o.time = coagg_put_int(out, NREPORT + 1, nk);
    o.emp = coagg_put_real(out, NREPORT + 2, nk);
    o.gini = coagg_put_real(out, NREPORT + 3, nk);
    o.herf = coagg_put_real(out, NREPORT + 4, nk);
    o.gamma = coagg_put_real(out, NREPORT + 5, nk);
    o.var = coagg_put_real(out, NREPORT + 6, nk);
    o.z = coagg_put_real(out, NREPORT + 7, nk);
    o.nfirms = coagg_put_real(out, NREPORT + 8, nk);
    o.npres = coagg_put_int(out, NREPORT + 9, nk);
    o.rows = coagg_put_int(out, NREPORT + 10, nk);
    o.per_region = per_region;
    o.p_region = coagg_put_int(out, NREPORT + 11, np);
    o.p_time = coagg_put_int(out, NREPORT + 12, np);
    o.p_x = coagg_put_real(out, NREPORT + 13, np);
    o.p_share = coagg_put_real(out, NREPORT + 14, npu);
    o.p_lq = coagg_put_real(out, NREPORT + 15, npu);
    o.p_eglq = coagg_put_real(out, NREPORT + 16, npu);
    o.p_dec = coagg_put_real(out, NREPORT + 17, npu);
    if (per_region) o.sdense = alloc_raw((R_xlen_t) U.nu * in.nr, sizeof(double));
    int *mem = alloc_raw(in.ni, sizeof(int));
    for (int t = 0; t < in.nt; t++) {
        if (!period_start(&in, &w, t, &rep)) break;
        if (index_period(&in, &w, t, &U, mem, &o, &rep) != ST_OK) break;
    }
    for (int k = NREPORT; k < NREPORT + 11; k++) trim(out, k, o.k);
    for (int k = NREPORT + 11; k < NREPORT + 14; k++) trim(out, k, o.p);
    for (int k = NREPORT + 14; k < NREPORT + 18; k++) trim(out, k, o.p * (per_region ? U.nu : 0));
    report_done(out, &rep);
    UNPROTECT(1);
    return out;
}

/* eg_pairs (eg_coagg_matrix): the pairs of the selected industries with
 * rows in each period, those industries, and the EG 1997 groups. */
SEXP C_eg_pairs(SEXP data, SEXP opts)
{
    eg_in in;
    eg_ws w;
    eg_units G;
    eg_counts n;
    eg_report rep;
    eg_pairs_out o;
    memset(&w, 0, sizeof(w));
    memset(&o, 0, sizeof(o));
    read_input(data, opts, &in);
    read_units(opts, &in, &G, "group_start", "group_members");
    if (G.identity) G.nu = 0;
    read_user_h(opts, &in, &w, in.ni);
    R_xlen_t ns;
    o.sel = coagg_opt_ints(opts, "selection", &ns);
    o.ns = (int) ns;
    o.rank = alloc_raw(in.ni, sizeof(int));
    for (int i = 0; i < in.ni; i++) o.rank[i] = -1;
    for (int k = 0; k < o.ns; k++) {
        if (o.sel[k] < 0 || o.sel[k] >= in.ni || o.rank[o.sel[k]] >= 0)
            error("agglomeration engine: bad selection");
        o.rank[o.sel[k]] = k;
    }
    const char *names[] = {"pair_1", "pair_2", "pair_time", "estimate", "industry",
                           "industry_time", "industry_employment", "group", "group_time",
                           "group_gamma", "group_gini", "group_herfindahl", "group_employment"};
    SEXP out = PROTECT(result_list(names, 13));
    report_alloc(out, in.nt, &rep);
    if (prepare(&in, &w, o.rank, 1, rep.status, &n) != ST_OK) {
        report_done(out, &rep);
        UNPROTECT(1);
        return out;
    }
    R_xlen_t ngt = (R_xlen_t) G.nu * in.nt;
    o.p1 = coagg_put_int(out, NREPORT + 0, n.sel_pairs);
    o.p2 = coagg_put_int(out, NREPORT + 1, n.sel_pairs);
    o.pt = coagg_put_int(out, NREPORT + 2, in.nt > 1 ? n.sel_pairs : 0);
    o.pest = coagg_put_real(out, NREPORT + 3, n.sel_pairs);
    o.i_sel = coagg_put_int(out, NREPORT + 4, n.sel_groups);
    o.i_time = coagg_put_int(out, NREPORT + 5, n.sel_groups);
    o.i_emp = coagg_put_real(out, NREPORT + 6, n.sel_groups);
    o.q_group = coagg_put_int(out, NREPORT + 7, ngt);
    o.q_time = coagg_put_int(out, NREPORT + 8, ngt);
    o.q_gamma = coagg_put_real(out, NREPORT + 9, ngt);
    o.q_gini = coagg_put_real(out, NREPORT + 10, ngt);
    o.q_herf = coagg_put_real(out, NREPORT + 11, ngt);
    o.q_emp = coagg_put_real(out, NREPORT + 12, ngt);
    o.ranks = alloc_raw(o.ns, sizeof(int));
    o.rank2g = alloc_raw(o.ns, sizeof(int));
    o.zero = alloc_raw(o.ns, 1);
    R_xlen_t ks = n.maxsel, nblk = 16 * ks > BLOCK_DOUBLES ? 16 * ks : BLOCK_DOUBLES;
    o.D = alloc_raw(n.maxD, sizeof(double));
    o.blk = alloc_raw(nblk < ks * ks ? nblk : ks * ks, sizeof(double));
    int *mem = alloc_raw(in.ni, sizeof(int));
    for (int t = 0; t < in.nt; t++) {
        if (!period_start(&in, &w, t, &rep)) break;
        if (pairs_period(&in, &w, t, &G, mem, &o, &rep) != ST_OK) break;
    }
    /* a status that stopped the periods early leaves the rest unwritten:
     * return only what was computed (no uninitialised memory) */
    for (int k = NREPORT; k < NREPORT + 4; k++)
        trim(out, k, k == NREPORT + 2 && in.nt <= 1 ? 0 : o.np);
    for (int k = NREPORT + 4; k < NREPORT + 7; k++) trim(out, k, o.ni_out);
    for (int k = NREPORT + 7; k < NREPORT + 13; k++) trim(out, k, o.ng_out);
    report_done(out, &rep);
    UNPROTECT(1);
    return out;
}

/* location_quotient: one row per cell whose region has x > 0. */
SEXP C_location_quotient(SEXP data, SEXP opts)
{
    eg_in in;
    eg_ws w;
    eg_counts n;
    eg_report rep;
    eg_lq_out o;
    memset(&w, 0, sizeof(w));
    memset(&o, 0, sizeof(o));
    read_input(data, opts, &in);
    const char *names[] = {"region", "industry", "time", "employment", "lq"};
    SEXP out = PROTECT(result_list(names, 5));
    report_alloc(out, in.nt, &rep);
    if (prepare(&in, &w, NULL, 0, rep.status, &n) != ST_OK) {
        report_done(out, &rep);
        UNPROTECT(1);
        return out;
    }
    /* at most one row per input row */
    o.region = coagg_put_int(out, NREPORT + 0, in.n);
    o.industry = coagg_put_int(out, NREPORT + 1, in.n);
    o.time = coagg_put_int(out, NREPORT + 2, in.n);
    o.emp = coagg_put_real(out, NREPORT + 3, in.n);
    o.lq = coagg_put_real(out, NREPORT + 4, in.n);
    for (int t = 0; t < in.nt; t++) {
        if (!period_start(&in, &w, t, &rep)) break;
        lq_period(&in, &w, t, &o);
    }
    for (int k = NREPORT; k < NREPORT + 5; k++) trim(out, k, o.k);
    report_done(out, &rep);
    UNPROTECT(1);
    return out;
}
