/* The Ellison-Glaeser agglomeration engine.
 *
 * Input: one row per (region, industry, period) cell, or one row per firm,
 * as 0-based region / industry / period codes and employment (R has checked
 * every value: codes in range, employment finite and >= 0, no NA). Every
 * entry point first aggregates the rows into dense region x industry x
 * period arrays (detecting a repeated cell on the way when rows are cells),
 * then computes one period at a time:
 *
 *   x_m      region shares of the reference (aggregate of the data, mean of
 *            the industry shares, or supplied totals)
 *   s_mi     industry i's share located in region m
 *   G_i      sum_m (s_mi - x_m)^2                       (spatial Gini)
 *   H_i      Herfindahl of firm shares (exact, equal-size firms within a
 *            region, 1/N, or supplied)
 *   gamma_i  (G_i - (1 - Sx2) H_i) / ((1 - Sx2)(1 - H_i))  (EG 1997)
 *   Var(G_i) 2 {H^2 [Sx2 - 2 Sx3 + Sx2^2] - sum z^4 [Sx2 - 4 Sx3 + 3 Sx2^2]}
 *   pairs    sum_m (s_mi - x_m)(s_mj - x_m) / (1 - Sx2)   (EGK 2010), by a
 *            rank-k update (BLAS dsyrk) of the centred share matrix
 *   groups   EG 1997 co-agglomeration gamma^c of a group of industries
 *   LQ_mi    s_mi / x_m
 *
 * Nothing here writes into an input vector; scratch memory comes from
 * R_alloc (released by R when the .Call returns, also on error). Results
 * that are undefined (a zero denominator) come back as IEEE NaN / Inf for R
 * to turn into NA with a recorded note: this file holds no NA logic.
 */
#define USE_FC_LEN_T
#include <R.h>
#include <Rinternals.h>
#include <R_ext/BLAS.h>
#include <math.h>
#include <string.h>
#include "linalg.h"
#ifndef FCONE
#define FCONE
#endif

enum { MODE_AGG = 0, MODE_COUNTS = 1, MODE_FIRMS = 2 };
enum { X_TOTAL = 0, X_MEAN = 1, X_REF = 2 };
enum { H_NONE = 0, H_EXACT = 1, H_COUNTS = 2, H_INVN = 3, H_USER = 4 };

typedef struct {
    R_xlen_t n;                /* rows */
    int nr, ni, nt;            /* regions, industries, periods */
    const int *rc, *ic, *tc;   /* codes; tc NULL for one period */
    const double *emp;         /* employment per row (double input) ... */
    const int *emp_i;          /* ... or integer input: one of the two is set */
    const double *nf;          /* firms per row (MODE_COUNTS), else NULL ... */
    const int *nf_i;           /* ... or integer input */
    int mode, xmethod, hmethod;
    const double *ref;         /* nr x nt reference totals (X_REF) */
} eg_in;

typedef struct {
    double *E;        /* nr x ni x nt employment */
    double *N;        /* nr x ni x nt firms; NULL in MODE_AGG */
    double *sq, *q4;  /* ni x nt sums of (e/mx)^2 and (e/mx)^4 over firms, */
    double *mx;       /* mx the industry's largest firm (MODE_FIRMS) */
    double *Etot;     /* ni x nt industry totals */
    double *Rtot;     /* nr x nt region totals over the data's industries */
    double *x;        /* nr x nt reference shares */
    double *tot, *Sx2, *Sx3; /* nt */
    int *rows;        /* ni x nt rows seen */
    int *nreg;        /* nt regions with x > 0 */
    double dup_row, dup_first; /* 1-based rows of the first repeated cell */
    double bad_firm_row;       /* 1-based first row with employment > 0 and
                                  fewer than one firm (MODE_COUNTS) */
} eg_agg;

typedef struct {
    double etot, G, H, gamma, var, z, nfirms;
    int npres, rows;
} eg_stat;

