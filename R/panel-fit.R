# Panel regression, the fit: the one .Call to the kernel (src/panel_gls.c),
# the one place where what the kernel found (a status code, aliased or
# time-invariant columns, variance components, a scale beyond double
# precision) becomes a condition, and the object builder.

# Tolerances of the kernel: lm's rank tolerance, and the safety factor of the
# time-invariance test (a multiple of the rounding error of a unit mean; see
# src/panel_design.c).
panel_tolerances <- c(rank = 1e-7, time_invariant = 8)

panel_model_codes <- c(pooling = 0L, within = 1L, random = 2L, mundlak = 3L)

# The kernel: y, the design X (a list of columns, NULL for the intercept),
# 0-based unit codes, period codes (integer(0) unless needed: two-way
# effects, Driscoll-Kraay and two-way clustering) and the options by name.
# `robust`: "none", "driscoll-kraay" (lag `dk_lag`) or "twoway" (the
# kernel's sandwiches by unit, by period and White's);
# `intercept_scores`: they also carry the scores of a column of ones (the
# intercept EViews and Stata report with fixed effects).
panel_kernel <- function(y, X, unit_code, time_code, model, n_units, n_periods, balanced,
                         icol, re_method = NA_character_, stata = FALSE, twoways = FALSE,
                         cluster = FALSE, theta = NULL, mean_columns = NULL,
                         robust = "none", dk_lag = 0L, intercept_scores = FALSE) {
  opts <- list(model = panel_model_codes[[model]],
               re_method = if (is.na(re_method)) 0L else match(re_method, re_methods) - 1L,
               stata_components = as.integer(stata), balanced = as.integer(balanced),
               twoways = as.integer(twoways), cluster = as.integer(cluster),
               robust = c(none = 0L, "driscoll-kraay" = 1L, twoway = 2L)[[robust]],
               dk_lag = as.integer(dk_lag), intercept_scores = as.integer(intercept_scores),
               intercept = as.integer(icol), n_units = as.integer(n_units),
               n_periods = as.integer(n_periods),
               tol_rank = panel_tolerances[["rank"]],
               tol_time_invariant = panel_tolerances[["time_invariant"]])
  if (!is.null(theta)) opts$theta <- as.double(theta)
  if (!is.null(mean_columns)) opts$mean_columns <- as.integer(mean_columns)
  .Call(C_panel_fit, y, X, unit_code, time_code, opts)
}

# Fit a model described by panel_spec() (panel-model.R) and build the object.
panel_fit <- function(spec) {
  set <- spec$settings
  twoways <- spec$model_type == "within" && set$effect == "twoways"
  robust <- if (set$vcov %in% c("driscoll-kraay", "twoway")) set$vcov else "none"
  if (robust == "driscoll-kraay") set$vcov_lag <- dk_lag_rule(set, spec)
  res <- panel_kernel(spec$y_fit, spec$X, spec$idc$code,
                      if (twoways || robust != "none") spec$tmc$code else integer(),
                      spec$model_type, spec$n_units, spec$n_periods, spec$balanced, spec$icol,
                      re_method = set$re_method, stata = set$convention == "stata",
                      twoways = twoways, cluster = set$vcov == "cluster", robust = robust,
                      dk_lag = if (robust == "driscoll-kraay") set$vcov_lag else 0L,
                      intercept_scores = robust != "none" && fe_reports_intercept(spec))
  spec$settings <- set
  fit <- panel_fit_conditions(res, spec)
  build_panel_object(res, spec, fit)
}

