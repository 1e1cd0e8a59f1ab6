/* Registration of every .Call routine of the package. Each capability's C
 * file defines its entry points; they are declared and listed here. */
#include <R.h>
#include <Rinternals.h>
#include <R_ext/Rdynload.h>
#include <stdlib.h>

/* panel_gls.c */
extern SEXP C_panel_fit(SEXP, SEXP, SEXP, SEXP, SEXP);
/* agglomeration.c */
extern SEXP C_eg_index(SEXP, SEXP);
extern SEXP C_eg_pairs(SEXP, SEXP);
extern SEXP C_location_quotient(SEXP, SEXP);

/* mackinnon.c */
extern SEXP C_mackinnon_p(SEXP, SEXP, SEXP);
extern SEXP C_mackinnon_q(SEXP, SEXP, SEXP);
/* crossdep.c */
extern SEXP C_cd_test(SEXP, SEXP, SEXP, SEXP, SEXP);
/* unitroot_panel.c, unitroot_tables.c */
extern SEXP C_panel_unitroot(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
extern SEXP C_unitroot_tables(void);

/* Cast through void (*)(void), which gcc accepts for any function type
 * without -Wcast-function-type complaining. */
#define CALLDEF(name, n) {#name, (DL_FUNC) (void (*)(void)) &name, n}

static const R_CallMethodDef CallEntries[] = {
    CALLDEF(C_panel_fit, 5),
    CALLDEF(C_mackinnon_p, 3),
    CALLDEF(C_mackinnon_q, 3),
    CALLDEF(C_panel_unitroot, 7),
    CALLDEF(C_cd_test, 5),
    CALLDEF(C_unitroot_tables, 0),
    CALLDEF(C_eg_index, 2),
    CALLDEF(C_eg_pairs, 2),
    CALLDEF(C_location_quotient, 2),
    {NULL, NULL, 0}
};

void R_init_coagg(DllInfo *dll)
{
    R_registerRoutines(dll, NULL, CallEntries, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);
    R_forceSymbols(dll, TRUE);
}
