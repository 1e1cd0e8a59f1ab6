# The Hausman test of fixed against random effects: the classical contrast
# and the regression-based (Mundlak) robust version.

#' Hausman test: fixed against random effects
#'
#' Tests \eqn{H_0}: the unit effects are uncorrelated with the regressors, under
#' which random-effects GLS is consistent and efficient and the within
#' (fixed-effects) estimator consistent; under the alternative only the
#' within estimator is consistent.
#'
#' @md
#' @section Classical contrast (`method = "classical"`):
#' \deqn{H = (\hat\beta_{FE} - \hat\beta_{RE})'\,[\hat V_{FE} - \hat V_{RE}]^{-1}
#'   (\hat\beta_{FE} - \hat\beta_{RE}) \sim \chi^2_K}
#' over the \eqn{K} slope coefficients the two models share. \eqn{\hat V_{FE} =
#' s^2_W (X_W'X_W)^{-1}} in every convention; \eqn{\hat V_{RE}} follows the
#' convention: \eqn{s^2 (X^{*\prime}X^*)^{-1}} for `"plm"` and `"stata"`
#' (plm's `phtest()`, Stata's `hausman`), \eqn{\hat\sigma^2_e
#' (X^{*\prime}X^*)^{-1}} for `"eviews"` (the covariance EViews reports for
#' its random-effects estimates). With the Swamy-Arora estimator
#' \eqn{\hat\sigma^2_e = s^2_W}, so under `"eviews"` the difference is
#' \eqn{s^2_W[(X_W'X_W)^{-1} - (X^{*\prime}X^*)^{-1}]}, which is positive
#' semi-definite in a balanced panel.
#'
#' The classical variances are used even when the models were fitted with
#' `vcov = "cluster"` (the contrast assumes the random-effects model is
#' efficient, which cluster-robust variances deny; the result says so).
#'
#' @section When the variance difference is not positive definite:
#' In finite samples \eqn{\hat V_{FE} - \hat V_{RE}} can be indefinite, and the
#' quadratic form can be negative (plm prints its absolute value without a
#' warning, Stata prints the negative value with a warning; EViews is
#' believed to set the statistic to zero with a warning). `hausman_test()`
#' computes the eigenvalues \eqn{\lambda_j} and eigenvectors \eqn{v_j} of the
#' difference and reports
#' \itemize{
#'   \item `raw_statistic`: the quadratic form with the ordinary inverse (what
#'     Stata prints; plm prints its absolute value);
#'   \item `statistic`: the generalised-inverse statistic on the positive
#'     eigen-directions, \eqn{\sum_{\lambda_j > \epsilon}
#'     (v_j'\hat q)^2/\lambda_j}, with `df` the number of positive
#'     eigenvalues (\eqn{\epsilon = 10^{-8}\max_j|\lambda_j|});
#' }
#' a warning (class `coagg_hausman_not_pd`), recorded in `notes`, and a
#' pointer to the robust version. When the difference is positive definite
#' both statistics coincide. When it has no positive eigenvalue at all (with
#' one slope coefficient: a negative variance difference) there is no
#' direction in which the contrast can be tested: the classical test is
#' undefined, `statistic`, `df` and `p_value` are `NA` (not a \eqn{\chi^2_0}
#' with p = 1), `undefined` is `TRUE`, and the warning, the notes and
#' `print()` point to `method = "robust"`.
#'
#' The two models must be fitted to the same response, offset, regressors and
#' rows; anything else is an error.
#'
#' @section Robust version (`method = "robust"`):
#' Mundlak's (1978) auxiliary regression estimated on the random-effects
#' quasi-demeaned data (Wooldridge 2010, section 10.7.3):
#' \deqn{y^*_{it} = x^{*\prime}_{it}\beta + (1-\theta_i)\bar w_i'\gamma + \mathrm{error},}
#' where \eqn{\bar w_i} are the unit means of the regressors that vary within
#' units. \eqn{H_0: \gamma = 0} is tested by a Wald test with the
#' cluster-robust (by unit, CR1) covariance,
#' \eqn{W = \hat\gamma'\hat V_\gamma^{-1}\hat\gamma \sim \chi^2_m}, valid under
#' heteroskedasticity and any serial correlation within units. Regressors
#' without within variation (time-invariant ones) are kept in \eqn{x} but get
#' no mean term; means that are collinear with the other columns (the
#' means of year dummies in a balanced panel) are dropped and \eqn{m} counts
#' the rest. Formulas with `factor(year)`, interactions and `log()` work
#' (plm's `phtest(method = "aux")` builds its auxiliary formula from column
#' names and fails on `factor(year)`). With `robust_vcov = "classical"` the
#' same regression is tested with the classical covariance (equal to plm's
#' `phtest(method = "aux")` in a balanced panel; in an unbalanced one plm uses
#' a constant where the quasi-demeaned intercept \eqn{1-\theta_i} belongs).
#'
#' @param fe a fixed-effects model from [panel_fe()] (may be `NULL` for
#'   `method = "robust"`, which needs only the random-effects model), or a
#'   formula (then `data` and `index` are used to fit the models).
#' @param re a random-effects model from [panel_re()] fitted to the same data
#'   (ignored when `fe` is a formula).
#' @param method `"classical"` (default) or `"robust"`.
#' @param data,index the data and `c(id, time)` when `fe` is a formula.
#' @param re_method the variance-component method when `fe` is a formula.
#' @param convention `"eviews"`, `"stata"` or `"plm"`; by default the random-effects
#'   model's convention (`"eviews"` when `fe` is a formula).
#' @param robust_vcov for `method = "robust"`: `"cluster"` (default) or
#'   `"classical"`.
#' @param alpha significance level used for the conclusion in words.
#' @param ... must be empty.
#' @return An object of class `coagg_hausman`: a list with `statistic`, `df`,
#'   `p_value`, `method`, `convention`, `conclusion` (in words), `notes`; for
#'   the classical test also `raw_statistic`, `eigenvalues`,
#'   `positive_definite`, `undefined` (no positive eigenvalue: statistic, df
#'   and p-value `NA`), `rank` (non-zero eigenvalues), `comparisons` (a data
#'   frame with `term`, `fixed`, `random`, `var_diff` and the per-coefficient
#'   `p_value` EViews prints) and `reported_by` (the numbers plm, Stata and
#'   EViews would print); for the robust test `coefficients` (\eqn{\hat\gamma})
#'   and `vcov`.
#' @references
#' Hausman, J. A. (1978). Specification tests in econometrics.
#' \emph{Econometrica} 46(6), 1251-1271. \doi{10.2307/1913827}
#'
#' Mundlak, Y. (1978). On the pooling of time series and cross section data.
#' \emph{Econometrica} 46(1), 69-85. \doi{10.2307/1913646}
#'
#' Wooldridge, J. M. (2010). \emph{Econometric Analysis of Cross Section and
#' Panel Data}, 2nd ed. MIT Press, sections 10.7.3 and 10.7.4.
#' ISBN 978-0-262-23258-6.
#'
#' Le Gallo, J. and Senegas, M.-A. (2023). On the proper computation of the
#' Hausman test statistic in standard linear panel data models: some
#' clarifications and new results. \emph{Econometrics} 11(4), 25.
#' \doi{10.3390/econometrics11040025}
#' @seealso [panel_fe()], [panel_re()], [coagg_conventions]
#' @examples
#' set.seed(6)
#' d <- data.frame(id = rep(1:40, each = 5), year = rep(1:5, 40))
#' a <- rep(rnorm(40), each = 5)
#' d$x <- rnorm(200) + 0.5 * a          # correlated with the unit effect
#' d$y <- 1 + d$x + a + rnorm(200)
#' fe <- panel_fe(y ~ x, d, index = c("id", "year"))
#' re <- panel_re(y ~ x, d, index = c("id", "year"))
#' hausman_test(fe, re)
#' hausman_test(fe, re, method = "robust")
#' @export
hausman_test <- function(fe, re = NULL, method = c("classical", "robust"),
                         data = NULL, index = c("id", "time"), re_method = "swamy-arora",
                         convention = NULL, robust_vcov = c("cluster", "classical"),
                         alpha = 0.05, ...) {
  check_dots_empty(...)
  method <- check_choice(method, c("classical", "robust"), "method")
  robust_vcov <- check_choice(robust_vcov, c("cluster", "classical"), "robust_vcov")
  check_number(alpha, "alpha", lower = 0, upper = 1, inclusive = FALSE)
  if (inherits(fe, "formula")) {
    conv <- if (is.null(convention)) "eviews" else match_convention(convention)
    if (is.null(data)) abort_input("is needed when `fe` is a formula.", arg = "data")
    f <- fe
    re <- panel_re(f, data, index = index, method = re_method, convention = conv)
    fe <- if (method == "classical") panel_fe(f, data, index = index, convention = conv) else NULL
  }
  if (method == "robust" && is.null(fe)) {
    # the robust test needs only the random-effects model
  } else if (!inherits(fe, "coagg_panel") || !identical(fe$model_type, "within")) {
    # identical() and the is.null() below: an object that only claims the
    # class gets the classed error too, not `if (NA)` (fuzz finding)
    abort_input(sprintf("must be a fixed-effects model from panel_fe() (or a formula), not %s.",
                        if (inherits(fe, "coagg_panel") && !is.null(model_label(fe)))
                          sprintf("a %s model", model_label(fe)) else describe(fe)), arg = "fe")
  }
  if (!inherits(re, "coagg_panel") || !identical(re$model_type, "random")) {
    abort_input(sprintf("must be a random-effects model from panel_re(), not %s.",
                        if (inherits(re, "coagg_panel") && !is.null(model_label(re)))
                          sprintf("a %s model", model_label(re)) else describe(re)), arg = "re")
  }
  if (!is.null(fe) && (fe$n_obs != re$n_obs || fe$n_units != re$n_units ||
      !identical(as.character(fe$unit_levels), as.character(re$unit_levels)))) {
    abort_input(sprintf(paste("the fixed-effects (%d observations, %d units) and random-effects",
                              "(%d observations, %d units) models were not fitted to the same data."),
                        fe$n_obs, fe$n_units, re$n_obs, re$n_units), arg = "re")
  }
  if (!is.null(fe)) check_same_model(fe, re)
  if (!is.null(fe) && fe$effect != "individual") {
    abort_input("the Hausman test compares one-way models; refit `fe` with effect = \"individual\".",
                arg = "fe")
  }
  convention <- if (is.null(convention)) re$convention else match_convention(convention)
  out <- if (method == "classical") hausman_classical(fe, re, convention) else
    hausman_robust(re, robust_vcov)
  out$method <- method
  out$convention <- convention
  out$alpha <- alpha
  out$p_value <- if (is.na(out$statistic)) NA_real_ else
    stats::pchisq(out$statistic, out$df, lower.tail = FALSE)
  out$conclusion <- hausman_conclusion(out$p_value, alpha)
  out$data_name <- deparse(re$formula)
  class(out) <- "coagg_hausman"
  out
}