#define IDX3(m, i, t, nr, ni) \
    ((R_xlen_t) (m) + (R_xlen_t) (nr) * ((R_xlen_t) (i) + (R_xlen_t) (ni) * (t)))
#define IDX2(i, t, ni) ((R_xlen_t) (i) + (R_xlen_t) (ni) * (t))

static void *zalloc(R_xlen_t n, size_t size)
{
    if (n < 1) n = 1;
    void *p = R_alloc((size_t) n, (int) size);
    memset(p, 0, (size_t) n * size);
    return p;
}

static void read_input(SEXP rc, SEXP ic, SEXP tc, SEXP emp, SEXP nf, SEXP dims,
                       SEXP opts, SEXP ref, eg_in *in)
{
    if (TYPEOF(rc) != INTSXP || TYPEOF(ic) != INTSXP || TYPEOF(tc) != INTSXP ||
        (TYPEOF(emp) != REALSXP && TYPEOF(emp) != INTSXP) ||
        (TYPEOF(nf) != REALSXP && TYPEOF(nf) != INTSXP) || TYPEOF(dims) != INTSXP ||
        TYPEOF(opts) != INTSXP || TYPEOF(ref) != REALSXP ||
        XLENGTH(dims) < 3 || XLENGTH(opts) < 3)
        error("agglomeration engine: wrong argument types");
    in->n = XLENGTH(emp);
    in->nr = INTEGER(dims)[0];
    in->ni = INTEGER(dims)[1];
    in->nt = INTEGER(dims)[2];
    in->mode = INTEGER(opts)[0];
    in->xmethod = INTEGER(opts)[1];
    in->hmethod = INTEGER(opts)[2];
    if (XLENGTH(rc) != in->n || XLENGTH(ic) != in->n ||
        (XLENGTH(tc) != 0 && XLENGTH(tc) != in->n) ||
        in->nr < 1 || in->ni < 1 || in->nt < 1)
        error("agglomeration engine: inconsistent lengths");
    if (in->mode == MODE_COUNTS && XLENGTH(nf) != in->n)
        error("agglomeration engine: firm counts missing");
    if (in->xmethod == X_REF && XLENGTH(ref) != (R_xlen_t) in->nr * in->nt)
        error("agglomeration engine: reference totals of the wrong size");
    in->rc = INTEGER(rc);
    in->ic = INTEGER(ic);
    in->tc = XLENGTH(tc) ? INTEGER(tc) : NULL;
    in->emp = TYPEOF(emp) == REALSXP ? REAL(emp) : NULL;
    in->emp_i = TYPEOF(emp) == INTSXP ? INTEGER(emp) : NULL;
    in->nf = in->mode == MODE_COUNTS && TYPEOF(nf) == REALSXP ? REAL(nf) : NULL;
    in->nf_i = in->mode == MODE_COUNTS && TYPEOF(nf) == INTSXP ? INTEGER(nf) : NULL;
    in->ref = in->xmethod == X_REF ? REAL(ref) : NULL;
}

/* Sum the rows into cells. Cell rows (MODE_AGG, MODE_COUNTS) must be unique:
 * the first repeated cell stops the pass and is reported; so does the first
 * row with employment but fewer than one firm (MODE_COUNTS). Returns 0 when
 * such a row was found, 1 otherwise. */