# What the kernel found, as conditions: errors for what makes the model
# unestimable (a status code, no within degrees of freedom, perfectly
# collinear regressors, nothing left to estimate, variances beyond double
# precision, variance components that cannot be estimated), caveats (a
# coagg_warning, recorded in the notes) for what the fit worked around.
# Returns list(keep = the columns of X estimated, notes).
panel_fit_conditions <- function(res, spec) {
  set <- spec$settings
  index <- spec$index
  status <- res$status
  if (identical(status, 1L)) {
    abort_input(sprintf(paste("the Swamy-Arora between regression has %d coefficients but only",
                              "%d units, which leaves no degrees of freedom for sigma2_u; use",
                              "another `re_method`."), res$info[1L], res$info[2L]),
                arg = "re_method")
  }
  if (identical(status, 2L)) {
    abort_input(sprintf(paste('the within regression has no residual degrees of freedom: the',
                              '%d observations beyond the first of each unit (column "%s")',
                              'are used up by %d regressors that vary within units, and the',
                              '%s variance components need its residuals. Use more periods',
                              'per unit, fewer regressors, or re_method = "wallace-hussain".'),
                        res$info[1L], index[1L], res$info[2L], method_label(set$re_method)),
                arg = "index", column = index[1L])
  }
  if (!identical(status, 0L)) abort_internal(sprintf("unknown status %s from the panel kernel",
                                                     format(status)))
  notes <- spec$notes
  cn <- attr(spec$X, "names_x")
  aliased <- as.logical(res$aliased)
  if (spec$model_type == "within") {
    n <- spec$n
    if (n - spec$n_units - res$n_effects - res$rank <= 0L) {
      abort_input(sprintf(paste('the within regression has no residual degrees of freedom: %d',
                                'observations, %d units (column "%s") and %d within coefficients.'),
                          n, spec$n_units, index[1L], res$n_effects + res$rank),
                  arg = "index", column = index[1L])
    }
    constw <- as.logical(res$const_within)
    dropped_ti <- setdiff(cn[constw], "(Intercept)")
    if (length(dropped_ti)) {
      notes <- c(notes, warn_caveat(sprintf(
        "%s %s no variation within units and cannot be estimated by fixed effects: dropped.",
        paste0('"', dropped_ti, '"', collapse = ", "),
        if (length(dropped_ti) == 1L) "has" else "have"), class = "coagg_dropped_regressor"))
    }
    bad <- cn[!constw & aliased]
    if (length(bad)) {
      if (set$effect != "twoways") abort_collinear(bad)
      notes <- c(notes, warn_caveat(sprintf(
        "%s %s collinear with the unit and period effects (or with other regressors): dropped.",
        paste0('"', bad, '"', collapse = ", "), if (length(bad) == 1L) "is" else "are"),
        class = "coagg_dropped_regressor"))
    }
    keep <- !constw & !aliased
    if (!any(keep)) {
      abort_input("no regressor varies within units: the fixed-effects model has nothing to estimate.",
                  arg = "formula")
    }
  } else {
    if (any(aliased)) abort_collinear(cn[aliased])
    keep <- rep(TRUE, length(cn))
  }
  P <- res$xtxinv[keep, keep, drop = FALSE]
  dimnames(P) <- list(cn[keep], cn[keep])
  check_representable(P, res$rss, spec$formula)
  if (spec$model_type == "random") notes <- c(notes, ercomp_conditions(res, set$re_method))
  # An exact fit (every residual zero, e.g. a response that is identically
  # 0) has zero standard errors: its t statistics are undefined, and
  # coef_table() reports them as NA; say why (fuzz finding).
  degenerate <- spec$model_type == "random" && res$sigma2_raw[1L] <= 0
  if (!(res$rss > 0) && !degenerate) {
    notes <- c(notes, warn_caveat(paste(
      "the residuals are all zero (an exact fit): the standard errors are zero and the",
      "t statistics and p-values are undefined (NA)."), class = "coagg_exact_fit"))
  }
  list(keep = keep, xtxinv = P, notes = notes)
}

# Variance components that cannot be estimated are an error; a negative one
# is set to zero by the kernel, which is a caveat.
ercomp_conditions <- function(res, re_method) {
  raw <- c(idios = res$sigma2_raw[1L], id = res$sigma2_raw[2L])
  if (!all(is.finite(raw))) {
    abort_input(sprintf(paste("the %s variance components could not be estimated",
                              "(sigma2_e = %s, sigma2_u = %s); use another `re_method`."),
                        method_label(re_method), format(raw[["idios"]]), format(raw[["id"]])),
                arg = "re_method")
  }
  notes <- character()
  if (raw[["id"]] < 0) {
    notes <- c(notes, warn_caveat(sprintf(paste(
      "the estimated cross-section variance sigma2_u is negative (%s) and was set to zero:",
      "theta = 0 and the estimates are pooled OLS."), format(raw[["id"]], digits = 4)),
      class = "coagg_negative_variance"))
  }
  if (raw[["idios"]] <= 0) {
    notes <- c(notes, warn_caveat(
      "the estimated idiosyncratic variance sigma2_e is not positive; the fit is degenerate.",
      class = "coagg_negative_variance"))
  }
  notes
}

abort_collinear <- function(bad) {
  abort_input(sprintf(paste("the regressors are perfectly collinear: %s %s a linear",
                            "combination of the columns before %s in the model matrix;",
                            "remove %s from the formula."),
                      paste0('"', bad, '"', collapse = ", "),
                      if (length(bad) == 1L) "is" else "are",
                      if (length(bad) == 1L) "it" else "them",
                      if (length(bad) == 1L) "it" else "them"),
              arg = "formula", column = bad, class = "coagg_collinear")
}

