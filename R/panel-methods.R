# Panel regression, methods: print, summary, the extractors (coef, vcov,
# confint, fitted, residuals, nobs, formula, model.frame, as.data.frame),
# predict, and broom's tidy() / glance(). Numbers and notes are formatted
# through print-utils.R.

#' Methods for panel models
#'
#' Printing, summaries and extractors for models fitted by [panel_re()],
#' [panel_fe()] and [panel_pooled()].
#'
#' `summary()` prints the coefficient table (coefficient, std. error,
#' t- or z-statistic, p-value) and, for a random-effects model, EViews'
#' "effects specification" (S.D. and rho of the cross-section and
#' idiosyncratic components), theta, and the weighted (quasi-demeaned) and
#' unweighted (original data) statistics. `fitted()` returns
#' \eqn{X\hat\beta} (plus the fixed effects in a fixed-effects model) and
#' `residuals()` the response minus the fitted values.
#'
#' @md
#' @param x,object,formula a `coagg_panel` model (`formula` is the argument name of the [stats::model.frame()] generic).
#' @param digits significant digits to print.
#' @param parm coefficients (names or positions); all by default.
#' @param level confidence level.
#' @param newdata a data frame with the regressors, of the types they had in
#'   the fit (and the variables of any `offset()`, and, for `effects = TRUE`,
#'   the unit column `index[1]`); `NULL` for the fitted values. A missing
#'   variable, a numeric regressor given as text, or an infinite value is an
#'   error; a missing value gives an `NA` prediction.
#' @param effects add the unit effect of each row's unit: the fixed effect
#'   (default for fixed-effects models) or the predicted random effect (see
#'   [random_effects()]); rows of units not in the estimation sample get `NA`.
#' @param row.names,optional ignored (for the generic).
#' @param ... unused.
#' @return `summary()` an object of class `summary.coagg_panel`;
#'   `as.data.frame()` the coefficient table with columns `term`, `estimate`,
#'   `std_error`, `statistic`, `p_value`, `conf_low`, `conf_high`; the
#'   extractors what their generics return.
#' @name coagg_panel-methods
#' @examples
#' set.seed(5)
#' d <- data.frame(id = rep(1:12, each = 5), t = rep(1:5, 12), x = rnorm(60))
#' d$y <- 1 + d$x + rep(rnorm(12), each = 5) + rnorm(60)
#' m <- panel_re(y ~ x, d, index = c("id", "t"), convention = "plm")
#' m
#' confint(m)
#' as.data.frame(m)
#' predict(m, newdata = data.frame(x = c(0, 1)))
NULL

#' @rdname coagg_panel-methods
#' @export
print.coagg_panel <- function(x, digits = max(4L, getOption("digits") - 3L), ...) {
  cat(panel_title(x), "\n", sep = "")
  cat(sprintf("%d observations, %d units (%s panel)\n", x$n_obs, x$n_units,
              if (x$balanced) "balanced" else "unbalanced"))
  cat("\nCoefficients:\n")
  print.default(format(x$coefficients, digits = digits), print.gap = 2L, quote = FALSE)
  if (x$model_type == "random") {
    cat(sprintf("\nsigma_u = %s, sigma_e = %s, theta = %s\n",
                format(sqrt(x$sigma2[["id"]]), digits = digits),
                format(sqrt(x$sigma2[["idios"]]), digits = digits), theta_label(x, digits)))
  }
  print_notes(x$notes)
  invisible(x)
}

panel_title <- function(x) {
  what <- switch(x$model_type,
                 random = sprintf("Random-effects GLS (%s variance components)",
                                  method_label(x$re_method)),
                 within = sprintf("Fixed-effects (within) regression, %s effects",
                                  if (x$effect == "twoways") "unit and period" else "unit"),
                 pooling = "Pooled OLS")
  sprintf("%s; convention \"%s\"", what, x$convention)
}

method_label <- function(m) {
  switch(m, "swamy-arora" = "Swamy-Arora", "wallace-hussain" = "Wallace-Hussain",
         amemiya = "Amemiya / Wansbeek-Kapteyn", nerlove = "Nerlove", m)
}

theta_label <- function(x, digits = 4L) {
  th <- x$theta
  if (length(unique(round(th, 12))) == 1L) return(format(th[[1L]], digits = digits))
  q <- stats::quantile(th, c(0, 0.5, 1), names = FALSE)
  sprintf("min %s / median %s / max %s", format(q[1], digits = digits),
          format(q[2], digits = digits), format(q[3], digits = digits))
}

