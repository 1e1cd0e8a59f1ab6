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
#' @export
summary.coagg_panel <- function(object, level = 0.95, ...) {
  tab <- coef_table(object, level)
  out <- list(object = object, coefficients = tab, gof = panel_gof(object),
              dist = panel_test_dist(object))
  class(out) <- "summary.coagg_panel"
  out
}

#' @rdname coagg_panel-methods
#' @export
print.summary.coagg_panel <- function(x, digits = max(4L, getOption("digits") - 3L), ...) {
  m <- x$object
  g <- x$gof
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
  tab <- x$coefficients
  stat_name <- if (x$dist$type == "z") "z-Statistic" else "t-Statistic"
  mat <- cbind(Coefficient = tab$estimate, "Std. Error" = tab$std_error,
               tab$statistic, Prob. = tab$p_value)
  colnames(mat)[3L] <- stat_name
  rownames(mat) <- tab$term
  print_coef_matrix(mat, digits)
  if (x$dist$type == "t") {
    cat(sprintf("p-values from t(%s)\n", format(x$dist$df)))
  } else cat("p-values from the standard normal\n")

  if (m$model_type == "random") {
    cat("\nEffects specification\n")
    s2 <- m$sigma2
    tot <- s2[["id"]] + s2[["idios"]]
    eff <- rbind("Cross-section random" = c(sqrt(s2[["id"]]), s2[["id"]] / tot),
                 "Idiosyncratic random" = c(sqrt(s2[["idios"]]), s2[["idios"]] / tot))
    colnames(eff) <- c("S.D.", "Rho")
    print(signif(eff, digits + 2L))
    cat(sprintf("theta: %s\n", theta_label(m, digits)))
    if (m$convention == "stata") {
      st <- g$stata
      cat(sprintf("\nR-sq: within = %s, between = %s, overall = %s\n",
                  format_num(st[["within"]]), format_num(st[["between"]]), format_num(st[["overall"]])))
      cat(sprintf("Wald chi2(%d) = %s, Prob > chi2 = %s\n", as.integer(g$wald[["df"]]),
                  format_num(g$wald[["statistic"]]), format_p(g$wald[["p_value"]])))
    } else {
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
        cat(sprintf("Chisq: %s on %d DF, p-value: %s\n", format_num(g$wald[["statistic"]]),
                    as.integer(g$wald[["df"]]), format_p(g$wald[["p_value"]])))
      }
    }
  } else if (m$model_type == "within") {
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
    if (m$convention == "stata" && m$effect == "individual") {
      st <- g$stata
      cat(sprintf("R-sq: within = %s, between = %s, overall = %s\n",
                  format_num(st[["within"]]), format_num(st[["between"]]), format_num(st[["overall"]])))
    }
  } else {
    print_stat_pairs(c("R-squared" = g$r_squared, "Adjusted R-squared" = g$adj_r_squared,
                       "S.E. of regression" = m$sigma, "Sum squared resid" = m$rss), digits)
  }
  print_notes(m$notes)
  invisible(x)
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


print_coef_matrix <- function(mat, digits) {
  out <- cbind(format(mat[, 1L], digits = digits), format(mat[, 2L], digits = digits),
               formatC(mat[, 3L], digits = digits, format = "f"),
               formatC(mat[, 4L], digits = 4L, format = "f"))
  dimnames(out) <- dimnames(mat)
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
NULL

# broom's tidy() and glance(), registered when broom (generics) is loaded.
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

glance_coagg_panel <- function(x, ...) {
  g <- panel_gof(x)
  data.frame(r.squared = g$r_squared, adj.r.squared = g$adj_r_squared, sigma = x$sigma,
             statistic = g$wald[["statistic"]], p.value = g$wald[["p_value"]],
             df = as.integer(g$wald[["df"]]), nobs = x$n_obs, n_units = x$n_units,
             df.residual = x$df_residual,
             sigma_u = if (is.null(x$sigma2)) NA_real_ else sqrt(x$sigma2[["id"]]),
             sigma_e = if (is.null(x$sigma2)) x$sigma else sqrt(x$sigma2[["idios"]]),
             model = x$model_type, convention = x$convention, stringsAsFactors = FALSE)
}

# Register tidy() / glance() methods for the generics package (which broom
# re-exports) without depending on it: now if it is loaded, else when it is.
register_broom_methods <- function() {
  reg <- function(...) {
    ns <- asNamespace("generics")
    registerS3method("tidy", "coagg_panel", tidy_coagg_panel, envir = ns)
    registerS3method("glance", "coagg_panel", glance_coagg_panel, envir = ns)
    registerS3method("tidy", "coagg_hausman", tidy_coagg_hausman, envir = ns)
    registerS3method("glance", "coagg_hausman", glance_coagg_hausman, envir = ns)
    registerS3method("tidy", "coagg_cd", tidy_coagg_cd, envir = ns)
    registerS3method("glance", "coagg_cd", glance_coagg_cd, envir = ns)
  }
  if (isNamespaceLoaded("generics")) reg()
  setHook(packageEvent("generics", "onLoad"), reg)
  invisible(TRUE)
}
