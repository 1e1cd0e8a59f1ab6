# Objective indicator weights: the entropy method and CRITIC. Their data,
# keys, directions and scaling are read by the shared synergy input layer
# (R/synergy-input.R).

# ---------------------------------------------------------------------------
# Entropy and CRITIC weights
# ---------------------------------------------------------------------------

#' Objective indicator weights: the entropy method and CRITIC
#'
#' @md
#' @description
#' `entropy_weights()` and `critic_weights()` turn a table of indicators
#' (rows are observations, e.g. region-years; columns are indicators) into
#' weights that sum to one and into a composite score for every row. They
#' are the weighting step of the synergy pipeline (see [order_degree()]) and
#' of most coupling-coordination studies.
#'
#' @details
#' Both methods first normalise every indicator to \eqn{[0, 1]} by its
#' sample range, with 1 the best value:
#' \deqn{z_{ij} = \frac{x_{ij} - \min_i x_{ij}}{\max_i x_{ij} - \min_i x_{ij}}}{z_ij = (x_ij - min_i x_ij) / (max_i x_ij - min_i x_ij)}
#' for a positive indicator and \eqn{z_{ij} = (\max_i x_{ij} - x_{ij}) /
#' (\max_i x_{ij} - \min_i x_{ij})}{z_ij = (max x_j - x_ij) / (max x_j - min x_j)}
#' for a negative one. The differences are taken after dividing the column
#' by a power of two, which is exact, so that extreme but finite values
#' (a column holding -1e308 and 1e308, whose range exceeds the largest
#' double) and denormal ones are normalised correctly.
#'
#' **Entropy method.** With \eqn{z'_{ij}} the shifted values (below),
#' \eqn{p_{ij} = z'_{ij} / \sum_i z'_{ij}}{p_ij = z'_ij / sum_i z'_ij},
#' \deqn{e_j = -\frac{1}{\ln n} \sum_{i=1}^n p_{ij} \ln p_{ij}, \qquad
#'   w_j = \frac{1 - e_j}{\sum_k (1 - e_k)},}{e_j = -(1 / ln n) sum_i p_ij ln p_ij,  w_j = (1 - e_j) / sum_k (1 - e_k),}
#' with \eqn{0 \ln 0 = 0}{0 ln 0 = 0} (Shannon 1948; Hwang and Yoon 1981).
#' An indicator whose values are spread evenly has entropy near 1 and little
#' weight; one whose mass sits on a few observations gets much weight.
#'
#' **How the normalisation choice changes the weights.** Min-max
#' normalisation puts the worst observation of every indicator at exactly
#' zero, so published studies move the values off zero before taking
#' logarithms, and they do it differently:
#' * `shift = "rescale"` (default): \eqn{z' = \epsilon + (1 -
#'   2\epsilon) z}{z' = eps + (1 - 2 eps) z}, i.e. the range is mapped to
#'   \eqn{[\epsilon, 1 - \epsilon]}{[eps, 1 - eps]} (eps = 0.002 by default).
#' * `shift = "add"`: \eqn{z' = z + \epsilon}{z' = z + eps}, the
#'   "translation" used by many papers with eps = 0.0001 or 0.01.
#' * `shift = "none"`: \eqn{z' = z}; the zeros contribute
#'   \eqn{0 \ln 0 = 0}{0 ln 0 = 0}.
#' * `shift = c(a, b)`: any other affine map of \eqn{[0, 1]} onto
#'   \eqn{[a, b]}, e.g. `c(0.002, 1)` for \eqn{z' = 0.002 + 0.998 z}.
#'
#' The weights are not invariant to this choice: adding a constant to every
#' \eqn{z_{ij}} flattens the shares \eqn{p_{ij}}, raises every entropy and
#' pulls the weights towards equal weights, the more so the larger the
#' constant relative to the spread of the data. With the tiny constants used
#' in practice the weights usually change in the third or fourth decimal, but
#' for an indicator with a few extreme observations (a long right tail) the
#' change can reach the second decimal, enough to reorder close indicators.
#' A study is reproducible only if it reports which shift it used; the
#' example below shows the size of the effect on a small table. Other
#' normalisations (\eqn{x / \max x}{x / max x}, \eqn{x / \sum x}{x / sum x},
#' z-scores) give yet other weights and are not offered: min-max is the
#' normalisation of the studies this package follows.
#'
#' **CRITIC** (Diakoulaki, Mavrotas and Papayannakis 1995) weights an
#' indicator by its contrast (standard deviation \eqn{\sigma_j}{s_j} of the
#' normalised values, denominator \eqn{n - 1}) and its conflict with the
#' others (Pearson correlations \eqn{r_{jk}}{r_jk}):
#' \deqn{C_j = \sigma_j \sum_{k=1}^m (1 - r_{jk}), \qquad w_j = C_j / \sum_k C_k.}{C_j = s_j sum_k (1 - r_jk),  w_j = C_j / sum_k C_k.}
#' Correlations do not depend on the normalisation, but the contrasts do:
#' after min-max normalisation \eqn{\sigma_j}{s_j} is the standard deviation
#' of the raw indicator divided by its range, and a shift of the normalised
#' values (as in the entropy method) changes nothing. Papers that plug in the
#' raw standard deviations (which depend on the units) or z-scores (for
#' which every \eqn{\sigma_j = 1}{s_j = 1}, so only the conflict counts)
#' get different weights; `critic_weights()` follows the original min-max
#' form.
#'
#' When all indicators are perfectly positively correlated (after orienting
#' them), every conflict is zero and the CRITIC weights are undefined. In
#' floating point such correlations come out as 1 only up to rounding (for
#' `1:5` and `2 * (1:5)`, \eqn{1 - r = 2.2 \times 10^{-16}}{1 - r =
#' 2.2e-16}), so the test is relative: if the largest conflict
#' \eqn{\sum_k (1 - r_{jk})}{sum_k (1 - r_jk)} is at most
#' \eqn{\sqrt{\epsilon} \cdot 2(m - 1)}{sqrt(eps) * 2 (m - 1)} (the
#' tolerance of `all.equal()` times the largest possible conflict), a
#' `coagg_input_error` is raised instead of returning weights made of
#' rounding noise.
#'
#' The composite score of a row is \eqn{\sum_j w_j z_{ij}}{sum_j w_j z_ij},
#' computed on the unshifted normalised values, so it lies in \eqn{[0, 1]}.
#'
#' All rows are pooled: in a panel, the weights are computed once from all
#' region-years, so that scores are comparable across regions and years.
#'
#' **Which columns are indicators.** Name them in `indicators`, as column
#' names or as a one-sided formula (`~ gdp + log(output)`, one indicator per
#' term). When `indicators` is left out, every column of `data` except the
#' keys (`index`) is an indicator; each must then be numeric, and a column
#' named like a key (`year`, `time`, `id`, `region`, `city`, `code`,
#' \enc{年份}{nianfen}, \enc{地区}{diqu}, ...) is an error rather than an
#' indicator, so that a key column is never taken as one by mistake.
#'
#' @param data a data frame (or a numeric matrix with column names) whose
#'   rows are observations.
#' @param indicators the indicator columns: column names or a one-sided
#'   formula (`~ a + log(b)`). By default every column except the keys; see
#'   Details.
#' @param index optional keys of the rows, carried into `scores`: the
#'   period column of one series, or `c(unit, time)` for a panel. The
#'   weights pool all rows whatever the keys; duplicated keys are an error.
#' @param direction the direction of the indicators: `"positive"` (`"+"`,
#'   larger is better) or `"negative"` (`"-"`, larger is worse). `NULL`
#'   (default) takes every indicator as positive; give one value for all,
#'   one per indicator, or a vector naming only some indicators
#'   (`c(energy_intensity = "-")`), the others being positive (the print
#'   says which were taken so).
#' @param shift how the normalised values are moved off zero before the
#'   logarithms of the entropy method: `"rescale"`, `"add"`, `"none"`, or a
#'   numeric range `c(a, b)` with \eqn{0 \le a < b}{0 <= a < b}. See
#'   Details.
#' @param eps the constant of `shift = "rescale"` (in \eqn{(0, 0.5)}) and
#'   `shift = "add"` (positive).
#' @param na_action `"fail"` (default) or `"omit"`: what to do with rows
#'   that have a missing value in a column used (an indicator or a key); see
#'   [coagg_missing]. Dropping a row moves the minimum and maximum that
#'   scale every other row.
#' @param ... not used; a plm or Stata spelling (`by`, `time`, ...) is an
#'   error of class `coagg_foreign_argument` naming the argument to use.
#' @param x,object a `coagg_weights` object.
#' @param row.names,optional not used.
#'
#' @return An object of class `coagg_weights`, a list with
#' * `weights`: a data frame with one row per indicator: `indicator`,
#'   `direction`, then for the entropy method `entropy` (\eqn{e_j}) and
#'   `divergence` (\eqn{1 - e_j}), for CRITIC `std_dev`
#'   (\eqn{\sigma_j}{s_j}), `conflict` (\eqn{\sum_k (1 - r_{jk})}{sum_k
#'   (1 - r_jk)}) and `information` (\eqn{C_j}), and finally `estimate`,
#'   the weight;
#' * `scores`: a data frame of the composite score (`estimate`) of every
#'   row used, with its keys (`unit` and `time`, or `time`), or, without
#'   keys, its row number in `data` (`row`); sorted by the keys;
#' * `normalised`: the matrix of oriented min-max values \eqn{z_{ij}}, in
#'   the rows of `scores`;
#' * `notes`: caveats (rows dropped under `na_action = "omit"`);
#' * `settings`: the method, shift, number of observations, indicators,
#'   keys, the indicators taken as positive by default, `na_action` and the
#'   rows dropped.
#'
#' `weights()` extracts the named vector of weights, which [order_degree()]
#' also accepts directly; `as.data.frame()` gives the `weights` table.
#'
#' @references
#' Shannon, C. E. (1948). A mathematical theory of communication. *Bell
#' System Technical Journal*, 27(3), 379--423.
#' \doi{10.1002/j.1538-7305.1948.tb01338.x}
#'
#' Hwang, C.-L. and Yoon, K. (1981). *Multiple Attribute Decision
#' Making: Methods and Applications*. Springer. \doi{10.1007/978-3-642-48318-9}
#'
#' Diakoulaki, D., Mavrotas, G. and Papayannakis, L. (1995). Determining
#' objective weights in multiple criteria problems: the CRITIC method.
#' *Computers & Operations Research*, 22(7), 763--770.
#' \doi{10.1016/0305-0548(94)00059-H}
#'
#' @seealso [order_degree()], [grey_relation()], [coagg_missing].
#' @examples
#' # four observations of one positive and one negative indicator
#' x <- data.frame(x1 = c(3, 5, 2, 7), x2 = c(10, 20, 15, 25))
#' entropy_weights(x, direction = c(x2 = "-"))
#' critic_weights(x, ~ x1 + x2, direction = c("+", "-"))
#'
#' # a panel: the keys are not indicators, and label the scores
#' p <- data.frame(city = rep(c("A", "B"), each = 3), year = rep(2020:2022, 2),
#'                 gdp = c(10, 12, 15, 7, 8, 8.5), energy = c(5, 4.8, 4.1, 6, 5.9, 5.5))
#' w <- entropy_weights(p, index = c("city", "year"), direction = c(energy = "-"))
#' w$scores
#'
#' # the shift changes the entropy weights, most for a spiky indicator
#' skewed <- data.frame(a = c(1, 1, 1, 1, 1, 1, 1, 1, 1.2, 9),
#'                      b = c(2, 4, 3, 5, 6, 7, 4, 3, 5, 6))
#' sapply(list(rescale = "rescale", none = "none", to_one = c(0.002, 1)),
#'        function(s) weights(entropy_weights(skewed, shift = s)))
#' sapply(c(add_1e4 = 1e-4, add_001 = 0.01, add_005 = 0.05),
#'        function(e) weights(entropy_weights(skewed, shift = "add", eps = e)))
#' @name indicator_weights
NULL

