# The composite system synergy model of Meng and Han (2000): order degrees
# of subsystems (order_degree()) and the synergy degree between periods
# (synergy_degree()); with the helpers that coupling_coordination()
# (R/coupling.R) shares: the subsystems read from a data frame or from a
# list of results, the grading of an index into bands, and the guard that
# clamps rounding into [0, 1]. The data are read by read_synergy_data()
# (R/weights.R).

# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------

# The grading bands of the synergy degree. The Chinese labels are escaped so
# that the R code stays ASCII; they read fei xie tong ... ji du xie tong.
synergy_grade_table <- function() {
  data.frame(
    lower = c(-1, 0, 0.3, 0.6, 0.9),
    upper = c(0, 0.3, 0.6, 0.9, 1),
    grade = c("non-synergy", "low synergy", "moderate synergy", "high synergy",
              "extreme synergy"),
    grade_zh = c("\u975e\u534f\u540c", "\u4f4e\u5ea6\u534f\u540c",
                 "\u4e2d\u5ea6\u534f\u540c", "\u9ad8\u5ea6\u534f\u540c",
                 "\u6781\u5ea6\u534f\u540c"),
    stringsAsFactors = FALSE
  )
}

# Left-open, right-closed classes; the lowest class also takes its lower end.
grade_index <- function(x, lower, upper) {
  breaks <- c(lower[1L], upper)
  as.integer(cut(x, breaks = breaks, right = TRUE, include.lowest = TRUE))
}

# A result table with the grades of class `level` (English and Chinese, as
# factors in the order of the grading table `gt`) added, and plain row names.
with_grades <- function(out, level, gt) {
  out$grade <- factor(gt$grade[level], levels = gt$grade)
  out$grade_zh <- factor(gt$grade_zh[level], levels = gt$grade_zh)
  rownames(out) <- NULL
  out
}

# Quantities that lie in [0, 1] by their formula (coupling degrees,
# order-parameter contributions) can leave it by the last bits of rounding
# (exp(log()), divisions). Clamp that rounding, and only that: anything more
# than `tol` outside [0, 1], or not a number at all, is a bug, not rounding,
# and is raised as an internal error instead of being hidden.
clamp_unit_rounding <- function(x, what, tol = 1e-12) {
  bad <- which(x < -tol | x > 1 + tol | is.nan(x) | is.infinite(x))
  if (length(bad)) {
    i <- bad[1L]
    abort_internal(sprintf(paste0(
      "%s is %s at position %d, outside [0, 1] by more than rounding (%g)."),
      what, format(x[i], digits = 17L), i, tol))
  }
  x[which(x < 0)] <- 0
  x[which(x > 1)] <- 1
  x
}

# The data of a series plot (order, synergy and coupling degrees): unit
# (NA for one series), time (the row number when there are no keys),
# estimate and grade where there is one.
series_plot_data <- function(tab, grade = NULL) {
  n <- nrow(tab)
  data.frame(unit = if ("unit" %in% names(tab)) tab$unit else rep(NA, n),
             time = if (!is.null(tab$time)) tab$time else seq_len(n),
             estimate = tab$estimate,
             grade = if (is.null(grade)) rep(NA_character_, n) else as.character(grade),
             stringsAsFactors = FALSE)
}

# Grade bands for a plot, labelled in English or Chinese.
grade_bands <- function(gt, lang) {
  data.frame(lower = gt$lower, upper = gt$upper,
             label = if (lang == "zh") gt$grade_zh else gt$grade, stringsAsFactors = FALSE)
}

# Results of coagg functions passed where plain values were meant, or plain
# values passed through `...` as the old interface took them: an error that
# says how to give them now.
check_subsystem_dots <- function(..., fn, foreign = synergy_foreign) {
  if (!...length()) return(invisible())
  nm <- ...names()
  if (is.null(nm) || !any(nm %in% names(foreign))) {
    vals <- list(...)
    looks <- vapply(vals, function(v) inherits(v, c("coagg_order", "coagg_weights")) ||
                      (is.numeric(v) && is.null(dim(v)) && length(v) > 1L), NA)
    if (any(looks)) {
      abort_input(sprintf(paste(
        "%s() takes the subsystems in `data`: a data frame with one column per subsystem",
        "(%s(data.frame(E = e, I = i)), with `index =` for its keys), or a named list of",
        "order_degree() or entropy_weights() results (%s(list(E = od_e, I = od_i)))."),
        fn, fn, fn), arg = "...")
    }
  }
  check_dots_empty(..., foreign = foreign)
}

