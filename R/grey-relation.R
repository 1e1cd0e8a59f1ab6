# Deng's grey relational analysis, used to screen candidate indicators
# against a reference series before weighting them (R/weights.R) and
# turning them into order degrees (R/synergy.R). The data are read by
# read_synergy_data() (R/weights.R).

#' Grey relational analysis (Deng) for screening indicators
#'
#' @md
#' @description
#' Deng's grey relational grade measures how closely each comparison
#' sequence (an indicator over time, or over observations) follows a
#' reference sequence. Studies of the composite system synergy model use it
#' to screen candidate order parameters: indicators with a low grade against
#' the subsystem's reference series are dropped before weighting.
#'
#' @details
#' The sequences are columns of `data`, and its rows are their points (the
#' periods of one series). Every sequence is first made dimensionless by
#' `normalise`: `"initial"` divides it by its first value (initial-value
#' operator), `"mean"` by its mean, `"minmax"` maps it to \eqn{[0, 1]} by
#' its range, and `"none"` keeps it as given (for data already
#' standardised). With \eqn{\Delta_i(k) = |x_0(k) - x_i(k)|}{d_i(k) = |x0(k)
#' - xi(k)|} and the two-level minimum and maximum over all sequences and
#' points,
#' \deqn{\xi_i(k) = \frac{\Delta_{\min} + \rho \Delta_{\max}}{\Delta_i(k) +
#'   \rho \Delta_{\max}}, \qquad r_i = \frac{1}{K} \sum_{k=1}^K \xi_i(k),}{xi_i(k) = (dmin + rho dmax) / (d_i(k) + rho dmax),  r_i = mean_k xi_i(k),}
#' where \eqn{\rho}{rho} is the distinguishing (resolution) coefficient,
#' conventionally 0.5 (Deng 1982, 1989). The grade depends on the set of
#' sequences compared, through \eqn{\Delta_{\min}}{dmin} and
#' \eqn{\Delta_{\max}}{dmax}: adding or dropping a comparison sequence can
#' change the others' grades.
#'
#' The order of the points matters for `normalise = "initial"` (the first
#' point divides the sequence). With `index` the rows are sorted by that
#' period column; without it they are taken in the order given, which is
#' refused when `data` has a column that reads as a key (a period or a unit
#' name): a panel of several units must be reduced to one series first
#' (e.g. yearly means with [aggregate()]), since the grades compare
#' sequences along one dimension.
#'
#' Orient indicators before comparing them: a negative indicator (larger is
#' worse) enters as `I(-x)` in the `compare` formula with
#' `normalise = "minmax"` (its min-max transform is then
#' \eqn{(\max x - x) / (\max x - \min x)}{(max x - x) / (max x - min x)}),
#' or already standardised with `normalise = "none"`.
#'
#' Each sequence is divided by a power of two before its operator and the
#' differences are taken on a common power-of-two scale, both exact, so
#' that extreme but finite values do not overflow; a normalised value or a
#' difference that no double can hold (the initial-value operator on a
#' sequence from 1e-300 to 1e300, say) is an error of class `coagg_scale`
#' naming the column and row.
#'
#' The interface of versions before 0.1.0's release took the sequences as
#' vectors (`grey_relation(x0, cmp)`); put them in a data frame instead:
#' `grey_relation(data.frame(x0 = x0, cmp), "x0")`.
#'
#' @param data a data frame (or a numeric matrix with column names) whose
#'   rows are the points of the sequences.
#' @param reference the reference sequence \eqn{x_0}{x0}: a column name, or
#'   a one-sided formula with one term (`~ log(trade)`).
#' @param compare the comparison sequences: column names or a one-sided
#'   formula (`~ firms + parcels + I(-cost)`). By default every column
#'   except the reference and the keys, each of which must be numeric and
#'   not named like a key.
#' @param index optional: the period column; the rows are sorted by it.
#' @param rho the distinguishing coefficient, in \eqn{(0, 1]}.
#' @param normalise `"initial"`, `"mean"`, `"minmax"` or `"none"`; see
#'   Details.
#' @param threshold optional: a grade in \eqn{(0, 1)}; sequences whose grade
#'   is at least `threshold` are marked `selected` (0.6 is a common choice
#'   for \eqn{\rho = 0.5}{rho = 0.5}, but it is a convention, not a test).
#' @param na_action `"fail"` (default) or `"omit"`, for rows with a missing
#'   value in a column used; see [coagg_missing].
#' @param ... not used; a plm or Stata spelling (`by`, `time`, ...) is an
#'   error of class `coagg_foreign_argument` naming the argument to use.
#' @param x a `coagg_grey` object.
#' @param row.names,optional not used.
#'
#' @return An object of class `coagg_grey`: a list with `grades` (a data
#'   frame: `indicator`, `estimate`, the grade \eqn{r_i}, `rank` (1 =
#'   closest to the reference) and, when `threshold` is given, `selected`),
#'   `coefficients` (the matrix of \eqn{\xi_i(k)}{xi_i(k)}, one row per
#'   point, named by its period when `index` is given, and one column per
#'   sequence), `notes` and `settings` (`reference`, `rho`, `normalise`,
#'   `delta_min`, `delta_max`, `threshold`, `index`, `points`,
#'   `na_action`, `rows_dropped`). `as.data.frame()` gives `grades`.
#'
#' @references
#' Deng, J.-L. (1982). Control problems of grey systems. *Systems &
#' Control Letters*, 1(5), 288--294. \doi{10.1016/S0167-6911(82)80025-X}
#'
#' Deng, J.-L. (1989). Introduction to grey system theory. *The Journal
#' of Grey System*, 1(1), 1--24.
#'
#' @seealso [entropy_weights()], [order_degree()].
#' @examples
#' d <- data.frame(x0 = c(0.9, 0.8, 0.7), x1 = c(0.9, 0.7, 0.8),
#'                 x2 = c(0.8, 0.9, 0.7), x3 = c(0.7, 0.8, 0.9))
#' grey_relation(d, "x0", normalise = "none")
#'
#' # screening raw indicators against a reference series, negative one reversed
#' ind <- data.frame(year = 2015:2020, trade = c(120, 150, 210, 260, 330, 410),
#'                   firms = c(40, 46, 55, 61, 70, 83),
#'                   parcels = c(5, 9, 8, 14, 13, 21),
#'                   cost = c(9.1, 8.8, 8.0, 7.7, 7.1, 6.5))
#' grey_relation(ind, "trade", ~ firms + parcels + I(-cost), index = "year",
#'               normalise = "minmax", threshold = 0.6)
#' @export
grey_relation <- function(data, reference, compare = NULL, index = NULL, rho = 0.5,
                          normalise = c("initial", "mean", "minmax", "none"),
                          threshold = NULL, na_action = c("fail", "omit"), ...) {
  check_dots_empty(..., foreign = synergy_foreign)
  normalise <- check_choice(normalise, c("initial", "mean", "minmax", "none"),
                            "normalise")
  check_number(rho, "rho", lower = 0, upper = 1)
  if (rho <= 0) abort_input("must lie in (0, 1]; got 0.", arg = "rho")
  check_number(threshold, "threshold", lower = 0, upper = 1, null_ok = TRUE)
  na_action <- check_na_action(na_action, "fail")
  if (missing(reference)) {
    abort_input("is missing; name the column of the reference sequence.", arg = "reference")
  }
  if (!is.null(index) && length(index) > 1L) {
    abort_input(paste("must be the period column only: grey relation compares sequences",
                      "along one dimension. Reduce a panel to one series first (e.g. yearly",
                      "means with aggregate()), or select one unit."), arg = "index")
  }
  inp <- read_synergy_data(data, list(reference = reference, compare = compare), index,
                           na_action, what = "comparison sequence", rows_are_periods = TRUE,
                           min_rows = 2L, min_vars = 2L, max_keys = 1L)
  n_ref <- sum(inp$groups == "reference")
  if (n_ref != 1L) {
    abort_input(sprintf("must name one sequence, not %d.", n_ref), arg = "reference")
  }
  x <- inp$x
  K <- nrow(x)
  rows <- inp$rows
  # Each sequence is divided by a power of two (exact) before the mean and
  # min-max operators, so that its sum and range cannot overflow; the
  # initial-value operator is a single division and needs no scaling.
  norm1 <- function(v, label, arg) {
    s <- pow2_scale(v)
    w <- v / s
    out <- switch(normalise,
      initial = {
        if (v[1L] == 0) abort_input(sprintf(paste(
          'sequence "%s" starts at 0 (row %d), so the initial-value operator is undefined;',
          'use normalise = "mean" or "minmax".'), label, rows[1L]),
          arg = arg, column = label, row = rows[1L])
        v / v[1L]
      },
      mean = {
        if (mean(w) == 0) abort_input(sprintf(
          'sequence "%s" has mean 0, so the mean operator is undefined.', label),
          arg = arg, column = label)
        w / mean(w)
      },
      minmax = {
        r <- max(w) - min(w)
        if (r == 0) abort_input(sprintf(
          'sequence "%s" is constant, so its min-max transform is undefined.', label),
          arg = arg, column = label)
        (w - min(w)) / r
      },
      none = v)
    bad <- which(!is.finite(out))
    if (length(bad)) {
      i <- bad[1L]
      abort_input(sprintf(paste('sequence "%s" normalised by the %s operator is beyond the',
                                "largest double at row %d (%s there, against %s); rescale",
                                'it, or use normalise = "minmax".'),
                          label, normalise, rows[i], format(v[i]),
                          format(if (normalise == "initial") v[1L] else mean(w) * s)),
                  arg = arg, column = label, row = rows[i], class = "coagg_scale")
    }
    out
  }
  xn <- x
  for (j in seq_len(ncol(x))) xn[, j] <- norm1(x[, j], inp$labels[j], inp$groups[j])
  # the differences on a common power-of-two scale (exact): the relational
  # coefficients are ratios of differences and do not depend on it
  S <- pow2_scale(xn)
  xs <- xn / S
  delta <- abs(xs[, -1L, drop = FALSE] - xs[, 1L])
  dmin <- min(delta)
  dmax <- max(delta)
  if (dmax == 0) {
    abort_input(paste0("every comparison sequence equals the reference after ",
                       "normalisation, so the relational coefficients are undefined."),
                arg = "compare")
  }
  if (!is.finite(dmax * S)) {
    at <- which(delta == dmax, arr.ind = TRUE)[1L, ]
    abort_input(sprintf(paste("the largest difference between the reference and sequence",
                              '"%s" (row %d) is beyond the largest double; rescale the data',
                              'or use normalise = "minmax".'),
                        colnames(delta)[at[2L]], rows[at[1L]]),
                arg = "compare", column = colnames(delta)[at[2L]], row = rows[at[1L]],
                class = "coagg_scale")
  }
  xi <- (dmin + rho * dmax) / (delta + rho * dmax)
  if (length(inp$index)) rownames(xi) <- as.character(inp$keys$time)
  grade <- colMeans(xi)
  tab <- data.frame(indicator = colnames(delta), estimate = unname(grade),
                    # rank on 12 significant digits so that grades equal up
                    # to rounding share a rank
                    rank = rank(-signif(grade, 12L), ties.method = "min"),
                    stringsAsFactors = FALSE)
  if (!is.null(threshold)) tab$selected <- tab$estimate >= threshold
  structure(list(grades = tab, coefficients = xi, notes = inp$notes,
                 settings = list(reference = inp$labels[1L], rho = rho, normalise = normalise,
                                 delta_min = dmin * S, delta_max = dmax * S,
                                 threshold = threshold, index = inp$index, points = K,
                                 time = inp$keys$time, na_action = na_action,
                                 rows_dropped = inp$dropped)),
            class = "coagg_grey")
}