#' @rdname indicator_weights
#' @export
entropy_weights <- function(data, indicators = NULL, index = NULL, direction = NULL,
                            shift = "rescale", eps = 0.002,
                            na_action = c("fail", "omit"), ...) {
  check_dots_empty(..., foreign = synergy_foreign)
  na_action <- check_na_action(na_action, "fail")
  if (is.numeric(shift)) {
    if (length(shift) != 2L || anyNA(shift) || any(!is.finite(shift)) ||
        shift[1L] < 0 || shift[2L] <= shift[1L]) {
      abort_input(sprintf("as a range must be c(a, b) with 0 <= a < b; got %s.",
                          paste(format(shift), collapse = ", ")), arg = "shift")
    }
    range <- as.double(shift)
    shift_label <- sprintf("mapped to [%s, %s]", format(range[1L]), format(range[2L]))
    shift <- "range"
  } else {
    shift <- check_choice(shift, c("rescale", "add", "none"), "shift")
    if (shift == "rescale") {
      check_number(eps, "eps", lower = 0, upper = 0.5, inclusive = FALSE)
      range <- c(eps, 1 - eps)
      shift_label <- sprintf("rescaled to [%s, %s]", format(eps), format(1 - eps))
    } else if (shift == "add") {
      check_number(eps, "eps", lower = 0, upper = Inf, inclusive = FALSE)
      shift_label <- sprintf("shifted by + %s", format(eps))
    } else {
      shift_label <- "no shift (0 log 0 = 0)"
    }
  }
  inp <- read_synergy_data(data, list(indicators = indicators), index, na_action,
                           min_rows = 2L)
  x <- inp$x
  dir <- parse_direction(direction, inp$labels)
  z <- minmax_oriented(x, dir$positive, inp$groups)
  zs <- switch(shift,
               rescale = , range = range[1L] + (range[2L] - range[1L]) * z,
               add = z + eps,
               none = z)
  p <- zs
  cs <- colSums(zs)
  for (j in seq_len(ncol(p))) p[, j] <- zs[, j] / cs[j]
  plogp <- p * log(p)
  plogp[p == 0] <- 0
  n <- nrow(x)
  e <- -colSums(plogp) / log(n)
  d <- 1 - e
  if (sum(d) <= 0) {
    abort_input(paste0("every indicator has entropy 1 after the shift, so the entropy ",
                       "weights are undefined; use a smaller shift."), arg = "shift")
  }
  w <- d / sum(d)
  tab <- data.frame(indicator = inp$labels,
                    direction = unname(positive_labels(dir$positive)),
                    entropy = unname(e), divergence = unname(d), estimate = unname(w),
                    stringsAsFactors = FALSE)
  weights_result(tab, z, inp, dir, na_action,
                 list(method = "entropy", shift = shift_label))
}

