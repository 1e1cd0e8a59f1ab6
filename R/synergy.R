# Synergy and coordination models of the regional-economics literature:
# objective indicator weights (entropy, CRITIC), Deng's grey relational
# analysis for screening indicators, order degrees of subsystems, the
# composite system synergy degree of Meng and Han (2000), and the coupling
# coordination degree (standard and Wang et al. 2021).
#
# Everything here is written in R. Each computation is a handful of vectorised
# passes over an n x m matrix (normalise, weight, sum) or over a vector of
# order degrees; there is no loop over observations that R cannot vectorise,
# no linear algebra beyond what R's own C code (cor, colSums, %*%) already
# does, and data of the size these studies use (tens of regions, tens of
# years, tens of indicators) is processed in well under a millisecond. A C
# kernel would add a registration entry and a second implementation to audit
# without a measurable gain; inst/bench/synergy.R measures this.

# ---------------------------------------------------------------------------
# Internal helpers
# ---------------------------------------------------------------------------

# Grading tables. The Chinese labels are escaped so that the R code stays
# ASCII; they read (D) ji du shi tiao ... you zhi xie tiao and (C) fei xie
# tong ... ji du xie tong.
coupling_grade_table <- function() {
  data.frame(
    level = 1:10,
    lower = c(0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
    upper = c(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1),
    grade = c("extreme imbalance", "serious imbalance", "moderate imbalance",
              "mild imbalance", "on the verge of imbalance", "barely coordinated",
              "primary coordination", "intermediate coordination",
              "good coordination", "high-quality coordination"),
    grade_zh = c("\u6781\u5ea6\u5931\u8c03", "\u4e25\u91cd\u5931\u8c03",
                 "\u4e2d\u5ea6\u5931\u8c03", "\u8f7b\u5ea6\u5931\u8c03",
                 "\u6fd2\u4e34\u5931\u8c03", "\u52c9\u5f3a\u534f\u8c03",
                 "\u521d\u7ea7\u534f\u8c03", "\u4e2d\u7ea7\u534f\u8c03",
                 "\u826f\u597d\u534f\u8c03", "\u4f18\u8d28\u534f\u8c03"),
    stringsAsFactors = FALSE
  )
}

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

# The indicator columns of `data` as a numeric matrix, validated: a data
# frame (or a numeric matrix, converted), every indicator a numeric column
# without NA or non-finite values. `constant_ok = FALSE` rejects an indicator
# that takes one value only (its normalised values are undefined).
indicator_matrix <- function(data, indicators, data_arg = "data",
                             ind_arg = "indicators", min_rows = 2L,
                             min_indicators = 1L, constant_ok = FALSE) {
  if (is.matrix(data) && is.numeric(data)) {
    if (is.null(colnames(data))) colnames(data) <- paste0("x", seq_len(ncol(data)))
    data <- as.data.frame(data, stringsAsFactors = FALSE)
  }
  check_data_frame(data, data_arg, min_rows = min_rows)
  if (is.null(indicators)) indicators <- names(data)
  if (!is.character(indicators) || length(indicators) < 1L || anyNA(indicators) ||
      !all(nzchar(indicators))) {
    abort_input(sprintf("must be a character vector of column names, not %s.",
                        describe(indicators)), arg = ind_arg)
  }
  if (anyDuplicated(indicators)) {
    dup <- indicators[duplicated(indicators)][1L]
    abort_input(sprintf('names the indicator "%s" twice.', dup), arg = ind_arg,
                column = dup)
  }
  if (length(indicators) < min_indicators) {
    abort_input(sprintf("names %d indicator%s; at least %d are needed.",
                        length(indicators), if (length(indicators) == 1L) "" else "s",
                        min_indicators), arg = ind_arg)
  }
  x <- vapply(indicators, function(col) {
    check_numeric_column(data, col, arg = ind_arg, data_arg = data_arg)
  }, numeric(nrow(data)))
  dim(x) <- c(nrow(data), length(indicators)) # vapply() drops to a vector for one row
  dimnames(x) <- list(NULL, indicators)
  if (!constant_ok) {
    for (j in seq_along(indicators)) {
      if (max(x[, j]) == min(x[, j])) {
        abort_input(sprintf(paste0('indicator "%s" is constant (every row is %s); ',
                                   "it carries no information and its normalised ",
                                   "values are undefined. Drop it."),
                            indicators[j], format(x[1L, j])),
                    arg = ind_arg, column = indicators[j])
      }
    }
  }
  x
}

# Directions as a logical vector `positive` named by indicator. `direction`
# is one value for all indicators, one per indicator in order, or a vector
# named by indicator. Values: "positive"/"negative" (partial matching) or
# "+"/"-".
parse_direction <- function(direction, indicators, arg = "direction") {
  m <- length(indicators)
  if (!is.character(direction) || length(direction) < 1L) {
    abort_input(sprintf(paste0('must be a character vector of "positive" / "negative" ',
                               '("+" / "-"), not %s.'), describe(direction)), arg = arg)
  }
  nms <- names(direction)
  if (!is.null(nms) && all(nzchar(nms))) {
    missing <- setdiff(indicators, nms)
    if (length(missing)) {
      abort_input(sprintf('gives no direction for indicator "%s".', missing[1L]),
                  arg = arg, column = missing[1L])
    }
    extra <- setdiff(nms, indicators)
    if (length(extra)) {
      abort_input(sprintf('names "%s", which is not one of the indicators (%s).',
                          extra[1L], paste0('"', indicators, '"', collapse = ", ")),
                  arg = arg, column = extra[1L])
    }
    direction <- direction[indicators]
  } else if (length(direction) == 1L) {
    direction <- rep(direction, m)
  } else if (length(direction) != m) {
    abort_input(sprintf(paste0("has %d values for %d indicators; give one value, one ",
                               "per indicator, or a vector named by indicator."),
                        length(direction), m), arg = arg)
  }
  val <- tolower(trimws(direction))
  out <- rep(NA, m)
  out[val %in% "+"] <- TRUE
  out[val %in% "-"] <- FALSE
  rest <- is.na(out) & !is.na(val) & nzchar(val)
  hit <- pmatch(val[rest], c("positive", "negative"), duplicates.ok = TRUE)
  out[rest] <- hit == 1L
  if (anyNA(out)) {
    j <- which(is.na(out))[1L]
    abort_input(sprintf(paste0('indicator "%s" has direction "%s"; use "positive" ',
                               '("+", larger is better) or "negative" ("-", larger ',
                               "is worse)."), indicators[j], direction[j]),
                arg = arg, column = indicators[j])
  }
  stats::setNames(out, indicators)
}

# (x[, j] - center[j]) / scale[j] for every column j (sweep() without its
# aperm() copies).
scale_columns <- function(x, center, scale) {
  center <- rep_len(center, ncol(x))
  scale <- rep_len(scale, ncol(x))
  # column by column: no whole-matrix temporaries of the recycled centres
  for (j in seq_len(ncol(x))) x[, j] <- (x[, j] - center[j]) / scale[j]
  x
}

# Column minima and maxima (apply() would transpose the matrix first).
col_min <- function(x) vapply(seq_len(ncol(x)), function(j) min(x[, j]), 0)
col_max <- function(x) vapply(seq_len(ncol(x)), function(j) max(x[, j]), 0)

# Min-max normalisation oriented by direction: 1 is the best value.
minmax_oriented <- function(x, positive) {
  lo <- col_min(x)
  hi <- col_max(x)
  z <- scale_columns(x, lo, hi - lo)
  z[, !positive] <- 1 - z[, !positive]
  z
}

# Numeric weights named by indicator, non-negative, summing to one.
check_weight_vector <- function(weights, names_expected, arg = "weights",
                                what = "indicator") {
  m <- length(names_expected)
  if (!is.numeric(weights) || length(weights) < 1L) {
    abort_input(sprintf("must be a numeric vector of %s weights, not %s.", what,
                        describe(weights)), arg = arg)
  }
  nms <- names(weights)
  if (!is.null(nms) && all(nzchar(nms))) {
    missing <- setdiff(names_expected, nms)
    if (length(missing)) {
      abort_input(sprintf('gives no weight for %s "%s".', what, missing[1L]),
                  arg = arg, column = missing[1L])
    }
    extra <- setdiff(nms, names_expected)
    if (length(extra)) {
      abort_input(sprintf('names "%s", which is not one of the %ss (%s).', extra[1L],
                          what, paste0('"', names_expected, '"', collapse = ", ")),
                  arg = arg, column = extra[1L])
    }
    weights <- weights[names_expected]
  } else if (length(weights) != m) {
    abort_input(sprintf("has %d values for %d %ss.", length(weights), m, what),
                arg = arg)
  }
  weights <- as.double(weights)
  bad <- which(is.na(weights) | !is.finite(weights) | weights < 0)
  if (length(bad)) {
    j <- bad[1L]
    abort_input(sprintf('the weight of %s "%s" is %s; weights must be finite and >= 0.',
                        what, names_expected[j], format(weights[j])),
                arg = arg, column = names_expected[j])
  }
  s <- sum(weights)
  if (abs(s - 1) > 1e-6) {
    abort_input(sprintf(paste0("sum to %s, not 1 (%s). Rescale them, e.g. w / sum(w), ",
                               "if that is what you mean."),
                        format(s, digits = 8),
                        paste0(names_expected, " = ", format(weights, digits = 6),
                               collapse = ", ")), arg = arg)
  }
  stats::setNames(weights, names_expected)
}

# Private print helpers. The syn_ prefix keeps them apart from the helpers of
# other files (panel-model.R has its own fmt() and print_notes()): all R files
# share one namespace, and a later file's definition would replace an earlier.
syn_fmt <- function(x, digits = 4L) {
  out <- formatC(x, format = "f", digits = digits)
  out[is.na(x)] <- "NA"
  out
}

syn_print_notes <- function(notes) {
  if (length(notes)) {
    cat("\nNotes:\n")
    for (nt in notes) cat(strwrap(nt, indent = 2L, exdent = 4L, prefix = "\n",
                                  initial = ""), "\n", sep = "")
  }
}

# Quantities that lie in [0, 1] by their formula (coupling degrees,
# order-parameter contributions) can leave it by the last bits of rounding
# (exp(log()), divisions). Clamp that rounding, and only that: anything more
# than `tol` outside [0, 1] is a bug, not rounding, and is raised as an
# internal error instead of being hidden.
syn_clamp_unit <- function(x, what, tol = 1e-12) {
  bad <- which(x < -tol | x > 1 + tol)
  if (length(bad)) {
    i <- bad[1L]
    stop(structure(class = c("coagg_internal_error", "error", "condition"),
                   list(message = sprintf(paste0(
                     "internal inconsistency: %s is %s at position %d, outside [0, 1] ",
                     "by more than rounding (%g). Please report this as a bug in coagg."),
                     what, format(x[i], digits = 17L), i, tol), call = NULL)))
  }
  x[which(x < 0)] <- 0
  x[which(x > 1)] <- 1
  x
}

# ---------------------------------------------------------------------------
# Entropy and CRITIC weights
# ---------------------------------------------------------------------------

#' Objective indicator weights: the entropy method and CRITIC
#'
#' \code{entropy_weights()} and \code{critic_weights()} turn a table of
#' indicators (rows are observations, e.g. region-years; columns are
#' indicators) into weights that sum to one and into a composite score for
#' every row. They are the weighting step of the synergy pipeline (see
#' \code{\link{order_degree}}) and of most coupling-coordination studies.
#'
#' Both methods first normalise every indicator to \eqn{[0, 1]} by its
#' sample range, with 1 the best value:
#' \deqn{z_{ij} = \frac{x_{ij} - \min_i x_{ij}}{\max_i x_{ij} - \min_i x_{ij}}}{z_ij = (x_ij - min_i x_ij) / (max_i x_ij - min_i x_ij)}
#' for a positive indicator and \eqn{z_{ij} = (\max_i x_{ij} - x_{ij}) /
#' (\max_i x_{ij} - \min_i x_{ij})}{z_ij = (max x_j - x_ij) / (max x_j - min x_j)}
#' for a negative one.
#'
#' \strong{Entropy method.} With \eqn{z'_{ij}} the shifted values (below),
#' \eqn{p_{ij} = z'_{ij} / \sum_i z'_{ij}}{p_ij = z'_ij / sum_i z'_ij},
#' \deqn{e_j = -\frac{1}{\ln n} \sum_{i=1}^n p_{ij} \ln p_{ij}, \qquad
#'   w_j = \frac{1 - e_j}{\sum_k (1 - e_k)},}{e_j = -(1 / ln n) sum_i p_ij ln p_ij,  w_j = (1 - e_j) / sum_k (1 - e_k),}
#' with \eqn{0 \ln 0 = 0}{0 ln 0 = 0} (Shannon 1948; Hwang and Yoon 1981).
#' An indicator whose values are spread evenly has entropy near 1 and little
#' weight; one whose mass sits on a few observations gets much weight.
#'
#' \strong{How the normalisation choice changes the weights.} Min-max
#' normalisation puts the worst observation of every indicator at exactly
#' zero, so published studies move the values off zero before taking
#' logarithms, and they do it differently:
#' \describe{
#'   \item{\code{shift = "rescale"} (default)}{\eqn{z' = \epsilon + (1 -
#'     2\epsilon) z}{z' = eps + (1 - 2 eps) z}, i.e. the range is mapped to
#'     \eqn{[\epsilon, 1 - \epsilon]}{[eps, 1 - eps]} (eps = 0.002 by default).}
#'   \item{\code{shift = "add"}}{\eqn{z' = z + \epsilon}{z' = z + eps}, the
#'     "translation" used by many papers with eps = 0.0001 or 0.01.}
#'   \item{\code{shift = "none"}}{\eqn{z' = z}; the zeros contribute
#'     \eqn{0 \ln 0 = 0}{0 ln 0 = 0}.}
#'   \item{\code{shift = c(a, b)}}{any other affine map of \eqn{[0, 1]} onto
#'     \eqn{[a, b]}, e.g. \code{c(0.002, 1)} for \eqn{z' = 0.002 + 0.998 z}.}
#' }
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
#' \strong{CRITIC} (Diakoulaki, Mavrotas and Papayannakis 1995) weights an
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
#' get different weights; \code{critic_weights()} follows the original
#' min-max form.
#'
#' When all indicators are perfectly positively correlated (after orienting
#' them), every conflict is zero and the CRITIC weights are undefined. In
#' floating point such correlations come out as 1 only up to rounding (for
#' \code{1:5} and \code{2 * (1:5)}, \eqn{1 - r = 2.2 \times 10^{-16}}{1 - r =
#' 2.2e-16}), so the test is relative: if the largest conflict
#' \eqn{\sum_k (1 - r_{jk})}{sum_k (1 - r_jk)} is at most
#' \eqn{\sqrt{\epsilon} \cdot 2(m - 1)}{sqrt(eps) * 2 (m - 1)} (the
#' tolerance of \code{all.equal()} times the largest possible conflict), a
#' \code{coagg_input_error} is raised instead of returning weights made of
#' rounding noise.
#'
#' The composite score of a row is \eqn{\sum_j w_j z_{ij}}{sum_j w_j z_ij},
#' computed on the unshifted normalised values, so it lies in \eqn{[0, 1]}.
#'
#' All rows are pooled: in a panel, the weights are computed once from all
#' region-years, so that scores are comparable across regions and years.
#'
#' @param data a data frame (or a numeric matrix with column names) whose
#'   rows are observations.
#' @param direction the direction of every indicator: \code{"positive"}
#'   (\code{"+"}, larger is better) or \code{"negative"} (\code{"-"}, larger
#'   is worse). One value for all, one per indicator, or a vector named by
#'   indicator.
#' @param shift how the normalised values are moved off zero before the
#'   logarithms of the entropy method: \code{"rescale"}, \code{"add"},
#'   \code{"none"}, or a numeric range \code{c(a, b)} with
#'   \eqn{0 \le a < b}{0 <= a < b}. See Details.
#' @param eps the constant of \code{shift = "rescale"} (in \eqn{(0, 0.5)})
#'   and \code{shift = "add"} (positive).
#' @param indicators the indicator columns of \code{data}; by default all
#'   columns, which must then all be numeric.
#' @param x a \code{coagg_weights} object.
#' @param object a \code{coagg_weights} object.
#' @param ... unused.
#'
#' @return An object of class \code{coagg_weights}, a list with
#' \describe{
#'   \item{\code{weights}}{a data frame with one row per indicator:
#'     \code{indicator}, \code{direction}, then for the entropy method
#'     \code{entropy} (\eqn{e_j}) and \code{divergence} (\eqn{1 - e_j}), for
#'     CRITIC \code{std_dev} (\eqn{\sigma_j}{s_j}), \code{conflict}
#'     (\eqn{\sum_k (1 - r_{jk})}{sum_k (1 - r_jk)}) and \code{information}
#'     (\eqn{C_j}), and finally \code{weight}.}
#'   \item{\code{scores}}{the composite score of every row of \code{data}, in
#'     the order of \code{data}.}
#'   \item{\code{normalised}}{the matrix of oriented min-max values
#'     \eqn{z_{ij}}.}
#'   \item{\code{method}, \code{shift}, \code{n_obs}}{the settings.}
#' }
#' \code{weights()} extracts the named vector of weights, which
#' \code{\link{order_degree}} also accepts directly.
#'
#' @references
#' Shannon, C. E. (1948). A mathematical theory of communication. \emph{Bell
#' System Technical Journal}, 27(3), 379--423.
#' \doi{10.1002/j.1538-7305.1948.tb01338.x}
#'
#' Hwang, C.-L. and Yoon, K. (1981). \emph{Multiple Attribute Decision
#' Making: Methods and Applications}. Springer. \doi{10.1007/978-3-642-48318-9}
#'
#' Diakoulaki, D., Mavrotas, G. and Papayannakis, L. (1995). Determining
#' objective weights in multiple criteria problems: the CRITIC method.
#' \emph{Computers & Operations Research}, 22(7), 763--770.
#' \doi{10.1016/0305-0548(94)00059-H}
#'
#' @seealso \code{\link{order_degree}}, \code{\link{grey_relation}}.
#' @examples
#' # four observations of one positive and one negative indicator
#' x <- data.frame(x1 = c(3, 5, 2, 7), x2 = c(10, 20, 15, 25))
#' entropy_weights(x, direction = c("positive", "negative"))
#' critic_weights(x, direction = c(x1 = "+", x2 = "-"))
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
entropy_weights <- function(data, direction = "positive", shift = "rescale",
                            eps = 0.002, indicators = NULL) {
  x <- indicator_matrix(data, indicators, min_rows = 2L, min_indicators = 1L)
  ind <- colnames(x)
  positive <- parse_direction(direction, ind)
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
  z <- minmax_oriented(x, positive)
  zs <- switch(shift,
               rescale = , range = range[1L] + (range[2L] - range[1L]) * z,
               add = z + eps,
               none = z)
  p <- scale_columns(zs, 0, colSums(zs))
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
  tab <- data.frame(indicator = ind,
                    direction = ifelse(positive, "positive", "negative"),
                    entropy = unname(e), divergence = unname(d), weight = unname(w),
                    stringsAsFactors = FALSE)
  structure(list(weights = tab, scores = drop(z %*% w), normalised = z,
                 method = "entropy", shift = shift_label, n_obs = n),
            class = "coagg_weights")
}

#' @rdname indicator_weights
#' @export
critic_weights <- function(data, direction = "positive", indicators = NULL) {
  x <- indicator_matrix(data, indicators, min_rows = 3L, min_indicators = 2L)
  ind <- colnames(x)
  positive <- parse_direction(direction, ind)
  z <- minmax_oriented(x, positive)
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
                    direction = ifelse(positive, "positive", "negative"),
                    std_dev = unname(s), conflict = unname(conflict),
                    information = unname(info), weight = unname(w),
                    stringsAsFactors = FALSE)
  structure(list(weights = tab, scores = drop(z %*% w), normalised = z,
                 method = "critic", shift = NA_character_, n_obs = nrow(x)),
            class = "coagg_weights")
}