static int aggregate(const eg_in *in, eg_agg *a)
{
    const int nr = in->nr, ni = in->ni, nt = in->nt;
    R_xlen_t ncell = (R_xlen_t) nr * ni * nt, nit = (R_xlen_t) ni * nt;
    a->E = zalloc(ncell, sizeof(double));
    a->N = in->mode != MODE_AGG ? zalloc(ncell, sizeof(double)) : NULL;
    a->sq = in->mode == MODE_FIRMS ? zalloc(nit, sizeof(double)) : NULL;
    a->q4 = in->mode == MODE_FIRMS ? zalloc(nit, sizeof(double)) : NULL;
    a->mx = in->mode == MODE_FIRMS ? zalloc(nit, sizeof(double)) : NULL;
    a->rows = zalloc(nit, sizeof(int));
    a->dup_row = a->dup_first = a->bad_firm_row = 0;

    /* one bit per cell marks the cells seen; the earlier row of a repeated
     * cell is looked up only when there is one */
    unsigned char *seen = NULL;
    if (in->mode != MODE_FIRMS) seen = zalloc(ncell / 8 + 1, 1);
    for (R_xlen_t k = 0; k < in->n; k++) {
        if ((k & 0xFFFFF) == 0xFFFFF) R_CheckUserInterrupt();
        int m = in->rc[k], i = in->ic[k], t = in->tc ? in->tc[k] : 0;
        if (m < 0 || m >= nr || i < 0 || i >= ni || t < 0 || t >= nt)
            error("agglomeration engine: group code out of range");
        R_xlen_t it = IDX2(i, t, ni), cell = IDX3(m, i, t, nr, ni);
        double e = in->emp ? in->emp[k] : (double) in->emp_i[k];
        double f = in->nf ? in->nf[k] : (in->nf_i ? (double) in->nf_i[k] : 0.0);
        if (in->mode == MODE_COUNTS && e > 0 && f < 1) {
            a->bad_firm_row = (double) k + 1;
            return 0;
        }
        if (seen) {
            unsigned char bit = (unsigned char) (1u << (cell & 7));
            if (seen[cell >> 3] & bit) {
                a->dup_row = (double) k + 1;
                for (R_xlen_t j = 0; j < k; j++) {
                    int tj = in->tc ? in->tc[j] : 0;
                    if (IDX3(in->rc[j], in->ic[j], tj, nr, ni) == cell) {
                        a->dup_first = (double) j + 1;
                        break;
                    }
                }
                return 0;
            }
            seen[cell >> 3] |= bit;
        }
        a->E[cell] += e;
        a->rows[it]++;
        if (in->mode == MODE_COUNTS) {
            a->N[cell] += f;
        } else if (in->mode == MODE_FIRMS && e > 0) {
            a->N[cell] += 1.0;
            /* Powers relative to the largest firm so far, rescaled when a
             * larger one comes (as in LAPACK's dnrm2): e^4 itself overflows
             * beyond 1e77 and underflows below 1e-77, which made H and
             * Var(G) NaN although they depend only on the shares (fuzz
             * finding). */
            double mx = a->mx[it];
            if (e > mx) {
                double r = mx / e, r2 = r * r;
                a->sq[it] = a->sq[it] * r2 + 1.0;
                a->q4[it] = a->q4[it] * r2 * r2 + 1.0;
                a->mx[it] = e;
            } else {
                double r = e / mx, r2 = r * r;
                a->sq[it] += r2;
                a->q4[it] += r2 * r2;
            }
        }
    }
    return 1;
}