#' @rdname indicator_weights
#' @export
critic_weights <- function(data, indicators = NULL, index = NULL, direction = NULL,
                           na_action = c("fail", "omit"), ...) {
  check_dots_empty(..., foreign = synergy_foreign)
  na_action <- check_na_action(na_action, "fail")
  inp <- read_synergy_data(data, list(indicators = indicators), index, na_action,
                           min_rows = 3L, min_vars = 2L)
  ind <- inp$labels
  dir <- parse_direction(direction, ind)
  z <- minmax_oriented(inp$x, dir$positive, inp$groups)
  s <- stats::setNames(vapply(seq_len(ncol(z)), function(j) stats::sd(z[, j]), 0), ind)
  r <- stats::cor(z)
  conflict <- colSums(1 - r)
  # Perfectly correlated indicators give 1 - r = 0 only up to rounding (1:5
  # and 2 * (1:5) correlate to 1 - 2.2e-16), so "no conflict at all" is judged
  # relative to the largest possible conflict, 2 (m - 1), with the tolerance
  # of all.equal(); weights from rounding noise would be arbitrary.
  m <- ncol(z)
  if (max(abs(conflict)) <= sqrt(.Machine$double.eps) * 2 * (m - 1)) {
    abort_input(paste0("all indicators are perfectly positively correlated (after ",
                       "orienting by direction; every correlation is 1 within ",
                       "rounding), so every CRITIC information content is zero and ",
                       "the weights are undefined."),
                arg = "data")
  }
  info <- s * conflict
  w <- info / sum(info)
  tab <- data.frame(indicator = ind,
                    direction = unname(positive_labels(dir$positive)),
                    std_dev = unname(s), conflict = unname(conflict),
                    information = unname(info), estimate = unname(w),
                    stringsAsFactors = FALSE)
  weights_result(tab, z, inp, dir, na_action, list(method = "critic", shift = NA_character_))
}