#' @rdname coagg_panel-methods
#' @param stars print significance stars beside the p-values (`summary()`
#'   stores the choice; `print()` of the summary may override it).
#' @param star_levels the p-value thresholds of one, two and three stars.
#' @export
summary.coagg_panel <- function(object, level = 0.95, stars = FALSE,
                                star_levels = c(0.1, 0.05, 0.01), ...) {
  check_dots_empty(...)
  check_flag(stars, "stars")
  star_levels <- check_star_levels(star_levels)
  tab <- coef_table(object, level)
  dist <- panel_test_dist(object)
  z <- dist$type == "z"
  mat <- cbind(tab$estimate, tab$std_error, tab$statistic, tab$p_value)
  dimnames(mat) <- list(tab$term, c("Estimate", "Std. Error", if (z) "z value" else "t value",
                                    if (z) "Pr(>|z|)" else "Pr(>|t|)"))
  ci <- cbind(tab$conf_low, tab$conf_high)
  dimnames(ci) <- list(tab$term, c("conf_low", "conf_high"))
  gof <- panel_gof(object)
  out <- list(object = object, coefficients = mat, conf_int = ci, level = level, gof = gof,
              headline = panel_headline(object, gof), dist = dist, stars = stars,
              star_levels = star_levels)
  class(out) <- "summary.coagg_panel"
  out
}

#' @rdname coagg_panel-methods
#' @export
print.summary.coagg_panel <- function(x, digits = max(4L, getOption("digits") - 3L),
                                      stars = x$stars, star_levels = x$star_levels, ...) {
  check_flag(stars, "stars")
  star_levels <- check_star_levels(star_levels)
  m <- x$object
  cat(panel_title(m), "\n", sep = "")
  cat("Call: ", paste(deparse(m$call, width.cutoff = 70L), collapse = "\n  "), "\n", sep = "")
  cat(sprintf("Dependent variable: %s\n", deparse(m$formula[[2L]])))
  if (!is.null(m$offset)) {
    offs <- vapply(attr(m$terms, "offset"), function(i) names(m$model)[i], "")
    cat(sprintf("Offset (coefficient fixed at 1): %s\n", paste(offs, collapse = " + ")))
  }
  cat(sprintf("Cross-sections included: %d; periods: %d; total panel (%s) observations: %d\n",
              m$n_units, m$n_periods, if (m$balanced) "balanced" else "unbalanced", m$n_obs))
  if (!is.null(m$na_action)) cat(sprintf("Rows dropped for missing values: %d\n", length(m$na_action)))
  cat(sprintf("Coefficient covariance: %s\n", vcov_label(m)))
  cat("\n")
  mat <- x$coefficients
  colnames(mat) <- c("Coefficient", "Std. Error",
                     if (x$dist$type == "z") "z-Statistic" else "t-Statistic", "Prob.")
  print_coef_matrix(mat, digits, if (stars) star_levels else NULL)
  if (x$dist$type == "t") {
    cat(sprintf("p-values from t(%s)\n", format(x$dist$df)))
  } else cat("p-values from the standard normal\n")
  if (stars) cat(sprintf("Signif.: %s\n", stars_legend(star_levels)))
  switch(m$model_type,
         random = print_gof_random(m, x$gof, x$headline, digits),
         within = print_gof_within(m, x$gof, x$headline, digits),
         pooling = print_gof_pooled(m, x$gof, x$headline, digits))
  print_notes(m$notes)
  invisible(x)
}

print_gof_random <- function(m, g, h, digits) {
  cat("\nEffects specification\n")
  s2 <- m$sigma2
  tot <- s2[["id"]] + s2[["idios"]]
  eff <- rbind("Cross-section random" = c(sqrt(s2[["id"]]), s2[["id"]] / tot),
               "Idiosyncratic random" = c(sqrt(s2[["idios"]]), s2[["idios"]] / tot))
  colnames(eff) <- c("S.D.", "Rho")
  print(signif(eff, digits + 2L))
  cat(sprintf("theta: %s\n", theta_label(m, digits)))
  if (m$convention == "stata") {
    print_stata_r2(g$stata)
    print_wald_chisq(h, "stata")
    return(invisible())
  }
  w <- g$weighted
  u <- g$unweighted
  cat("\nWeighted statistics\n")
  print_stat_pairs(c("R-squared" = w[["r_squared"]],
                     "Adjusted R-squared" = w[["adj_r_squared"]],
                     "S.E. of regression" = w[["se_regression"]],
                     "F-statistic" = w[["f_statistic"]],
                     "Prob(F-statistic)" = w[["f_p_value"]],
                     "Mean dependent var" = w[["mean_dependent"]],
                     "S.D. dependent var" = w[["sd_dependent"]],
                     "Sum squared resid" = w[["ssr"]]), digits)
  cat("\nUnweighted statistics\n")
  print_stat_pairs(c("R-squared" = u[["r_squared"]],
                     "Sum squared resid" = u[["ssr"]],
                     "Mean dependent var" = u[["mean_dependent"]]), digits)
  if (m$convention == "plm") {
    cat(sprintf("\nplm R-squared (squared correlation, quasi-demeaned data): %s; adjusted: %s\n",
                format_num(g$r_squared), format_num(g$adj_r_squared)))
    print_wald_chisq(h, "plm")
  }
  invisible()
}