#' @rdname indicator_weights
#' @importFrom stats weights
#' @export
weights.coagg_weights <- function(object, ...) {
  stats::setNames(object$weights$weight, object$weights$indicator)
}

#' @rdname indicator_weights
#' @export
print.coagg_weights <- function(x, ...) {
  tab <- x$weights
  if (identical(x$method, "entropy")) {
    cat("Entropy weights (min-max normalisation, ", x$shift, ")\n", sep = "")
    cols <- c("entropy", "divergence", "weight")
  } else {
    cat("CRITIC weights (Diakoulaki et al. 1995; min-max normalisation)\n")
    cols <- c("std_dev", "conflict", "information", "weight")
  }
  cat(sprintf("  observations: %d   indicators: %d\n\n", x$n_obs, nrow(tab)))
  out <- tab[c("indicator", "direction")]
  for (cl in cols) out[[cl]] <- syn_fmt(tab[[cl]], 6L)
  print(out, row.names = FALSE, right = FALSE)
  cat(sprintf("\n  composite scores: min %s, median %s, max %s\n",
              syn_fmt(min(x$scores)), syn_fmt(stats::median(x$scores)), syn_fmt(max(x$scores))))
  invisible(x)
}

# ---------------------------------------------------------------------------
# Grey relational analysis
# ---------------------------------------------------------------------------

