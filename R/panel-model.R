# Panel regression, the user functions: random-effects feasible GLS, fixed
# effects (within) and pooled OLS, and the per-unit random effects; and the
# way from formula and data to a design: keys, the missing-value policy,
# classed numbers, the model frame and the model matrix. The kernel call and
# the object are in panel-fit.R, inference in panel-inference.R, methods in
# panel-methods.R.

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
#' @section Covariances robust to cross-sectional dependence:
#' The sandwiches below use the regression the model is estimated by (the
#' within-demeaned data for fixed effects, the quasi-demeaned data for
#' random effects, the raw data for pooled OLS), its design \eqn{Z} and
#' residuals \eqn{\hat u}, as plm's `vcovSCC()` and `vcovDC()` do. For fixed
#' effects under `convention = "eviews"` or `"stata"` the scores of the
#' reported overall intercept enter as in Stata's `xtscc, fe` (the
#' regression of \eqn{y_{it} - \bar y_i + \bar y} on a constant and
#' \eqn{x_{it} - \bar x_i + \bar x}).
#' \describe{
#' \item{`vcov = "driscoll-kraay"`}{Driscoll and Kraay (1998), robust to
#'   heteroskedasticity, serial correlation and correlation between units
#'   (common shocks): with \eqn{h_t = \sum_{i} z_{it}\hat u_{it}} (the scores
#'   of period \eqn{t} summed over units),
#'   \eqn{\hat S = \sum_t h_th_t' + \sum_{l=1}^{L}(1 - \frac{l}{L+1})
#'   \sum_t (h_th_{t-l}' + h_{t-l}h_t')} (Bartlett kernel; lags count the
#'   periods present in positions, as plm does), and
#'   \eqn{V = c\,(Z'Z)^{-1}\hat S(Z'Z)^{-1}}. The maximum lag \eqn{L} is
#'   `vcov_lag`, by default \eqn{\lfloor 4(T/100)^{2/9}\rfloor} (Stata's
#'   `xtscc`, Hoechle 2007; also under `"eviews"`) or, under `"plm"`,
#'   \eqn{\lfloor \max_i T_i^{1/4}\rfloor} (plm's `vcovSCC()`); \eqn{L = 0}
#'   is clustering by period. The factor \eqn{c} is `vcov_adjust`:
#'   `"none"` 1 (plm's default `type = "HC0"`, the default under `"plm"`),
#'   `"sss"` or `"stata"` \eqn{\frac{T}{T-1}\frac{n-1}{n-K}} (plm's
#'   `type = "sss"`, and `xtscc`'s factor, whose \eqn{K} counts the intercept
#'   Stata reports with fixed effects). Under `"stata"` the p-values and
#'   intervals use \eqn{t(T-1)}, as `xtscc`.}
#' \item{`vcov = "twoway"`}{clustered by unit and by period (Cameron,
#'   Gelbach and Miller 2011; Thompson 2011):
#'   \eqn{V = V_{unit} + V_{period} - V_{White}}, each a cluster sandwich
#'   \eqn{(Z'Z)^{-1}\sum_g s_gs_g'(Z'Z)^{-1}} (one observation per unit and
#'   period, so the intersection is White's). `vcov_adjust`: `"none"` (plm's
#'   `vcovDC(type = "HC0")`, the default under `"plm"`), `"sss"` (each term
#'   its own factor, \eqn{\frac{G}{G-1}\frac{n-1}{n-K}} with \eqn{G} its
#'   clusters and \eqn{\frac{n}{n-K}} for White's: plm's `type = "sss"`) or
#'   `"stata"` (one factor \eqn{\frac{G}{G-1}\frac{n-1}{n-K}}, \eqn{G} the
#'   smaller number of clusters, on the whole matrix: ivreg2's rule; the
#'   default under `"stata"` and `"eviews"`). A matrix that is not positive
#'   semi-definite gets Cameron, Gelbach and Miller's fix (negative
#'   eigenvalues set to zero) with a caveat; plm's `vcovDC()` does not fix
#'   it. Under `"stata"` the p-values use \eqn{t(G-1)}, \eqn{G} the smaller
#'   number of clusters (reghdfe's degrees of freedom), except for random
#'   effects (normal).}
#' }
#' Both rest on asymptotics in the number of clusters (periods, and units):
#' with few periods, as in a six-year panel, they are unreliable (`xtscc`'s
#' help warns of this; Hoechle 2007), and a caveat says so when there are
#' fewer than 20. With `convention = "plm"` and the same options they equal
#' plm 2.6's `vcovSCC()` and `vcovDC()`. EViews' documentation, as far as it
#' was read for this package, offers neither estimator; `"eviews"` uses
#' Stata's factors with \eqn{t(n-K)} inference.
#'
#' @section Data types:
#' Classed numbers in the variables of the formula (`bit64::integer64`,
#' `units`, `I()`, labelled vectors) are converted exactly before the model
#' frame is built, or refused with an error of class `coagg_foreign_number`
#' (an integer64 beyond \eqn{2^{53}}, an unknown class). Key columns are
#' converted the same way; character periods are ordered by their numeric
#' value, so `"2001"` and `"2001.0"` are one period whatever rows are dropped.
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
#' @param data a data frame in long form: one row per unit and period (a plm
#'   `pdata.frame` works too).
#' @param index the panel keys: `NULL` (default) for the first two columns of
#'   `data`, unit then period, as plm takes them (or the index of a
#'   `pdata.frame`); or `c(unit, time)`, the names of the unit and period
#'   columns. A row whose unit or period is missing (including a factor level
#'   that is `NA`, as [addNA()] makes) follows `na_action`.
#' @param re_method variance-component estimator: `"swamy-arora"` (default),
#'   `"wallace-hussain"`, `"amemiya"` or `"nerlove"`; plm's short names
#'   `"swar"`, `"walhus"` and EViews' `"wansbeek-kapteyn"` are accepted.
#'   plm's `"ht"` is refused: those components serve the Hausman-Taylor
#'   instrumental-variable estimator, which is not implemented here.
#' @param effect `"individual"` (the only effect of the random-effects model;
#'   for time effects add `factor(time)` to the formula).
#' @param convention `"eviews"` (default), `"stata"` or `"plm"`: whose
#'   conventions to follow (see [coagg_conventions]).
#' @param vcov `"classical"` (default), `"cluster"` (cluster-robust by unit,
#'   CR1), `"driscoll-kraay"` (robust to cross-sectional and serial
#'   correlation) or `"twoway"` (clustered by unit and period); see the
#'   sections on covariances.
#' @param vcov_lag the maximum lag of `vcov = "driscoll-kraay"` (a whole
#'   number); `NULL` follows `convention`.
#' @param vcov_adjust the small-sample factor of `vcov = "driscoll-kraay"`
#'   and `"twoway"`: `"none"`, `"sss"` or `"stata"`; `NULL` follows
#'   `convention` (`"plm"`: `"none"`; otherwise `"stata"`).
#' @param na_action what a missing value does (see [coagg_missing]): for the
#'   models the default is `"omit"`, which drops the rows with a missing value
#'   in a variable of the formula or in a key (recorded in the model's `notes`
#'   and `na_action`, no message); `"fail"` makes them an error of class
#'   `coagg_missing_value` naming the column and the rows.
#' @param ... must be empty. plm's and Stata's spellings (`random.method`,
#'   `model`, `vce`, `robust`, `cluster`, `na.action`, ...) are an error of
#'   class `coagg_foreign_argument` that names the argument to use.
#'
#' @return An object of class `coagg_panel`, a list with, among others,
#'   `coefficients`, `vcov` (the one chosen by `vcov`), `vcov_classical`,
#'   `sigma2` (`idios` = \eqn{\sigma^2_e}, `id` = \eqn{\sigma^2_u}), `theta`
#'   (one value per unit, named), `t_i`, `residuals` (\eqn{y - X\hat\beta}),
#'   `fitted.values` (\eqn{X\hat\beta}), `df_residual`, `n_obs`, `n_units`,
#'   `balanced`, `offset` (the offset of each row used, or `NULL`),
#'   `notes` (caveats raised while fitting, and the rows dropped),
#'   `settings` (`convention`, `vcov`, `re_method`, `effect`, `na_action`;
#'   with `vcov = "driscoll-kraay"` also `vcov_lag`, the lag used, and
#'   `vcov_adjust`; with `"twoway"` `vcov_adjust`),
#'   `na_action` (the rows of `data` dropped for missing values, class
#'   `"omit"`), `re_method` and `model` (the model frame). Use
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
#' Driscoll, J. C. and Kraay, A. C. (1998). Consistent covariance matrix
#' estimation with spatially dependent panel data. \emph{Review of Economics
#' and Statistics} 80(4), 549-560. \doi{10.1162/003465398557825}
#'
#' Hoechle, D. (2007). Robust standard errors for panel regressions with
#' cross-sectional dependence. \emph{Stata Journal} 7(3), 281-312.
#' \doi{10.1177/1536867X0700700301}
#'
#' Cameron, A. C., Gelbach, J. B. and Miller, D. L. (2011). Robust inference
#' with multiway clustering. \emph{Journal of Business & Economic
#' Statistics} 29(2), 238-249. \doi{10.1198/jbes.2010.07136}
#'
#' Thompson, S. B. (2011). Simple formulas for standard errors that cluster
#' by both firm and time. \emph{Journal of Financial Economics} 99(1), 1-10.
#' \doi{10.1016/j.jfineco.2010.08.016}
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
#' m <- panel_re(y ~ x1 + x2, d) # index: the first two columns, id and year
#' summary(m)
#' head(random_effects(m))
#' @export
panel_re <- function(formula, data, index = NULL,
                     re_method = c("swamy-arora", "wallace-hussain", "amemiya", "nerlove"),
                     effect = "individual",
                     convention = c("eviews", "stata", "plm"),
                     vcov = c("classical", "cluster", "driscoll-kraay", "twoway"),
                     na_action = c("fail", "omit"), vcov_lag = NULL, vcov_adjust = NULL, ...) {
  check_dots_empty(..., foreign = panel_foreign_args("panel_re"))
  re_method <- match_re_method(re_method)
  effect <- check_choice(effect, c("individual", "twoways"), "effect")
  if (effect == "twoways") {
    abort_input(paste("two-way random effects are not supported; add `factor(time)`",
                      "to the formula for fixed time effects in the random-effects model,",
                      "or use panel_fe(effect = \"twoways\")."), arg = "effect")
  }
  fit_panel_model("random", formula, data, index, re_method = re_method, effect = effect,
                  convention = convention, vcov = vcov, na_action = na_action,
                  call = match.call(), vcov_lag = vcov_lag, vcov_adjust = vcov_adjust)
}