# The least squares themselves are scale-safe (scaled column norms and
# Householder QR), but (X'X)^-1 and the residual sum of squares are squares:
# a regressor beyond about 1e150 (or below 1e-150) in absolute value, or
# such a response, makes them overflow or underflow double precision, and
# the standard errors would come out as 0 or Inf. Say so instead.
check_representable <- function(P, rss, formula) {
  pd <- diag(P)
  bad <- !is.finite(pd) | pd < .Machine$double.xmin
  if (any(bad)) {
    nm <- rownames(P)[bad][1L]
    abort_input(sprintf(paste('the variance of the coefficient of "%s" is not representable in',
                              "double precision ((X'X)^-1 has %s on its diagonal): the",
                              "regressor's scale is extreme. Rescale it (divide or multiply",
                              "by a power of 10) and refit."), nm, format(pd[bad][1L])),
                arg = "formula", column = nm, class = "coagg_scale")
  }
  if (!is.finite(rss)) {
    abort_input(sprintf(paste("the residual sum of squares overflows double precision: the",
                              "response `%s` is on an extreme scale. Rescale it and refit."),
                        paste(deparse(formula[[2L]]), collapse = " ")),
                arg = "formula", class = "coagg_scale")
  }
  invisible(TRUE)
}

# Mundlak's auxiliary regression of the robust Hausman test: the
# random-effects model's quasi-demeaned design with the quasi-demeaned unit
# means of the columns `tv` (1-based) appended. Collinear base columns are
# an error (as in the model itself); collinear means are the caller's to
# report.
mundlak_fit <- function(re, X, y, tv) {
  res <- panel_kernel(y, X, re$unit_code, integer(), "mundlak", re$n_units, re$n_periods,
                      re$balanced, match("(Intercept)", attr(X, "names_x"), 0L) - 1L,
                      cluster = TRUE, theta = re$theta, mean_columns = tv - 1L)
  k <- length(X)
  al <- as.logical(res$aliased)
  if (any(al[seq_len(k)])) abort_collinear(attr(X, "names_x")[al[seq_len(k)]])
  res
}

# ---------------------------------------------------------------------------
# The object
# ---------------------------------------------------------------------------

build_panel_object <- function(res, spec, fit) {
  set <- spec$settings
  model_type <- spec$model_type
  twoways <- model_type == "within" && set$effect == "twoways"
  n <- spec$n
  cn <- attr(spec$X, "names_x")
  keep <- fit$keep
  beta <- stats::setNames(res$coefficients[keep], cn[keep])
  P <- fit$xtxinv
  df_res <- if (model_type == "within") n - spec$n_units - res$n_effects - res$rank else
    n - res$rank
  s2 <- res$rss / df_res
  vc <- panel_vcov_choice(res, spec, keep, beta, s2, P)
  notes <- c(fit$notes, vc$notes)

  random <- model_type == "random"
  raw <- if (random) c(idios = res$sigma2_raw[1L], id = res$sigma2_raw[2L]) else NULL
  unit_names <- as.character(spec$idc$levels)
  obj <- list(
    call = spec$call, formula = spec$formula, terms = spec$terms, model = spec$model,
    model_type = model_type, re_method = if (random) set$re_method else NA_character_,
    effect = set$effect, convention = set$convention, vcov_type = set$vcov,
    coefficients = vc$coefficients, vcov = vc$vcov, vcov_classical = vc$vcov_classical,
    vcov_cluster = vc$vcov_cluster,
    df_residual = df_res, sigma = sqrt(s2), rss = res$rss,
    residuals = res$residuals,
    fitted.values = if (is.null(spec$offset)) res$fitted else res$fitted + spec$offset,
    offset = spec$offset,
    sigma2 = if (random) c(idios = res$sigma2[1L], id = res$sigma2[2L]) else NULL,
    sigma2_raw = raw,
    theta = if (random) stats::setNames(res$theta, unit_names) else NULL,
    ercomp = if (random)
      list(quad = res$quad, M = matrix(res$M, 2, 2, byrow = TRUE,
                                       dimnames = list(c("within", "between"), c("sigma2_e", "sigma2_u"))),
           rank_within = res$rank_within, rank_between = res$rank_between) else NULL,
    t_i = stats::setNames(spec$t_i, unit_names),
    n_obs = n, n_units = spec$n_units, n_periods = spec$n_periods, balanced = spec$balanced,
    unit_code = spec$idc$code, unit_levels = spec$idc$levels,
    time_code = spec$tmc$code, time_levels = spec$tmc$levels,
    unit_effects = if (!is.null(res$alpha)) stats::setNames(res$alpha, unit_names) else NULL,
    index = spec$index,
    overall_intercept = if (model_type == "within" && !twoways)
      res$y_mean - sum(res$x_mean[keep] * beta) else NULL,
    contrasts = attr(spec$X, "contrasts_x"), xlevels = stats::.getXlevels(spec$terms, spec$model),
    columns = cn, kept_columns = cn[keep], has_intercept = spec$icol >= 0L,
    stats = stats::setNames(res$stats, c(
      "r2_cor_transformed", "tss_transformed", "mean_transformed", "tss", "rss_original",
      "mean_y", "r2_overall", "r2_within", "r2_between", "rss_transformed")),
    y_mean = res$y_mean, na_action = spec$na_action,
    xtxinv = P, sigma2_transformed = s2, const_within = as.logical(res$const_within),
    notes = notes, settings = set
  )
  class(obj) <- "coagg_panel"
  obj
}