print_gof_within <- function(m, g, h, digits) {
  cat("\nEffects specification\n")
  cat(sprintf("Cross-section fixed (%d units)%s\n", m$n_units,
              if (m$effect == "twoways") sprintf("; period fixed (%d periods)", m$n_periods) else ""))
  l <- g$lsdv
  print_stat_pairs(c("R-squared (dummy-variable regression)" = l[["r_squared"]],
                     "Adjusted R-squared" = l[["adj_r_squared"]],
                     "S.E. of regression" = m$sigma,
                     "Sum squared resid" = m$rss,
                     "F-statistic (all effects and slopes)" = l[["f_statistic"]],
                     "Prob(F-statistic)" = l[["f_p_value"]],
                     "R-squared within" = g$r2_within), digits)
  if (m$convention == "plm") {
    cat(sprintf("\nplm: R-squared (within) %s; adjusted: %s\n", format_num(h$r_squared),
                format_num(h$adj_r_squared)))
    print_wald_f(h, "plm")
  } else if (m$convention == "stata") {
    if (m$effect == "individual") print_stata_r2(g$stata) else cat("\n")
    print_wald_f(h, "stata")
  }
  invisible()
}

print_gof_pooled <- function(m, g, h, digits) {
  cat("\n")
  print_stat_pairs(c("R-squared" = g$r_squared, "Adjusted R-squared" = g$adj_r_squared,
                     "S.E. of regression" = m$sigma, "Sum squared resid" = m$rss), digits)
  if (m$convention == "eviews") {
    print_stat_pairs(c("F-statistic" = h$statistic, "Prob(F-statistic)" = h$p_value), digits)
  } else print_wald_f(h, m$convention)
  invisible()
}

print_stata_r2 <- function(st) {
  cat(sprintf("\nR-sq: within = %s, between = %s, overall = %s\n", format_num(st[["within"]]),
              format_num(st[["between"]]), format_num(st[["overall"]])))
}

# The Wald test of the slopes as plm and Stata print it.
print_wald_chisq <- function(h, convention) {
  if (convention == "stata") {
    cat(sprintf("Wald chi2(%d) = %s, Prob > chi2 = %s\n", as.integer(h$df1),
                format_num(h$statistic), format_p(h$p_value)))
  } else {
    cat(sprintf("Chisq: %s on %d DF, p-value: %s\n", format_num(h$statistic),
                as.integer(h$df1), format_p(h$p_value)))
  }
}

print_wald_f <- function(h, convention) {
  if (convention == "stata") {
    cat(sprintf("F(%d, %s) = %s, Prob > F = %s\n", as.integer(h$df1), format(h$df2),
                format_num(h$statistic), format_p(h$p_value)))
  } else {
    cat(sprintf("F-statistic (slopes): %s on %d and %s DF, p-value: %s\n", format_num(h$statistic),
                as.integer(h$df1), format(h$df2), format_p(h$p_value)))
  }
}

vcov_label <- function(m) {
  set <- m$settings
  adj <- function() switch(set$vcov_adjust, none = "no small-sample factor",
                           sss = "plm's \"sss\" factors", stata = "Stata's factor")
  if (m$vcov_type == "driscoll-kraay") {
    return(sprintf("Driscoll-Kraay (Bartlett kernel, maximum lag %d; %d periods), %s",
                   set$vcov_lag, m$n_periods, adj()))
  }
  if (m$vcov_type == "twoway") {
    return(sprintf("clustered by unit and period (%d and %d clusters), %s", m$n_units,
                   m$n_periods, adj()))
  }
  if (m$vcov_type == "cluster") {
    return(sprintf("cluster-robust by unit (%d clusters, CR1: G/(G-1) (n-1)/(n-K))", m$n_units))
  }
  if (m$model_type == "random") {
    if (m$convention == "eviews") "classical, sigma2_e (X*'X*)^-1 (EViews)" else
      "classical, s^2 (X*'X*)^-1 with s^2 = SSR*/(n - K)"
  } else "classical"
}