#' Fixed-effects (within) panel regression
#'
#' The within estimator: OLS on data demeaned unit by unit,
#' \deqn{y_{it} - \bar y_i = (x_{it} - \bar x_i)'\beta + (e_{it} - \bar e_i),}
#' with \eqn{\hat\sigma^2_e = SSR/(n - N - K)}. With `effect = "twoways"` period
#' effects are absorbed as well: in a balanced panel in one pass,
#' \eqn{y_{it} - \bar y_i - \bar y_t + \bar y} (and the same for every
#' regressor), which is exactly the data net of the unit and period dummies;
#' in an unbalanced panel by the within-unit demeaned period dummies, which
#' gives the exact two-way estimator there. The residual degrees of freedom
#' are \eqn{n - N - (T - 1) - K}.
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
#' The coefficient covariances (`vcov = "classical"`, `"cluster"`,
#' `"driscoll-kraay"`, `"twoway"`) are described in [panel_re()], sections
#' "Coefficient covariance and inference" and "Covariances robust to
#' cross-sectional dependence".
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
panel_fe <- function(formula, data, index = NULL,
                     effect = c("individual", "twoways"),
                     convention = c("eviews", "stata", "plm"),
                     vcov = c("classical", "cluster", "driscoll-kraay", "twoway"),
                     na_action = c("fail", "omit"), vcov_lag = NULL, vcov_adjust = NULL, ...) {
  check_dots_empty(..., foreign = panel_foreign_args("panel_fe"))
  effect <- check_choice(effect, c("individual", "twoways"), "effect")
  fit_panel_model("within", formula, data, index, re_method = NA_character_,
                  effect = effect, convention = convention, vcov = vcov,
                  na_action = na_action, call = match.call(), vcov_lag = vcov_lag,
                  vcov_adjust = vcov_adjust)
}