/* Totals and reference shares x, per period. */
static void shares(const eg_in *in, eg_agg *a)
{
    const int nr = in->nr, ni = in->ni, nt = in->nt;
    a->Etot = zalloc((R_xlen_t) ni * nt, sizeof(double));
    a->Rtot = zalloc((R_xlen_t) nr * nt, sizeof(double));
    a->x = zalloc((R_xlen_t) nr * nt, sizeof(double));
    a->tot = zalloc(nt, sizeof(double));
    a->Sx2 = zalloc(nt, sizeof(double));
    a->Sx3 = zalloc(nt, sizeof(double));
    a->nreg = zalloc(nt, sizeof(int));
    for (int t = 0; t < nt; t++) {
        double *R = a->Rtot + (R_xlen_t) nr * t, *x = a->x + (R_xlen_t) nr * t;
        double tot = 0.0;
        for (int i = 0; i < ni; i++) {
            const double *Ei = a->E + IDX3(0, i, t, nr, ni);
            double s = 0.0;
            for (int m = 0; m < nr; m++) {
                s += Ei[m];
                R[m] += Ei[m];
            }
            a->Etot[IDX2(i, t, ni)] = s;
            tot += s;
        }
        a->tot[t] = tot;
        if (in->xmethod == X_TOTAL) {
            if (tot > 0)
                for (int m = 0; m < nr; m++) x[m] = R[m] / tot;
        } else if (in->xmethod == X_MEAN) {
            int npos = 0;
            for (int i = 0; i < ni; i++) {
                double Et = a->Etot[IDX2(i, t, ni)];
                if (!(Et > 0)) continue;
                const double *Ei = a->E + IDX3(0, i, t, nr, ni);
                for (int m = 0; m < nr; m++) x[m] += Ei[m] / Et;
                npos++;
            }
            if (npos > 0)
                for (int m = 0; m < nr; m++) x[m] /= npos;
        } else {
            const double *rf = in->ref + (R_xlen_t) nr * t;
            double rt = 0.0;
            for (int m = 0; m < nr; m++) rt += rf[m];
            if (rt > 0)
                for (int m = 0; m < nr; m++) x[m] = rf[m] / rt;
        }
        double s2 = 0.0, s3 = 0.0;
        int nreg = 0;
        for (int m = 0; m < nr; m++) {
            s2 += x[m] * x[m];
            s3 += x[m] * x[m] * x[m];
            nreg += x[m] > 0;
        }
        a->Sx2[t] = s2;
        a->Sx3[t] = s3;
        a->nreg[t] = nreg;
    }
}

/* Statistics of one unit (an industry, or a group of industries summed) in
 * period t. mem lists its nm member industries; s receives its region
 * shares (length nr). */
static void unit_stat(const eg_in *in, const eg_agg *a, int t, const int *mem,
                      int nm, double userH, double *s, eg_stat *st)
{
    const int nr = in->nr, ni = in->ni;
    const double *x = a->x + (R_xlen_t) nr * t;
    const double Sx2 = a->Sx2[t], Sx3 = a->Sx3[t];
    double etot = 0.0, nfirms = 0.0;
    int rows = 0;
    for (int k = 0; k < nm; k++) {
        etot += a->Etot[IDX2(mem[k], t, ni)];
        rows += a->rows[IDX2(mem[k], t, ni)];
    }
    memset(st, 0, sizeof(*st));
    st->etot = etot;
    st->rows = rows;
    for (int m = 0; m < nr; m++) s[m] = 0.0;
    if (a->N)
        for (int k = 0; k < nm; k++) {
            const double *Nk = a->N + IDX3(0, mem[k], t, nr, ni);
            for (int m = 0; m < nr; m++) nfirms += Nk[m];
        }
    st->nfirms = nfirms;
    if (!(etot > 0)) return;

    for (int k = 0; k < nm; k++) {
        const double *Ek = a->E + IDX3(0, mem[k], t, nr, ni);
        for (int m = 0; m < nr; m++) s[m] += Ek[m];
    }
    double G = 0.0;
    int npres = 0;
    for (int m = 0; m < nr; m++) {
        s[m] /= etot;
        double d = s[m] - x[m];
        G += d * d;
        npres += s[m] > 0;
    }
    double H = NAN, z4 = NAN;
    switch (in->hmethod) {
    case H_EXACT: {
        /* sum of z^2 and z^4, z = e / etot, from the scaled sums: the
         * largest firm's share r = mx / etot is at most 1 */
        double sq = 0.0, q4 = 0.0;
        for (int k = 0; k < nm; k++) {
            R_xlen_t it = IDX2(mem[k], t, ni);
            double r = a->mx[it] / etot, r2 = r * r;
            sq += a->sq[it] * r2;
            q4 += a->q4[it] * r2 * r2;
        }
        H = sq;
        z4 = q4;
        break;
    }
    case H_COUNTS: {
        H = 0.0;
        z4 = 0.0;
        for (int m = 0; m < nr; m++) {
            if (!(s[m] > 0)) continue;
            double n = 0.0;
            for (int k = 0; k < nm; k++) n += a->N[IDX3(m, mem[k], t, nr, ni)];
            double s2 = s[m] * s[m];
            H += s2 / n;
            z4 += s2 * s2 / (n * n * n);
        }
        break;
    }
    case H_INVN:
        H = 1.0 / nfirms;
        z4 = H * H * H;
        break;
    case H_USER:
        H = userH;
        break;
    default:
        break;
    }
    double c = 1.0 - Sx2;
    st->G = G;
    st->H = H;
    st->npres = npres;
    st->gamma = (G - c * H) / (c * (1.0 - H));
    st->var = 2.0 * (H * H * (Sx2 - 2.0 * Sx3 + Sx2 * Sx2) -
                     z4 * (Sx2 - 4.0 * Sx3 + 3.0 * Sx2 * Sx2));
    st->z = st->var > 0 ? (G - c * H) / sqrt(st->var) : NAN;
}