#' Grey relational analysis (Deng) for screening indicators
#'
#' Deng's grey relational grade measures how closely each comparison
#' sequence (an indicator over time, or over observations) follows a
#' reference sequence. Studies of the composite system synergy model use it
#' to screen candidate order parameters: indicators with a low grade against
#' the subsystem's reference series are dropped before weighting.
#'
#' Every sequence is first made dimensionless by \code{normalise}:
#' \code{"initial"} divides it by its first value (initial-value operator),
#' \code{"mean"} by its mean, \code{"minmax"} maps it to \eqn{[0, 1]} by its
#' range, and \code{"none"} keeps it as given (for data already
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
#' Orient indicators before comparing them: a negative indicator (larger is
#' worse) should enter as \code{-x} with \code{normalise = "minmax"} (its
#' min-max transform is then \eqn{(\max x - x) / (\max x - \min x)}{(max x
#' - x) / (max x - min x)}), or already standardised with
#' \code{normalise = "none"}.
#'
#' @param reference the reference sequence \eqn{x_0}{x0}: a numeric vector.
#' @param compare the comparison sequences: a numeric vector, or a matrix or
#'   data frame with one column per sequence and one row per point of
#'   \code{reference}.
#' @param rho the distinguishing coefficient, in \eqn{(0, 1]}.
#' @param normalise \code{"initial"}, \code{"mean"}, \code{"minmax"} or
#'   \code{"none"}; see Details.
#' @param threshold optional: a grade in \eqn{(0, 1)}; sequences whose grade
#'   is at least \code{threshold} are marked \code{selected} (0.6 is a
#'   common choice for \eqn{\rho = 0.5}{rho = 0.5}, but it is a convention,
#'   not a test).
#' @param x a \code{coagg_grey} object.
#' @param ... unused.
#'
#' @return An object of class \code{coagg_grey}: a list with \code{grades}
#'   (a data frame: \code{indicator}, \code{grade} \eqn{r_i}, \code{rank}
#'   (1 = closest to the reference) and, when \code{threshold} is given,
#'   \code{selected}), \code{coefficients} (the matrix of
#'   \eqn{\xi_i(k)}{xi_i(k)}, one row per point and one column per
#'   sequence), and \code{rho}, \code{normalise}, \code{delta_min},
#'   \code{delta_max}, \code{threshold}.
#'
#' @references
#' Deng, J.-L. (1982). Control problems of grey systems. \emph{Systems &
#' Control Letters}, 1(5), 288--294. \doi{10.1016/S0167-6911(82)80025-X}
#'
#' Deng, J.-L. (1989). Introduction to grey system theory. \emph{The Journal
#' of Grey System}, 1(1), 1--24.
#'
#' @seealso \code{\link{entropy_weights}}, \code{\link{order_degree}}.
#' @examples
#' x0 <- c(0.9, 0.8, 0.7)
#' cmp <- cbind(x1 = c(0.9, 0.7, 0.8), x2 = c(0.8, 0.9, 0.7), x3 = c(0.7, 0.8, 0.9))
#' grey_relation(x0, cmp, normalise = "none")
#'
#' # screening raw indicators against a reference series, negative one reversed
#' trade <- c(120, 150, 210, 260, 330, 410)
#' ind <- data.frame(firms = c(40, 46, 55, 61, 70, 83),
#'                   parcels = c(5, 9, 8, 14, 13, 21),
#'                   cost = -c(9.1, 8.8, 8.0, 7.7, 7.1, 6.5))
#' grey_relation(trade, ind, normalise = "minmax", threshold = 0.6)
#' @export
grey_relation <- function(reference, compare, rho = 0.5,
                          normalise = c("initial", "mean", "minmax", "none"),
                          threshold = NULL) {
  normalise <- check_choice(normalise, c("initial", "mean", "minmax", "none"),
                            "normalise")
  check_number(rho, "rho", lower = 0, upper = 1)
  if (rho <= 0) abort_input("must lie in (0, 1]; got 0.", arg = "rho")
  check_number(threshold, "threshold", lower = 0, upper = 1, null_ok = TRUE)
  if (!is.numeric(reference) || !is.null(dim(reference)) || length(reference) < 2L) {
    abort_input(sprintf("must be a numeric vector of at least 2 points, not %s.",
                        describe(reference)), arg = "reference")
  }
  if (anyNA(reference) || any(!is.finite(reference))) {
    k <- which(is.na(reference) | !is.finite(reference))[1L]
    abort_input(sprintf("has a missing or non-finite value at point %d.", k),
                arg = "reference", row = k)
  }
  K <- length(reference)
  if (is.numeric(compare) && is.null(dim(compare))) {
    # as.vector(): a numeric vector with a class of its own made data.frame()
    # fail with an unclassed error (fuzz finding)
    compare <- data.frame(x1 = as.vector(compare))
  } else if (is.matrix(compare) && is.numeric(compare)) {
    if (is.null(colnames(compare))) colnames(compare) <- paste0("x", seq_len(ncol(compare)))
    compare <- as.data.frame(compare, stringsAsFactors = FALSE)
  } else if (!is.data.frame(compare)) {
    abort_input(sprintf("must be a numeric vector, matrix or data frame, not %s.",
                        describe(compare)), arg = "compare")
  }
  if (nrow(compare) != K) {
    abort_input(sprintf("has %d rows but `reference` has %d points; they must match.",
                        nrow(compare), K), arg = "compare")
  }
  if (ncol(compare) < 1L) abort_input("has no columns.", arg = "compare")
  if (anyDuplicated(names(compare))) {
    abort_input(sprintf('has two columns named "%s".',
                        names(compare)[duplicated(names(compare))][1L]),
                arg = "compare")
  }
  xs <- indicator_matrix(compare, names(compare), data_arg = "compare",
                         ind_arg = "compare", min_rows = 2L, constant_ok = TRUE)
  norm1 <- function(v, label, arg) {
    switch(normalise,
      initial = {
        if (v[1L] == 0) abort_input(sprintf(
          'sequence "%s" starts at 0, so the initial-value operator is undefined; use normalise = "mean" or "minmax".',
          label), arg = arg, column = label, row = 1L)
        v / v[1L]
      },
      mean = {
        if (mean(v) == 0) abort_input(sprintf(
          'sequence "%s" has mean 0, so the mean operator is undefined.', label),
          arg = arg, column = label)
        v / mean(v)
      },
      minmax = {
        r <- max(v) - min(v)
        if (r == 0) abort_input(sprintf(
          'sequence "%s" is constant, so its min-max transform is undefined.', label),
          arg = arg, column = label)
        (v - min(v)) / r
      },
      none = v)
  }
  x0 <- norm1(as.double(reference), "reference", "reference")
  xn <- xs
  for (j in seq_len(ncol(xs))) xn[, j] <- norm1(xs[, j], colnames(xs)[j], "compare")
  delta <- abs(xn - x0)
  dmin <- min(delta)
  dmax <- max(delta)
  if (dmax == 0) {
    abort_input(paste0("every comparison sequence equals the reference after ",
                       "normalisation, so the relational coefficients are undefined."),
                arg = "compare")
  }
  xi <- (dmin + rho * dmax) / (delta + rho * dmax)
  grade <- colMeans(xi)
  tab <- data.frame(indicator = colnames(xs), grade = unname(grade),
                    # rank on 12 significant digits so that grades equal up
                    # to rounding share a rank
                    rank = rank(-signif(grade, 12L), ties.method = "min"),
                    stringsAsFactors = FALSE)
  if (!is.null(threshold)) tab$selected <- tab$grade >= threshold
  structure(list(grades = tab, coefficients = xi, rho = rho, normalise = normalise,
                 delta_min = dmin, delta_max = dmax, threshold = threshold),
            class = "coagg_grey")
}