# The contrast compares two estimators of one model: same response (and
# offset), same regressors, same rows.
check_same_model <- function(fe, re) {
  lhs <- function(m) paste(deparse(m$formula[[2L]]), collapse = " ")
  if (!identical(lhs(fe), lhs(re))) {
    abort_input(sprintf(paste("the two models have different responses: `%s` (fixed effects)",
                              "and `%s` (random effects); fit both to the same formula."),
                        lhs(fe), lhs(re)), arg = "re")
  }
  offs <- function(m) {
    i <- attr(m$terms, "offset")
    if (is.null(i)) character() else sort(names(m$model)[i])
  }
  if (!identical(offs(fe), offs(re))) {
    abort_input("the two models have different offset() terms; fit both to the same formula.",
                arg = "re")
  }
  rx <- function(m) setdiff(m$columns, "(Intercept)")
  a <- rx(fe)
  b <- rx(re)
  if (!identical(sort(a), sort(b))) {
    only_fe <- setdiff(a, b)
    only_re <- setdiff(b, a)
    abort_input(sprintf(paste("the two models have different regressors (%s); fit both to the",
                              "same formula."),
                        paste(c(if (length(only_fe)) sprintf("only in the fixed-effects model: %s",
                                                              paste0('"', only_fe, '"', collapse = ", ")),
                                if (length(only_re)) sprintf("only in the random-effects model: %s",
                                                              paste0('"', only_re, '"', collapse = ", "))),
                              collapse = "; ")),
                arg = "re", column = c(only_fe, only_re)[1L])
  }
  dropped <- function(m) if (is.null(m$na_action)) integer() else as.integer(m$na_action)
  if (!identical(dropped(fe), dropped(re)) ||
      !identical(unname(fe$t_i), unname(re$t_i))) {
    abort_input(sprintf(paste("the two models were fitted to different rows (rows dropped for",
                              "missing values: %s in the fixed-effects model, %s in the",
                              "random-effects model); fit both to the same data."),
                        describe_dropped(dropped(fe)), describe_dropped(dropped(re))), arg = "re")
  }
  invisible(TRUE)
}