print_coef_matrix <- function(mat, digits, star_levels = NULL) {
  out <- cbind(format(mat[, 1L], digits = digits), format(mat[, 2L], digits = digits),
               formatC(mat[, 3L], digits = digits, format = "f"),
               formatC(mat[, 4L], digits = 4L, format = "f"))
  dimnames(out) <- dimnames(mat)
  if (!is.null(star_levels)) {
    out <- cbind(out, " " = formatC(format_stars(mat[, 4L], star_levels), width = -3L))
  }
  print(out, quote = FALSE, right = TRUE)
}

print_stat_pairs <- function(v, digits) {
  w <- max(nchar(names(v)))
  for (i in seq_along(v)) {
    cat(formatC(names(v)[i], width = -w), "  ", format(v[[i]], digits = digits + 2L), "\n", sep = "")
  }
}

#' @rdname coagg_panel-methods
#' @export
coef.coagg_panel <- function(object, ...) object$coefficients

#' @rdname coagg_panel-methods
#' @export
vcov.coagg_panel <- function(object, ...) object$vcov

#' @rdname coagg_panel-methods
#' @export
confint.coagg_panel <- function(object, parm, level = 0.95, ...) {
  tab <- coef_table(object, level)
  ci <- cbind(tab$conf_low, tab$conf_high)
  pct <- paste(format(100 * c((1 - level) / 2, 1 - (1 - level) / 2), trim = TRUE,
                      scientific = FALSE, digits = 3L), "%")
  dimnames(ci) <- list(tab$term, pct)
  if (!missing(parm)) ci <- ci[parm, , drop = FALSE]
  ci
}

#' @rdname coagg_panel-methods
#' @export
fitted.coagg_panel <- function(object, ...) object$fitted.values

#' @rdname coagg_panel-methods
#' @export
residuals.coagg_panel <- function(object, ...) object$residuals

#' @rdname coagg_panel-methods
#' @export
nobs.coagg_panel <- function(object, ...) object$n_obs

#' @rdname coagg_panel-methods
#' @export
formula.coagg_panel <- function(x, ...) x$formula

#' @rdname coagg_panel-methods
#' @export
model.frame.coagg_panel <- function(formula, ...) formula$model

#' @rdname coagg_panel-methods
#' @export
as.data.frame.coagg_panel <- function(x, row.names = NULL, optional = FALSE, ...) {
  coef_table(x)
}

#' @rdname coagg_panel-methods
#' @export
predict.coagg_panel <- function(object, newdata = NULL, effects = object$model_type == "within", ...) {
  check_flag(effects, "effects")
  fe <- object$model_type == "within"
  if (fe && object$effect == "twoways") {
    if (is.null(newdata)) return(object$fitted.values)
    abort_input("predictions from a two-way fixed-effects model need its period effects, which are not stored.",
                arg = "newdata")
  }
  if (effects && object$model_type == "pooling") {
    abort_input("a pooled model has no unit effects.", arg = "effects")
  }
  if (effects && fe && is.null(object$unit_effects)) {
    abort_input("two-way fixed-effects models store no unit effects; use effects = FALSE.",
                arg = "effects")
  }
  unit_eff <- function() {
    if (fe) object$unit_effects else {
      re <- random_effects(object)
      stats::setNames(re$effect, as.character(re[[1L]]))
    }
  }
  if (is.null(newdata)) {
    if (fe && !effects) return(object$fitted.values - unit_eff()[object$unit_code + 1L] +
                                 object$overall_intercept)
    if (!fe && effects) return(object$fitted.values + unit_eff()[object$unit_code + 1L])
    return(object$fitted.values)
  }
  check_data_frame(newdata, "newdata")
  newdata <- panel_data_index(newdata, object$index, "newdata", "newdata")$data
  tt <- stats::delete.response(object$terms)
  for (v in all.vars(tt)) get_column(newdata, v, "newdata", "newdata")
  newdata <- plain_model_columns(tt, newdata, "newdata")
  mf <- tryCatch(stats::model.frame(tt, newdata, na.action = stats::na.pass,
                                    xlev = object$xlevels),
                 error = function(e) abort_input(sprintf("the model frame cannot be built: %s",
                                                         conditionMessage(e)), arg = "newdata"))
  check_newdata_frame(mf, object, newdata)
  X <- stats::model.matrix(tt, mf, contrasts.arg = object$contrasts)
  b <- object$coefficients
  need <- if (fe) setdiff(names(b), "(Intercept)") else names(b)
  absent <- setdiff(need, colnames(X))
  if (length(absent)) {
    abort_input(sprintf(paste('the model matrix built from `newdata` has no column for the',
                              'coefficient "%s"; `newdata` must hold the regressors with the',
                              'types they had when the model was fitted.'), absent[1L]),
                arg = "newdata", column = absent[1L])
  }
  pred <- drop(X[, need, drop = FALSE] %*% b[need])
  off <- stats::model.offset(mf)
  if (!is.null(off)) pred <- pred + off
  if (effects) {
    ids <- check_key_column(newdata, object$index[1L], "newdata", "newdata", allow_na = TRUE)
    eff <- unit_eff()
    pred <- pred + unname(eff[match(as.character(ids), names(eff))])
  } else if (fe) {
    pred <- pred + object$overall_intercept
  }
  unname(pred)
}

