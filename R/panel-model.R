# Panel regression: random-effects feasible GLS, fixed effects (within) and
# pooled OLS. R builds the model frame and model matrix, validates and drops
# missing values, then makes one .Call to the kernel in src/panel_gls.c and
# names, classes and returns what comes back.

# ---------------------------------------------------------------------------
# User functions
# ---------------------------------------------------------------------------

#' Random-effects panel regression (feasible GLS)
#'
#' Fits the one-way error-components model
#' \deqn{y_{it} = x_{it}'\beta + u_i + e_{it},\quad
#'   u_i \sim (0, \sigma^2_u),\ e_{it} \sim (0, \sigma^2_e),}
#' by feasible GLS: the variance components are estimated first, then OLS is
#' run on the quasi-demeaned data
#' \deqn{y_{it} - \theta_i \bar y_i = (x_{it} - \theta_i \bar x_i)'\beta + \mathrm{error},
#'   \qquad \theta_i = 1 - \sqrt{\sigma^2_e / (T_i \sigma^2_u + \sigma^2_e)},}
#' where \eqn{T_i} is the number of observations of unit \eqn{i} (so
#' \eqn{\theta_i} varies by unit in an unbalanced panel). The intercept column
#' becomes \eqn{1 - \theta_i}.
#'
#' @md
#' @section Variance components:
#' With \eqn{q_W} and \eqn{q_B} the within and between quadratic forms of a
#' residual vector, each method solves two moment equations
#' \eqn{E(q_W) = m_{11}\sigma^2_e + m_{12}\sigma^2_u},
#' \eqn{E(q_B) = m_{21}\sigma^2_e + m_{22}\sigma^2_u}:
#' \describe{
#'   \item{`"swamy-arora"` (Swamy and Arora 1972)}{\eqn{\sigma^2_e} from the
#'     within residuals, \eqn{\sigma^2_e = SSR_W / (n - N - K_W)};
#'     \eqn{\sigma^2_u} from the residuals of the between regression. In a
#'     balanced panel \eqn{\sigma^2_u = SSR_B/(N - K_B) - \sigma^2_e/T}. In
#'     an unbalanced panel the between regression is weighted by \eqn{T_i} and
#'     \eqn{m_{22} = n - \mathrm{tr}[(\sum_i T_i\bar z_i\bar z_i')^{-1}
#'     \sum_i T_i^2\bar z_i\bar z_i']} (Baltagi and Chang 1994), as plm and
#'     EViews do; `convention = "stata"` uses instead the unweighted between
#'     regression and \eqn{\sigma^2_u = SSR_B/(N-K_B) - \sigma^2_e/\bar T_h}
#'     with \eqn{\bar T_h} the harmonic mean of the \eqn{T_i} (Stata's
#'     default `xtreg, re`).}
#'   \item{`"wallace-hussain"` (Wallace and Hussain 1969)}{both forms from the
#'     pooled OLS residuals; exact expectations for unbalanced panels
#'     (Baltagi and Chang 1994).}
#'   \item{`"amemiya"` (Amemiya 1971; EViews calls it Wansbeek-Kapteyn)}{both
#'     forms from the within residuals (with the overall intercept).}
#'   \item{`"nerlove"` (Nerlove 1971)}{\eqn{\sigma^2_e = SSR_W / n} and
#'     \eqn{\sigma^2_u} the sample variance of the fixed effects (weighted by
#'     \eqn{T_i} in unbalanced panels).}
#' }
#' A negative \eqn{\sigma^2_u} is set to zero (then \eqn{\theta_i = 0}: the
#' estimator is pooled OLS) with a warning that is also recorded in the
#' model's `notes`. Every method needs units observed more than once, and all
#' but Wallace-Hussain need within residuals (\eqn{n - N - K_W > 0}); a panel
#' without them (every \eqn{T_i = 1}, say) is an error naming `index`. The
#' degrees-of-freedom conventions are plm's (2.6), which reproduce plm's
#' numbers to rounding error.
#'
#' @section Coefficient covariance and inference:
#' `convention = "plm"` and `"stata"`: \eqn{s^2 (X^{*\prime}X^*)^{-1}} with
#' \eqn{s^2 = SSR^*/(n - K)} from the quasi-demeaned regression, and normal
#' p-values. `convention = "eviews"` (the default):
#' \eqn{\hat\sigma^2_e (X^{*\prime}X^*)^{-1}} and \eqn{t(n - K)} p-values.
#' `vcov = "cluster"`: cluster-robust by unit,
#' \eqn{\frac{G}{G-1}\frac{n-1}{n-K}(X^{*\prime}X^*)^{-1}\sum_g X_g^{*\prime}
#' \hat e^*_g \hat e^{*\prime}_g X^*_g (X^{*\prime}X^*)^{-1}} (CR1; plm's
#' `vcovHC(type = "sss")`), robust to heteroskedasticity and to any serial
#' correlation within units. See [coagg_conventions].
#'
#' @section Numerical range:
#' The least squares are computed by Householder QR with scaled column
#' norms, so the coefficients are right at any scale; but variances are
#' squares, and a regressor or response beyond about \eqn{10^{150}} (or
#' below \eqn{10^{-150}}) in absolute value makes them over- or underflow
#' double precision. That is an error of class `coagg_scale` (a
#' `coagg_input_error`) naming the variable, which asks you to rescale it,
#' rather than standard errors of 0 or `Inf`.
#'
#' @param formula a model formula, `response ~ terms`, as for [stats::lm()]:
#'   factors (`factor(year)`), interactions and transformations (`log(x)`) are
#'   expanded by [stats::model.matrix()]. Every variable must be a column of
#'   `data`. `.` stands for every column of `data` except the response and
#'   the two `index` columns. `offset(z)` terms enter with coefficient 1: the
#'   model is fitted to \eqn{y - z} (so the R-squared and sums of squares are
#'   those of \eqn{y - z}, as in [stats::lm()]), and `fitted()` and
#'   `predict()` add \eqn{z} back. Factor levels that occur only in rows
#'   dropped for missing values are dropped with them.
#' @param data a data frame in long form: one row per unit and period.
#' @param index `c(id, time)`: the names of the unit and period columns.
#' @param method variance-component estimator: `"swamy-arora"` (default),
#'   `"wallace-hussain"`, `"amemiya"` or `"nerlove"`; plm's short names
#'   `"swar"`, `"walhus"` and EViews' `"wansbeek-kapteyn"` are accepted.
#'   plm's `"ht"` is refused: those components serve the Hausman-Taylor
#'   instrumental-variable estimator, which is not implemented here.
#' @param effect `"individual"` (the only effect of the random-effects model;
#'   for time effects add `factor(time)` to the formula).
#' @param convention `"eviews"` (default), `"stata"` or `"plm"`: whose
#'   conventions to follow (see [coagg_conventions]).
#' @param vcov `"classical"` (default) or `"cluster"` (cluster-robust by unit,
#'   CR1).
#' @param ... must be empty.
#'
#' @return An object of class `coagg_panel`, a list with, among others,
#'   `coefficients`, `vcov` (the one chosen by `vcov`), `vcov_classical`,
#'   `sigma2` (`idios` = \eqn{\sigma^2_e}, `id` = \eqn{\sigma^2_u}), `theta`
#'   (one value per unit, named), `t_i`, `residuals` (\eqn{y - X\hat\beta}),
#'   `fitted.values` (\eqn{X\hat\beta}), `df_residual`, `n_obs`, `n_units`,
#'   `balanced`, `offset` (the offset of each row used, or `NULL`),
#'   `notes` (caveats raised while fitting), `na_action` (the rows
#'   of `data` dropped for missing values) and `model` (the model frame). Use
#'   [summary()], [coef()], [vcov()], [confint()], [predict()],
#'   [as.data.frame()] (the coefficient table with columns `term`,
#'   `estimate`, `std_error`, `statistic`, `p_value`) and [random_effects()].
#'
#' @references
#' Swamy, P. A. V. B. and Arora, S. S. (1972). The exact finite sample
#' properties of the estimators of coefficients in the error components
#' regression models. \emph{Econometrica} 40(2), 261-275.
#' \doi{10.2307/1909405}
#'
#' Wallace, T. D. and Hussain, A. (1969). The use of error components models in
#' combining cross section with time series data. \emph{Econometrica} 37(1),
#' 55-72. \doi{10.2307/1909205}
#'
#' Amemiya, T. (1971). The estimation of the variances in a variance-components
#' model. \emph{International Economic Review} 12(1), 1-13.
#' \doi{10.2307/2525492}
#'
#' Nerlove, M. (1971). A note on error components models. \emph{Econometrica}
#' 39(2), 383-396. \doi{10.2307/1913351}
#'
#' Baltagi, B. H. and Chang, Y.-J. (1994). Incomplete panels: a comparative
#' study of alternative estimators for the unbalanced one-way error component
#' regression model. \emph{Journal of Econometrics} 62(2), 67-89.
#' \doi{10.1016/0304-4076(94)90016-7}
#'
#' Croissant, Y. and Millo, G. (2008). Panel data econometrics in R: the plm
#' package. \emph{Journal of Statistical Software} 27(2).
#' \doi{10.18637/jss.v027.i02}
#'
#' @seealso [panel_fe()], [panel_pooled()], [hausman_test()],
#'   [random_effects()], [coagg_conventions].
#' @examples
#' # simulated panel: 30 units observed over 6 years
#' set.seed(1)
#' d <- data.frame(id = rep(1:30, each = 6), year = rep(2011:2016, 30))
#' d$x1 <- rnorm(180)
#' d$x2 <- rnorm(180) + rep(rnorm(30), each = 6)
#' d$y <- 1 + 0.5 * d$x1 - 0.3 * d$x2 + rep(rnorm(30), each = 6) + rnorm(180)
#' m <- panel_re(y ~ x1 + x2, d, index = c("id", "year"))
#' summary(m)
#' head(random_effects(m))
#' @export
panel_re <- function(formula, data, index = c("id", "time"),
                     method = c("swamy-arora", "wallace-hussain", "amemiya", "nerlove"),
                     effect = "individual",
                     convention = c("eviews", "stata", "plm"),
                     vcov = c("classical", "cluster"), ...) {
  check_dots_empty(...)
  method <- match_re_method(method)
  effect <- check_choice(effect, c("individual", "twoways"), "effect")
  if (effect == "twoways") {
    abort_input(paste("two-way random effects are not supported; add `factor(time)`",
                      "to the formula for fixed time effects in the random-effects model,",
                      "or use panel_fe(effect = \"twoways\")."), arg = "effect")
  }
  fit_panel_model("random", formula, data, index, method = method, effect = effect,
                  convention = convention, vcov = vcov, call = match.call())
}