#' @rdname grey_relation
#' @export
print.coagg_grey <- function(x, ...) {
  cat("Grey relational analysis (Deng)\n")
  cat(sprintf("  normalisation: %s   rho = %s   points: %d   sequences: %d\n",
              x$normalise, format(x$rho), nrow(x$coefficients), nrow(x$grades)))
  cat(sprintf("  delta min = %s   delta max = %s\n\n", format(signif(x$delta_min, 6)),
              format(signif(x$delta_max, 6))))
  out <- x$grades
  out$grade <- syn_fmt(out$grade, 6L)
  if (!is.null(out$selected)) out$selected <- ifelse(out$selected, "yes", "no")
  print(out, row.names = FALSE, right = FALSE)
  if (!is.null(x$threshold)) {
    cat(sprintf("\n  selected: grade >= %s (%d of %d)\n", format(x$threshold),
                sum(x$grades$selected), nrow(x$grades)))
  }
  invisible(x)
}

# ---------------------------------------------------------------------------
# Order degree
# ---------------------------------------------------------------------------

# Bounds (lower b, upper a) for every indicator: from the sample, padded, or
# given by the user; user bounds must enclose the data.
resolve_bounds <- function(bounds, x, pad) {
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
    return(list(lower = lo - pad * abs(lo), upper = hi + pad * abs(hi),
                method = "padded"))
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
      i <- out[1L]
      abort_input(sprintf(paste0('bounds [%s, %s] of indicator "%s" do not enclose the ',
                                 "data: row %d holds %s."),
                          format(b[1L]), format(b[2L]), ind[j], i, format(x[i, j])),
                  arg = "bounds", column = ind[j], row = i)
    }
    lower[j] <- b[1L]
    upper[j] <- b[2L]
  }
  list(lower = lower, upper = upper, method = "user")
}

