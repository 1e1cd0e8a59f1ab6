/* Small helpers for the R C API shared by every kernel (src/rapi.c): named
 * result lists, vector builders, and options read by name from a named R
 * list, so that no option crosses the .Call boundary as a position in an
 * integer vector. */
#ifndef COAGG_RAPI_H
#define COAGG_RAPI_H

#include <R.h>
#include <Rinternals.h>

/* A new list of length n with the given names (returned unprotected). */
SEXP coagg_named_list(const char **names, int n);

/* Allocate a double / integer vector of length n, store it in slot k of the
 * list `out` (which protects it) and return its data pointer. */
double *coagg_put_real(SEXP out, int k, R_xlen_t n);
int *coagg_put_int(SEXP out, int k, R_xlen_t n);

/* The element called `name` of the named list `opts`, or R_NilValue. */
SEXP coagg_opt(SEXP opts, const char *name);

/* Scalar options by name. A missing option, or one of the wrong type or
 * length, is an error naming it (R builds the list, so this is a bug). */
int coagg_opt_int(SEXP opts, const char *name);
double coagg_opt_real(SEXP opts, const char *name);

/* A vector option by name: its data and (through len, if not NULL) its
 * length. Integer or double respectively; an error otherwise. */
const int *coagg_opt_ints(SEXP opts, const char *name, R_xlen_t *len);
const double *coagg_opt_reals(SEXP opts, const char *name, R_xlen_t *len);

#endif