#' Fixed-effects (within) panel regression
#'
#' The within estimator: OLS on data demeaned unit by unit,
#' \deqn{y_{it} - \bar y_i = (x_{it} - \bar x_i)'\beta + (e_{it} - \bar e_i),}
#' with \eqn{\hat\sigma^2_e = SSR/(n - N - K)}. With `effect = "twoways"` period
#' effects are absorbed as well (by the within-unit demeaned period dummies,
#' which gives the exact two-way estimator in balanced and unbalanced panels).
#' Regressors without variation within units (time-invariant ones, and the
#' intercept) cannot be estimated: they are dropped and named in the model's
#' `notes`. A column counts as time-invariant when no unit's deviations from
#' its unit mean exceed the rounding error of computing that mean (a few
#' \eqn{(T_i + 1)\epsilon} times the unit's largest absolute value), so a
#' regressor at a high level with small but real within variation is kept.
#' The unit effects \eqn{\hat\alpha_i = \bar y_i - \bar x_i'\hat\beta} are
#' returned in `unit_effects` (one-way models).
#'
#' Under `convention = "eviews"` or `"stata"` the table of a one-way model
#' also reports the overall intercept \eqn{\hat c = \bar y - \bar x'\hat\beta} with
#' \eqn{\widehat{Var}(\hat c) = \hat\sigma^2_e/n + \bar x'\hat V\bar x} (the
#' constant EViews and Stata print); plm reports none.
#'
#' @md
#' @inheritParams panel_re
#' @param effect `"individual"` (default) or `"twoways"` (unit and period
#'   effects).
#' @return An object of class `coagg_panel` (see [panel_re()]); `fitted.values`
#'   include the fixed effects and `residuals` are the within residuals.
#' @references
#' Wooldridge, J. M. (2010). \emph{Econometric Analysis of Cross Section and
#' Panel Data}, 2nd ed. MIT Press, chapter 10. ISBN 978-0-262-23258-6.
#'
#' Baltagi, B. H. (2021). \emph{Econometric Analysis of Panel Data}, 6th ed.
#' Springer. \doi{10.1007/978-3-030-53953-5}
#' @seealso [panel_re()], [hausman_test()]
#' @examples
#' set.seed(2)
#' d <- data.frame(id = rep(1:20, each = 5), year = rep(1:5, 20))
#' d$x <- rnorm(100) + rep(rnorm(20), each = 5)
#' d$y <- 2 * d$x + rep(rnorm(20), each = 5) + rnorm(100)
#' summary(panel_fe(y ~ x, d, index = c("id", "year")))
#' @export
panel_fe <- function(formula, data, index = c("id", "time"),
                     effect = c("individual", "twoways"),
                     convention = c("eviews", "stata", "plm"),
                     vcov = c("classical", "cluster"), ...) {
  check_dots_empty(...)
  effect <- check_choice(effect, c("individual", "twoways"), "effect")
  fit_panel_model("within", formula, data, index, method = NA_character_,
                  effect = effect, convention = convention, vcov = vcov,
                  call = match.call())
}