#' Order degree of a subsystem (composite system synergy model)
#'
#' The first step of the composite system synergy model of Meng and Han
#' (2000): every indicator (order parameter) of a subsystem is turned into a
#' contribution in \eqn{[0, 1]}, and the contributions are aggregated into
#' the subsystem's order degree for every period (and region).
#'
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
#' \strong{Bounds} are fixed once for all rows (every period and every
#' region), so that order degrees are comparable over time and space:
#' \describe{
#'   \item{\code{"sample"}}{\eqn{a_j = \max e_j}{a_j = max e_j},
#'     \eqn{b_j = \min e_j}{b_j = min e_j}. The worst observation of every
#'     indicator then contributes exactly 0 (and the geometric order degree
#'     of that row is 0).}
#'   \item{\code{"padded"} (default)}{the range widened by \code{pad}
#'     (10\%), as in most applications: \eqn{a_j = \max e_j + 0.1
#'     |\max e_j|}{a_j = max e_j + 0.1 |max e_j|}, \eqn{b_j = \min e_j - 0.1
#'     |\min e_j|}{b_j = min e_j - 0.1 |min e_j|}, which is the usual
#'     \eqn{1.1 \max}{1.1 max} / \eqn{0.9 \min}{0.9 min} for positive data
#'     and stays outside the data when the values are negative (where
#'     \eqn{1.1 \max}{1.1 max} would fall inside).}
#'   \item{user-given}{a list named by indicator of \code{c(lower, upper)}
#'     or a data frame with columns \code{indicator}, \code{lower},
#'     \code{upper}, e.g. planning targets; they must enclose the data.}
#' }
#'
#' \strong{The pipeline of the studies behind this package} (standardise,
#' screen by grey relation, weight, order degrees, synergy) runs as:
#' \code{\link{grey_relation}} on the candidate indicators against the
#' subsystem's reference series, \code{\link{entropy_weights}} or
#' \code{\link{critic_weights}} on the retained ones (or \code{weights =
#' "entropy"} here), \code{order_degree()} for each subsystem, and
#' \code{\link{synergy_degree}} on the order degrees. The vignette
#' \code{vignette("synergy", package = "coagg")} runs it end to end.
#'
#' @param data a data frame, one row per period (or per region and period).
#' @param indicators the indicator (order parameter) columns of \code{data}.
#' @param direction \code{"positive"} (\code{"+"}) or \code{"negative"}
#'   (\code{"-"}) for every indicator: one value for all, one per indicator,
#'   or a vector named by indicator.
#' @param weights the indicator weights: \code{"equal"} (default),
#'   \code{"entropy"} or \code{"critic"} (computed from all rows of
#'   \code{data} with \code{\link{entropy_weights}} defaults or
#'   \code{\link{critic_weights}}), a \code{coagg_weights} object, or a
#'   numeric vector (in the order of \code{indicators} or named by
#'   indicator) of non-negative weights summing to one.
#' @param bounds \code{"padded"} (default), \code{"sample"}, or user-given
#'   bounds; see Details.
#' @param aggregate \code{"weighted"} (weighted sum, default) or
#'   \code{"geometric"} (weighted geometric mean).
#' @param time optional name of the period column. Without it the rows are
#'   taken as consecutive periods in the order given.
#' @param by optional name of the region column, for a panel; needs
#'   \code{time}.
#' @param pad the relative widening of \code{bounds = "padded"}.
#' @param x a \code{coagg_order} object.
#' @param n the number of rows of the order-degree table to print.
#' @param ... unused.
#'
#' @return An object of class \code{coagg_order}: a list with
#' \describe{
#'   \item{\code{order}}{a data frame sorted by region and time: \code{region}
#'     (when \code{by} is given), \code{time} and \code{order_degree}.}
#'   \item{\code{contributions}}{the same keys and one column per indicator
#'     holding \eqn{u_j}.}
#'   \item{\code{bounds}}{a data frame: \code{indicator}, \code{direction},
#'     \code{lower}, \code{upper}, \code{weight}.}
#'   \item{\code{aggregate}, \code{bounds_method}, \code{weights_method},
#'     \code{weights_detail}, \code{notes}}{settings, the
#'     \code{coagg_weights} object when weights were computed here, and any
#'     caveats.}
#' }
#' It can be passed to \code{\link{synergy_degree}} and
#' \code{\link{coupling_coordination}}.
#'
#' @references
#' Meng, Q. and Han, W. (2000). Study on the coordination measurement model
#' of composite systems [in Chinese: Fu he xi tong xie tiao du mo xing yan
#' jiu]. \emph{Journal of Tianjin University}, 33(4), 444--446.
#'
#' @seealso \code{\link{synergy_degree}}, \code{\link{entropy_weights}}.
#' @examples
#' # Illustrative numbers (not real data): two subsystems over five periods
#' e_sys <- data.frame(e1 = c(100, 130, 170, 210, 260), e2 = c(20, 24, 23, 30, 35),
#'                     e3 = c(8.0, 7.5, 7.8, 6.9, 6.0))
#' i_sys <- data.frame(i1 = c(50, 52, 58, 57, 66), i2 = c(3.1, 3.4, 3.3, 3.9, 4.2))
#' u_e <- order_degree(e_sys, c("e1", "e2", "e3"), direction = c("+", "+", "-"),
#'                     weights = c(0.40, 0.35, 0.25))
#' u_i <- order_degree(i_sys, c("i1", "i2"), weights = c(0.5, 0.5))
#' u_e
#' synergy_degree(E = u_e, I = u_i)
#' synergy_degree(E = u_e, I = u_i, base = "fixed")
#' @export
order_degree <- function(data, indicators, direction = "positive",
                         weights = "equal", bounds = "padded",
                         aggregate = c("weighted", "geometric"), time = NULL,
                         by = NULL, pad = 0.1) {
  aggregate <- check_choice(aggregate, c("weighted", "geometric"), "aggregate")
  check_number(pad, "pad", lower = 0, upper = 1)
  if (missing(indicators)) {
    abort_input("is missing; name the subsystem's indicator columns.",
                arg = "indicators")
  }
  x <- indicator_matrix(data, indicators, min_rows = 2L, constant_ok = TRUE)
  ind <- colnames(x)
  m <- length(ind)
  positive <- parse_direction(direction, ind)

  # keys
  if (!is.null(by) && is.null(time)) {
    abort_input("needs `time` too: name the period column.", arg = "by")
  }
  if (!is.null(by)) {
    check_key_column(data, time, "time")
    check_key_column(data, by, "by")
    pidx <- check_panel_index(data, c(by, time), arg = "by")
    ord <- pidx$order
    keys <- data.frame(region = pidx$id[ord], time = pidx$time[ord],
                       stringsAsFactors = FALSE)
  } else if (!is.null(time)) {
    tm <- check_key_column(data, time, "time")
    check_unique_keys(list(tm), time, "time")
    ord <- order(tm)
    keys <- data.frame(time = tm[ord], stringsAsFactors = FALSE)
  } else {
    ord <- seq_len(nrow(x))
    keys <- data.frame(time = ord)
  }

  # bounds (validated on the data as given, so that rows are the user's rows)
  bd <- resolve_bounds(bounds, x, pad)

  # weights
  weights_detail <- NULL
  if (is.character(weights) && length(weights) == 1L && !is.na(weights) &&
      is.null(names(weights))) {
    wm <- check_choice(weights, c("equal", "entropy", "critic"), "weights")
    w <- switch(wm,
      equal = stats::setNames(rep(1 / m, m), ind),
      entropy = {
        weights_detail <- entropy_weights(x, direction = positive_labels(positive))
        weights.coagg_weights(weights_detail)
      },
      critic = {
        weights_detail <- critic_weights(x, direction = positive_labels(positive))
        weights.coagg_weights(weights_detail)
      })
    weights_method <- wm
  } else if (inherits(weights, "coagg_weights")) {
    w <- check_weight_vector(weights.coagg_weights(weights), ind)
    weights_method <- paste0(weights$method, " (given)")
    weights_detail <- weights
  } else {
    w <- check_weight_vector(weights, ind)
    weights_method <- "given"
  }

  span <- bd$upper - bd$lower
  u <- scale_columns(x, bd$lower, span)
  u[, !positive] <- 1 - u[, !positive]
  # the data lie inside the bounds (checked above), so u is in [0, 1] up to rounding
  u <- syn_clamp_unit(u, "an order-parameter contribution")
  if (aggregate == "weighted") {
    U <- drop(u %*% w)
  } else {
    U <- rep(1, nrow(u))
    for (j in seq_len(m)) U <- U * u[, j]^w[j]
  }
  notes <- character()
  if (aggregate == "geometric" && any(u == 0 & rep(w > 0, each = nrow(u)))) {
    notes <- c(notes, warn_caveat(paste0(
      "Some contributions are exactly 0 (an observation at the lower bound of a ",
      "positive indicator or the upper bound of a negative one), so the geometric ",
      "order degree of those rows is 0; padded bounds avoid this.")))
  }
  u <- u[ord, , drop = FALSE]
  U <- U[ord]
  order_tab <- keys
  order_tab$order_degree <- U
  contrib <- cbind(keys, as.data.frame(u, stringsAsFactors = FALSE,
                                       optional = TRUE))
  rownames(order_tab) <- rownames(contrib) <- NULL
  bounds_tab <- data.frame(indicator = ind,
                           direction = ifelse(positive, "positive", "negative"),
                           lower = unname(bd$lower), upper = unname(bd$upper),
                           weight = unname(w), stringsAsFactors = FALSE)
  structure(list(order = order_tab, contributions = contrib, bounds = bounds_tab,
                 aggregate = aggregate, bounds_method = bd$method, pad = pad,
                 weights_method = weights_method, weights_detail = weights_detail,
                 keys = list(by = by, time = time), notes = notes),
            class = "coagg_order")
}

positive_labels <- function(positive) {
  stats::setNames(ifelse(positive, "positive", "negative"), names(positive))
}

#' @rdname order_degree
#' @export
print.coagg_order <- function(x, n = 10L, ...) {
  cat("Subsystem order degree (composite system synergy model, Meng & Han 2000)\n")
  ord <- x$order
  has_region <- "region" %in% names(ord)
  cat(sprintf("  indicators: %d   observations: %d%s\n", nrow(x$bounds), nrow(ord),
              if (has_region) sprintf("   regions: %d   periods: %d",
                                      length(unique(ord$region)),
                                      length(unique(ord$time))) else ""))
  bdesc <- switch(x$bounds_method,
    sample = "sample (upper = max, lower = min)",
    padded = sprintf("padded (upper = max + %s|max|, lower = min - %s|min|)",
                     format(x$pad), format(x$pad)),
    user = "given by the user")
  cat("  bounds: ", bdesc, ", fixed over all rows\n", sep = "")
  cat("  aggregation: ", if (x$aggregate == "weighted") "weighted sum" else
    "weighted geometric mean", "   weights: ", x$weights_method, "\n\n", sep = "")
  b <- x$bounds
  b$lower <- format(signif(b$lower, 6))
  b$upper <- format(signif(b$upper, 6))
  b$weight <- syn_fmt(b$weight, 4L)
  print(b, row.names = FALSE, right = FALSE)
  cat("\n")
  out <- ord
  out$order_degree <- syn_fmt(out$order_degree, 4L)
  print(utils::head(out, n), row.names = FALSE)
  if (nrow(out) > n) cat(sprintf("  ... %d more rows\n", nrow(out) - n))
  syn_print_notes(x$notes)
  invisible(x)
}

# ---------------------------------------------------------------------------
# Subsystem collection (shared by synergy_degree and coupling_coordination)
# ---------------------------------------------------------------------------