# The subsystems' values (order degrees, scores) as a matrix U (rows:
# observations sorted by unit and time; columns: subsystems) with their
# keys, from either
#   - a data frame `data` with one column per subsystem (`subsystems`, or
#     every numeric column but the keys) and keys `index`, or
#   - a list of order_degree() / entropy_weights() / critic_weights()
#     results, matched by their keys.
# `need_time`: the rows are periods (synergy), so keys are needed, or rows in
# the order given with nothing in `data` that reads as a key.
collect_subsystems <- function(data, subsystems, index, na_action, value, min_rows,
                               need_time) {
  if (is.list(data) && !is.data.frame(data) && !is.matrix(data)) {
    sub <- subsystems_from_results(data, subsystems, index, need_time)
  } else {
    inp <- read_synergy_data(data, list(subsystems = subsystems), index, na_action,
                             what = "subsystem", rows_are_periods = need_time,
                             min_rows = min_rows, min_vars = 2L)
    sub <- list(U = inp$x, keys = inp$keys, labels = inp$labels, rows = inp$rows,
                grid = inp$grid, time_note = inp$time_note, notes = inp$notes,
                index = inp$index)
  }
  U <- sub$U
  keys <- sub$keys
  has_unit <- "unit" %in% names(keys)
  where <- function(i) {
    if (!is.null(sub$rows)) return(sprintf("row %d", sub$rows[i]))
    if (has_unit) sprintf("unit %s, time %s", format(keys$unit[i]), format(keys$time[i])) else
      if ("time" %in% names(keys)) sprintf("time %s", format(keys$time[i])) else
        sprintf("row %d", keys$row[i])
  }
  if (nrow(U) < min_rows) {
    abort_input(sprintf("the subsystems have %d observation%s; at least %d %s needed.",
                        nrow(U), if (nrow(U) == 1L) "" else "s", min_rows,
                        if (min_rows == 1L) "is" else "are"), arg = "data")
  }
  for (j in seq_len(ncol(U))) {
    bad <- which(U[, j] < 0 | U[, j] > 1)
    if (length(bad)) {
      i <- bad[1L]
      abort_input(sprintf(paste0('subsystem "%s" has %s %s at %s, outside [0, 1]; ',
                                 "%ss must be normalised."),
                          sub$labels[j], value, format(U[i, j]), where(i), value),
                  arg = if (is.null(sub$rows)) "data" else "subsystems",
                  column = sub$labels[j], row = if (is.null(sub$rows)) NULL else sub$rows[i])
    }
  }
  rownames(keys) <- NULL
  sub$keys <- keys
  sub$has_unit <- has_unit
  sub
}

# collect_subsystems() for a list of results.
subsystems_from_results <- function(data, subsystems, index, need_time) {
  k <- length(data)
  ok <- vapply(data, inherits, NA, what = c("coagg_order", "coagg_weights"))
  if (!k || !all(ok)) {
    j <- which(!ok)[1L]
    abort_input(sprintf(paste("as a list must hold order_degree() or entropy_weights() /",
                              "critic_weights() results, one per subsystem%s; for plain",
                              "values give a data frame with one column per subsystem."),
                        if (length(j) && !is.na(j)) sprintf(" (element %d is %s)", j,
                                                            describe(data[[j]])) else ""),
                arg = "data")
  }
  if (!is.null(index)) {
    abort_input(paste("is taken from the results in `data` (the keys they were computed",
                      "with); leave it out."), arg = "index")
  }
  labels <- names(data)
  if (is.null(labels)) labels <- rep("", k)
  labels[is.na(labels) | !nzchar(labels)] <- paste0("U", which(is.na(labels) | !nzchar(labels)))
  labels <- make.unique(labels)
  names(data) <- labels
  if (!is.null(subsystems)) {
    if (!is.character(subsystems) || anyNA(subsystems) || anyDuplicated(subsystems)) {
      abort_input(sprintf("must name elements of the list `data`, not %s.",
                          describe(subsystems)), arg = "subsystems")
    }
    miss <- setdiff(subsystems, labels)
    if (length(miss)) {
      abort_input(sprintf('names "%s", which is not an element of `data` (%s).%s', miss[1L],
                          paste0('"', labels, '"', collapse = ", "),
                          did_you_mean(miss[1L], labels)), arg = "subsystems",
                  column = miss[1L])
    }
    data <- data[subsystems]
    labels <- subsystems
    k <- length(data)
  }
  if (k < 2L) {
    abort_input(sprintf("needs at least 2 subsystems; got %d.", k), arg = "data")
  }
  tabs <- lapply(data, function(o) if (inherits(o, "coagg_order")) o$order else o$scores)
  key_cols <- lapply(tabs, function(t) intersect(c("unit", "time", "row"), names(t)))
  for (j in seq_len(k)[-1L]) {
    if (!identical(key_cols[[j]], key_cols[[1L]])) {
      abort_input(sprintf(paste('subsystem "%s" is keyed by %s but "%s" by %s; compute all',
                                "of them with the same `index`."), labels[j],
                          paste(key_cols[[j]], collapse = ", "), labels[1L],
                          paste(key_cols[[1L]], collapse = ", ")),
                  arg = "data", column = labels[j])
    }
  }
  kc <- key_cols[[1L]]
  if (need_time && !"time" %in% kc) {
    abort_input(paste("holds results without periods (computed without `index`); compute",
                      "them with `index =` so that the periods are known."), arg = "data")
  }
  key_of <- function(t) do.call(paste, c(lapply(kc, function(v) as.character(t[[v]])), sep = "\r"))
  k1 <- key_of(tabs[[1L]])
  keys <- tabs[[1L]][kc]
  U <- matrix(NA_real_, nrow(keys), k, dimnames = list(NULL, labels))
  U[, 1L] <- tabs[[1L]]$estimate
  for (j in seq_len(k)[-1L]) {
    kj <- key_of(tabs[[j]])
    pos <- match(k1, kj)
    if (anyNA(pos) || length(kj) != length(k1)) {
      miss <- which(is.na(pos))
      if (length(miss)) {
        i <- miss[1L]
        abort_input(sprintf('subsystem "%s" has no value for %s, which "%s" has.',
                            labels[j], paste(kc, vapply(kc, function(v) format(keys[[v]][i]), ""),
                                             collapse = ", "), labels[1L]),
                    arg = "data", column = labels[j],
                    unit = if ("unit" %in% kc) keys$unit[i] else NULL)
      }
      extra <- setdiff(kj, k1)[1L]
      abort_input(sprintf('subsystem "%s" has an observation (%s) that "%s" lacks.',
                          labels[j], gsub("\r", ", ", extra), labels[1L]),
                  arg = "data", column = labels[j])
    }
    U[, j] <- tabs[[j]]$estimate[pos]
  }
  grid <- NULL
  note <- NULL
  if ("time" %in% kc) {
    pt <- panel_time(keys$time, "time", "data")
    grid <- pt$grid
    note <- pt$note
  }
  st <- data[[1L]]$settings
  list(U = U, keys = keys, labels = labels, rows = NULL, grid = grid, time_note = note,
       notes = character(), index = st$index)
}