# The checks fitting applies to the regressors, applied to `newdata`: each
# variable must have the type it had in the fit (numeric stays numeric; a
# factor may come as a factor or as character), and be finite. Missing
# values give NA predictions.
check_newdata_frame <- function(mf, object, newdata) {
  fit_mf <- object$model
  for (nm in names(mf)) {
    col <- mf[[nm]]
    src <- if (nm %in% names(newdata)) nm else NULL
    was <- fit_mf[[nm]]
    if (is.null(was)) next
    was_num <- is.numeric(was) || is.logical(was)
    if (was_num && !(is.numeric(col) || is.logical(col))) {
      abort_input(sprintf(paste('"%s" is %s in `newdata` but was numeric when the model was',
                                'fitted; convert it with as.numeric().'), nm, class(col)[1L]),
                  arg = "newdata", column = src)
    }
    if (is.numeric(col) && has_infinite(col)) {
      row <- which(is.infinite(col))[1L]
      abort_input(sprintf('"%s" has a non-finite value (%s) at row %d.', nm, format(col[row]), row),
                  arg = "newdata", column = src, row = row)
    }
  }
  invisible(TRUE)
}

#' @importFrom stats coef vcov confint fitted residuals nobs formula model.frame predict
#' @importFrom stats df.residual logLik model.matrix terms
NULL

#' @rdname coagg_panel-methods
#' @export
df.residual.coagg_panel <- function(object, ...) {
  d <- panel_test_dist(object)
  if (d$type == "z") Inf else d$df
}

#' @rdname coagg_panel-methods
#' @export
terms.coagg_panel <- function(x, ...) x$terms

#' @rdname coagg_panel-methods
#' @export
model.matrix.coagg_panel <- function(object, ...) {
  X <- stats::model.matrix(object$terms, object$model, contrasts.arg = object$contrasts)
  attr(X, "assign") <- NULL
  attr(X, "contrasts") <- NULL
  X
}

#' @rdname coagg_panel-methods
#' @export
logLik.coagg_panel <- function(object, ...) {
  n <- object$n_obs
  if (object$model_type == "random") {
    s2 <- object$sigma2
    val <- re_gaussian_loglik(object$residuals, object$unit_code, s2[["idios"]], s2[["id"]])
    df <- length(object$coefficients) + 2L
  } else {
    rss <- object$rss
    val <- if (rss > 0) -n / 2 * (log(2 * pi) + log(rss / n) + 1) else NA_real_
    # the parameters of the dummy-variable regression (every unit and period
    # effect; EViews' and Stata's overall intercept is not one more) and sigma
    df <- n - object$df_residual + 1L
  }
  structure(val, df = as.integer(df), nobs = n, class = "logLik")
}