# `args` are the subsystems passed through `...`: all numeric vectors or all
# coagg_order objects. Returns the aligned matrix U (rows = observations,
# sorted by region and time; columns = subsystems) and the keys.
# `min_rows` is the least number of observations (periods) a series needs.
collect_subsystems <- function(args, labels, time = NULL, value = "order degree",
                               min_rows = 1L, rows_label = "observation") {
  k <- length(args)
  if (k < 2L) {
    abort_input(sprintf("needs at least 2 subsystems; got %d.", k), arg = "...")
  }
  labels <- make.unique(labels)
  is_od <- vapply(args, inherits, NA, what = "coagg_order")
  if (any(is_od) && !all(is_od)) {
    abort_input(paste0("mixes order_degree() results and plain vectors; give all ",
                       "subsystems the same way."), arg = "...")
  }
  if (all(is_od)) {
    if (!is.null(time)) {
      abort_input(paste0("is only for plain numeric vectors; order_degree() results ",
                         "carry their own time keys."), arg = "time")
    }
    tabs <- lapply(args, function(o) o$order)
    has_region <- vapply(tabs, function(t) "region" %in% names(t), NA)
    if (length(unique(has_region)) > 1L) {
      abort_input(sprintf(paste0('subsystem "%s" is a panel (by region) but "%s" is ',
                                 "not; compute all order degrees the same way."),
                          labels[which(has_region)[1L]], labels[which(!has_region)[1L]]),
                  arg = "...")
    }
    key_of <- function(t) {
      if (has_region[1L]) paste(t$region, t$time, sep = "\r") else as.character(t$time)
    }
    k1 <- key_of(tabs[[1L]])
    keys <- tabs[[1L]][intersect(c("region", "time"), names(tabs[[1L]]))]
    U <- matrix(NA_real_, nrow(keys), k, dimnames = list(NULL, labels))
    U[, 1L] <- tabs[[1L]]$order_degree
    for (j in seq_len(k)[-1L]) {
      kj <- key_of(tabs[[j]])
      pos <- match(k1, kj)
      if (anyNA(pos) || length(kj) != length(k1)) {
        miss <- which(is.na(pos))
        if (length(miss)) {
          i <- miss[1L]
          where <- if (has_region[1L]) sprintf("region %s, time %s",
                                               format(keys$region[i]),
                                               format(keys$time[i])) else
            sprintf("time %s", format(keys$time[i]))
          abort_input(sprintf('subsystem "%s" has no order degree for %s, which "%s" has.',
                              labels[j], where, labels[1L]),
                      arg = "...", column = labels[j],
                      unit = if (has_region[1L]) keys$region[i] else NULL)
        }
        extra <- setdiff(kj, k1)[1L]
        abort_input(sprintf('subsystem "%s" has an observation (%s) that "%s" lacks.',
                            labels[j], gsub("\r", ", ", extra), labels[1L]),
                    arg = "...", column = labels[j])
      }
      U[, j] <- tabs[[j]]$order_degree[pos]
    }
  } else {
    n <- NULL
    for (j in seq_len(k)) {
      v <- args[[j]]
      if (!is.numeric(v) || !is.null(dim(v))) {
        abort_input(sprintf(paste0('subsystem "%s" must be a numeric vector of %ss or ',
                                   "an order_degree() result, not %s."),
                            labels[j], value, describe(v)), arg = "...", column = labels[j])
      }
      if (is.null(n)) n <- length(v)
      if (length(v) != n) {
        abort_input(sprintf('subsystem "%s" has %d values but "%s" has %d; they must match.',
                            labels[j], length(v), labels[1L], n),
                    arg = "...", column = labels[j])
      }
      bad <- which(is.na(v) | !is.finite(v))
      if (length(bad)) {
        abort_input(sprintf('subsystem "%s" has a missing or non-finite value at row %d.',
                            labels[j], bad[1L]), arg = "...", column = labels[j],
                    row = bad[1L])
      }
    }
    if (n < min_rows) {
      abort_input(sprintf('subsystem "%s" has %d value%s; at least %d %s%s %s needed.',
                          labels[1L], n, if (n == 1L) "" else "s", min_rows, rows_label,
                          if (min_rows == 1L) "" else "s",
                          if (min_rows == 1L) "is" else "are"),
                  arg = "...", column = labels[1L])
    }
    U <- matrix(vapply(args, as.double, numeric(n)), n, k,
                dimnames = list(NULL, labels))
    if (is.null(time)) {
      keys <- data.frame(time = seq_len(n))
    } else {
      if (!is.atomic(time) || length(time) != n || anyNA(time)) {
        abort_input(sprintf("must be a vector of %d periods without NA, one per value.",
                            n), arg = "time")
      }
      if (anyDuplicated(time)) {
        i <- which(duplicated(time))[1L]
        abort_input(sprintf("repeats period %s at position %d.", format(time[i]), i),
                    arg = "time", row = i)
      }
      o <- order(time)
      U <- U[o, , drop = FALSE]
      keys <- data.frame(time = time[o], stringsAsFactors = FALSE)
    }
  }
  for (j in seq_len(k)) {
    bad <- which(U[, j] < 0 | U[, j] > 1)
    if (length(bad)) {
      i <- bad[1L]
      abort_input(sprintf(paste0('subsystem "%s" has %s %s at %s, outside [0, 1]; ',
                                 "%ss must be normalised."),
                          labels[j], value, format(U[i, j]),
                          if ("region" %in% names(keys))
                            sprintf("region %s, time %s", format(keys$region[i]),
                                    format(keys$time[i])) else
                            sprintf("time %s", format(keys$time[i])), value),
                  arg = "...", column = labels[j], row = i)
    }
  }
  rownames(keys) <- NULL
  list(U = U, keys = keys, labels = labels, has_region = "region" %in% names(keys))
}

# Labels of the subsystems: the argument names, else the expressions when they
# are short (a variable name, od$E), else U1, U2, ...
dots_labels <- function(args, exprs) {
  nms <- names(args)
  if (is.null(nms)) nms <- rep("", length(args))
  dep <- vapply(seq_along(args), function(j) {
    d <- if (j <= length(exprs)) deparse(exprs[[j]], width.cutoff = 60L) else ""
    if (length(d) == 1L && nzchar(d) && nchar(d) <= 30L) d else paste0("U", j)
  }, "")
  ifelse(nzchar(nms), nms, dep)
}

# ---------------------------------------------------------------------------
# Composite system synergy degree
# ---------------------------------------------------------------------------

#' Composite system synergy degree (Meng and Han 2000)
#'
#' The synergy degree of a composite system between a base period
#' \eqn{t_0} and a period \eqn{t_1}, from the order degrees
#' \eqn{u_j(t)} of its \eqn{k} subsystems (see \code{\link{order_degree}}):
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
#' \code{base = "previous"} compares every period with the one before it
#' (the year-on-year synergy most studies plot); \code{base = "fixed"}
#' compares every later period with one base period, the first by default
#' (the "t0 = initial moment" of many studies). In a panel the comparison
#' is made within each region. With missing periods, "previous" means the
#' previous observed period, and a caveat is recorded (a warning, kept in
#' the \code{notes} attribute and printed): a period is taken as missing
#' when it is observed elsewhere in the data but not in the series, or, for
#' numeric periods, when two consecutive periods of a series are further
#' apart than the shortest step between any two periods of the data (years
#' 2015, 2016, 2019: 2016 to 2019 skips two years). The series needs at
#' least two periods (each region, in a panel).
#'
#' \strong{Grading.} \code{grade} and \code{grade_zh} grade \eqn{C} on a
#' five-band scale, left-open and right-closed: \eqn{[-1, 0]} non-synergy
#' (fei xie tong), \eqn{(0, 0.3]} low synergy (di du xie tong),
#' \eqn{(0.3, 0.6]} moderate (zhong du), \eqn{(0.6, 0.9]} high (gao du),
#' \eqn{(0.9, 1]} extreme (ji du xie tong). Meng and Han (2000) define the
#' index but no grading. Labels of this kind occur in the applied Chinese
#' literature that follows them (Zhao and Zhang 2020, for instance, report
#' Beijing at the "moderate synergy" stage and Tianjin and Hebei at "low
#' synergy"), but \strong{no published study stating exactly these cut
#' points could be verified} for this package: searches of stored copies of
#' Chinese and English journal pages and of public code found published
#' tables of cut points for the coupling coordination degree \eqn{D} (see
#' \code{\link{coupling_coordination}}), none for \eqn{C}. Treat the bands
#' as a descriptive convention, not a published standard, and regrade with
#' \code{cut()} to follow the scale of the study you compare with; the print
#' method repeats this. Because \eqn{C} is a geometric mean of changes
#' between periods, year-on-year values are typically small.
#'
#' @param ... the order degrees of two or more subsystems: numeric vectors
#'   of equal length in \eqn{[0, 1]} (one value per period, in time order
#'   unless \code{time} is given), or \code{\link{order_degree}} results
#'   (matched by region and time). Name them (\code{E = ..., I = ...}) to
#'   label the output.
#' @param base \code{"previous"} (default) or \code{"fixed"}.
#' @param time optional periods of plain numeric vectors (default
#'   \code{1, 2, ...}).
#' @param base_time for \code{base = "fixed"}: the base period (default: the
#'   first period of each region).
#' @param x a \code{coagg_synergy} object.
#' @param digits digits to print.
#'
#' @return A data frame of class \code{coagg_synergy} with one row per
#'   compared period: \code{region} (for panels), \code{time} (\eqn{t_1}),
#'   \code{base_time} (\eqn{t_0}), \code{synergy} (\eqn{C}), \code{theta}
#'   (1, 0 or -1, as in Details), one column \code{change_<subsystem>} per subsystem
#'   (\eqn{u_j(t_1) - u_j(t_0)}), \code{grade} and \code{grade_zh}
#'   (factors). Attributes \code{base}, \code{subsystems} and \code{notes}.
#'
#' @references
#' Meng, Q. and Han, W. (2000). Study on the coordination measurement model
#' of composite systems [in Chinese: Fu he xi tong xie tiao du mo xing yan
#' jiu]. \emph{Journal of Tianjin University}, 33(4), 444--446.
#'
#' Haken, H. (1983). \emph{Synergetics: An Introduction}, 3rd ed. Springer.
#'
#' Zhao, L. and Zhang, G. (2020). Jing Jin Ji sheng tai xie tong fa zhan
#' ping ce yu fu li xiao ying [in Chinese; the ecological synergy of
#' Beijing-Tianjin-Hebei: measurement and welfare effects (our translation)].
#' \emph{China Population, Resources and Environment}, 30(10),
#' 36--44. \doi{10.12062/cpre.20200426}
#'
#' @seealso \code{\link{order_degree}}, \code{\link{coupling_coordination}}.
#' @examples
#' # order degrees of two subsystems over five periods (illustrative numbers)
#' u_e <- c(0.1134, 0.2797, 0.3222, 0.5895, 0.8431)
#' u_i <- c(0.1753, 0.2935, 0.3749, 0.5207, 0.7657)
#' synergy_degree(E = u_e, I = u_i, time = 2017:2021)
#' synergy_degree(E = u_e, I = u_i, time = 2017:2021, base = "fixed")
#' # one subsystem falls back: the synergy turns negative
#' synergy_degree(E = u_e, I = c(0.1753, 0.2935, 0.2500, 0.5207, 0.7657))
#' @export
synergy_degree <- function(..., base = c("previous", "fixed"), time = NULL,
                           base_time = NULL) {
  base <- check_choice(base, c("previous", "fixed"), "base")
  args <- list(...)
  labels <- dots_labels(args, as.list(substitute(list(...)))[-1L])
  sub <- collect_subsystems(args, labels, time = time, value = "order degree",
                            min_rows = 2L, rows_label = "period")
  if (!is.null(base_time) && base != "fixed") {
    abort_input('is only used with base = "fixed".', arg = "base_time")
  }
  if (!is.null(base_time) && (!is.atomic(base_time) || length(base_time) != 1L ||
                              is.na(base_time))) {
    abort_input(sprintf("must be a single period, not %s.", describe(base_time)),
                arg = "base_time")
  }
  U <- sub$U
  keys <- sub$keys
  k <- ncol(U)
  notes <- character()
  # Rows are sorted by region, then time, so each region is a contiguous run.
  nr <- nrow(keys)
  rc <- if (sub$has_region) group_codes(keys$region)$code else integer(nr)
  first <- c(TRUE, rc[-1L] != rc[-nr])
  grp <- cumsum(first)
  size <- tabulate(grp, nbins = grp[nr])
  region_of <- function(g) keys$region[which(first)[g]]
  if (any(size < 2L)) {
    g <- which(size < 2L)[1L]
    abort_input(sprintf("%s has a single period; at least two are needed.",
                        if (sub$has_region) sprintf("region %s", format(region_of(g)))
                        else "the series"), arg = "...",
                unit = if (sub$has_region) region_of(g) else NULL)
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
                          if (sub$has_region) sprintf(" in region %s",
                                                      format(region_of(g))) else ""),
                  arg = "base_time", unit = if (sub$has_region) region_of(g) else NULL)
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
    gap <- period_gaps(keys$time, from, to)
    if (length(gap)) {
      g1 <- gap[1L]
      notes <- c(notes, warn_caveat(sprintf(paste0(
        "%s (first: %s%s to %s); %s synergy is computed against the previous ",
        "observed period, over a longer interval than the other comparisons."),
        if (sub$has_region) "Some regions miss periods" else "The series misses periods",
        if (sub$has_region) sprintf("region %s, ", format(keys$region[to[g1]])) else "",
        format(keys$time[from[g1]]), format(keys$time[to[g1]]),
        if (sub$has_region) "their" else "its")))
    }
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
  out <- if (sub$has_region) data.frame(region = keys$region[to],
                                        stringsAsFactors = FALSE) else
    data.frame(row.names = seq_along(to))
  out$time <- keys$time[to]
  out$base_time <- keys$time[from]
  out$synergy <- C
  out$theta <- theta
  for (j in seq_len(k)) out[[paste0("change_", sub$labels[j])]] <- du[, j]
  out$grade <- factor(gt$grade[gi], levels = gt$grade)
  out$grade_zh <- factor(gt$grade_zh[gi], levels = gt$grade_zh)
  rownames(out) <- NULL
  structure(out, class = c("coagg_synergy", "data.frame"), base = base,
            subsystems = sub$labels, notes = notes)
}