# ---------------------------------------------------------------------------
# Order degree
# ---------------------------------------------------------------------------

# Bounds (lower b, upper a) for every indicator: from the sample, padded, or
# given by the user; user bounds must enclose the data. `rows` are the rows
# of `data` that x holds (for messages).
resolve_bounds <- function(bounds, x, pad, rows) {
  ind <- colnames(x)
  lo <- stats::setNames(col_min(x), ind)
  hi <- stats::setNames(col_max(x), ind)
  if (is.character(bounds)) {
    how <- check_choice(bounds, c("padded", "sample"), "bounds")
    for (j in seq_along(ind)) {
      if (hi[j] == lo[j]) {
        abort_input(sprintf(paste0('indicator "%s" is constant (every row is %s); bounds ',
                                   'taken from the sample are degenerate. Drop it, or ',
                                   "give its bounds."), ind[j], format(lo[j])),
                    arg = "indicators", column = ind[j])
      }
    }
    if (how == "sample") return(list(lower = lo, upper = hi, method = "sample"))
    lower <- lo - pad * abs(lo)
    upper <- hi + pad * abs(hi)
    bad <- which(!is.finite(lower) | !is.finite(upper))
    if (length(bad)) {
      j <- bad[1L]
      up <- !is.finite(upper[j])
      i <- rows[if (up) which.max(x[, j]) else which.min(x[, j])]
      abort_input(sprintf(paste(
        'the padded %s bound of indicator "%s", %s %s %s |%s| (from row %d), is beyond the',
        'largest double (%s); rescale the indicator (divide it by a power of ten), or use',
        'bounds = "sample" or bounds of your own.'),
        if (up) "upper" else "lower", ind[j], format(if (up) hi[j] else lo[j]),
        if (up) "+" else "-", format(pad), format(if (up) hi[j] else lo[j]), i,
        format(.Machine$double.xmax)),
        arg = "bounds", column = ind[j], row = i, class = "coagg_scale")
    }
    return(list(lower = lower, upper = upper, method = "padded"))
  }
  if (is.data.frame(bounds)) {
    need <- c("indicator", "lower", "upper")
    if (!all(need %in% names(bounds))) {
      abort_input('as a data frame must have columns "indicator", "lower" and "upper".',
                  arg = "bounds")
    }
    bl <- lapply(seq_len(nrow(bounds)), function(i) c(bounds$lower[i], bounds$upper[i]))
    names(bl) <- as.character(bounds$indicator)
    bounds <- bl
  }
  if (!is.list(bounds) || is.null(names(bounds))) {
    abort_input(sprintf(paste0('must be "padded", "sample", a list named by indicator ',
                               "of c(lower, upper), or a data frame with columns ",
                               "indicator, lower, upper; not %s."), describe(bounds)),
                arg = "bounds")
  }
  if (anyDuplicated(names(bounds))) {
    dup <- names(bounds)[duplicated(names(bounds))][1L]
    abort_input(sprintf(paste0('gives bounds for indicator "%s" more than once; give ',
                               "one lower and one upper bound per indicator."), dup),
                arg = "bounds", column = dup)
  }
  missing <- setdiff(ind, names(bounds))
  if (length(missing)) {
    abort_input(sprintf('gives no bounds for indicator "%s".', missing[1L]),
                arg = "bounds", column = missing[1L])
  }
  lower <- upper <- stats::setNames(numeric(length(ind)), ind)
  for (j in seq_along(ind)) {
    b <- bounds[[ind[j]]]
    if (!is.numeric(b) || length(b) != 2L || anyNA(b) || any(!is.finite(b)) ||
        b[1L] >= b[2L]) {
      abort_input(sprintf('bounds of indicator "%s" must be c(lower, upper) with lower < upper; got %s.',
                          ind[j], paste(format(b), collapse = ", ")),
                  arg = "bounds", column = ind[j])
    }
    out <- which(x[, j] < b[1L] | x[, j] > b[2L])
    if (length(out)) {
      i <- out[which.min(rows[out])]
      abort_input(sprintf(paste0('bounds [%s, %s] of indicator "%s" do not enclose the ',
                                 "data: row %d holds %s."),
                          format(b[1L]), format(b[2L]), ind[j], rows[i], format(x[i, j])),
                  arg = "bounds", column = ind[j], row = rows[i])
    }
    lower[j] <- b[1L]
    upper[j] <- b[2L]
  }
  list(lower = lower, upper = upper, method = "user")
}