describe_dropped <- function(rows) if (length(rows)) format_rows(rows, 5L) else "none"

hausman_classical <- function(fe, re, convention) {
  notes <- character()
  common <- setdiff(intersect(names(fe$coefficients), names(re$coefficients)), "(Intercept)")
  if (!length(common)) abort_input("the two models share no slope coefficient.", arg = "re")
  V_fe <- fe$sigma2_transformed * fe$xtxinv[common, common, drop = FALSE]
  s2_re <- if (convention == "eviews") re$sigma2[["idios"]] else re$sigma2_transformed
  V_re <- s2_re * re$xtxinv[common, common, drop = FALSE]
  q <- fe$coefficients[common] - re$coefficients[common]
  V <- V_fe - V_re
  V <- (V + t(V)) / 2
  ev <- eigen(V, symmetric = TRUE)
  lam <- ev$values
  eps <- 1e-8 * max(abs(lam))
  pos <- lam > eps
  rank <- sum(abs(lam) > eps)
  # quad_inv(): solve() on the unscaled difference called it singular when
  # regressors' scales differ by 1e12 (fuzz finding)
  raw <- if (rank == length(lam)) quad_inv(V, q) else NA_real_
  z <- drop(crossprod(ev$vectors[, pos, drop = FALSE], q))
  ginv <- sum(z^2 / lam[pos])
  pd <- all(pos)
  if (fe$vcov_type == "cluster" || re$vcov_type == "cluster") {
    notes <- c(notes, paste("The contrast uses the classical variances of both models (it assumes",
                            "random effects are efficient); with heteroskedasticity or serial",
                            "correlation use method = \"robust\"."))
  }
  undefined <- !any(pos)
  if (undefined) {
    notes <- c(notes, warn_caveat(sprintf(paste(
      "Var(b_FE) - Var(b_RE) has no positive eigenvalue (eigenvalues: %s): the classical",
      "Hausman test is undefined here, and no statistic or p-value is reported. The classical",
      "quadratic form is %s (plm reports its absolute value without a warning, Stata the",
      "signed value with a warning). Use hausman_test(..., method = \"robust\") (Mundlak",
      "regression with a cluster-robust Wald test), which needs no variance difference."),
      paste(format(lam, digits = 4), collapse = ", "),
      if (is.na(raw)) "undefined (singular difference)" else format(raw, digits = 6)),
      class = "coagg_hausman_not_pd"))
  } else if (!pd) {
    n_neg <- sum(lam < -eps)
    shape <- if (n_neg) {
      sprintf("is not positive definite: %d of %d eigenvalues are negative (smallest %s)",
              n_neg, length(lam), format(min(lam), digits = 4))
    } else {
      sprintf("is singular: %d of %d eigenvalues are zero (the contrast has rank %d)",
              length(lam) - sum(pos), length(lam), sum(pos))
    }
    notes <- c(notes, warn_caveat(sprintf(paste(
      "Var(b_FE) - Var(b_RE) %s. The classical quadratic form is %s (plm reports its",
      "absolute value without a warning, Stata the signed value with a warning; EViews is",
      "believed to set the statistic to zero). Reported instead: the generalised-inverse",
      "statistic on the %d positive eigen-directions, with %d degrees of freedom. Consider",
      "hausman_test(..., method = \"robust\") (Mundlak regression with a cluster-robust",
      "Wald test), which needs no variance difference."),
      shape, if (is.na(raw)) "undefined (singular difference)" else format(raw, digits = 6),
      sum(pos), sum(pos)), class = "coagg_hausman_not_pd"))
  }
  vd <- diag(V)
  comp <- data.frame(term = common, fixed = unname(fe$coefficients[common]),
                     random = unname(re$coefficients[common]), var_diff = unname(vd),
                     p_value = ifelse(vd > 0, 2 * stats::pnorm(-abs(unname(q)) / sqrt(pmax(vd, 0))),
                                      NA_real_),
                     stringsAsFactors = FALSE)
  list(statistic = if (pd) raw else if (undefined) NA_real_ else ginv,
       df = if (pd) length(q) else if (undefined) NA_integer_ else sum(pos),
       raw_statistic = raw, generalised_statistic = if (undefined) NA_real_ else ginv,
       eigenvalues = lam, positive_definite = pd, undefined = undefined,
       rank = rank, n_coefficients = length(q),
       comparisons = comp,
       reported_by = c(plm = abs(raw), stata = raw, eviews = if (pd) raw else 0),
       notes = notes)
}