#' Pooled OLS on a panel
#'
#' Ordinary least squares on the stacked panel, ignoring the unit structure
#' except for the cluster-robust covariance (`vcov = "cluster"`), which
#' allows any correlation within units.
#'
#' @md
#' @inheritParams panel_re
#' @return An object of class `coagg_panel` (see [panel_re()]).
#' @seealso [panel_re()], [panel_fe()]
#' @examples
#' set.seed(3)
#' d <- data.frame(id = rep(1:10, each = 4), t = rep(1:4, 10), x = rnorm(40))
#' d$y <- 1 + d$x + rnorm(40)
#' coef(panel_pooled(y ~ x, d, index = c("id", "t")))
#' @export
panel_pooled <- function(formula, data, index = c("id", "time"),
                         convention = c("eviews", "stata", "plm"),
                         vcov = c("classical", "cluster"), ...) {
  check_dots_empty(...)
  fit_panel_model("pooling", formula, data, index, method = NA_character_,
                  effect = "individual", convention = convention, vcov = vcov,
                  call = match.call())
}

#' Per-unit random effects (BLUP) of a random-effects model
#'
#' The predicted random effect of each unit,
#' \deqn{\hat u_i = \frac{T_i\hat\sigma^2_u}{T_i\hat\sigma^2_u + \hat\sigma^2_e}
#'   \,\frac{1}{T_i}\sum_t (y_{it} - x_{it}'\hat\beta_{GLS}),}
#' the shrunken mean GLS residual of the unit (the "cross-section random
#' effects" EViews reports, and `plm::ranef()`). In a balanced panel with an
#' intercept they sum to zero.
#'
#' @md
#' @param model a random-effects model from [panel_re()].
#' @return A data frame with one row per unit: the unit (column named as
#'   the model's `index[1]`), `effect` (\eqn{\hat u_i}), `t_i` (observations),
#'   `theta` (\eqn{\theta_i}) and `shrinkage`
#'   (\eqn{T_i\sigma^2_u/(T_i\sigma^2_u + \sigma^2_e) = 1 - (1-\theta_i)^2}).
#' @references
#' Baltagi, B. H. (2021). \emph{Econometric Analysis of Panel Data}, 6th ed.
#' Springer, section 2.5. \doi{10.1007/978-3-030-53953-5}
#' @seealso [panel_re()]
#' @examples
#' set.seed(4)
#' d <- data.frame(id = rep(letters[1:8], each = 5), t = rep(1:5, 8), x = rnorm(40))
#' d$y <- d$x + rep(rnorm(8), each = 5) + rnorm(40)
#' re <- random_effects(panel_re(y ~ x, d, index = c("id", "t")))
#' re
#' sum(re$effect) # zero: balanced panel with an intercept
#' @export
random_effects <- function(model) {
  # identical(): an object carrying the class without a model_type must get
  # the classed error too, not `if (NA)` (fuzz finding)
  if (!inherits(model, "coagg_panel") || !identical(model$model_type, "random")) {
    abort_input(sprintf("must be a random-effects model from panel_re(), not %s.",
                        if (inherits(model, "coagg_panel") && !is.null(model_label(model)))
                          sprintf("a %s model", model_label(model)) else describe(model)),
                arg = "model")
  }
  s2 <- model$sigma2
  t_i <- model$t_i
  shrink <- if (s2[["id"]] > 0) t_i * s2[["id"]] / (t_i * s2[["id"]] + s2[["idios"]]) else
    rep(0, length(t_i))
  mean_res <- as.vector(rowsum(model$residuals, model$unit_code + 1L, reorder = TRUE)) / t_i
  out <- data.frame(unit = model$unit_levels, effect = shrink * mean_res, t_i = as.integer(t_i),
                    theta = unname(model$theta), shrinkage = shrink,
                    stringsAsFactors = FALSE)
  names(out)[1L] <- model$index[1L]
  rownames(out) <- NULL
  out
}