#' Order degree of a subsystem (composite system synergy model)
#'
#' @md
#' @description
#' The first step of the composite system synergy model of Meng and Han
#' (2000): every indicator (order parameter) of a subsystem is turned into a
#' contribution in \eqn{[0, 1]}, and the contributions are aggregated into
#' the subsystem's order degree for every period (and unit).
#'
#' @details
#' For indicator \eqn{j} with upper bound \eqn{a_j} and lower bound
#' \eqn{b_j}, the contribution of a value \eqn{e_j} is
#' \deqn{u_j = \frac{e_j - b_j}{a_j - b_j}}{u_j = (e_j - b_j) / (a_j - b_j)}
#' for a positive indicator and \eqn{u_j = (a_j - e_j)/(a_j - b_j)} for a
#' negative one, so that reversing an indicator's direction mirrors its
#' contribution (\eqn{u \to 1 - u}{u -> 1 - u}). The order degree is the
#' weighted sum or the weighted geometric mean of the contributions:
#' \deqn{U = \sum_j w_j u_j \quad\textrm{or}\quad U = \prod_j u_j^{w_j},
#'   \qquad \sum_j w_j = 1.}{U = sum_j w_j u_j   or   U = prod_j u_j^w_j,  sum_j w_j = 1.}
#' With equal weights the geometric form is Meng and Han's
#' \eqn{\sqrt[m]{\prod_j u_j}}{(prod_j u_j)^(1/m)}.
#'
#' **Bounds** are fixed once for all rows (every period and every unit), so
#' that order degrees are comparable over time and space:
#' * `"sample"`: \eqn{a_j = \max e_j}{a_j = max e_j}, \eqn{b_j = \min
#'   e_j}{b_j = min e_j}. The worst observation of every indicator then
#'   contributes exactly 0 (and the geometric order degree of that row is 0).
#' * `"padded"` (default): the range widened by `pad` (10%), as in most
#'   applications: \eqn{a_j = \max e_j + 0.1 |\max e_j|}{a_j = max e_j + 0.1
#'   |max e_j|}, \eqn{b_j = \min e_j - 0.1 |\min e_j|}{b_j = min e_j - 0.1
#'   |min e_j|}, which is the usual \eqn{1.1 \max}{1.1 max} /
#'   \eqn{0.9 \min}{0.9 min} for positive data and stays outside the data
#'   when the values are negative (where \eqn{1.1 \max}{1.1 max} would fall
#'   inside). A padded bound beyond the largest double (an indicator near
#'   1.8e308) is an error of class `coagg_scale`.
#' * user-given: a list named by indicator of `c(lower, upper)` or a data
#'   frame with columns `indicator`, `lower`, `upper`, e.g. planning
#'   targets; they must enclose the data.
#'
#' The contributions are computed after dividing each indicator and its
#' bounds by a power of two (exact), so that a range beyond the largest
#' double (-1e308 to 1e308) or a denormal one does not give `NaN`.
#'
#' **Keys.** The rows are periods. For a panel of units (regions, cities)
#' over periods give `index = c(unit, time)`; for one series give its period
#' column, `index = "year"`. Without `index` the rows are taken as
#' consecutive periods in the order given, numbered by their row, and that
#' is refused when `data` has a column besides the indicators that reads as
#' a key (a column that is not numeric, or is named like `year`, `time`,
#' `id`, `region`, `city`, `code`, \enc{年份}{nianfen}, ...): a panel without
#' its keys is an error that says how to give them, never a long series.
#' When `indicators` is left out, every column but the keys is an indicator
#' (see [entropy_weights()] for the rule).
#'
#' **The pipeline of the studies behind this package** (standardise,
#' screen by grey relation, weight, order degrees, synergy) runs as:
#' [grey_relation()] on the candidate indicators against the subsystem's
#' reference series, [entropy_weights()] or [critic_weights()] on the
#' retained ones (or `weights = "entropy"` here), `order_degree()` for each
#' subsystem, and [synergy_degree()] on the order degrees. The vignette
#' `vignette("synergy", package = "coagg")` runs it end to end.
#'
#' @param data a data frame, one row per period (or per unit and period).
#' @param indicators the indicator (order parameter) columns: column names
#'   or a one-sided formula (`~ gdp + log(output)`). By default every
#'   column except the keys.
#' @param index the keys: `c(unit, time)` column names for a panel, the
#'   period column for one series, or `NULL` (rows in the order given); see
#'   Details.
#' @param direction `"positive"` (`"+"`) or `"negative"` (`"-"`) for the
#'   indicators: `NULL` (default, all positive), one value for all, one per
#'   indicator, or a vector naming only some indicators (the others are
#'   positive, and the print says which were taken so).
#' @param weights the indicator weights: `"equal"` (default), `"entropy"` or
#'   `"critic"` (computed from all rows used with [entropy_weights()]
#'   defaults or [critic_weights()]), a `coagg_weights` object, or a numeric
#'   vector (in the order of `indicators` or named by indicator) of
#'   non-negative weights summing to one.
#' @param bounds `"padded"` (default), `"sample"`, or user-given bounds; see
#'   Details.
#' @param aggregate `"weighted"` (weighted sum, default) or `"geometric"`
#'   (weighted geometric mean).
#' @param pad the relative widening of `bounds = "padded"`.
#' @param na_action `"fail"` (default) or `"omit"`, for rows with a missing
#'   value in a column used; see [coagg_missing].
#' @param ... not used; a plm or Stata spelling (`by`, `time`, ...) is an
#'   error of class `coagg_foreign_argument` naming the argument to use.
#' @param x a `coagg_order` object.
#' @param n the number of rows of the order-degree table to print.
#' @param row.names,optional not used.
#'
#' @return An object of class `coagg_order`: a list with
#' * `order`: a data frame sorted by unit and time: `unit` (panels), `time`
#'   (the period; the row number of `data` without `index`) and `estimate`,
#'   the order degree;
#' * `contributions`: the same keys and one column per indicator holding
#'   \eqn{u_j};
#' * `bounds`: a data frame: `indicator`, `direction`, `lower`, `upper`,
#'   `weight`;
#' * `weights_detail`: the `coagg_weights` object when the weights were
#'   computed here or given as one, else `NULL`;
#' * `notes` (caveats) and `settings` (`aggregate`, `bounds`, `pad`,
#'   `weights`, `index`, `indicators`, `direction_default`, `na_action`,
#'   `rows_dropped`).
#'
#' It can be passed, in a named list with the other subsystems, to
#' [synergy_degree()] and [coupling_coordination()]; `as.data.frame()` gives
#' `order`.
#'
#' @references
#' Meng, Q. and Han, W. (2000). Study on the coordination measurement model
#' of composite systems \[in Chinese: Fu he xi tong xie tiao du mo xing yan
#' jiu\]. *Journal of Tianjin University*, 33(4), 444--446.
#'
#' @seealso [synergy_degree()], [entropy_weights()].
#' @examples
#' # Illustrative numbers (not real data): two subsystems over five years
#' d <- data.frame(year = 2017:2021,
#'                 e1 = c(100, 130, 170, 210, 260), e2 = c(20, 24, 23, 30, 35),
#'                 e3 = c(8.0, 7.5, 7.8, 6.9, 6.0),
#'                 i1 = c(50, 52, 58, 57, 66), i2 = c(3.1, 3.4, 3.3, 3.9, 4.2))
#' u_e <- order_degree(d, ~ e1 + e2 + e3, index = "year", direction = c(e3 = "-"),
#'                     weights = c(0.40, 0.35, 0.25))
#' u_i <- order_degree(d, c("i1", "i2"), index = "year")
#' u_e
#' synergy_degree(list(E = u_e, I = u_i))
#' synergy_degree(list(E = u_e, I = u_i), base = "fixed")
#' @export
order_degree <- function(data, indicators = NULL, index = NULL, direction = NULL,
                         weights = "equal", bounds = "padded",
                         aggregate = c("weighted", "geometric"), pad = 0.1,
                         na_action = c("fail", "omit"), ...) {
  check_dots_empty(..., foreign = synergy_foreign)
  if (missing(data)) abort_input("is missing.", arg = "data")
  aggregate <- check_choice(aggregate, c("weighted", "geometric"), "aggregate")
  check_number(pad, "pad", lower = 0, upper = 1)
  na_action <- check_na_action(na_action, "fail")
  inp <- read_synergy_data(data, list(indicators = indicators), index, na_action,
                           rows_are_periods = TRUE, min_rows = 2L)
  x <- inp$x
  ind <- inp$labels
  m <- length(ind)
  dir <- parse_direction(direction, ind)
  positive <- dir$positive

  # bounds (validated on the rows used, reported as rows of `data`)
  bd <- resolve_bounds(bounds, x, pad, inp$rows)

  # weights
  weights_detail <- NULL
  if (is.character(weights) && length(weights) == 1L && !is.na(weights) &&
      is.null(names(weights))) {
    wm <- check_choice(weights, c("equal", "entropy", "critic"), "weights")
    xd <- as.data.frame(x, optional = TRUE)
    w <- switch(wm,
      equal = stats::setNames(rep(1 / m, m), ind),
      entropy = {
        weights_detail <- entropy_weights(xd, ind, direction = positive_labels(positive))
        weights.coagg_weights(weights_detail)
      },
      critic = {
        weights_detail <- critic_weights(xd, ind, direction = positive_labels(positive))
        weights.coagg_weights(weights_detail)
      })
    weights_method <- wm
  } else if (inherits(weights, "coagg_weights")) {
    w <- check_weight_vector(weights.coagg_weights(weights), ind)
    weights_method <- paste0(weights$settings$method, " (given)")
    weights_detail <- weights
  } else {
    w <- check_weight_vector(weights, ind)
    weights_method <- "given"
  }

  u <- minmax_columns(x, bd$lower, bd$upper)
  u[, !positive] <- 1 - u[, !positive]
  # the data lie inside the bounds (checked above), so u is in [0, 1] up to rounding
  u <- clamp_unit_rounding(u, "an order-parameter contribution")
  if (aggregate == "weighted") {
    U <- drop(u %*% w)
  } else {
    U <- rep(1, nrow(u))
    for (j in seq_len(m)) U <- U * u[, j]^w[j]
  }
  notes <- inp$notes
  if (aggregate == "geometric" && any(u == 0 & rep(w > 0, each = nrow(u)))) {
    notes <- c(notes, warn_caveat(paste0(
      "Some contributions are exactly 0 (an observation at the lower bound of a ",
      "positive indicator or the upper bound of a negative one), so the geometric ",
      "order degree of those rows is 0; padded bounds avoid this.")))
  }
  order_tab <- inp$keys
  order_tab$estimate <- U
  contrib <- cbind(inp$keys, as.data.frame(u, stringsAsFactors = FALSE, optional = TRUE))
  rownames(order_tab) <- rownames(contrib) <- NULL
  bounds_tab <- data.frame(indicator = ind,
                           direction = unname(positive_labels(positive)),
                           lower = unname(bd$lower), upper = unname(bd$upper),
                           weight = unname(w), stringsAsFactors = FALSE)
  structure(list(order = order_tab, contributions = contrib, bounds = bounds_tab,
                 weights_detail = weights_detail, notes = notes,
                 settings = list(aggregate = aggregate, bounds = bd$method, pad = pad,
                                 weights = weights_method, index = inp$index,
                                 indicators = ind, direction_default = dir$defaulted,
                                 na_action = na_action, rows_dropped = inp$dropped)),
            class = "coagg_order")
}

