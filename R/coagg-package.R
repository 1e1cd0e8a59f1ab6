#' coagg: agglomeration indices and panel econometrics for regional economics
#'
#' Ellison-Glaeser agglomeration and co-agglomeration indices, location
#' quotients, panel unit-root tests, random- and fixed-effects panel
#' regression with the Hausman test, and the synergy and coupling-coordination
#' models of the regional-economics literature. The computations run in C
#' (registered `.Call` routines); the R functions take long data frames and
#' return tidy data frames or model objects.
#'
#' Input problems are signalled as errors of class `coagg_input_error` that
#' name the argument, column and first offending row; statistical caveats are
#' warnings of class `coagg_warning` that are also recorded in the returned
#' object (see [coagg_conditions]). Where programs disagree, the argument
#' `convention` chooses whose numbers to reproduce (see [coagg_conventions]).
#'
#' @md
#' @keywords internal
#' @useDynLib coagg, .registration = TRUE
"_PACKAGE"

.onLoad <- function(libname, pkgname) {
  # tidy() / glance() for broom, registered only if broom's generics load
  register_broom_methods()
}