#' Pooled OLS on a panel
#'
#' Ordinary least squares on the stacked panel, ignoring the unit structure
#' except for the robust covariances: `vcov = "cluster"` allows any
#' correlation within units, `"driscoll-kraay"` and `"twoway"` also
#' correlation between units (see [panel_re()], "Covariances robust to
#' cross-sectional dependence").
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
panel_pooled <- function(formula, data, index = NULL,
                         convention = c("eviews", "stata", "plm"),
                         vcov = c("classical", "cluster", "driscoll-kraay", "twoway"),
                         na_action = c("fail", "omit"), vcov_lag = NULL, vcov_adjust = NULL,
                         ...) {
  check_dots_empty(..., foreign = panel_foreign_args("panel_pooled"))
  fit_panel_model("pooling", formula, data, index, re_method = NA_character_,
                  effect = "individual", convention = convention, vcov = vcov,
                  na_action = na_action, call = match.call(), vcov_lag = vcov_lag,
                  vcov_adjust = vcov_adjust)
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
#' @section Standard errors and intervals:
#' `std_error` is the conditional standard deviation of \eqn{u_i} given the
#' unit's mean residual, with \eqn{\beta} and the variance components taken
#' as known,
#' \deqn{\mathrm{sd}(u_i \mid \bar e_i) = \sqrt{\sigma^2_u (1 - s_i)},
#'   \qquad s_i = \frac{T_i\sigma^2_u}{T_i\sigma^2_u + \sigma^2_e}}
#' (the shrinkage), which is the standard error of the BLUP as a predictor of
#' \eqn{u_i} when \eqn{\beta} is known. It ignores the estimation of
#' \eqn{\beta} and of the variance components, so the intervals
#' \eqn{\hat u_i \pm z_{1-\alpha/2}\,\mathrm{sd}(u_i \mid \bar e_i)} that
#' `plot()` and `tidy(conf.int = TRUE)` draw are somewhat too narrow, most
#' in panels with few units (Robinson 1991, section 5; Kackar and Harville
#' 1984 give the correction, not applied here).
#'
#' @param model a random-effects model from [panel_re()].
#' @param x the result of `random_effects()`.
#' @param level confidence level of the intervals.
#' @param n rows to print.
#' @param order `plot()`: `"effect"` (units sorted by their effect, the
#'   caterpillar) or `"unit"` (the units in their order).
#' @param main plot title (a default is made from the model).
#' @param row.names,optional ignored (for the generic).
#' @param ... must be empty.
#' @return A data frame of class `coagg_unit_effects`, one row per unit: the
#'   unit (column named as the model's `index[1]`), `effect`
#'   (\eqn{\hat u_i}), `std_error` (the conditional standard deviation
#'   above), `t_i` (observations), `theta` (\eqn{\theta_i}) and `shrinkage`
#'   (\eqn{s_i = 1 - (1-\theta_i)^2}); attribute `settings` (the
#'   variance components, the unit column, the model's convention and
#'   variance-component method). `plot()` draws the caterpillar plot (the
#'   effects with their intervals, sorted) and returns the data it drew
#'   (columns `unit`, `estimate`, `conf_low`, `conf_high`, `level`)
#'   invisibly; `tidy()` gives `term` (the unit), `estimate`, `std.error`
#'   and, on request, `conf.low`, `conf.high`; `glance()` one row with the
#'   variance components and the number of units.
#' @references
#' Baltagi, B. H. (2021). \emph{Econometric Analysis of Panel Data}, 6th ed.
#' Springer, section 2.5. \doi{10.1007/978-3-030-53953-5}
#'
#' Robinson, G. K. (1991). That BLUP is a good thing: the estimation of
#' random effects. \emph{Statistical Science} 6(1), 15-32.
#' \doi{10.1214/ss/1177011926}
#'
#' Kackar, R. N. and Harville, D. A. (1984). Approximations for standard
#' errors of estimators of fixed and random effects in mixed linear models.
#' \emph{Journal of the American Statistical Association} 79(388), 853-862.
#' \doi{10.1080/01621459.1984.10477102}
#' @seealso [panel_re()]
#' @examples
#' set.seed(4)
#' d <- data.frame(id = rep(letters[1:8], each = 5), t = rep(1:5, 8), x = rnorm(40))
#' d$y <- d$x + rep(rnorm(8), each = 5) + rnorm(40)
#' re <- random_effects(panel_re(y ~ x, d, index = c("id", "t")))
#' re
#' sum(re$effect) # zero: balanced panel with an intercept
#' plot(re)
#' @export
random_effects <- function(model) {
  check_panel_model(model, "random", "model")
  s2 <- model$sigma2
  t_i <- model$t_i
  shrink <- if (s2[["id"]] > 0) t_i * s2[["id"]] / (t_i * s2[["id"]] + s2[["idios"]]) else
    rep(0, length(t_i))
  mean_res <- as.vector(rowsum(model$residuals, model$unit_code + 1L, reorder = TRUE)) / t_i
  out <- data.frame(unit = model$unit_levels, effect = shrink * mean_res,
                    std_error = sqrt(s2[["id"]] * (1 - shrink)), t_i = as.integer(t_i),
                    theta = unname(model$theta), shrinkage = shrink,
                    stringsAsFactors = FALSE)
  names(out)[1L] <- model$index[1L]
  rownames(out) <- NULL
  structure(out, class = c("coagg_unit_effects", "data.frame"),
            settings = list(unit = model$index[1L], sigma2 = s2, convention = model$convention,
                            re_method = model$re_method,
                            response = paste(deparse(model$formula[[2L]]), collapse = " ")))
}

# ---------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------

re_methods <- c("swamy-arora", "wallace-hussain", "amemiya", "nerlove")

match_re_method <- function(re_method) {
  if (identical(re_method, re_methods)) return(re_methods[1L])
  alias <- c(swar = "swamy-arora", walhus = "wallace-hussain",
             "wansbeek-kapteyn" = "amemiya")
  if (is.character(re_method) && length(re_method) == 1L && !is.na(re_method) &&
      tolower(re_method) %in% names(alias)) {
    return(unname(alias[tolower(re_method)]))
  }
  if (identical(re_method, "ht")) {
    abort_input(paste("\"ht\" (Hausman-Taylor) variance components belong to the Hausman-Taylor",
                      "instrumental-variable estimator, which coagg does not implement (see",
                      "plm::pht()); choose \"swamy-arora\", \"wallace-hussain\", \"amemiya\" or",
                      "\"nerlove\"."), arg = "re_method")
  }
  check_choice(re_method, re_methods, "re_method")
}

# plm's and Stata's spellings of our arguments, with the advice naming ours.
panel_foreign_args <- function(fn) {
  advice <- c(
    random.method = paste("the random-effects variance components are chosen by `re_method`",
                          "(\"swamy-arora\", \"wallace-hussain\", \"amemiya\", \"nerlove\"; plm's",
                          "\"swar\", \"walhus\" are accepted)."),
    random.models = "the variance components are chosen by `re_method`.",
    random.dfcor = "the degrees of freedom follow `convention` (\"eviews\", \"stata\", \"plm\").",
    model = paste("the model is chosen by the function: panel_re() (random effects),",
                  "panel_fe() (within) or panel_pooled()."),
    method = if (fn == "panel_re") {
      "the variance-component estimator is `re_method` (renamed from `method`)."
    } else {
      "the model is chosen by the function: panel_re(), panel_fe() or panel_pooled()."
    },
    vce = paste("the coefficient covariance is `vcov` (\"classical\", \"cluster\",",
                "\"driscoll-kraay\" or \"twoway\")."),
    maxlag = "the Driscoll-Kraay maximum lag is `vcov_lag` (with vcov = \"driscoll-kraay\").",
    lag = "the Driscoll-Kraay maximum lag is `vcov_lag` (with vcov = \"driscoll-kraay\").",
    type = paste("the small-sample factor of vcov = \"driscoll-kraay\" or \"twoway\" is",
                 "`vcov_adjust`: \"none\" (plm's \"HC0\"), \"sss\" or \"stata\"."),
    scc = "use vcov = \"driscoll-kraay\" (plm's vcovSCC, Stata's xtscc).",
    robust = "use vcov = \"cluster\" (cluster-robust by unit, CR1).",
    cluster = "use vcov = \"cluster\": the clusters are the units of `index`.",
    vcovHC = "use vcov = \"cluster\" (plm's vcovHC(type = \"sss\")).",
    inst.method = "instrumental-variable panel models are not implemented in coagg.",
    na.action = "missing values follow `na_action` (\"omit\" or \"fail\"; see ?coagg_missing).",
    weights = "weighted panel models are not implemented in coagg.",
    subset = "subset `data` before the call.",
    fe = "use panel_fe() for fixed effects.",
    re = "use panel_re() for random effects.")
  if (fn == "panel_pooled") {
    advice <- c(advice, effect = paste("pooled OLS has no effects; use panel_fe(effect =) for unit or",
                                       "period effects, or panel_re()."))
  }
  advice
}

model_label <- function(x) {
  # NULL for an object that only claims the class (fuzz finding)
  if (!is.character(x$model_type) || length(x$model_type) != 1L) return(NULL)
  switch(x$model_type, random = "random-effects", within = "fixed-effects",
         pooling = "pooled OLS")
}

# A model of the given type(s) ("random", "within", "pooling"), or a classed
# error naming `arg`. identical(): an object carrying the class without a
# model_type gets the classed error too, not `if (NA)` (fuzz finding).
check_panel_model <- function(x, type, arg) {
  if (inherits(x, "coagg_panel") && is.character(x$model_type) &&
      length(x$model_type) == 1L && x$model_type %in% type) return(invisible(x))
  what <- c(random = "a random-effects model from panel_re()",
            within = "a fixed-effects model from panel_fe()",
            pooling = "a pooled model from panel_pooled()")[type]
  abort_input(sprintf("must be %s, not %s.", paste(what, collapse = " or "),
                      if (inherits(x, "coagg_panel") && !is.null(model_label(x)))
                        sprintf("a %s model", model_label(x)) else describe(x)),
              arg = arg)
}

# ---------------------------------------------------------------------------
# Formula and data to design
# ---------------------------------------------------------------------------

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

# The columns the formula uses, with classed numbers (integer64, units, I(),
# labelled) as plain numbers, converted exactly or refused
# (as_plain_number()), so that the model frame and its transformations see
# the values. Only this local copy of `data` changes.
plain_model_columns <- function(formula, data, arg = "formula") {
  for (v in intersect(all.vars(formula), names(data))) {
    x <- data[[v]]
    if (is.object(x) && is.numeric(x) && !is.factor(x)) {
      if (!is.null(dim(x))) {
        abort_input(sprintf(paste('column "%s" is a matrix of class "%s", whose values coagg',
                                  "cannot read exactly; give its columns as plain numbers."),
                            v, class(x)[1L]), arg = arg, column = v, class = "coagg_foreign_number")
      }
      data[[v]] <- as_plain_number(x, arg, v)
    }
  }
  data
}

# Validate the formula against the data and build the model frame (all
# rows; missing values are handled by the caller's policy).
panel_model_frame <- function(formula, data) {
  for (v in all.vars(formula)) get_column(data, v, "formula")
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
        abort_input(sprintf('the response "%s" is %s, not a numeric vector%s.%s', nm,
                            class(col)[1L],
                            if (!is.na(row)) sprintf('; row %d holds "%s"', row,
                                                     as.character(col[row])) else "",
                            text_number_hint(col)),
                    arg = "formula", column = src, row = if (is.na(row)) NULL else row)
      }
    } else if (is.character(col)) {
      row <- first_non_numeric(col)
      abort_input(sprintf(paste0('regressor "%s" is character, not numeric; row %d holds',
                                 ' "%s". Write factor(%s) for a categorical regressor.%s'),
                          nm, row, col[row], nm, text_number_hint(col)),
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

# The missing-value policy (?coagg_missing) for a model: the rows with a
# missing key or a missing value in the model frame. Under "fail" an error
# naming the first such column (a key, else a column of `data` used by the
# formula, else a term whose transformation made the NA, such as log(-1))
# and its rows; under "omit" the rows to drop (integer, sorted).
panel_missing_rows <- function(keys, mf, data, formula, na_action) {
  model_na <- which(!stats::complete.cases(mf))
  drop <- sort(unique(c(keys$dropped_rows, model_na)))
  if (!length(drop) || na_action == "omit") return(drop)
  for (col in keys$index) {
    miss <- which(is.na(check_key_column(data, col, "index", allow_na = TRUE)))
    if (length(miss)) abort_missing(col, miss, "index")
  }
  for (v in intersect(all.vars(formula), names(data))) {
    x <- data[[v]]
    miss <- if (is.atomic(x) && is.null(dim(x))) intersect(which(is.na(x)), drop) else integer()
    if (length(miss)) abort_missing(v, miss, "formula")
  }
  for (j in seq_along(mf)) {
    miss <- which(!stats::complete.cases(mf[[j]]))
    if (length(miss)) abort_missing(names(mf)[j], miss, "formula")
  }
  drop
}

# Codes of the rows kept (`sel` indexes the rows of the data), renumbered
# densely in the order of the levels found on all the rows with keys, so
# that a period keeps its identity whatever rows are dropped ("2001" and
# "2001.0" are one period before and after; re-coding the raw labels after
# dropping split them).
keep_codes <- function(code, levels, sel) {
  code <- code[sel]
  present <- tabulate(code + 1L, nbins = length(levels)) > 0L
  if (all(present)) return(list(code = code, levels = levels))
  lut <- cumsum(present) - 1L
  list(code = lut[code + 1L], levels = levels[present])
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

# The design for the kernel: a list of the k columns of the model matrix,
# with NULL standing for the intercept (a column of ones). Plain numeric
# regressors without interactions are the model frame's own columns, so that
# no n x k model matrix is copied; anything else goes through
# model.matrix(). Attributes: names_x (column names) and contrasts_x.
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
  M <- tryCatch(stats::model.matrix(mt, mf),
                error = function(e) abort_input(sprintf("the model matrix cannot be built: %s",
                                                        conditionMessage(e)), arg = "formula"))
  nm <- colnames(M)
  X <- lapply(seq_len(ncol(M)), function(j) {
    if (nm[j] == "(Intercept)") NULL else as.double(M[, j])
  })
  attr(X, "names_x") <- nm
  attr(X, "contrasts_x") <- attr(M, "contrasts")
  X
}

# ---------------------------------------------------------------------------
# The fitting path: validation and the missing-value policy here, the kernel
# call and the object in panel-fit.R, inference in panel-inference.R
# ---------------------------------------------------------------------------

fit_panel_model <- function(model_type, formula, data, index, re_method, effect,
                            convention, vcov, na_action, call, vcov_lag = NULL,
                            vcov_adjust = NULL) {
  check_data_frame(data)
  convention <- match_convention(convention)
  vcov_type <- check_choice(vcov, panel_vcov_types, "vcov")
  vopt <- panel_vcov_options(vcov_type, vcov_lag, vcov_adjust, convention)
  spec <- panel_model_input(model_type, formula, data, index, na_action)
  spec$call <- call
  spec$settings <- c(list(convention = convention, vcov = vcov_type,
                          re_method = if (model_type == "random") re_method else NA_character_,
                          effect = effect, na_action = spec$na_policy), vopt)
  panel_fit(spec)
}

# From formula, data and keys to the model description panel_spec() makes,
# with the missing-value policy applied (an error under "fail"; under
# "omit" the rows dropped are recorded in notes and na_action). Shared by
# the model functions and cd_test()'s per-unit regressions.
panel_model_input <- function(model_type, formula, data, index, na_action) {
  check_data_frame(data)
  pd <- panel_data_index(data, index)
  data <- pd$data
  index <- pd$index
  na_action <- check_na_action(na_action, "omit")
  # rows with a missing key are set aside here; the policy is applied below
  keys <- check_panel_index(data, index, na_action = "omit")
  formula <- panel_formula(formula, data, index)
  data <- plain_model_columns(formula, data)
  mf <- panel_model_frame(formula, data)

  # Missing values (?coagg_missing): an error under "fail"; under "omit"
  # the rows are dropped and recorded in the notes and na_action.
  notes <- character()
  na_rows <- panel_missing_rows(keys, mf, data, formula, na_action)
  if (length(na_rows)) {
    notes <- c(notes, sprintf("%d row%s with missing values dropped (rows %s; na_action = \"omit\").",
                              length(na_rows), if (length(na_rows) == 1L) "" else "s",
                              format_rows(na_rows)))
    mf <- drop_unused_levels(mf[-na_rows, , drop = FALSE])
  }
  if (!nrow(mf)) abort_input("no rows are left after dropping missing values.", arg = "data")
  sel <- if (length(na_rows)) -na_rows else seq_along(keys$id_code)
  idc <- keep_codes(keys$id_code, keys$id_levels, sel)
  tmc <- keep_codes(keys$time_code, keys$time_levels, sel)
  spec <- panel_spec(model_type, mf, formula, index, idc, tmc)
  spec$notes <- notes
  spec$na_action <- if (length(na_rows)) structure(na_rows, class = "omit") else NULL
  spec$na_policy <- na_action
  spec
}

# Everything the kernel and the object builder need, from the model frame
# of the rows kept and their codes; input errors found here are raised
# before the kernel is called.
panel_spec <- function(model_type, mf, formula, index, idc, tmc) {
  n_units <- length(idc$levels)
  n_periods <- length(tmc$levels)
  if (n_units < 2L) {
    abort_input(sprintf('the panel has a single unit (column "%s"); panel models need at least 2.',
                        index[1L]), arg = "index", column = index[1L])
  }
  t_i <- tabulate(idc$code + 1L, nbins = n_units)
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
  k <- length(X)
  if (k == 0L) abort_input("the formula has no regressors and no intercept.", arg = "formula")
  icol <- match("(Intercept)", attr(X, "names_x")) - 1L
  if (is.na(icol)) icol <- -1L
  # (fixed effects: the exact check, on the within degrees of freedom from
  # the rank of the within fit, follows the kernel call)
  if (model_type != "within" && n <= k) {
    abort_input(sprintf("%d observations are too few for %d coefficients.", n, k), arg = "data")
  }
  list(model_type = model_type, formula = formula, terms = mt, model = mf, index = index,
       y = y, y_fit = y_fit, offset = offset, X = X, n = n, k = k, icol = icol,
       idc = idc, tmc = tmc, t_i = t_i, n_units = n_units, n_periods = n_periods,
       balanced = all(t_i == n_periods))
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
