# Conditions: the one place where coagg makes its errors and warnings.
# Input errors are raised in R before any .Call; a kernel's status codes are
# turned into conditions in one place per capability, through these helpers.

#' Conditions signalled by coagg
#'
#' Problems with the input are signalled as errors of class
#' `coagg_input_error` (which inherits from `error`); statistical caveats
#' (short panels, a negative variance component set to zero, a Hausman
#' difference that is not positive definite, ...) are warnings of class
#' `coagg_warning`, and the functions that raise them also record them in
#' the object they return, so that they survive `print()` and knitting.
#'
#' An input error carries the fields `arg` (the argument at fault),
#' `column` (the data column, when there is one), `row` (the first offending
#' row of the data as given, 1-based) and `unit` (the first offending panel
#' unit), any of which may be `NULL`. Catch them with
#' `tryCatch(..., coagg_input_error = function(e) e$row)`.
#'
#' Some input errors have a subclass that says more: `coagg_missing_value`
#' (a missing value where the function's `na_action` is `"fail"`, see
#' [coagg_missing]), `coagg_foreign_number` (a classed number, such as
#' `bit64::integer64`, that cannot be converted exactly), `coagg_scale`
#' (values beyond the range double precision can square),
#' `coagg_foreign_argument` (an argument spelled as plm or Stata spell it).
#'
#' An error of class `coagg_internal_error` means a bug in coagg, not in the
#' input: please report it.
#'
#' @md
#' @name coagg_conditions
#' @keywords internal
NULL

# Signal a classed input error. `arg` names the argument at fault; `column`,
# `row` and `unit` locate the problem and are stored in the condition.
abort_input <- function(message, arg = NULL, column = NULL, row = NULL,
                        unit = NULL, class = NULL, call = NULL) {
  prefix <- if (!is.null(arg)) sprintf("Argument `%s`: ", arg) else ""
  cond <- structure(
    class = c(class, "coagg_input_error", "error", "condition"),
    list(message = paste0(prefix, message), call = call, arg = arg,
         column = column, row = row, unit = unit)
  )
  stop(cond)
}

# Signal a classed warning and return its message invisibly, so that callers
# can both warn and record: notes <- c(notes, warn_caveat("..."))
warn_caveat <- function(message, class = NULL) {
  cond <- structure(
    class = c(class, "coagg_warning", "warning", "condition"),
    list(message = message, call = NULL)
  )
  warning(cond)
  invisible(message)
}

# A state the code should never reach (an unknown status code from a kernel,
# say): a bug of coagg's, not an input problem.
abort_internal <- function(message) {
  cond <- structure(
    class = c("coagg_internal_error", "error", "condition"),
    list(message = paste("internal error in coagg (please report):", message), call = NULL)
  )
  stop(cond)
}