# ---------------------------------------------------------------------------
# The shared fitting path
# ---------------------------------------------------------------------------

re_methods <- c("swamy-arora", "wallace-hussain", "amemiya", "nerlove")

match_re_method <- function(method) {
  if (identical(method, re_methods)) return(re_methods[1L])
  alias <- c(swar = "swamy-arora", walhus = "wallace-hussain",
             "wansbeek-kapteyn" = "amemiya")
  if (is.character(method) && length(method) == 1L && !is.na(method) &&
      tolower(method) %in% names(alias)) {
    return(unname(alias[tolower(method)]))
  }
  if (identical(method, "ht")) {
    abort_input(paste("\"ht\" (Hausman-Taylor) variance components belong to the Hausman-Taylor",
                      "instrumental-variable estimator, which coagg does not implement (see",
                      "plm::pht()); choose \"swamy-arora\", \"wallace-hussain\", \"amemiya\" or",
                      "\"nerlove\"."), arg = "method")
  }
  check_choice(method, re_methods, "method")
}

model_label <- function(x) {
  # NULL for an object that only claims the class (fuzz finding)
  if (!is.character(x$model_type) || length(x$model_type) != 1L) return(NULL)
  switch(x$model_type, random = "random-effects", within = "fixed-effects",
         pooling = "pooled OLS")
}

# A two-sided formula, with `.` expanded to the columns of `data` other than
# the response and the index columns (as lm() expands it, minus the index).
panel_formula <- function(formula, data, index) {
  if (!inherits(formula, "formula") || length(formula) != 3L) {
    abort_input(sprintf("must be a two-sided formula such as `y ~ x1 + x2`, not %s.",
                        describe(formula)), arg = "formula")
  }
  if (!"." %in% all.vars(formula[[3L]])) return(formula)
  rest <- as.data.frame(data)[setdiff(names(data), index)]
  tt <- tryCatch(stats::terms(formula, data = rest),
                 error = function(e) abort_input(sprintf("`.` cannot be expanded: %s",
                                                         conditionMessage(e)), arg = "formula"))
  f <- stats::formula(tt)
  if (!length(attr(tt, "term.labels"))) {
    abort_input("`.` expands to no regressor: `data` has no column besides the response and the index.",
                arg = "formula")
  }
  f
}

# Validate the formula against the data and build the model frame.
panel_model_frame <- function(formula, data, caller) {
  vars <- all.vars(formula)
  for (v in vars) get_column(data, v, "formula")
  mf <- tryCatch(
    stats::model.frame(formula, data = data, na.action = stats::na.pass,
                       drop.unused.levels = TRUE),
    error = function(e) abort_input(sprintf("the model frame cannot be built: %s",
                                            conditionMessage(e)), arg = "formula"))
  # Types: the response and every non-factor variable must be numeric.
  for (j in seq_along(mf)) {
    col <- mf[[j]]
    nm <- names(mf)[j]
    src <- if (nm %in% names(data)) nm else NULL
    if (j == 1L) {
      if (!is.numeric(col) || is.factor(col) || !is.null(dim(col))) {
        row <- first_non_numeric(col)
        abort_input(sprintf('the response "%s" is %s, not a numeric vector%s.', nm,
                            class(col)[1L],
                            if (!is.na(row)) sprintf('; row %d holds "%s"', row,
                                                     as.character(col[row])) else ""),
                    arg = "formula", column = src, row = if (is.na(row)) NULL else row)
      }
    } else if (is.character(col)) {
      row <- first_non_numeric(col)
      abort_input(sprintf(paste0('regressor "%s" is character, not numeric; row %d holds',
                                 ' "%s". Write factor(%s) for a categorical regressor.'),
                          nm, row, col[row], nm),
                  arg = "formula", column = src, row = row)
    }
    if (is.numeric(col) && has_infinite(col)) {
      bad <- is.infinite(col)
      if (any(bad)) {
        row <- which(bad)[1L]
        abort_input(sprintf('"%s" has a non-finite value (%s) at row %d.', nm,
                            format(col[row]), row), arg = "formula", column = src, row = row)
      }
    }
  }
  mf
}

# Fast test for +-Inf (max/min skip NA without copying; an all-NA column
# gives -Inf/Inf here and is sorted out by the caller).
has_infinite <- function(x) {
  suppressWarnings(max(x, na.rm = TRUE) == Inf || min(x, na.rm = TRUE) == -Inf)
}