#' @rdname order_degree
#' @export
as.data.frame.coagg_order <- function(x, row.names = NULL, optional = FALSE, ...) {
  x$order
}

#' @rdname order_degree
#' @param main plot title (a default is made).
#' @return `plot()`: the order degree of each unit over time on [0, 1] (the
#'   order degree has no grading convention, so no bands are drawn); it
#'   returns the data it drew invisibly (`unit`, `time`, `estimate`,
#'   `grade` (`NA`)).
#' @export
plot.coagg_order <- function(x, main = NULL, ...) {
  check_dots_empty(..., foreign = plot_foreign)
  d <- series_plot_data(x$order)
  draw_series(d$time, d$estimate, d$unit, main = if (is.null(main)) "Order degree" else main,
              ylab = "order degree", xlab = if (is.null(x$order$time)) "row" else "time",
              ylim = c(0, 1), legend_title = "unit")
  invisible(d)
}

tidy_coagg_order <- function(x, ...) broom_frame(x$order)

glance_coagg_order <- function(x, ...) {
  o <- x$order
  data.frame(n_obs = nrow(o), n_units = if ("unit" %in% names(o)) length(unique(o$unit)) else 1L,
             n_indicators = nrow(x$bounds), mean = mean(o$estimate), min = min(o$estimate),
             max = max(o$estimate), aggregate = x$settings$aggregate,
             bounds = x$settings$bounds, stringsAsFactors = FALSE)
}