/* Put a freshly allocated double vector of length n into slot k of out and
 * return its data pointer (the list protects it). */
static double *put_real(SEXP out, int k, R_xlen_t n)
{
    SEXP v = allocVector(REALSXP, n);
    SET_VECTOR_ELT(out, k, v);
    return REAL(v);
}

static int *put_int(SEXP out, int k, R_xlen_t n)
{
    SEXP v = allocVector(INTSXP, n);
    SET_VECTOR_ELT(out, k, v);
    return INTEGER(v);
}

/* The per-period and duplicate slots shared by every result: dup,
 * total, sum_x2, n_regions, region_total. Fills slots 0..4. */
static void put_common(SEXP out, const eg_in *in, const eg_agg *a, int ok)
{
    double *dup = put_real(out, 0, 3);
    dup[0] = a->dup_row;
    dup[1] = a->dup_first;
    dup[2] = a->bad_firm_row;
    if (!ok) return;
    double *tot = put_real(out, 1, in->nt), *s2 = put_real(out, 2, in->nt);
    int *nreg = put_int(out, 3, in->nt);
    for (int t = 0; t < in->nt; t++) {
        tot[t] = a->tot[t];
        s2[t] = a->Sx2[t];
        nreg[t] = a->nreg[t];
    }
    R_xlen_t nrt = (R_xlen_t) in->nr * in->nt;
    memcpy(put_real(out, 4, nrt), a->Rtot, (size_t) nrt * sizeof(double));
}

/* Member lists (CSR) from a map industry -> unit (-1: in no unit). */
static void units_from_map(const int *gmap, int ni, int nu, int **start, int **mem)
{
    int *st = zalloc(nu + 1, sizeof(int)), *mb = zalloc(ni, sizeof(int));
    for (int i = 0; i < ni; i++) {
        if (gmap[i] < -1 || gmap[i] >= nu) error("agglomeration engine: bad unit map");
        if (gmap[i] >= 0) st[gmap[i] + 1]++;
    }
    for (int u = 0; u < nu; u++) st[u + 1] += st[u];
    int *pos = zalloc(nu, sizeof(int));
    for (int i = 0; i < ni; i++)
        if (gmap[i] >= 0) mb[st[gmap[i]] + pos[gmap[i]]++] = i;
    *start = st;
    *mem = mb;
}

/* eg_index: per unit (industry or summed group) and period.
 *   dims  = c(nr, ni, nt, nu); opts = c(mode, xmethod, hmethod, per_region)
 *   userh = nu x nt supplied Herfindahl indices (H_USER)
 *   gmap  = unit of each industry (0-based, -1 = none)
 * per_region = 1 adds region x unit x period shares, location quotients,
 * E-G index x LQ and the per-region decomposition term. */