hausman_robust <- function(re, robust_vcov) {
  mf <- re$model
  X <- panel_design(re$terms, mf)
  y <- as.double(mf[[1L]])
  if (!is.null(re$offset)) y <- y - re$offset
  cn <- attr(X, "names_x")
  tv <- which(!re$const_within & cn != "(Intercept)")
  if (!length(tv)) abort_input("no regressor varies within units: there is nothing to test.", arg = "re")
  icol <- match("(Intercept)", cn) - 1L
  if (is.na(icol)) icol <- -1L
  iopt <- c(3L, 0L, 0L, as.integer(re$balanced), 0L, 1L, icol)
  res <- .Call(C_panel_fit, y, X, re$unit_code, re$n_units, integer(), re$n_periods,
               iopt, panel_tolerances, as.double(re$theta), as.integer(tv - 1L))
  k <- length(cn)
  al <- as.logical(res$aliased)
  if (any(al[seq_len(k)])) abort_collinear(cn[al[seq_len(k)]])
  idx <- k + seq_along(tv)
  keep <- idx[!al[idx]]
  dropped <- cn[tv][al[idx]]
  notes <- character()
  if (length(dropped)) {
    notes <- c(notes, sprintf(paste("The unit means of %s are collinear with the other columns",
                                    "(for example year dummies in a balanced panel) and were left out."),
                              paste0('"', dropped, '"', collapse = ", ")))
  }
  n <- length(y)
  r <- res$rank
  gam <- res$coefficients[keep]
  names(gam) <- paste0("mean(", cn[tv][!al[idx]], ")")
  if (robust_vcov == "cluster") {
    G <- re$n_units
    V <- res$vcov_cluster[keep, keep, drop = FALSE] * (G / (G - 1)) * ((n - 1) / (n - r))
  } else {
    V <- res$rss / (n - r) * res$xtxinv[keep, keep, drop = FALSE]
  }
  dimnames(V) <- list(names(gam), names(gam))
  # A singular covariance of the mean terms (an exact fit; few clusters)
  # leaves the Wald statistic undefined (fuzz finding: solve() failed).
  W <- tryCatch(quad_inv(V, gam), # scaled solve (fuzz finding: x on a 1e12 scale)
                error = function(e) abort_input(sprintf(paste(
                  "the covariance matrix of the mean terms is singular (%s): the robust",
                  "test is undefined."), conditionMessage(e)), arg = "re"))
  list(statistic = W, df = length(gam), coefficients = gam, vcov = V,
       robust_vcov = robust_vcov, notes = notes)
}