# The Gaussian log-likelihood of the one-way error-components model
# y_i = X_i b + u_i + e_i at residuals e = y - X b and variances (s2e, s2u):
# Omega_i = s2e I + s2u J, log|Omega_i| = (T_i - 1) log s2e + log(s2e + T_i s2u),
# e_i' Omega_i^-1 e_i = (e_i'e_i - T_i s2u / (s2e + T_i s2u) T_i ebar_i^2) / s2e.
re_gaussian_loglik <- function(resid, unit_code, s2e, s2u) {
  if (!(s2e > 0) || !(s2u >= 0)) return(NA_real_)
  t_i <- tabulate(unit_code + 1L)
  ss <- as.vector(rowsum(resid^2, unit_code + 1L, reorder = TRUE))
  sm <- as.vector(rowsum(resid, unit_code + 1L, reorder = TRUE))
  lam <- s2e + t_i * s2u
  quad <- (ss - s2u / lam * sm^2) / s2e
  -0.5 * sum(t_i * log(2 * pi) + (t_i - 1) * log(s2e) + log(lam) + quad)
}

# ---------------------------------------------------------------------------
# plot
# ---------------------------------------------------------------------------

#' @rdname coagg_panel-methods
#' @param which `plot()`: `"coefficients"` (the estimates with their
#'   confidence intervals at `level`, from the model's covariance and the
#'   summary's t or normal distribution) or `"residuals"` (residuals against
#'   fitted values, with a smooth).
#' @param intercept `plot()`: include the intercept among the coefficients
#'   (it is usually on another scale).
#' @param main plot title (a default is made from the model).
#' @return `plot()`: the data it drew, invisibly: for the coefficients
#'   `term`, `estimate`, `conf_low`, `conf_high`, `level`; for the
#'   residuals `fitted`, `residual` and the unit.
#' @export
plot.coagg_panel <- function(x, which = c("coefficients", "residuals"), level = 0.95,
                             intercept = FALSE, main = NULL, ...) {
  check_dots_empty(..., foreign = plot_foreign)
  which <- check_choice(which, c("coefficients", "residuals"), "which")
  check_number(level, "level", lower = 0, upper = 1, inclusive = FALSE)
  check_flag(intercept, "intercept")
  if (which == "residuals") {
    d <- data.frame(unit = as.character(x$unit_levels)[x$unit_code + 1L],
                    fitted = unname(x$fitted.values), residual = unname(x$residuals),
                    stringsAsFactors = FALSE)
    if (is.null(main)) main <- sprintf("Residuals against fitted values: %s", model_label(x))
    draw_residuals(d$fitted, d$residual, main,
                   if (x$model_type == "within") "fitted (with the fixed effects)" else "fitted")
    return(invisible(d))
  }
  tab <- coef_table(x, level)
  if (!intercept) tab <- tab[tab$term != "(Intercept)", , drop = FALSE]
  if (!nrow(tab)) abort_input("the model has no coefficient besides the intercept to plot.",
                              arg = "intercept")
  d <- data.frame(term = tab$term, estimate = tab$estimate, conf_low = tab$conf_low,
                  conf_high = tab$conf_high, level = level, stringsAsFactors = FALSE)
  dist <- panel_test_dist(x)
  if (is.null(main)) main <- sprintf("%s: coefficients, %s%% intervals", model_label(x),
                                     format(100 * level))
  draw_intervals(d$term, d$estimate, d$conf_low, d$conf_high, main = main,
                 xlab = sprintf("estimate (interval: %s; vcov %s)",
                                if (dist$type == "z") "normal" else sprintf("t(%s)", format(dist$df)),
                                x$vcov_type))
  invisible(d)
}

# Residuals against fitted values with a lowess smooth and a zero line.
draw_residuals <- function(fitted, resid, main, xlab) {
  op <- graphics::par(mar = c(4.2, 4.2, 3.2, 1.2))
  on.exit(graphics::par(op))
  graphics::plot(fitted, resid, pch = 19, cex = 0.6, col = grDevices::adjustcolor("grey20", 0.6),
                 xlab = xlab, ylab = "residual", main = main, las = 1, cex.main = 1,
                 cex.axis = 0.8)
  graphics::abline(h = 0, lty = 2, col = "grey50")
  ok <- is.finite(fitted) & is.finite(resid)
  if (sum(ok) > 3L) graphics::lines(stats::lowess(fitted[ok], resid[ok]), col = "#D6604D", lwd = 1.5)
  invisible()
}

# ---------------------------------------------------------------------------
# broom: tidy(), glance(), augment() (registered in R/coagg-package.R)
# ---------------------------------------------------------------------------

tidy_coagg_panel <- function(x, conf.int = FALSE, conf.level = 0.95, ...) {
  tab <- coef_table(x, conf.level)
  out <- data.frame(term = tab$term, estimate = tab$estimate, std.error = tab$std_error,
                    statistic = tab$statistic, p.value = tab$p_value,
                    stringsAsFactors = FALSE)
  if (conf.int) {
    out$conf.low <- tab$conf_low
    out$conf.high <- tab$conf_high
  }
  out
}