SEXP C_eg_index(SEXP rc, SEXP ic, SEXP tc, SEXP emp, SEXP nf, SEXP dims,
                SEXP opts, SEXP ref, SEXP userh, SEXP gmap)
{
    eg_in in;
    read_input(rc, ic, tc, emp, nf, dims, opts, ref, &in);
    if (XLENGTH(dims) < 4 || XLENGTH(opts) < 4 || TYPEOF(gmap) != INTSXP ||
        TYPEOF(userh) != REALSXP || XLENGTH(gmap) != in.ni)
        error("agglomeration engine: wrong unit arguments");
    const int nu = INTEGER(dims)[3], per_region = INTEGER(opts)[3];
    const int nr = in.nr, nt = in.nt;
    if (nu < 1) error("agglomeration engine: no units");
    if (in.hmethod == H_USER && XLENGTH(userh) != (R_xlen_t) nu * nt)
        error("agglomeration engine: supplied H of the wrong size");

    const char *names[] = {"dup", "total", "sum_x2", "n_regions", "region_total",
                           "employment", "gini", "herfindahl", "gamma", "var_gini",
                           "z", "n_firms", "n_present", "rows",
                           "x", "share", "lq", "eg_lq", "decomposition"};
    const int nslots = per_region ? 19 : 14;
    SEXP out = PROTECT(coagg_named_list(names, nslots));
    eg_agg a;
    int ok = aggregate(&in, &a);
    if (ok) shares(&in, &a);
    put_common(out, &in, &a, ok);
    if (!ok) {
        UNPROTECT(1);
        return out;
    }
    int *ustart, *umem;
    units_from_map(INTEGER(gmap), in.ni, nu, &ustart, &umem);
    R_xlen_t nut = (R_xlen_t) nu * nt, nrut = (R_xlen_t) nr * nu * nt;
    double *etot = put_real(out, 5, nut), *G = put_real(out, 6, nut),
           *H = put_real(out, 7, nut), *gam = put_real(out, 8, nut),
           *var = put_real(out, 9, nut), *z = put_real(out, 10, nut),
           *nfirm = put_real(out, 11, nut);
    int *npres = put_int(out, 12, nut), *rows = put_int(out, 13, nut);
    double *xo = NULL, *sh = NULL, *lq = NULL, *eglq = NULL, *dec = NULL;
    if (per_region) {
        xo = put_real(out, 14, (R_xlen_t) nr * nt);
        memcpy(xo, a.x, (size_t) nr * nt * sizeof(double));
        sh = put_real(out, 15, nrut);
        lq = put_real(out, 16, nrut);
        eglq = put_real(out, 17, nrut);
        dec = put_real(out, 18, nrut);
    }
    double *s = (double *) R_alloc((size_t) nr, sizeof(double));
    const double *uh = REAL(userh);
    for (int t = 0; t < nt; t++) {
        R_CheckUserInterrupt();
        const double *x = a.x + (R_xlen_t) nr * t;
        const double c = 1.0 - a.Sx2[t];
        for (int u = 0; u < nu; u++) {
            eg_stat st;
            R_xlen_t k = IDX2(u, t, nu);
            unit_stat(&in, &a, t, umem + ustart[u], ustart[u + 1] - ustart[u],
                      in.hmethod == H_USER ? uh[k] : 0.0, s, &st);
            etot[k] = st.etot;
            G[k] = st.G;
            H[k] = st.H;
            gam[k] = st.gamma;
            var[k] = st.var;
            z[k] = st.z;
            nfirm[k] = st.nfirms;
            npres[k] = st.npres;
            rows[k] = st.rows;
            if (!per_region) continue;
            R_xlen_t off = IDX3(0, u, t, nr, nu);
            for (int m = 0; m < nr; m++) {
                double d = s[m] - x[m];
                sh[off + m] = s[m];
                lq[off + m] = x[m] > 0 ? s[m] / x[m] : 0.0;
                eglq[off + m] = st.gamma * lq[off + m];
                dec[off + m] = (d * d - c * st.H) / (c * (1.0 - st.H));
            }
        }
    }
    UNPROTECT(1);
    return out;
}

/* eg_pairs: the EGK pairwise matrix of the selected industries and the EG
 * 1997 group index of each group, per period.
 *   dims = c(nr, ni, nt); opts = c(mode, xmethod, hmethod)
 *   userh = ni x nt supplied H (H_USER); sel = 0-based industries of the
 *   matrix; gstart (ng + 1), gmem: groups as member lists (CSR). */
