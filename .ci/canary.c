/* Deliberately broken routines that each CI stage must catch before it is
 * trusted to report "no finding" on the package (a check that cannot fail
 * proves nothing). Built with R CMD SHLIB under the stage's flags; never
 * part of the package. */
#include <R.h>
#include <Rinternals.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void *volatile canary_sink;

/* reads one int past a heap block: AddressSanitizer and valgrind */
SEXP canary_overflow(void)
{
    int *p = (int *) malloc(4 * sizeof(int));
    volatile int k = 4;
    memset(p, 0, 4 * sizeof(int));
    int v = p[k];
    free(p);
    return ScalarInteger(v);
}

/* signed integer overflow: UndefinedBehaviorSanitizer */
SEXP canary_ub(SEXP x)
{
    int a = asInteger(x);
    int b = a + INT_MAX;
    return ScalarInteger(b);
}

/* a block nothing points to at exit: LeakSanitizer */
SEXP canary_leak(void)
{
    canary_sink = malloc(64);
    memset(canary_sink, 1, 64);
    canary_sink = NULL;
    return R_NilValue;
}

/* a branch on memory never written: valgrind's uninitialised-value check */
SEXP canary_uninit(void)
{
    int *p = (int *) malloc(4 * sizeof(int));
    volatile int k = 3;
    p[0] = 1;
    int r = p[k] > 0 ? 1 : 0;
    free(p);
    return ScalarLogical(r);
}

/* a missing PROTECT: under gctorture the first vector is collected by the
 * second allocation, which may take its place, so the value read back is
 * not the one written (or R crashes) */
SEXP canary_unprotected(void)
{
    SEXP a = allocVector(REALSXP, 4);          /* not protected */
    for (int i = 0; i < 4; i++) REAL(a)[i] = 1.0;
    SEXP b = PROTECT(allocVector(REALSXP, 4));  /* may collect a */
    for (int i = 0; i < 4; i++) REAL(b)[i] = 2.0;
    SEXP c = PROTECT(allocVector(VECSXP, 4));   /* may collect a again */
    double s = 0.0;
    for (int i = 0; i < 4; i++) s += REAL(a)[i];
    UNPROTECT(2);
    (void) c;
    return ScalarReal(s);                       /* 4 when a survived */
}