fit_panel_model <- function(model_type, formula, data, index, method, effect,
                            convention, vcov, call) {
  caller <- switch(model_type, random = "panel_re", within = "panel_fe",
                   pooling = "panel_pooled")
  check_data_frame(data)
  convention <- match_convention(convention)
  vcov_type <- check_choice(vcov, c("classical", "cluster"), "vcov")
  pidx <- check_panel_index(data, index)
  formula <- panel_formula(formula, data, index)
  mf <- panel_model_frame(formula, data, caller)

  # Missing values: drop the rows, say how many, record which.
  notes <- character()
  keep <- stats::complete.cases(mf)
  na_rows <- which(!keep)
  if (length(na_rows)) {
    message(sprintf("%s(): dropped %d of %d rows with missing values in the model variables (first: row %d).",
                    caller, length(na_rows), nrow(mf), na_rows[1L]))
    mf <- drop_unused_levels(mf[keep, , drop = FALSE])
    notes <- c(notes, sprintf("%d rows with missing values dropped (rows %s).",
                              length(na_rows), format_rows(na_rows)))
  }
  na_action <- if (length(na_rows)) structure(na_rows, class = "omit") else NULL
  if (!nrow(mf)) abort_input("no rows are left after dropping missing values.", arg = "data")

  id_raw <- if (length(na_rows)) pidx$id[keep] else pidx$id
  tm_raw <- if (length(na_rows)) pidx$time[keep] else pidx$time
  idc <- if (length(na_rows)) group_codes(id_raw) else
    list(code = pidx$id_code, levels = pidx$id_levels)
  tmc <- if (length(na_rows)) group_codes(tm_raw) else
    list(code = pidx$time_code, levels = pidx$time_levels)
  n_units <- length(idc$levels)
  n_periods <- length(tmc$levels)
  if (n_units < 2L) {
    abort_input(sprintf('the panel has a single unit (column "%s"); panel models need at least 2.',
                        index[1L]), arg = "index", column = index[1L])
  }
  t_i <- tabulate(idc$code + 1L, nbins = n_units)
  balanced <- all(t_i == n_periods)
  if (model_type != "pooling" && all(t_i == 1L)) {
    abort_input(sprintf(paste('every unit (column "%s") has a single observation, so nothing',
                              "varies within units: %s units observed in more than one",
                              "period%s."), index[1L],
                        if (model_type == "within") "the fixed-effects (within) estimator needs" else
                          "the random-effects variance components need",
                        if (model_type == "random") "; with T = 1 use panel_pooled()" else ""),
                arg = "index", column = index[1L])
  }

  mt <- attr(mf, "terms")
  y <- mf[[1L]] # the response (model.response() would add row names)
  if (!is.double(y)) y <- as.double(y)
  # offset() terms: fitted to y - offset, added back to the fitted values.
  # A non-numeric one made model.offset() fail with an unclassed error
  # (fuzz finding).
  for (j in attr(mt, "offset")) {
    if (!is.numeric(mf[[j]]) || is.factor(mf[[j]])) {
      abort_input(sprintf('the offset "%s" is %s, not numeric.', names(mf)[j],
                          class(mf[[j]])[1L]), arg = "formula")
    }
  }
  offset <- stats::model.offset(mf)
  if (!is.null(offset)) offset <- as.double(offset)
  y_fit <- if (is.null(offset)) y else y - offset
  check_response_scale(y_fit, formula)
  X <- panel_design(mt, mf)
  n <- length(y)
  k <- length(attr(X, "names_x"))
  if (k == 0L) abort_input("the formula has no regressors and no intercept.", arg = "formula")
  icol <- match("(Intercept)", attr(X, "names_x")) - 1L
  if (is.na(icol)) icol <- -1L
  # (fixed effects: the exact check, on the within degrees of freedom from
  # the rank of the within fit, follows the kernel call)
  if (model_type != "within" && n <= k) {
    abort_input(sprintf("%d observations are too few for %d coefficients.", n, k), arg = "data")
  }

  mcode <- switch(model_type, pooling = 0L, within = 1L, random = 2L)
  meth <- if (model_type == "random") match(method, re_methods) - 1L else 0L
  iopt <- c(mcode, meth, as.integer(convention == "stata"), as.integer(balanced),
            as.integer(effect == "twoways"), as.integer(vcov_type == "cluster"), icol)
  res <- .Call(C_panel_fit, y_fit, X, idc$code, n_units,
               if (effect == "twoways") tmc$code else integer(), n_periods,
               iopt, panel_tolerances, double(), integer())
  check_fit_status(res, method, index)
  if (model_type == "within" && n - n_units - res$rank <= 0L) {
    abort_input(sprintf(paste('the within regression has no residual degrees of freedom: %d',
                              'observations, %d units (column "%s") and %d within coefficients.'),
                        n, n_units, index[1L], res$rank), arg = "index", column = index[1L])
  }

  build_panel_object(res, model_type = model_type, method = method, effect = effect,
                     convention = convention, vcov_type = vcov_type, X = X, y = y,
                     offset = offset, mf = mf, mt = mt, formula = formula, index = index,
                     idc = idc, tmc = tmc, t_i = t_i, balanced = balanced, notes = notes,
                     na_action = na_action, call = call, icol = icol)
}

# Tolerances of the kernel: lm's rank tolerance, and the safety factor of the
# time-invariance test (a multiple of the rounding error of a unit mean; see
# src/panel_gls.c).
panel_tolerances <- c(1e-7, 8)

# The kernel reports conditions that need the user's attention as a status
# code (with two integers of context) instead of a fit.
check_fit_status <- function(res, method, index) {
  status <- res$status
  if (identical(status, 0L)) return(invisible(res))
  info <- res$info
  if (identical(status, 1L)) {
    abort_input(sprintf(paste("the Swamy-Arora between regression has %d coefficients but only",
                              "%d units, which leaves no degrees of freedom for sigma2_u; use",
                              "another `method`."), info[1L], info[2L]), arg = "method")
  }
  if (identical(status, 2L)) {
    abort_input(sprintf(paste('the within regression has no residual degrees of freedom: the',
                              '%d observations beyond the first of each unit (column "%s")',
                              'are used up by %d regressors that vary within units, and the',
                              '%s variance components need its residuals. Use more periods',
                              'per unit, fewer regressors, or method = "wallace-hussain".'),
                        info[1L], index[1L], info[2L], method_label(method)),
                arg = "index", column = index[1L])
  }
  stop(sprintf("internal error: unknown status %s from the panel kernel", format(status)))
}

# Drop the levels of factor columns that no longer occur (after rows with
# missing values were dropped), as model.frame(drop.unused.levels = TRUE)
# does after its own na.action; otherwise their dummy columns are all zero.
drop_unused_levels <- function(mf) {
  for (j in seq_along(mf)) {
    x <- mf[[j]]
    if (is.factor(x) && length(unique(x[!is.na(x)])) < nlevels(x)) mf[[j]] <- x[, drop = TRUE]
  }
  mf
}