SEXP C_eg_pairs(SEXP rc, SEXP ic, SEXP tc, SEXP emp, SEXP nf, SEXP dims,
                SEXP opts, SEXP ref, SEXP userh, SEXP sel, SEXP gstart, SEXP gmem)
{
    eg_in in;
    read_input(rc, ic, tc, emp, nf, dims, opts, ref, &in);
    if (TYPEOF(sel) != INTSXP || TYPEOF(gstart) != INTSXP || TYPEOF(gmem) != INTSXP ||
        TYPEOF(userh) != REALSXP || XLENGTH(gstart) < 1)
        error("agglomeration engine: wrong pair arguments");
    const int nr = in.nr, ni = in.ni, nt = in.nt;
    const int ns = LENGTH(sel), ng = LENGTH(gstart) - 1;
    const int *sl = INTEGER(sel), *gs = INTEGER(gstart), *gm = INTEGER(gmem);
    for (int k = 0; k < ns; k++)
        if (sl[k] < 0 || sl[k] >= ni) error("agglomeration engine: bad selection");
    if (gs[0] != 0 || gs[ng] != LENGTH(gmem))
        error("agglomeration engine: bad groups");
    for (int g = 0; g < ng; g++)
        if (gs[g + 1] < gs[g]) error("agglomeration engine: bad groups");
    for (int k = 0; k < LENGTH(gmem); k++)
        if (gm[k] < 0 || gm[k] >= ni) error("agglomeration engine: bad groups");
    if (ng > 0 && in.hmethod == H_USER && XLENGTH(userh) != (R_xlen_t) ni * nt)
        error("agglomeration engine: supplied H of the wrong size");

    const char *names[] = {"dup", "total", "sum_x2", "n_regions", "region_total",
                           "employment", "matrix", "group_gamma", "group_gini",
                           "group_herfindahl", "group_employment"};
    SEXP out = PROTECT(coagg_named_list(names, 11));
    eg_agg a;
    int ok = aggregate(&in, &a);
    if (ok) shares(&in, &a);
    put_common(out, &in, &a, ok);
    if (!ok) {
        UNPROTECT(1);
        return out;
    }
    R_xlen_t nst = (R_xlen_t) ns * nt, ngt = (R_xlen_t) ng * nt;
    double *etot = put_real(out, 5, nst);
    double *mat = put_real(out, 6, (R_xlen_t) ns * ns * nt);
    double *ggam = put_real(out, 7, ngt), *gG = put_real(out, 8, ngt),
           *gH = put_real(out, 9, ngt), *gE = put_real(out, 10, ngt);
    double *D = (double *) R_alloc((size_t) nr * (ns > 0 ? ns : 1), sizeof(double));
    double *s = (double *) R_alloc((size_t) nr, sizeof(double));
    double *sg = (double *) R_alloc((size_t) nr, sizeof(double));
    const double *uh = REAL(userh);

    for (int t = 0; t < nt; t++) {
        R_CheckUserInterrupt();
        const double *x = a.x + (R_xlen_t) nr * t;
        const double c = 1.0 - a.Sx2[t];
        /* centred shares, one column per selected industry */
        for (int k = 0; k < ns; k++) {
            double Et = a.Etot[IDX2(sl[k], t, ni)];
            const double *Ek = a.E + IDX3(0, sl[k], t, nr, ni);
            double *Dk = D + (R_xlen_t) nr * k;
            etot[IDX2(k, t, ns)] = Et;
            if (Et > 0)
                for (int m = 0; m < nr; m++) Dk[m] = Ek[m] / Et - x[m];
            else
                for (int m = 0; m < nr; m++) Dk[m] = 0.0;
        }
        double *C = mat + (R_xlen_t) ns * ns * t;
        if (ns > 0) {
            double alpha = 1.0 / c, beta = 0.0;
            F77_CALL(dsyrk)("U", "T", &ns, &nr, &alpha, D, &nr, &beta, C, &ns
                            FCONE FCONE);
            for (int j = 0; j < ns; j++)
                for (int i = j + 1; i < ns; i++)
                    C[i + (R_xlen_t) ns * j] = C[j + (R_xlen_t) ns * i];
        }
        /* EG 1997 groups */
        for (int g = 0; g < ng; g++) {
            R_xlen_t k = IDX2(g, t, ng);
            double Eg = 0.0;
            for (int q = gs[g]; q < gs[g + 1]; q++) Eg += a.Etot[IDX2(gm[q], t, ni)];
            gE[k] = Eg;
            gG[k] = gH[k] = ggam[k] = NAN;
            if (!(Eg > 0)) continue;
            double sw2 = 0.0, Hc = 0.0, adj = 0.0;
            for (int m = 0; m < nr; m++) sg[m] = 0.0;
            for (int q = gs[g]; q < gs[g + 1]; q++) {
                int i = gm[q];
                double w = a.Etot[IDX2(i, t, ni)] / Eg;
                if (!(w > 0)) continue;
                const double *Ei = a.E + IDX3(0, i, t, nr, ni);
                for (int m = 0; m < nr; m++) sg[m] += Ei[m] / Eg;
                eg_stat st;
                unit_stat(&in, &a, t, &i, 1, in.hmethod == H_USER ? uh[IDX2(i, t, ni)] : 0.0,
                          s, &st);
                sw2 += w * w;
                Hc += w * w * st.H;
                adj += st.gamma * w * w * (1.0 - st.H);
            }
            double Gc = 0.0;
            for (int m = 0; m < nr; m++) {
                double d = sg[m] - x[m];
                Gc += d * d;
            }
            gG[k] = Gc;
            gH[k] = Hc;
            ggam[k] = (Gc / c - Hc - adj) / (1.0 - sw2);
        }
    }
    UNPROTECT(1);
    return out;
}