weights_result <- function(tab, z, inp, dir, na_action, settings) {
  scores <- inp$keys
  scores$estimate <- drop(z %*% tab$estimate)
  rownames(scores) <- NULL
  structure(list(weights = tab, scores = scores, normalised = z, notes = inp$notes,
                 settings = c(settings, list(
                   n_obs = nrow(z), indicators = inp$labels, index = inp$index,
                   direction_default = dir$defaulted, na_action = na_action,
                   rows_dropped = inp$dropped))),
            class = "coagg_weights")
}

#' @rdname indicator_weights
#' @importFrom stats weights
#' @export
weights.coagg_weights <- function(object, ...) {
  stats::setNames(object$weights$estimate, object$weights$indicator)
}

#' @rdname indicator_weights
#' @export
as.data.frame.coagg_weights <- function(x, row.names = NULL, optional = FALSE, ...) {
  x$weights
}

#' @rdname indicator_weights
#' @param main plot title (a default is made).
#' @return `plot()`: the weights as horizontal bars, largest first, with
#'   the equal weight \eqn{1/m} as a dashed line; it returns the data it drew
#'   invisibly (`indicator`, `estimate`).
#' @export
plot.coagg_weights <- function(x, main = NULL, ...) {
  check_dots_empty(..., foreign = plot_foreign)
  tab <- x$weights
  d <- data.frame(indicator = tab$indicator, estimate = tab$estimate, stringsAsFactors = FALSE)
  d <- d[order(-d$estimate), , drop = FALSE]
  rownames(d) <- NULL
  if (is.null(main)) {
    main <- if (identical(x$settings$method, "entropy")) "Entropy weights" else "CRITIC weights"
  }
  draw_bars(d$indicator, d$estimate, main = main,
            xlab = sprintf("weight (dashed: equal weight 1/%d)", nrow(d)), vline = 1 / nrow(d))
  invisible(d)
}

