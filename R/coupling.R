# The coupling coordination degree of several subsystems (the standard model
# and the modified coupling degree of Wang et al. 2021), graded into the ten
# classes of the literature. The subsystems are read by collect_subsystems()
# (R/synergy.R).

# The ten grades of the coupling coordination degree D. The Chinese labels
# are escaped so that the R code stays ASCII; they read ji du shi tiao ...
# you zhi xie tiao.
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

#' Coupling coordination degree (standard and Wang et al. 2021)
#'
#' @md
#' @description
#' The coupling degree \eqn{C}, comprehensive development index \eqn{T} and
#' coupling coordination degree \eqn{D} of \eqn{n \ge 2}{n >= 2} subsystems
#' with scores \eqn{U_i \in [0, 1]}{U_i in [0, 1]} (composite scores from
#' [entropy_weights()], or order degrees from [order_degree()]).
#'
#' @details
#' **Standard model.** The ratio of the geometric to the arithmetic mean,
#' \deqn{C = \frac{n \left(\prod_{i=1}^n U_i\right)^{1/n}}{\sum_{i=1}^n U_i}
#'   = \left[\frac{\prod_i U_i}{\left(\frac{1}{n}\sum_i U_i\right)^n}\right]^{1/n},}{C = n (prod_i U_i)^(1/n) / sum_i U_i = [prod_i U_i / ((1/n) sum_i U_i)^n]^(1/n),}
#' \eqn{T = \sum_i a_i U_i}{T = sum_i a_i U_i} with \eqn{\sum_i a_i = 1}{sum a_i = 1},
#' and \eqn{D = \sqrt{C T}}{D = sqrt(C T)}. \eqn{C = 1} when all subsystems
#' score alike. Since \eqn{C} does not depend on the scale of the scores, an
#' observation whose scores are all below \eqn{2^{-900}}{2^-900} is first
#' divided by a power of two (exact), which keeps the precision of \eqn{C}
#' for denormal scores (1e-320).
#'
#' **A common slip.** Many published studies write the two-subsystem
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
#' **Modified model of Wang et al. (2021)** (`coupling = "wang"`). The
#' standard \eqn{C} stays close to 1 unless the scores are very unequal (two
#' scores in the ratio 1 : 4 still give 0.8), so it discriminates poorly;
#' Wang, Kong, Ren, Zhi and Dai (2021) propose
#' \deqn{C = \sqrt{\left[1 - \frac{\sum_{i>j} |U_i - U_j|}{\sum_{m=1}^{n-1} m}\right]
#'   \left(\prod_{i=1}^n \frac{U_i}{\max_i U_i}\right)^{1/(n-1)}},}{C = sqrt( [1 - sum_{i>j} |U_i - U_j| / sum_{m=1}^{n-1} m] * (prod_i U_i / max U)^(1/(n-1)) ),}
#' which also lies in \eqn{[0, 1]}, with \eqn{T} and \eqn{D} as above.
#'
#' **Grading of D.** Ten classes of width 0.1, left-open and right-closed
#' (the lowest class includes 0), going back to Liao (1999) and used
#' throughout this literature; `grade` is in English and `grade_zh` in
#' Chinese:
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
#' returned as `NA`; \eqn{D} is 0 there, because \eqn{T = 0} and \eqn{C} is
#' bounded, and a caveat is recorded.
#'
#' **The subsystems** come either as columns of a data frame of scores
#' (`subsystems`, or every numeric column but the keys), one row per
#' observation, or as a named list of [order_degree()] or
#' [entropy_weights()] / [critic_weights()] results, matched by their keys.
#' The rows of a data frame need no order: without `index` each row is one
#' observation, numbered by its row.
#'
#' @param data the scores of two or more subsystems: a data frame with one
#'   column per subsystem (values in \eqn{[0, 1]}), or a named list of
#'   [order_degree()] or [entropy_weights()] results.
#' @param subsystems for a data frame, the subsystem columns (names or a
#'   one-sided formula; by default every column but the keys); for a list,
#'   optionally the names of the elements to use.
#' @param index for a data frame, optional keys carried into the result
#'   (`c(unit, time)` for a panel, the period column for one series); for a
#'   list, taken from the results.
#' @param weights the contributions \eqn{a_i} of the subsystems to \eqn{T}:
#'   equal by default, or a numeric vector (in the order of the subsystems
#'   or named by subsystem) summing to one.
#' @param coupling the form of the coupling degree \eqn{C}: `"standard"`
#'   (default) or `"wang"`.
#' @param na_action `"fail"` (default) or `"omit"`, for rows of a data frame
#'   with a missing value in a column used; see [coagg_missing].
#' @param ... not used; `method =`, `time =` and other spellings are errors
#'   of class `coagg_foreign_argument` naming the argument to use.
#' @param x a `coagg_coupling` object.
#' @param digits significant digits to print.
#'
#' @return A data frame of class `coagg_coupling` with one row per
#'   observation: its keys (`unit` and `time`, `time`, or, without keys,
#'   `row`, its row in `data`), `coupling` (\eqn{C}), `development`
#'   (\eqn{T}), `estimate` (the coupling coordination degree \eqn{D}),
#'   `level` (1--10), `grade` and `grade_zh` (factors). Attributes `notes`
#'   and `settings` (`coupling`, `weights`, `subsystems`, `index`).
#'
#' @references
#' Wang, S., Kong, W., Ren, L., Zhi, D. and Dai, B. (2021). Research on
#' misuses and modification of coupling coordination degree model in China
#' \[in Chinese\]. *Journal of Natural Resources*, 36(3), 793--810.
#' \doi{10.31497/zrzyxb.20210319}
#'
#' Liao, C. (1999). Quantitative judgement and classification system for
#' coordinated development of environment and economy: a case study of the
#' city group in the Pearl River Delta \[in Chinese\]. *Tropical
#' Geography*, 19(2), 171--177.
#'
#' @seealso [synergy_degree()], [entropy_weights()].
#' @examples
#' s <- data.frame(s1 = c(.0162, .1782, .5490, .6730, .0207, .9875),
#'                 s2 = c(.2720, .6824, .0593, .4812, .8891, .5573),
#'                 s3 = c(.2655, .3721, .5729, .9082, .2017, .8984))
#' coupling_coordination(s)
#' coupling_coordination(s, weights = c(0.4, 0.3, 0.3), coupling = "wang")
#' # the slipped two-subsystem formula is the correct C divided by n = 2
#' cc <- coupling_coordination(s, ~ s1 + s2)
#' all.equal(cc$coupling / 2, sqrt(s$s1 * s$s2 / (s$s1 + s$s2)^2))
#' @export
coupling_coordination <- function(data, subsystems = NULL, index = NULL, weights = NULL,
                                  coupling = c("standard", "wang"),
                                  na_action = c("fail", "omit"), ...) {
  check_subsystem_dots(..., fn = "coupling_coordination", foreign = c(synergy_foreign,
    method = "the form of the coupling degree is `coupling = \"standard\"` or `\"wang\"`."))
  if (missing(data)) abort_input("is missing.", arg = "data")
  coupling <- check_choice(coupling, c("standard", "wang"), "coupling")
  na_action <- check_na_action(na_action, "fail")
  sub <- collect_subsystems(data, subsystems, index, na_action, value = "score",
                            min_rows = 1L, need_time = FALSE)
  U <- sub$U
  n <- ncol(U)
  a <- if (is.null(weights)) stats::setNames(rep(1 / n, n), sub$labels) else
    check_weight_vector(weights, sub$labels, arg = "weights", what = "subsystem")
  mx <- U[, 1L]
  for (j in 2:n) mx <- pmax(mx, U[, j])
  undefined <- mx == 0
  if (coupling == "standard") {
    # n g / s with g the geometric mean and s the sum. Where every score of
    # an observation is tiny, g (exp(mean(log(U)))) would round to a denormal
    # with few significant bits; those observations are first divided by a
    # power of two near their largest score (exact; C does not depend on the
    # scale). The others are computed as they are.
    m <- rep(1, length(mx))
    tiny <- !undefined & mx < 2^-900
    m[tiny] <- 2^floor(log2(mx[tiny]))
    V <- U / m
    C <- n * exp(rowMeans(log(V))) / rowSums(V)
  } else {
    S <- numeric(nrow(U))
    for (i in 2:n) for (j in seq_len(i - 1L)) S <- S + abs(U[, i] - U[, j])
    # 1 - S / (n(n-1)/2) >= 0: with scores in [0, 1] the sum of the n(n-1)/2
    # absolute differences is at most n^2/4 <= n(n-1)/2 for n >= 2.
    first <- clamp_unit_rounding(1 - S / (n * (n - 1) / 2),
                                 "the dispersion factor of Wang's C")
    second <- exp(rowSums(log(U / mx)) / (n - 1))
    C <- sqrt(first * second)
  }
  # C lies in [0, 1] mathematically (AM-GM; both factors of Wang's form are in
  # [0, 1]); only the last-bit rounding of exp(log()) is clamped, anything
  # larger is raised as an internal error.
  C[undefined] <- NA_real_
  C <- clamp_unit_rounding(C, "the coupling degree")
  dev <- drop(U %*% a)
  D <- sqrt(C * dev)
  notes <- sub$notes
  if (any(undefined)) {
    D[undefined] <- 0
    i <- which(undefined)[1L]
    notes <- c(notes, warn_caveat(sprintf(paste0(
      "%d observation%s (first: %s) score 0 on every subsystem: the coupling ",
      "degree is 0/0 and is NA; the coordination degree is 0 because T = 0."),
      sum(undefined), if (sum(undefined) == 1L) "" else "s",
      paste(names(sub$keys), vapply(sub$keys, function(v) format(v[i]), ""),
            collapse = " "))))
  }
  gt <- coupling_grade_table()
  level <- grade_index(D, gt$lower, gt$upper)
  out <- sub$keys
  out$coupling <- C
  out$development <- dev
  out$estimate <- D
  out$level <- level
  structure(with_grades(out, level, gt), class = c("coagg_coupling", "data.frame"), notes = notes,
            settings = list(coupling = coupling, weights = a, subsystems = sub$labels,
                            index = sub$index))
}