# Comparisons (rows `from` -> `to` of the sorted keys) that skip a period:
# a period observed anywhere in the data lies strictly between the two, or,
# for numeric periods, the step is longer than the shortest step between
# distinct periods (years 2015, 2016, 2019: 2016 -> 2019 skips two years).
period_gaps <- function(time, from, to) {
  if (!length(to)) return(integer())
  all_t <- sort(unique(time))
  skipped <- match(time[to], all_t) - match(time[from], all_t) > 1L
  if (is.numeric(time) && length(all_t) > 1L) {
    step <- min(diff(as.double(all_t)))
    skipped <- skipped |
      (as.double(time[to]) - as.double(time[from]) > step * (1 + 1e-8))
  }
  which(skipped)
}

#' @rdname synergy_degree
#' @export
print.coagg_synergy <- function(x, digits = 4L, ...) {
  base <- attr(x, "base")
  subs <- attr(x, "subsystems")
  if (is.null(base) || is.null(subs)) return(NextMethod())
  cat("Composite system synergy degree (Meng & Han 2000)\n")
  cat(sprintf("  subsystems: %s   base: %s\n\n", paste(subs, collapse = ", "),
              if (base == "previous") "previous period" else "fixed base period"))
  out <- as.data.frame(unclass(x), stringsAsFactors = FALSE)
  out$grade_zh <- NULL
  num <- c("synergy", grep("^change_", names(out), value = TRUE))
  for (cl in intersect(num, names(out))) out[[cl]] <- syn_fmt(out[[cl]], digits)
  print(out, row.names = FALSE)
  gt <- synergy_grade_table()
  bands <- sprintf("%s%s, %s] %s", ifelse(seq_len(nrow(gt)) == 1L, "[", "("),
                   as.character(gt$lower), as.character(gt$upper),
                   sub(" synergy$", "", gt$grade))
  cat("\n  grades: ", paste(bands[1:3], collapse = ", "), ",\n          ",
      paste(bands[-(1:3)], collapse = ", "), " synergy\n",
      "  (a convention of the applied literature; no published source verified,\n",
      "  see ?synergy_degree)\n", sep = "")
  syn_print_notes(attr(x, "notes"))
  invisible(x)
}

# ---------------------------------------------------------------------------
# Coupling coordination degree
# ---------------------------------------------------------------------------