#' @rdname order_degree
#' @export
print.coagg_order <- function(x, n = 10L, ...) {
  st <- x$settings
  cat("Subsystem order degree (composite system synergy model, Meng & Han 2000)\n")
  ord <- x$order
  has_unit <- "unit" %in% names(ord)
  cat(sprintf("  indicators: %d   observations: %d%s\n", nrow(x$bounds), nrow(ord),
              if (has_unit) sprintf("   units: %d   periods: %d",
                                    length(unique(ord$unit)),
                                    length(unique(ord$time))) else ""))
  cat(sprintf("  keys: %s\n", if (length(st$index)) paste(st$index, collapse = ", ") else
    "none (the rows are the periods, in the order given; time = row number)"))
  bdesc <- switch(st$bounds,
    sample = "sample (upper = max, lower = min)",
    padded = sprintf("padded (upper = max + %s|max|, lower = min - %s|min|)",
                     format(st$pad), format(st$pad)),
    user = "given by the user")
  cat("  bounds: ", bdesc, ", fixed over all rows\n", sep = "")
  cat("  aggregation: ", if (st$aggregate == "weighted") "weighted sum" else
    "weighted geometric mean", "   weights: ", st$weights, "\n", sep = "")
  cat(direction_line(st$direction_default, nrow(x$bounds)), sep = "")
  cat("\n")
  print_table(x$bounds, nrow(x$bounds), 6L)
  cat("\n")
  print_table(ord, n, 4L)
  print_notes(x$notes)
  invisible(x)
}

# ---------------------------------------------------------------------------
# Composite system synergy degree
# ---------------------------------------------------------------------------