#' @rdname grey_relation
#' @export
as.data.frame.coagg_grey <- function(x, row.names = NULL, optional = FALSE, ...) {
  x$grades
}

#' @rdname grey_relation
#' @param main plot title (a default is made).
#' @return `plot()`: the grades as horizontal bars, highest first, on
#'   [0, 1], with the `threshold` as a dashed line and the selected
#'   sequences darker; it returns the data it drew invisibly (`indicator`,
#'   `estimate`, `rank`, `selected`).
#' @export
plot.coagg_grey <- function(x, main = NULL, ...) {
  check_dots_empty(..., foreign = plot_foreign)
  g <- x$grades
  d <- data.frame(indicator = g$indicator, estimate = g$estimate, rank = g$rank,
                  selected = if (is.null(g$selected)) NA else g$selected,
                  stringsAsFactors = FALSE)
  d <- d[order(d$rank, d$indicator), , drop = FALSE]
  rownames(d) <- NULL
  th <- x$settings$threshold
  draw_bars(d$indicator, d$estimate, xlim = c(0, 1.08), vline = th,
            colours = ifelse(d$selected %in% FALSE, "#C6DBEF", "#4292C6"),
            main = if (is.null(main)) sprintf("Grey relational grades to %s",
                                               x$settings$reference) else main,
            xlab = sprintf("grey relational grade (rho = %s)%s", format(x$settings$rho),
                           if (is.null(th)) "" else sprintf("; dashed: threshold %s", format(th))))
  invisible(d)
}