hausman_conclusion <- function(p, alpha) {
  lev <- paste0(format(100 * alpha), "%")
  if (is.na(p)) {
    return(paste("The classical statistic is undefined here (the variance difference has no",
                 "positive eigenvalue); no conclusion. Use method = \"robust\"."))
  }
  if (p < alpha) {
    sprintf(paste("Reject H0 at the %s level: the unit effects appear correlated with the",
                  "regressors, so random effects are inconsistent; prefer fixed effects."), lev)
  } else {
    sprintf(paste("Do not reject H0 at the %s level: no evidence that the unit effects are",
                  "correlated with the regressors; random effects are consistent and efficient."), lev)
  }
}

#' @md
#' @rdname hausman_test
#' @param x a `coagg_hausman` result.
#' @param digits significant digits to print.
#' @export
print.coagg_hausman <- function(x, digits = max(4L, getOption("digits") - 3L), ...) {
  title <- if (x$method == "classical") {
    sprintf("Hausman test, fixed vs random effects (classical contrast; convention \"%s\")",
            x$convention)
  } else {
    sprintf("Hausman test, robust (Mundlak regression, %s Wald test)",
            if (x$robust_vcov == "cluster") "cluster-robust" else "classical")
  }
  cat(title, "\n", sep = "")
  cat("Model: ", x$data_name, "\n", sep = "")
  cat("H0: the unit effects are uncorrelated with the regressors (random effects consistent)\n\n")
  if (x$method == "classical" && isTRUE(x$undefined)) {
    cat("Chi-Sq. Statistic = NA, Chi-Sq. d.f. = NA, Prob. = NA\n")
    cat(sprintf(paste0("The classical test is undefined here: Var(b_FE) - Var(b_RE) has no positive\n",
                       "eigenvalue (eigenvalues: %s; raw quadratic form = %s).\n"),
                paste(format(x$eigenvalues, digits = 3L), collapse = " "),
                format(x$raw_statistic, digits = digits + 2L)))
    cat("Use the robust test instead: hausman_test(fe, re, method = \"robust\")\n")
  } else {
    cat(sprintf("Chi-Sq. Statistic = %s, Chi-Sq. d.f. = %d, Prob. = %s\n",
                format(x$statistic, digits = digits + 2L), as.integer(x$df), format_p(x$p_value)))
  }
  if (x$method == "classical" && !x$positive_definite && !isTRUE(x$undefined)) {
    cat(sprintf("Variance difference not positive definite: raw quadratic form = %s; eigenvalues: %s\n",
                format(x$raw_statistic, digits = digits + 2L),
                paste(format(x$eigenvalues, digits = 3L), collapse = " ")))
    cat("Robust alternative: hausman_test(fe, re, method = \"robust\")\n")
  }
  cat(strwrap(x$conclusion, prefix = "", exdent = 2L), sep = "\n")
  if (x$method == "classical") {
    cat("\nTest comparisons:\n")
    cm <- x$comparisons
    mat <- cbind(Fixed = cm$fixed, Random = cm$random, "Var(Diff.)" = cm$var_diff,
                 Prob. = cm$p_value)
    rownames(mat) <- cm$term
    print(signif(mat, digits + 2L))
  } else {
    cat("\nMean terms (gamma):\n")
    se <- sqrt(diag(x$vcov))
    mat <- cbind(Estimate = x$coefficients, "Std. Error" = se, "z" = x$coefficients / se)
    print(signif(mat, digits + 2L))
  }
  print_notes(x$notes)
  invisible(x)
}

tidy_coagg_hausman <- function(x, ...) {
  data.frame(statistic = x$statistic, p.value = x$p_value, parameter = x$df,
             method = paste("Hausman test,", x$method), stringsAsFactors = FALSE)
}

glance_coagg_hausman <- function(x, ...) tidy_coagg_hausman(x)