# The design for the kernel. Plain numeric regressors without interactions
# go as a list of the model frame's own columns (NULL standing for the
# intercept), so that no n x k model matrix is copied; anything else goes
# through model.matrix(). Attributes: names_x (column names) and contrasts.
panel_design <- function(mt, mf) {
  labels <- attr(mt, "term.labels")
  vars <- names(mf)[-1L]
  plain <- length(labels) == length(vars) && all(labels == vars) &&
    all(attr(mt, "order") == 1L) && is.null(attr(mt, "offset")) &&
    all(vapply(mf[-1L], function(v) is.numeric(v) && is.null(dim(v)) && !is.factor(v), TRUE))
  icpt <- attr(mt, "intercept") == 1L
  if (plain) {
    cols <- lapply(mf[-1L], function(v) if (is.double(v)) as.vector(v) else as.double(v))
    X <- c(if (icpt) list(NULL), unname(cols))
    attr(X, "names_x") <- c(if (icpt) "(Intercept)", labels)
    return(X)
  }
  # e.g. factor(year) of a single-year panel: "contrasts can be applied
  # only to factors with 2 or more levels" (fuzz finding)
  X <- tryCatch(stats::model.matrix(mt, mf),
                error = function(e) abort_input(sprintf("the model matrix cannot be built: %s",
                                                        conditionMessage(e)), arg = "formula"))
  if (!is.double(X)) storage.mode(X) <- "double"
  nm <- colnames(X)
  ctr <- attr(X, "contrasts")
  dimnames(X) <- NULL
  attr(X, "assign") <- NULL
  attr(X, "contrasts") <- NULL
  attr(X, "names_x") <- nm
  attr(X, "contrasts_x") <- ctr
  X
}