# One row: the headline statistics summary() prints under the model's
# convention (panel_headline()), the other R-squared, the counts, the
# variance components and the likelihood where it is defined.
glance_coagg_panel <- function(x, ...) {
  g <- panel_gof(x)
  h <- panel_headline(x, g)
  ll <- logLik.coagg_panel(x)
  k_ll <- attr(ll, "df")
  stata <- x$convention == "stata"
  r2w <- if (x$model_type == "within") g$r2_within else if (stata) g$stata[["within"]] else NA_real_
  data.frame(
    r.squared = h$r_squared, adj.r.squared = h$adj_r_squared, r.squared.kind = h$r_squared_kind,
    within.r.squared = r2w,
    between.r.squared = if (stata && x$model_type != "pooling") g$stata[["between"]] else NA_real_,
    overall.r.squared = if (stata && x$model_type != "pooling") g$stata[["overall"]] else NA_real_,
    unweighted.r.squared = if (x$model_type == "random" && !stata)
      g$unweighted[["r_squared"]] else NA_real_,
    statistic = h$statistic, statistic.kind = h$statistic_kind, p.value = h$p_value,
    df = h$df1, df.residual = df.residual.coagg_panel(x), sigma = x$sigma,
    sigma_u = if (is.null(x$sigma2)) NA_real_ else sqrt(x$sigma2[["id"]]),
    sigma_e = if (is.null(x$sigma2)) x$sigma else sqrt(x$sigma2[["idios"]]),
    logLik = as.numeric(ll), AIC = -2 * as.numeric(ll) + 2 * k_ll,
    BIC = -2 * as.numeric(ll) + log(x$n_obs) * k_ll,
    nobs = x$n_obs, n_units = x$n_units, n_periods = x$n_periods,
    model = x$model_type, convention = x$convention, vcov = x$vcov_type,
    stringsAsFactors = FALSE)
}

# The rows used, with their keys, the model frame's columns and .fitted /
# .resid; with `newdata`, its rows with .fitted (predict()).
augment_coagg_panel <- function(x, data = NULL, newdata = NULL, ...) {
  if (!is.null(newdata)) {
    out <- as.data.frame(newdata)
    out$.fitted <- predict.coagg_panel(x, newdata = newdata)
    return(out)
  }
  keys <- data.frame(as.character(x$unit_levels)[x$unit_code + 1L],
                     as.character(x$time_levels)[x$time_code + 1L], stringsAsFactors = FALSE)
  names(keys) <- x$index
  if (is.null(data)) {
    mf <- x$model
    attr(mf, "terms") <- NULL
    out <- cbind(keys, as.data.frame(lapply(mf, function(v) if (is.matrix(v)) v else unclass(v)),
                                     optional = TRUE, stringsAsFactors = FALSE))
    out <- out[!duplicated(names(out))]
  } else {
    data <- as.data.frame(data)
    dropped <- if (is.null(x$na_action)) integer() else as.integer(x$na_action)
    if (nrow(data) != x$n_obs + length(dropped)) {
      abort_input(sprintf(paste("has %d rows; the model was fitted to %d rows (%d used, %d dropped",
                                "for missing values): give the data it was fitted to."),
                          nrow(data), x$n_obs + length(dropped), x$n_obs, length(dropped)),
                  arg = "data")
    }
    out <- if (length(dropped)) data[-dropped, , drop = FALSE] else data
  }
  rownames(out) <- NULL
  out$.fitted <- unname(x$fitted.values)
  out$.resid <- unname(x$residuals)
  out
}

# ---------------------------------------------------------------------------
# The unit effects of random_effects()
# ---------------------------------------------------------------------------

#' @rdname random_effects
#' @export
print.coagg_unit_effects <- function(x, n = 20L, ...) {
  s <- attr(x, "settings")
  if (is.null(s)) return(print(as.data.frame(x)))
  cat(sprintf("Predicted random effects (BLUP) of %d units (%s); response %s\n", nrow(x),
              s$unit, s$response))
  cat(sprintf("  sigma_u = %s, sigma_e = %s (%s components, convention \"%s\")\n",
              format_num(sqrt(s$sigma2[["id"]]), 5L), format_num(sqrt(s$sigma2[["idios"]]), 5L),
              method_label(s$re_method), s$convention))
  cat("  std_error = sqrt(sigma_u^2 (1 - shrinkage)), with beta and the variances taken as known\n\n")
  print_table(x, n, 5L)
  invisible(x)
}