#' Composite system synergy degree (Meng and Han 2000)
#'
#' @md
#' @description
#' The synergy degree of a composite system between a base period
#' \eqn{t_0} and a period \eqn{t_1}, from the order degrees
#' \eqn{u_j(t)} of its \eqn{k} subsystems (see [order_degree()]).
#'
#' @details
#' \deqn{C = \theta \left(\prod_{j=1}^k |\Delta u_j|\right)^{1/k}, \qquad
#'   \Delta u_j = u_j(t_1) - u_j(t_0),}{C = theta (prod_j |du_j|)^(1/k),  du_j = u_j(t1) - u_j(t0),}
#' with \eqn{\theta = 1}{theta = 1} when every change \eqn{\Delta u_j}{du_j}
#' is positive, \eqn{\theta = 0}{theta = 0} when any change is 0, and
#' \eqn{\theta = -1}{theta = -1} otherwise (some change negative, none 0).
#'
#' \eqn{C \in [-1, 1]}{C in [-1, 1]}. It is positive only when every
#' subsystem's order degree rose; when any fell it is negative, however
#' much the others improved; and \eqn{C = 0} whenever any subsystem did not
#' change, whatever the others did, because the product of the changes is
#' then 0. In that case \eqn{\theta}{theta} is reported as 0 as well, even
#' when another subsystem fell: Meng and Han's
#' \eqn{\theta = \min_j \Delta u_j / |\min_j \Delta u_j|}{theta = min_j du_j /
#' |min_j du_j|} would be -1 there (or 0/0 when the smallest change is the
#' 0), but it multiplies a zero, and reporting 0 keeps \eqn{\theta}{theta}
#' equal to the sign of \eqn{C} in every row. "No change" means exactly
#' equal order degrees. The model is symmetric in the subsystems: their
#' order does not matter.
#'
#' **The subsystems** come either as a named list of [order_degree()]
#' results (`list(E = od_e, I = od_i)`, matched by their keys), or as
#' columns of a data frame of order degrees (`subsystems`, or every numeric
#' column but the keys) with keys `index` as in [order_degree()]: the rows
#' are periods, so without `index` they are taken in the order given, and
#' that is refused when `data` has a column that reads as a key.
#'
#' `base = "previous"` compares every period with the one before it
#' (the year-on-year synergy most studies plot); `base = "fixed"`
#' compares every later period with one base period, the first by default
#' (the "t0 = initial moment" of many studies). In a panel the comparison
#' is made within each unit. With missing periods, "previous" means the
#' previous observed period, and a caveat is recorded (a warning, kept in
#' the `notes` attribute and printed): a period is missing when it lies on
#' the calendar of the periods (years in steps of their greatest common
#' difference, months, quarters, factor levels; see [coagg_missing] for the
#' panel keys) between two periods of a series that follow each other
#' (years 2015, 2016, 2019: 2016 to 2019 skips two years). The series needs
#' at least two periods (each unit, in a panel).
#'
#' **Grading.** `grade` and `grade_zh` grade \eqn{C} on a five-band scale,
#' left-open and right-closed: \eqn{[-1, 0]} non-synergy (fei xie tong),
#' \eqn{(0, 0.3]} low synergy (di du xie tong), \eqn{(0.3, 0.6]} moderate
#' (zhong du), \eqn{(0.6, 0.9]} high (gao du), \eqn{(0.9, 1]} extreme (ji du
#' xie tong). Meng and Han (2000) define the index but no grading. Labels of
#' this kind occur in the applied Chinese literature that follows them (Zhao
#' and Zhang 2020, for instance, report Beijing at the "moderate synergy"
#' stage and Tianjin and Hebei at "low synergy"), but **no published study
#' stating exactly these cut points could be verified** for this package:
#' searches of stored copies of Chinese and English journal pages and of
#' public code found published tables of cut points for the coupling
#' coordination degree \eqn{D} (see [coupling_coordination()]), none for
#' \eqn{C}. Treat the bands as a descriptive convention, not a published
#' standard, and regrade with `cut()` to follow the scale of the study you
#' compare with; the print method repeats this. Because \eqn{C} is a
#' geometric mean of changes between periods, year-on-year values are
#' typically small.
#'
#' @param data the order degrees of two or more subsystems: a named list of
#'   [order_degree()] results, or a data frame with one column of order
#'   degrees (in \eqn{[0, 1]}) per subsystem.
#' @param subsystems for a data frame, the subsystem columns (names or a
#'   one-sided formula; by default every column but the keys); for a list,
#'   optionally the names of the elements to use.
#' @param index for a data frame, the keys: `c(unit, time)` for a panel, the
#'   period column for one series, or `NULL` (rows in the order given); for
#'   a list, taken from the results.
#' @param base `"previous"` (default) or `"fixed"`.
#' @param base_time for `base = "fixed"`: the base period (default: the
#'   first period of each unit).
#' @param na_action `"fail"` (default) or `"omit"`, for rows of a data frame
#'   with a missing value in a column used; see [coagg_missing].
#' @param ... not used; `time =`, `by =` and other spellings are errors of
#'   class `coagg_foreign_argument` naming the argument to use.
#' @param x a `coagg_synergy` object.
#' @param digits significant digits to print.
#'
#' @return A data frame of class `coagg_synergy` with one row per compared
#'   period: `unit` (panels), `time` (\eqn{t_1}), `base_time` (\eqn{t_0}),
#'   `estimate` (the synergy degree \eqn{C}), `theta` (1, 0 or -1, as in
#'   Details), one column `change_<subsystem>` per subsystem
#'   (\eqn{u_j(t_1) - u_j(t_0)}), `grade` and `grade_zh` (factors).
#'   Attributes `notes` (caveats) and `settings` (`base`, `base_time`,
#'   `subsystems`, `index`).
#'
#' @references
#' Meng, Q. and Han, W. (2000). Study on the coordination measurement model
#' of composite systems \[in Chinese: Fu he xi tong xie tiao du mo xing yan
#' jiu\]. *Journal of Tianjin University*, 33(4), 444--446.
#'
#' Haken, H. (1983). *Synergetics: An Introduction*, 3rd ed. Springer.
#'
#' Zhao, L. and Zhang, G. (2020). Jing Jin Ji sheng tai xie tong fa zhan
#' ping ce yu fu li xiao ying \[in Chinese; the ecological synergy of
#' Beijing-Tianjin-Hebei: measurement and welfare effects (our
#' translation)\]. *China Population, Resources and Environment*, 30(10),
#' 36--44. \doi{10.12062/cpre.20200426}
#'
#' @seealso [order_degree()], [coupling_coordination()].
#' @examples
#' # order degrees of two subsystems over five years (illustrative numbers)
#' od <- data.frame(year = 2017:2021,
#'                  E = c(0.1134, 0.2797, 0.3222, 0.5895, 0.8431),
#'                  I = c(0.1753, 0.2935, 0.3749, 0.5207, 0.7657))
#' synergy_degree(od, index = "year")
#' synergy_degree(od, c("E", "I"), index = "year", base = "fixed")
#' # one subsystem falls back: the synergy turns negative
#' od$I[3] <- 0.25
#' synergy_degree(od, index = "year")
#' @export
synergy_degree <- function(data, subsystems = NULL, index = NULL,
                           base = c("previous", "fixed"), base_time = NULL,
                           na_action = c("fail", "omit"), ...) {
  check_subsystem_dots(..., fn = "synergy_degree")
  if (missing(data)) abort_input("is missing.", arg = "data")
  base <- check_choice(base, c("previous", "fixed"), "base")
  na_action <- check_na_action(na_action, "fail")
  if (!is.null(base_time) && base != "fixed") {
    abort_input('is only used with base = "fixed".', arg = "base_time")
  }
  if (!is.null(base_time) && (!is.atomic(base_time) || length(base_time) != 1L ||
                              is.na(base_time))) {
    abort_input(sprintf("must be a single period, not %s.", describe(base_time)),
                arg = "base_time")
  }
  sub <- collect_subsystems(data, subsystems, index, na_action, value = "order degree",
                            min_rows = 2L, need_time = TRUE)
  U <- sub$U
  keys <- sub$keys
  k <- ncol(U)
  notes <- sub$notes
  has_unit <- sub$has_unit
  # Rows are sorted by unit, then time, so each unit is a contiguous run.
  nr <- nrow(keys)
  rc <- if (has_unit) group_codes(keys$unit)$code else integer(nr)
  first <- c(TRUE, rc[-1L] != rc[-nr])
  grp <- cumsum(first)
  size <- tabulate(grp, nbins = grp[nr])
  unit_of <- function(g) keys$unit[which(first)[g]]
  if (any(size < 2L)) {
    g <- which(size < 2L)[1L]
    abort_input(sprintf("%s has a single period; at least two are needed.",
                        if (has_unit) sprintf("unit %s", format(unit_of(g)))
                        else "the series"), arg = "data",
                unit = if (has_unit) unit_of(g) else NULL)
  }
  if (base == "previous") {
    to <- which(!first)
    from <- to - 1L
  } else {
    is_base <- if (is.null(base_time)) first else
      as.character(keys$time) == as.character(base_time)
    nb <- tabulate(grp[is_base], nbins = grp[nr])
    if (any(nb != 1L)) {
      g <- which(nb != 1L)[1L]
      abort_input(sprintf("period %s is not observed%s.", format(base_time),
                          if (has_unit) sprintf(" in unit %s", format(unit_of(g))) else ""),
                  arg = "base_time", unit = if (has_unit) unit_of(g) else NULL)
    }
    base_row <- integer(grp[nr])
    base_row[grp[is_base]] <- which(is_base)
    to <- which(seq_len(nr) > base_row[grp])
    from <- base_row[grp[to]]
  }
  if (!length(to)) {
    abort_input("leaves no period after the base period to compare.", arg = "base_time")
  }
  if (base == "previous") {
    gap <- which(sub$grid[to] - sub$grid[from] > 1)
    if (length(gap)) {
      g1 <- gap[1L]
      notes <- c(notes, warn_caveat(sprintf(paste0(
        "%s (first: %s%s to %s); %s synergy is computed against the previous ",
        "observed period, over a longer interval than the other comparisons."),
        if (has_unit) "Some units miss periods" else "The series misses periods",
        if (has_unit) sprintf("unit %s, ", format(keys$unit[to[g1]])) else "",
        format(keys$time[from[g1]]), format(keys$time[to[g1]]),
        if (has_unit) "their" else "its")))
    }
    if (!is.null(sub$time_note)) notes <- c(notes, warn_caveat(sub$time_note))
  }
  du <- U[to, , drop = FALSE] - U[from, , drop = FALSE]
  # theta: 1 when every subsystem rose, 0 when any did not change (C = 0
  # then, as the product vanishes), -1 otherwise.
  all_up <- rowSums(du > 0) == k
  any_flat <- rowSums(du == 0) > 0
  theta <- ifelse(any_flat, 0, ifelse(all_up, 1, -1))
  C <- theta * exp(rowMeans(log(abs(du))))
  C[any_flat] <- 0
  gt <- synergy_grade_table()
  gi <- grade_index(C, gt$lower, gt$upper)
  out <- if (has_unit) data.frame(unit = keys$unit[to], stringsAsFactors = FALSE) else
    data.frame(row.names = seq_along(to))
  out$time <- keys$time[to]
  out$base_time <- keys$time[from]
  out$estimate <- C
  out$theta <- theta
  for (j in seq_len(k)) out[[paste0("change_", sub$labels[j])]] <- du[, j]
  structure(with_grades(out, gi, gt), class = c("coagg_synergy", "data.frame"), notes = notes,
            settings = list(base = base, base_time = base_time, subsystems = sub$labels,
                            index = sub$index))
}