build_panel_object <- function(res, model_type, method, effect, convention, vcov_type,
                               X, y, offset, mf, mt, formula, index, idc, tmc, t_i, balanced,
                               notes, na_action, call, icol) {
  n <- length(y)
  cn <- attr(X, "names_x")
  k <- length(cn)
  n_units <- length(idc$levels)
  n_periods <- length(tmc$levels)
  twoways <- effect == "twoways"

  # Map the kernel's design columns back to the columns of X.
  if (model_type == "within") {
    constw <- as.logical(res$const_within)
    wcols <- which(!constw)
    n_dum <- if (twoways) n_periods - 1L else 0L
    kd <- length(res$coefficients)
    pos <- if (length(wcols)) n_dum + seq_along(wcols) else integer()
    aliased_w <- if (kd) as.logical(res$aliased[pos]) else logical()
    dropped_ti <- setdiff(cn[constw], "(Intercept)")
    if (length(dropped_ti)) {
      notes <- c(notes, warn_caveat(sprintf(
        "%s %s no variation within units and cannot be estimated by fixed effects: dropped.",
        paste0('"', dropped_ti, '"', collapse = ", "),
        if (length(dropped_ti) == 1L) "has" else "have"), class = "coagg_dropped_regressor"))
    }
    if (any(aliased_w)) {
      bad <- cn[wcols][aliased_w]
      if (!twoways) abort_collinear(bad)
      notes <- c(notes, warn_caveat(sprintf(
        "%s %s collinear with the unit and period effects (or with other regressors): dropped.",
        paste0('"', bad, '"', collapse = ", "), if (length(bad) == 1L) "is" else "are"),
        class = "coagg_dropped_regressor"))
    }
    keep_cols <- wcols[!aliased_w]
    if (!length(keep_cols)) {
      abort_input("no regressor varies within units: the fixed-effects model has nothing to estimate.",
                  arg = "formula")
    }
    kpos <- pos[!aliased_w]
    beta <- res$coefficients[kpos]
    P <- res$xtxinv[kpos, kpos, drop = FALSE]
    df_res <- n - n_units - res$rank
    s2 <- res$rss / df_res
    V_cl <- s2 * P
    V_cluster <- if (!is.null(res$vcov_cluster)) res$vcov_cluster[kpos, kpos, drop = FALSE] else NULL
    names(beta) <- cn[keep_cols]
  } else {
    aliased <- as.logical(res$aliased)
    if (any(aliased)) abort_collinear(cn[aliased])
    keep_cols <- seq_len(k)
    beta <- res$coefficients
    P <- res$xtxinv
    df_res <- n - res$rank
    s2 <- res$rss / df_res
    V_cl <- if (model_type == "random" && convention == "eviews") res$sigma2[1L] * P else s2 * P
    V_cluster <- res$vcov_cluster
    names(beta) <- cn
  }
  dimnames(V_cl) <- list(names(beta), names(beta))
  dimnames(P) <- list(names(beta), names(beta))
  check_representable(P, res$rss, formula)
  if (!is.null(V_cluster)) dimnames(V_cluster) <- list(names(beta), names(beta))

  # The overall intercept EViews and Stata print for fixed-effects models.
  within_intercept <- model_type == "within" && convention != "plm" && icol >= 0L && !twoways
  if (within_intercept) {
    xm <- res$x_mean[keep_cols]
    add_int <- function(V, classical) {
      Vx <- drop(V %*% xm)
      v00 <- sum(xm * Vx) + if (classical) s2 / n else 0
      out <- rbind(c(v00, -Vx), cbind(-Vx, V))
      dimnames(out) <- list(c("(Intercept)", names(beta)), c("(Intercept)", names(beta)))
      out
    }
    c0 <- res$y_mean - sum(xm * beta)
    V_cl <- add_int(V_cl, TRUE)
    if (!is.null(V_cluster)) V_cluster <- add_int(V_cluster, FALSE)
    beta <- c("(Intercept)" = c0, beta)
  }

  k_rep <- length(beta)
  if (!is.null(V_cluster)) {
    V_cluster <- V_cluster * (n_units / (n_units - 1)) * ((n - 1) / (n - k_rep))
    # The cluster scores sum to zero, so the matrix has rank at most G - 1:
    # with fewer clusters than estimated coefficients it is singular and
    # some standard errors are zero up to rounding (fuzz finding).
    if (vcov_type == "cluster" && n_units - 1L < nrow(P)) {
      notes <- c(notes, warn_caveat(sprintf(paste(
        "only %d clusters (units) for %d estimated coefficients: the cluster-robust",
        "covariance matrix has rank at most %d and is singular, so some standard errors",
        "(or their combinations) are zero up to rounding. Use more units or",
        "vcov = \"classical\"."), n_units, nrow(P), n_units - 1L),
        class = "coagg_few_clusters"))
    }
  }
  V <- if (vcov_type == "cluster") V_cluster else V_cl

  # Variance components and theta.
  sigma2 <- NULL; theta <- NULL
  if (model_type == "random") {
    sigma2 <- c(idios = res$sigma2[1L], id = res$sigma2[2L])
    raw <- c(idios = res$sigma2_raw[1L], id = res$sigma2_raw[2L])
    if (!all(is.finite(raw))) {
      abort_input(sprintf(paste("the %s variance components could not be estimated",
                                "(sigma2_e = %s, sigma2_u = %s); use another `method`."),
                          method_label(method), format(raw[["idios"]]), format(raw[["id"]])),
                  arg = "method")
    }
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
    theta <- stats::setNames(res$theta, as.character(idc$levels))
  }
  # An exact fit (every residual zero, e.g. a response that is identically
  # 0) has zero standard errors: its t statistics are undefined, and
  # coef_table() reports them as NA; say why (fuzz finding).
  if (!(res$rss > 0) && !(model_type == "random" && raw[["idios"]] <= 0)) {
    notes <- c(notes, warn_caveat(paste(
      "the residuals are all zero (an exact fit): the standard errors are zero and the",
      "t statistics and p-values are undefined (NA)."), class = "coagg_exact_fit"))
  }

  stats_raw <- stats::setNames(res$stats[1:10], c(
    "r2_cor_transformed", "tss_transformed", "mean_transformed", "tss", "rss_original",
    "mean_y", "r2_overall", "r2_within", "r2_between", "rss_transformed"))

  unit_effects <- NULL
  if (!is.null(res$alpha)) unit_effects <- stats::setNames(res$alpha, as.character(idc$levels))

  obj <- list(
    call = call, formula = formula, terms = mt, model = mf,
    model_type = model_type, method = if (model_type == "random") method else NA_character_,
    effect = effect, convention = convention, vcov_type = vcov_type,
    coefficients = beta, vcov = V, vcov_classical = V_cl, vcov_cluster = V_cluster,
    df_residual = df_res, sigma = sqrt(s2), rss = res$rss,
    residuals = res$residuals,
    fitted.values = if (is.null(offset)) res$fitted else res$fitted + offset,
    offset = offset,
    sigma2 = sigma2, sigma2_raw = if (model_type == "random") raw else NULL,
    theta = theta, ercomp = if (model_type == "random")
      list(quad = res$quad, M = matrix(res$M, 2, 2, byrow = TRUE,
                                       dimnames = list(c("within", "between"), c("sigma2_e", "sigma2_u"))),
           rank_within = res$rank_within, rank_between = res$rank_between) else NULL,
    t_i = stats::setNames(t_i, as.character(idc$levels)),
    n_obs = n, n_units = n_units, n_periods = n_periods, balanced = balanced,
    unit_code = idc$code, unit_levels = idc$levels,
    time_code = tmc$code, time_levels = tmc$levels,
    unit_effects = unit_effects, index = index,
    overall_intercept = if (model_type == "within" && !twoways)
      res$y_mean - sum(res$x_mean[keep_cols] * beta[cn[keep_cols]]) else NULL,
    contrasts = attr(X, "contrasts_x"), xlevels = stats::.getXlevels(mt, mf),
    columns = cn, kept_columns = cn[keep_cols], has_intercept = icol >= 0L,
    stats = stats_raw, y_mean = res$y_mean, na_action = na_action,
    xtxinv = P, sigma2_transformed = s2, const_within = as.logical(res$const_within),
    notes = notes
  )
  class(obj) <- "coagg_panel"
  obj
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

# Sums of squares of the response must be representable: |y| within
# [1e-150, 1e150] (or y all zero).
check_response_scale <- function(y, formula) {
  m <- max(abs(y))
  if (m > 1e150 || (m > 0 && m < 1e-150)) {
    abort_input(sprintf(paste("the response `%s` is on an extreme scale (max |y| = %s): its sums",
                              "of squares over- or underflow double precision. Rescale it",
                              "(divide or multiply by a power of 10) and refit."),
                        paste(deparse(formula[[2L]]), collapse = " "), format(m, digits = 3)),
                arg = "formula", class = "coagg_scale")
  }
  invisible(TRUE)
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

# ---------------------------------------------------------------------------
# Inference helpers
# ---------------------------------------------------------------------------

# Distribution of the coefficient statistics: list(type = "t"/"z", df).
panel_test_dist <- function(x) {
  if (x$model_type == "random" && x$convention != "eviews") return(list(type = "z", df = Inf))
  if (x$vcov_type == "cluster" && x$convention == "stata" && x$model_type != "random") {
    return(list(type = "t", df = x$n_units - 1))
  }
  list(type = "t", df = x$df_residual)
}

coef_table <- function(x, level = 0.95) {
  b <- x$coefficients
  se <- sqrt(diag(x$vcov))
  stat <- b / se
  # a zero standard error (an exact fit, noted in the object) leaves the
  # statistic undefined: NA, not 0/0 = NaN or b/0 = Inf (fuzz finding)
  stat[!(se > 0)] <- NA_real_
  d <- panel_test_dist(x)
  p <- if (d$type == "z") 2 * stats::pnorm(-abs(stat)) else 2 * stats::pt(-abs(stat), d$df)
  q <- if (d$type == "z") stats::qnorm(1 - (1 - level) / 2) else stats::qt(1 - (1 - level) / 2, d$df)
  data.frame(term = names(b), estimate = unname(b), std_error = unname(se),
             statistic = unname(stat), p_value = unname(p),
             conf_low = unname(b - q * se), conf_high = unname(b + q * se),
             stringsAsFactors = FALSE)
}

# b' A^-1 b for a symmetric non-singular A, solved with A scaled to a unit
# diagonal (in absolute value): regressors on very different scales
# (x * 1e-12 beside x * 1) make A badly conditioned only through its
# scaling, and solve() would call it singular (fuzz finding). The form is
# invariant to the scaling.
quad_inv <- function(A, b) {
  d <- abs(diag(A))
  s <- if (all(d > 0)) 1 / sqrt(d) else rep(1, length(d))
  drop(crossprod(b * s, solve(A * outer(s, s), b * s)))
}

# Goodness of fit under the object's convention.
panel_gof <- function(x) {
  s <- x$stats
  n <- x$n_obs
  k <- length(x$coefficients)
  out <- list()
  slopes <- setdiff(names(x$coefficients), "(Intercept)")
  wald <- NA_real_
  if (length(slopes)) {
    b <- x$coefficients[slopes]
    V <- x$vcov[slopes, slopes, drop = FALSE]
    wald <- tryCatch(quad_inv(V, b), error = function(e) NA_real_)
  }
  if (x$model_type == "random") {
    r2w <- 1 - s[["rss_transformed"]] / s[["tss_transformed"]]
    out$weighted <- c(
      r_squared = r2w,
      adj_r_squared = 1 - (1 - r2w) * (n - 1) / (n - k),
      se_regression = sqrt(s[["rss_transformed"]] / (n - k)),
      f_statistic = if (k > 1) (r2w / (k - 1)) / ((1 - r2w) / (n - k)) else NA_real_,
      f_p_value = if (k > 1) stats::pf((r2w / (k - 1)) / ((1 - r2w) / (n - k)), k - 1, n - k,
                                        lower.tail = FALSE) else NA_real_,
      mean_dependent = s[["mean_transformed"]],
      sd_dependent = sqrt(s[["tss_transformed"]] / (n - 1)),
      ssr = s[["rss_transformed"]])
    out$unweighted <- c(r_squared = 1 - s[["rss_original"]] / s[["tss"]],
                        ssr = s[["rss_original"]], mean_dependent = s[["mean_y"]])
    r2 <- switch(x$convention, eviews = r2w, plm = s[["r2_cor_transformed"]],
                 stata = s[["r2_overall"]])
  } else if (x$model_type == "within") {
    df <- x$df_residual
    # total sum of squares of the within-transformed response (one- or
    # two-way): SSR + b' (X~'X~) b, X~ the regressors net of the effects,
    # whose cross-product is the inverse of the kept block of (Z'Z)^-1
    b <- x$coefficients[rownames(x$xtxinv)]
    tss_w <- s[["rss_transformed"]] + quad_inv(x$xtxinv, b)
    r2_within <- 1 - s[["rss_transformed"]] / tss_w
    r2_lsdv <- 1 - s[["rss_transformed"]] / s[["tss"]]
    kk <- n - df # parameters of the dummy-variable regression
    out$lsdv <- c(r_squared = r2_lsdv,
                  adj_r_squared = 1 - (1 - r2_lsdv) * (n - 1) / df,
                  f_statistic = ((r2_lsdv) / (kk - 1)) / ((1 - r2_lsdv) / df),
                  f_p_value = stats::pf(((r2_lsdv) / (kk - 1)) / ((1 - r2_lsdv) / df),
                                        kk - 1, df, lower.tail = FALSE))
    r2 <- switch(x$convention, eviews = r2_lsdv, plm = r2_within, stata = r2_within)
    out$r2_within <- r2_within
  } else {
    r2 <- 1 - s[["rss_transformed"]] / s[["tss"]]
  }
  df_adj <- if (x$model_type == "within" && x$convention == "plm") x$df_residual else
    if (x$model_type == "within") x$df_residual else n - k
  adj <- if (x$model_type == "random" && x$convention == "plm") {
    1 - (1 - r2) * (n - 1) / x$df_residual
  } else if (x$model_type == "within" && x$convention == "eviews") {
    out$lsdv[["adj_r_squared"]]
  } else 1 - (1 - r2) * (n - 1) / df_adj
  out$r_squared <- r2
  out$adj_r_squared <- adj
  out$stata <- c(within = s[["r2_within"]], between = s[["r2_between"]],
                 overall = s[["r2_overall"]])
  out$wald <- c(statistic = wald, df = length(slopes),
                p_value = if (is.na(wald)) NA_real_ else
                  stats::pchisq(wald, length(slopes), lower.tail = FALSE))
  out
}

# ---------------------------------------------------------------------------
# Methods
# ---------------------------------------------------------------------------

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
                                  method_label(x$method)),
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
  tt <- stats::delete.response(object$terms)
  for (v in all.vars(tt)) get_column(newdata, v, "newdata", "newdata")
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
    ids <- get_column(newdata, object$index[1L], "newdata", "newdata")
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
  }
  if (isNamespaceLoaded("generics")) reg()
  setHook(packageEvent("generics", "onLoad"), reg)
  invisible(TRUE)
}