/* location_quotient: LQ_mi = s_mi / x_m per period, with the employment.
 *   dims = c(nr, ni, nt); opts = c(mode, xmethod, hmethod) */
SEXP C_location_quotient(SEXP rc, SEXP ic, SEXP tc, SEXP emp, SEXP nf, SEXP dims,
                         SEXP opts, SEXP ref)
{
    eg_in in;
    read_input(rc, ic, tc, emp, nf, dims, opts, ref, &in);
    const int nr = in.nr, ni = in.ni, nt = in.nt;
    const char *names[] = {"dup", "total", "sum_x2", "n_regions", "region_total",
                           "industry_total", "x", "cell_employment", "lq", "rows"};
    SEXP out = PROTECT(coagg_named_list(names, 10));
    eg_agg a;
    int ok = aggregate(&in, &a);
    if (ok) shares(&in, &a);
    put_common(out, &in, &a, ok);
    if (!ok) {
        UNPROTECT(1);
        return out;
    }
    R_xlen_t nit = (R_xlen_t) ni * nt, nrt = (R_xlen_t) nr * nt,
             ncell = (R_xlen_t) nr * ni * nt;
    memcpy(put_real(out, 5, nit), a.Etot, (size_t) nit * sizeof(double));
    memcpy(put_real(out, 6, nrt), a.x, (size_t) nrt * sizeof(double));
    memcpy(put_real(out, 7, ncell), a.E, (size_t) ncell * sizeof(double));
    double *lq = put_real(out, 8, ncell);
    memcpy(put_int(out, 9, nit), a.rows, (size_t) nit * sizeof(int));
    for (int t = 0; t < nt; t++) {
        const double *x = a.x + (R_xlen_t) nr * t;
        for (int i = 0; i < ni; i++) {
            double Et = a.Etot[IDX2(i, t, ni)];
            R_xlen_t off = IDX3(0, i, t, nr, ni);
            for (int m = 0; m < nr; m++)
                lq[off + m] = (Et > 0 && x[m] > 0) ? a.E[off + m] / Et / x[m] : NAN;
        }
    }
    UNPROTECT(1);
    return out;
}