#' @rdname synergy_degree
#' @param lang `plot()`: the language of the grade bands, `"en"` or `"zh"`.
#' @param main plot title (a default is made).
#' @return `plot()`: the synergy degree of each unit over time on the
#'   grade bands (those the values reach, and zero); it returns the data it
#'   drew invisibly (`unit`, `time`, `estimate`, `grade`).
#' @export
plot.coagg_synergy <- function(x, lang = c("en", "zh"), main = NULL, ...) {
  check_dots_empty(..., foreign = plot_foreign)
  lang <- check_choice(lang, c("en", "zh"), "lang")
  d <- series_plot_data(x, if (lang == "zh") x$grade_zh else x$grade)
  st <- attr(x, "settings")
  r <- range(c(d$estimate, 0), finite = TRUE)
  pad <- max(0.05, 0.08 * diff(r))
  ylim <- c(max(-1, r[1L] - pad), min(1, r[2L] + pad))
  if (is.null(main)) {
    main <- sprintf("Synergy degree (%s)", if (identical(st$base, "fixed")) "fixed base" else
      "previous period as base")
  }
  draw_series(d$time, d$estimate, d$unit, bands = grade_bands(synergy_grade_table(), lang),
              main = main, ylab = "synergy degree C", ylim = ylim, hline = 0,
              legend_title = "unit")
  invisible(d)
}

tidy_coagg_synergy <- function(x, ...) broom_frame(x)

glance_coagg_synergy <- function(x, ...) {
  st <- attr(x, "settings")
  data.frame(n_obs = nrow(x), n_units = if ("unit" %in% names(x)) length(unique(x$unit)) else 1L,
             mean = mean(x$estimate), min = min(x$estimate), max = max(x$estimate),
             share_positive = mean(x$estimate > 0), base = st$base,
             subsystems = paste(st$subsystems, collapse = ", "), stringsAsFactors = FALSE)
}

#' @rdname synergy_degree
#' @export
print.coagg_synergy <- function(x, digits = 4L, ...) {
  st <- attr(x, "settings")
  if (is.null(st$base) || is.null(st$subsystems)) return(NextMethod())
  cat("Composite system synergy degree (Meng & Han 2000)\n")
  cat(sprintf("  subsystems: %s   base: %s\n\n", paste(st$subsystems, collapse = ", "),
              if (st$base == "previous") "previous period" else "fixed base period"))
  out <- as.data.frame(unclass(x), stringsAsFactors = FALSE)
  out$grade_zh <- NULL
  print_table(out, nrow(out), digits)
  gt <- synergy_grade_table()
  bands <- sprintf("%s%s, %s] %s", ifelse(seq_len(nrow(gt)) == 1L, "[", "("),
                   as.character(gt$lower), as.character(gt$upper),
                   sub(" synergy$", "", gt$grade))
  cat("\n  grades: ", paste(bands[1:3], collapse = ", "), ",\n          ",
      paste(bands[-(1:3)], collapse = ", "), " synergy\n",
      "  (a convention of the applied literature; no published source verified,\n",
      "  see ?synergy_degree)\n", sep = "")
  print_notes(attr(x, "notes"))
  invisible(x)
}