#' @rdname random_effects
#' @export
as.data.frame.coagg_unit_effects <- function(x, row.names = NULL, optional = FALSE, ...) {
  attr(x, "settings") <- NULL
  class(x) <- "data.frame"
  x
}

#' @export
`[.coagg_unit_effects` <- function(x, ...) {
  out <- NextMethod()
  if (is.data.frame(out)) {
    attr(out, "settings") <- NULL
    class(out) <- "data.frame"
  }
  out
}

#' @rdname random_effects
#' @export
plot.coagg_unit_effects <- function(x, level = 0.95, order = c("effect", "unit"), main = NULL,
                                    ...) {
  check_dots_empty(..., foreign = plot_foreign)
  check_number(level, "level", lower = 0, upper = 1, inclusive = FALSE)
  order <- check_choice(order, c("effect", "unit"), "order")
  d <- unit_effect_intervals(x, level)
  if (order == "effect") d <- d[order(-d$estimate), , drop = FALSE]
  rownames(d) <- NULL
  s <- attr(x, "settings")
  if (is.null(main)) {
    main <- sprintf("Predicted unit effects (BLUP) with %s%% intervals", format(100 * level))
  }
  draw_intervals(d$unit, d$estimate, d$conf_low, d$conf_high, main = main,
                 xlab = "effect +/- z sqrt(sigma_u^2 (1 - shrinkage)) (beta taken as known)")
  invisible(d)
}

unit_effect_intervals <- function(x, level) {
  q <- stats::qnorm(1 - (1 - level) / 2)
  data.frame(unit = as.character(x[[1L]]), estimate = x$effect,
             conf_low = x$effect - q * x$std_error, conf_high = x$effect + q * x$std_error,
             level = level, stringsAsFactors = FALSE)
}

tidy_coagg_unit_effects <- function(x, conf.int = FALSE, conf.level = 0.95, ...) {
  d <- unit_effect_intervals(x, conf.level)
  out <- data.frame(term = d$unit, estimate = d$estimate, std.error = x$std_error,
                    t_i = x$t_i, shrinkage = x$shrinkage, stringsAsFactors = FALSE)
  if (conf.int) {
    out$conf.low <- d$conf_low
    out$conf.high <- d$conf_high
  }
  out
}

glance_coagg_unit_effects <- function(x, ...) {
  s <- attr(x, "settings")
  data.frame(n_units = nrow(x), sigma_u = sqrt(s$sigma2[["id"]]),
             sigma_e = sqrt(s$sigma2[["idios"]]), mean_shrinkage = mean(x$shrinkage),
             re_method = s$re_method, convention = s$convention, stringsAsFactors = FALSE)
}

# ---------------------------------------------------------------------------
# texreg (registered in R/coagg-package.R when texreg loads)
# ---------------------------------------------------------------------------

# texreg's extract(): the coefficients, standard errors and p-values of the
# summary, and the goodness of fit glance() gives (the convention's
# headline R-squared and test, the counts).
extract_coagg_panel <- function(model, include.rsquared = TRUE, include.adjrs = TRUE,
                                include.nobs = TRUE, include.units = TRUE,
                                include.statistic = FALSE, ...) {
  tab <- coef_table(model)
  gl <- glance_coagg_panel(model)
  gn <- character()
  gv <- numeric()
  gd <- logical()
  add <- function(name, value, decimal) {
    if (length(value) == 1L && !is.na(value)) {
      gn <<- c(gn, name)
      gv <<- c(gv, value)
      gd <<- c(gd, decimal)
    }
  }
  if (include.rsquared) add(gl$r.squared.kind, gl$r.squared, TRUE)
  if (include.adjrs) add("Adj. R-squared", gl$adj.r.squared, TRUE)
  if (include.nobs) add("Num. obs.", gl$nobs, FALSE)
  if (include.units) {
    add("Units", gl$n_units, FALSE)
    add("Periods", gl$n_periods, FALSE)
  }
  if (include.statistic) add(if (gl$statistic.kind == "F") "F statistic" else "Wald chi2",
                             gl$statistic, TRUE)
  create <- getExportedValue("texreg", "createTexreg")
  create(coef.names = tab$term, coef = tab$estimate, se = tab$std_error, pvalues = tab$p_value,
         gof.names = gn, gof = gv, gof.decimal = gd)
}