tidy_coagg_weights <- function(x, ...) {
  out <- broom_frame(x$weights)
  names(out)[names(out) == "indicator"] <- "term"
  out
}

glance_coagg_weights <- function(x, ...) {
  st <- x$settings
  sc <- x$scores$estimate
  data.frame(method = st$method, n_obs = st$n_obs, n_indicators = nrow(x$weights),
             score_mean = mean(sc), score_min = min(sc), score_max = max(sc),
             stringsAsFactors = FALSE)
}

#' @rdname indicator_weights
#' @export
print.coagg_weights <- function(x, ...) {
  st <- x$settings
  tab <- x$weights
  if (identical(st$method, "entropy")) {
    cat("Entropy weights (min-max normalisation, ", st$shift, ")\n", sep = "")
  } else {
    cat("CRITIC weights (Diakoulaki et al. 1995; min-max normalisation)\n")
  }
  cat(sprintf("  observations: %d   indicators: %d   keys: %s\n", st$n_obs, nrow(tab),
              if (length(st$index)) paste(st$index, collapse = ", ") else "none (rows pooled)"))
  cat(direction_line(st$direction_default, nrow(tab)), sep = "")
  cat("\n")
  print_table(tab, nrow(tab), 6L)
  sc <- x$scores$estimate
  cat(sprintf("\n  composite scores ($scores$estimate): min %s, median %s, max %s\n",
              format_num(min(sc), 4L), format_num(stats::median(sc), 4L),
              format_num(max(sc), 4L)))
  print_notes(x$notes)
  invisible(x)
}