#' @rdname coupling_coordination
#' @param lang `plot()`: the language of the grade bands, `"en"` or `"zh"`.
#' @param main plot title (a default is made).
#' @return `plot()`: the coordination degree D of each unit over time on
#'   [0, 1] with the ten grade bands; it returns the data it drew invisibly
#'   (`unit`, `time`, `estimate`, `grade`).
#' @export
plot.coagg_coupling <- function(x, lang = c("en", "zh"), main = NULL, ...) {
  check_dots_empty(..., foreign = plot_foreign)
  lang <- check_choice(lang, c("en", "zh"), "lang")
  d <- series_plot_data(x, if (lang == "zh") x$grade_zh else x$grade)
  draw_series(d$time, d$estimate, d$unit, bands = grade_bands(coupling_grade_table(), lang),
              main = if (is.null(main)) "Coupling coordination degree D" else main,
              ylab = "coupling coordination degree D", ylim = c(0, 1), legend_title = "unit")
  invisible(d)
}

tidy_coagg_coupling <- function(x, ...) broom_frame(x)

glance_coagg_coupling <- function(x, ...) {
  st <- attr(x, "settings")
  data.frame(n_obs = nrow(x), n_units = if ("unit" %in% names(x)) length(unique(x$unit)) else 1L,
             mean = mean(x$estimate), min = min(x$estimate), max = max(x$estimate),
             mean_coupling = mean(x$coupling, na.rm = TRUE), coupling = st$coupling,
             subsystems = paste(st$subsystems, collapse = ", "), stringsAsFactors = FALSE)
}

#' @rdname coupling_coordination
#' @export
print.coagg_coupling <- function(x, digits = 4L, ...) {
  st <- attr(x, "settings")
  if (is.null(st$coupling) || is.null(st$subsystems)) return(NextMethod())
  cat("Coupling coordination degree (",
      if (st$coupling == "standard") "standard model" else "modified C of Wang et al. 2021",
      ")\n", sep = "")
  cat(sprintf("  subsystems: %s   weights in T: %s\n", paste(st$subsystems, collapse = ", "),
              paste(format_num(st$weights, 4L), collapse = ", ")))
  cat("  estimate: the coupling coordination degree D = sqrt(coupling x development)\n\n")
  out <- as.data.frame(unclass(x), stringsAsFactors = FALSE)
  out$grade_zh <- NULL
  print_table(out, nrow(out), digits)
  print_notes(attr(x, "notes"))
  invisible(x)
}
