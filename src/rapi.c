/* Helpers for the R C API shared by every kernel; see rapi.h. */
#include <string.h>
#include "rapi.h"

SEXP coagg_named_list(const char **names, int n)
{
    SEXP out = PROTECT(allocVector(VECSXP, n));
    SEXP nms = PROTECT(allocVector(STRSXP, n));
    for (int i = 0; i < n; i++) SET_STRING_ELT(nms, i, mkChar(names[i]));
    setAttrib(out, R_NamesSymbol, nms);
    UNPROTECT(2);
    return out;
}

double *coagg_put_real(SEXP out, int k, R_xlen_t n)
{
    SEXP v = allocVector(REALSXP, n);
    SET_VECTOR_ELT(out, k, v);
    return REAL(v);
}

int *coagg_put_int(SEXP out, int k, R_xlen_t n)
{
    SEXP v = allocVector(INTSXP, n);
    SET_VECTOR_ELT(out, k, v);
    return INTEGER(v);
}

SEXP coagg_opt(SEXP opts, const char *name)
{
    if (TYPEOF(opts) != VECSXP) error("coagg: options must be a named list");
    SEXP nms = getAttrib(opts, R_NamesSymbol);
    if (TYPEOF(nms) != STRSXP) error("coagg: options must be a named list");
    for (R_xlen_t i = 0; i < XLENGTH(opts); i++)
        if (strcmp(CHAR(STRING_ELT(nms, i)), name) == 0) return VECTOR_ELT(opts, i);
    return R_NilValue;
}

int coagg_opt_int(SEXP opts, const char *name)
{
    SEXP v = coagg_opt(opts, name);
    if (TYPEOF(v) == LGLSXP && XLENGTH(v) == 1) v = coerceVector(v, INTSXP);
    if (TYPEOF(v) != INTSXP || XLENGTH(v) != 1 || INTEGER(v)[0] == NA_INTEGER)
        error("coagg: option '%s' must be a single integer", name);
    return INTEGER(v)[0];
}

double coagg_opt_real(SEXP opts, const char *name)
{
    SEXP v = coagg_opt(opts, name);
    if (TYPEOF(v) != REALSXP || XLENGTH(v) != 1)
        error("coagg: option '%s' must be a single double", name);
    return REAL(v)[0];
}

const int *coagg_opt_ints(SEXP opts, const char *name, R_xlen_t *len)
{
    SEXP v = coagg_opt(opts, name);
    if (TYPEOF(v) != INTSXP) error("coagg: option '%s' must be an integer vector", name);
    if (len) *len = XLENGTH(v);
    return INTEGER(v);
}

const double *coagg_opt_reals(SEXP opts, const char *name, R_xlen_t *len)
{
    SEXP v = coagg_opt(opts, name);
    if (TYPEOF(v) != REALSXP) error("coagg: option '%s' must be a double vector", name);
    if (len) *len = XLENGTH(v);
    return REAL(v);
}