tidy_coagg_grey <- function(x, ...) {
  out <- broom_frame(x$grades)
  names(out)[names(out) == "indicator"] <- "term"
  out
}

glance_coagg_grey <- function(x, ...) {
  st <- x$settings
  data.frame(reference = st$reference, n_sequences = nrow(x$grades), n_points = st$points,
             rho = st$rho, normalise = st$normalise,
             n_selected = if (is.null(x$grades$selected)) NA_integer_ else sum(x$grades$selected),
             stringsAsFactors = FALSE)
}

#' @rdname grey_relation
#' @export
print.coagg_grey <- function(x, ...) {
  st <- x$settings
  cat("Grey relational analysis (Deng)\n")
  pts <- if (length(st$index)) {
    sprintf('%d periods of "%s" (%s to %s)', st$points, st$index,
            as.character(st$time[1L]), as.character(st$time[st$points]))
  } else sprintf("%d rows, in the order given", st$points)
  cat(sprintf("  reference: %s   points: %s   sequences: %d\n", st$reference, pts,
              nrow(x$grades)))
  cat(sprintf("  normalisation: %s   rho = %s   delta min = %s   delta max = %s\n\n",
              st$normalise, format(st$rho), format_num(st$delta_min, 6L),
              format_num(st$delta_max, 6L)))
  out <- x$grades
  if (!is.null(out$selected)) out$selected <- ifelse(out$selected, "yes", "no")
  print_table(out, nrow(out), 6L)
  if (!is.null(st$threshold)) {
    cat(sprintf("\n  selected: grade >= %s (%d of %d)\n", format(st$threshold),
                sum(x$grades$selected), nrow(x$grades)))
  }
  print_notes(x$notes)
  invisible(x)
}