#' Coupling coordination degree (standard and Wang et al. 2021)
#'
#' The coupling degree \eqn{C}, comprehensive development index \eqn{T} and
#' coupling coordination degree \eqn{D} of \eqn{n \ge 2}{n >= 2} subsystems
#' with scores \eqn{U_i \in [0, 1]}{U_i in [0, 1]} (composite scores from
#' \code{\link{entropy_weights}}, or order degrees from
#' \code{\link{order_degree}}).
#'
#' \strong{Standard model.} The ratio of the geometric to the arithmetic mean,
#' \deqn{C = \frac{n \left(\prod_{i=1}^n U_i\right)^{1/n}}{\sum_{i=1}^n U_i}
#'   = \left[\frac{\prod_i U_i}{\left(\frac{1}{n}\sum_i U_i\right)^n}\right]^{1/n},}{C = n (prod_i U_i)^(1/n) / sum_i U_i = [prod_i U_i / ((1/n) sum_i U_i)^n]^(1/n),}
#' \eqn{T = \sum_i a_i U_i}{T = sum_i a_i U_i} with \eqn{\sum_i a_i = 1}{sum a_i = 1},
#' and \eqn{D = \sqrt{C T}}{D = sqrt(C T)}. \eqn{C = 1} when all subsystems
#' score alike.
#'
#' \strong{A common slip.} Many published studies write the two-subsystem
#' coupling degree as \eqn{C = \sqrt{U_1 U_2} / (U_1 + U_2)}{C = sqrt(U1 U2) / (U1 + U2)}
#' or \eqn{C = \{U_1 U_2 / (U_1 + U_2)^2\}^{1/2}}{C = {U1 U2 / (U1 + U2)^2}^(1/2)},
#' dropping the coefficient \eqn{n} (the "coefficient loss" misuse catalogued
#' by Wang et al. 2021). The slipped value is exactly \eqn{C / n}: it can
#' never exceed \eqn{1/n} (0.5 for two subsystems, where two equal scores
#' should give 1), all of its gradings are shifted, and the \eqn{D} built
#' on it is \eqn{D / \sqrt{n}}{D / sqrt(n)}. To compare with such a study,
#' multiply its \eqn{C} by \eqn{n} (and its \eqn{D} by \eqn{\sqrt n}{sqrt(n)});
#' this function computes the correct form only.
#'
#' \strong{Modified model of Wang et al. (2021).} The standard \eqn{C} stays
#' close to 1 unless the scores are very unequal (two scores in the ratio
#' 1 : 4 still give 0.8), so it discriminates poorly; Wang, Kong, Ren, Zhi
#' and Dai (2021) propose
#' \deqn{C = \sqrt{\left[1 - \frac{\sum_{i>j} |U_i - U_j|}{\sum_{m=1}^{n-1} m}\right]
#'   \left(\prod_{i=1}^n \frac{U_i}{\max_i U_i}\right)^{1/(n-1)}},}{C = sqrt( [1 - sum_{i>j} |U_i - U_j| / sum_{m=1}^{n-1} m] * (prod_i U_i / max U)^(1/(n-1)) ),}
#' which also lies in \eqn{[0, 1]}, with \eqn{T} and \eqn{D} as above.
#'
#' \strong{Grading of D.} Ten classes of width 0.1, left-open and
#' right-closed (the lowest class includes 0), going back to Liao (1999) and
#' used throughout this literature; \code{grade} is in English and
#' \code{grade_zh} in Chinese:
#' \tabular{lll}{
#'   \eqn{D} \tab grade \tab Chinese \cr
#'   \eqn{[0, 0.1]} \tab extreme imbalance \tab 极度失调 \cr
#'   \eqn{(0.1, 0.2]} \tab serious imbalance \tab 严重失调 \cr
#'   \eqn{(0.2, 0.3]} \tab moderate imbalance \tab 中度失调 \cr
#'   \eqn{(0.3, 0.4]} \tab mild imbalance \tab 轻度失调 \cr
#'   \eqn{(0.4, 0.5]} \tab on the verge of imbalance \tab 濒临失调 \cr
#'   \eqn{(0.5, 0.6]} \tab barely coordinated \tab 勉强协调 \cr
#'   \eqn{(0.6, 0.7]} \tab primary coordination \tab 初级协调 \cr
#'   \eqn{(0.7, 0.8]} \tab intermediate coordination \tab 中级协调 \cr
#'   \eqn{(0.8, 0.9]} \tab good coordination \tab 良好协调 \cr
#'   \eqn{(0.9, 1]} \tab high-quality coordination \tab 优质协调 \cr
#' }
#'
#' Both forms of \eqn{C} lie in \eqn{[0, 1]} by construction (the
#' arithmetic-geometric mean inequality; both factors of Wang's form are in
#' \eqn{[0, 1]}). Floating-point rounding of \eqn{\exp(\log(\cdot))}{exp(log())}
#' can put a value a few units in the last place above 1; only such
#' excess, at most \eqn{10^{-12}}{1e-12}, is set to the bound, and anything
#' larger is raised as an internal error rather than hidden.
#'
#' When every \eqn{U_i} of an observation is 0, \eqn{C} is 0/0 and is
#' returned as \code{NA}; \eqn{D} is 0 there, because \eqn{T = 0} and
#' \eqn{C} is bounded, and a caveat is recorded.
#'
#' @param ... the scores of two or more subsystems: numeric vectors of equal
#'   length with values in \eqn{[0, 1]} (one per observation), or
#'   \code{\link{order_degree}} results (matched by region and time). Name
#'   them to label the output.
#' @param weights the contributions \eqn{a_i} of the subsystems to \eqn{T}:
#'   equal by default, or a numeric vector (in the order of \code{...} or
#'   named by subsystem) summing to one.
#' @param method \code{"standard"} (default) or \code{"wang"}.
#' @param time optional periods of plain numeric vectors, added as a
#'   \code{time} column.
#' @param x a \code{coagg_coupling} object.
#' @param digits digits to print.
#'
#' @return A data frame of class \code{coagg_coupling} with one row per
#'   observation: \code{region} and \code{time} (when known) or \code{unit}
#'   (the position), \code{coupling} (\eqn{C}), \code{development}
#'   (\eqn{T}), \code{coordination} (\eqn{D}), \code{level} (1--10),
#'   \code{grade} and \code{grade_zh} (factors). Attributes \code{method},
#'   \code{weights}, \code{subsystems} and \code{notes}.
#'
#' @references
#' Wang, S., Kong, W., Ren, L., Zhi, D. and Dai, B. (2021). Research on
#' misuses and modification of coupling coordination degree model in China
#' [in Chinese]. \emph{Journal of Natural Resources}, 36(3), 793--810.
#' \doi{10.31497/zrzyxb.20210319}
#'
#' Liao, C. (1999). Quantitative judgement and classification system for
#' coordinated development of environment and economy: a case study of the
#' city group in the Pearl River Delta [in Chinese]. \emph{Tropical
#' Geography}, 19(2), 171--177.
#'
#' @seealso \code{\link{synergy_degree}}, \code{\link{entropy_weights}}.
#' @examples
#' s1 <- c(.0162, .1782, .5490, .6730, .0207, .9875)
#' s2 <- c(.2720, .6824, .0593, .4812, .8891, .5573)
#' s3 <- c(.2655, .3721, .5729, .9082, .2017, .8984)
#' coupling_coordination(s1, s2, s3)
#' coupling_coordination(s1, s2, s3, weights = c(0.4, 0.3, 0.3), method = "wang")
#' # the slipped two-subsystem formula is the correct C divided by n = 2
#' cc <- coupling_coordination(s1, s2)
#' all.equal(cc$coupling / 2, sqrt(s1 * s2 / (s1 + s2)^2))
#' @export
coupling_coordination <- function(..., weights = NULL,
                                  method = c("standard", "wang"), time = NULL) {
  method <- check_choice(method, c("standard", "wang"), "method")
  args <- list(...)
  labels <- dots_labels(args, as.list(substitute(list(...)))[-1L])
  sub <- collect_subsystems(args, labels, time = time, value = "score",
                            min_rows = 1L, rows_label = "observation")
  U <- sub$U
  n <- ncol(U)
  a <- if (is.null(weights)) stats::setNames(rep(1 / n, n), sub$labels) else
    check_weight_vector(weights, sub$labels, arg = "weights", what = "subsystem")
  if (method == "standard") {
    s <- rowSums(U)
    g <- exp(rowMeans(log(U)))
    C <- n * g / s
    undefined <- s == 0
  } else {
    mx <- U[, 1L]
    for (j in 2:n) mx <- pmax(mx, U[, j])
    S <- numeric(nrow(U))
    for (i in 2:n) for (j in seq_len(i - 1L)) S <- S + abs(U[, i] - U[, j])
    # 1 - S / (n(n-1)/2) >= 0: with scores in [0, 1] the sum of the n(n-1)/2
    # absolute differences is at most n^2/4 <= n(n-1)/2 for n >= 2.
    first <- syn_clamp_unit(1 - S / (n * (n - 1) / 2), "the dispersion factor of Wang's C")
    second <- exp(rowSums(log(U / mx)) / (n - 1))
    C <- sqrt(first * second)
    undefined <- mx == 0
  }
  # C lies in [0, 1] mathematically (AM-GM; both factors of Wang's form are in
  # [0, 1]); only the last-bit rounding of exp(log()) is clamped, anything
  # larger is raised as an internal error.
  C[undefined] <- NA_real_
  C <- syn_clamp_unit(C, "the coupling degree")
  dev <- drop(U %*% a)
  D <- sqrt(C * dev)
  notes <- character()
  if (any(undefined)) {
    D[undefined] <- 0
    notes <- c(notes, warn_caveat(sprintf(paste0(
      "%d observation%s (first: row %d) score 0 on every subsystem: the coupling ",
      "degree is 0/0 and is NA; the coordination degree is 0 because T = 0."),
      sum(undefined), if (sum(undefined) == 1L) "" else "s", which(undefined)[1L])))
  }
  gt <- coupling_grade_table()
  level <- grade_index(D, gt$lower, gt$upper)
  out <- if (is.null(time) && !any(vapply(args, inherits, NA, what = "coagg_order")))
    data.frame(unit = seq_len(nrow(U))) else sub$keys
  out$coupling <- C
  out$development <- dev
  out$coordination <- D
  out$level <- level
  out$grade <- factor(gt$grade[level], levels = gt$grade)
  out$grade_zh <- factor(gt$grade_zh[level], levels = gt$grade_zh)
  rownames(out) <- NULL
  structure(out, class = c("coagg_coupling", "data.frame"), method = method,
            weights = a, subsystems = sub$labels, notes = notes)
}

#' @rdname coupling_coordination
#' @export
print.coagg_coupling <- function(x, digits = 4L, ...) {
  method <- attr(x, "method")
  subs <- attr(x, "subsystems")
  if (is.null(method) || is.null(subs)) return(NextMethod())
  cat("Coupling coordination degree (",
      if (method == "standard") "standard model" else "modified C of Wang et al. 2021",
      ")\n", sep = "")
  w <- attr(x, "weights")
  cat(sprintf("  subsystems: %s   weights in T: %s\n\n", paste(subs, collapse = ", "),
              paste(syn_fmt(w, 4L), collapse = ", ")))
  out <- as.data.frame(unclass(x), stringsAsFactors = FALSE)
  out$grade_zh <- NULL
  for (cl in c("coupling", "development", "coordination")) out[[cl]] <- syn_fmt(out[[cl]], digits)
  print(out, row.names = FALSE)
  syn_print_notes(attr(x, "notes"))
  invisible(x)
}
