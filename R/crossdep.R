# Tests of cross-sectional dependence: the user face (a variable of a panel
# data frame, per-unit regressions from a two-sided formula, or the residuals
# of a fitted panel model), the one .Call (src/crossdep.c), and the
# statistics made from the kernel's pair sums. Printing, as.data.frame and
# the htest face are in R/crossdep-methods.R.

#' Tests of cross-sectional dependence (Pesaran CD, Breusch-Pagan LM, scaled and bias-corrected LM)
#'
#' Tests whether the units of a panel are correlated with each other: on a
#' variable of a panel data frame, on the residuals of a regression per unit
#' (a two-sided formula, as plm's `pcdtest(formula)`), or on the residuals of
#' a model fitted by [panel_fe()], [panel_re()] or [panel_pooled()]. One row
#' per test: Pesaran's (2004) CD, the Breusch and Pagan (1980) LM, Pesaran's
#' scaled LM, Baltagi, Feng and Kao's (2012) bias-corrected scaled LM,
#' Pesaran, Ullah and Yamagata's (2008) bias-adjusted LM, and the average
#' correlation and average absolute correlation.
#'
#' @md
#' @section Correlations:
#' For units \eqn{i \ne j} with \eqn{T_{ij}} periods in common, \eqn{\hat\rho_{ij}}
#' is the Pearson correlation of their series over those periods (each
#' series centred on its mean over the common periods). In a balanced panel
#' \eqn{T_{ij} = T}. Only pairs with at least `min_overlap` common periods
#' and a series that varies over them are used; their number is \eqn{M}
#' (\eqn{N(N-1)/2} in a balanced panel) and \eqn{N} is the number of units
#' that enter a pair. Because the correlations are Pearson correlations, a
#' series and the same series minus any constant per unit give the same
#' statistics: for a random-effects model Stata's idiosyncratic residual
#' \eqn{\hat e_{it} = y_{it} - x_{it}'\hat\beta - \hat u_i} (`xtcd2`), plm's
#' quasi-demeaned residual and the composite residual \eqn{y_{it} -
#' x_{it}'\hat\beta} give the same numbers.
#'
#' @section Statistics:
#' \describe{
#' \item{`"cd"`}{Pesaran (2004):
#'   \eqn{CD = \sqrt{1/M}\sum_{i<j}\sqrt{T_{ij}}\,\hat\rho_{ij}}, which is
#'   \eqn{\sqrt{2/(N(N-1))}\sum_{i<j}\sqrt{T}\hat\rho_{ij}} in a balanced
#'   panel; N(0, 1), two-sided p-value. Pesaran (2015) shows that its
#'   implicit null hypothesis is \emph{weak} cross-sectional dependence
#'   (correlations that die out as \eqn{N} grows, exponent of dependence
#'   \eqn{\alpha < 1/4} when \eqn{N} and \eqn{T} grow together), not
#'   independence: a rejection indicates strong dependence, such as common
#'   factors. CD has little power when the correlations average out
#'   (loadings of either sign): look at the average absolute correlation
#'   beside it. Its row's `estimate` is the average correlation.}
#' \item{`"lm"`}{Breusch and Pagan (1980):
#'   \eqn{LM = \sum_{i<j}T_{ij}\hat\rho_{ij}^2 \sim \chi^2_M} (upper tail),
#'   for \eqn{N} fixed and \eqn{T \to \infty}.}
#' \item{`"sclm"`}{Pesaran's (2004) scaled LM,
#'   \eqn{\sqrt{1/(2M)}\sum_{i<j}(T_{ij}\hat\rho_{ij}^2 - 1)}, N(0, 1) as
#'   \eqn{T \to \infty} then \eqn{N \to \infty}; two-sided p-value, as plm
#'   and EViews report it. Not correctly centred for finite \eqn{T}.}
#' \item{`"bcsclm"`}{Baltagi, Feng and Kao's (2012) bias-corrected scaled
#'   LM for the residuals of a fixed-effects (within) regression,
#'   \eqn{LM_{BC} = \sqrt{1/(2M)}\sum_{i<j}(T_{ij}\hat\rho_{ij}^2 - 1) -
#'   N/(2(T-1))}; N(0, 1), two-sided (plm's `test = "bcsclm"` and EViews'
#'   "Baltagi, Feng, and Kao bias-corrected scaled LM"). In an unbalanced
#'   panel \eqn{T} is the largest number of observations of a unit, plm's
#'   choice; no unbalanced version has been published. On residuals other
#'   than within residuals it is computed with a caveat.}
#' \item{`"lm_adj"`}{Pesaran, Ullah and Yamagata's (2008) bias-adjusted LM,
#'   for the residuals of a regression per unit (a two-sided formula),
#'   \eqn{e_i = M_i y_i}, \eqn{M_i = I_T - X_i(X_i'X_i)^{-1}X_i'}, \eqn{X_i}
#'   \eqn{T \times k} with the intercept:
#'   \deqn{LM_{adj} = \sqrt{\frac{2}{N(N-1)}}\sum_{i<j}\frac{(T-k)\hat\rho_{ij}^2 - \mu_{ij}}{v_{ij}},}
#'   \eqn{\mu_{ij} = \mathrm{tr}(M_iM_j)/(T-k)},
#'   \eqn{v_{ij}^2 = [\mathrm{tr}(M_iM_j)]^2a_1 + 2\,\mathrm{tr}[(M_iM_j)^2]a_2},
#'   \eqn{a_2 = 3[((T-k-8)(T-k+2)+24)/((T-k+2)(T-k-2)(T-k-4))]^2},
#'   \eqn{a_1 = a_2 - (T-k)^{-2}}. Correctly centred for fixed \eqn{T}
#'   (strictly exogenous regressors, normal errors); N(0, 1) as \eqn{N \to
#'   \infty}, upper-tail p-value. Its limits: it needs a balanced panel, an
#'   intercept, the same \eqn{k} in every unit (full rank) and \eqn{T - k >
#'   4}, so it cannot be computed at \eqn{T = 6} with a regressor; PUY report
#'   it less robust than CD to non-normal errors and weakly exogenous
#'   regressors. It is consistent where CD is not (correlations that
#'   average out).}
#' \item{`"rho"`, `"absrho"`}{the average correlation
#'   \eqn{M^{-1}\sum\hat\rho_{ij}} and average absolute correlation
#'   \eqn{M^{-1}\sum|\hat\rho_{ij}|} (plm's `test = "rho"` and `"absrho"`),
#'   descriptive, without p-value. The LM-type rows carry the average
#'   absolute correlation as their `estimate`.}
#' }
#'
#' @section Which residuals:
#' \describe{
#' \item{data frame and variables (names or a one-sided formula)}{the
#'   variables themselves (plm's `pcdtest()` of a `pseries`).}
#' \item{data frame and a two-sided formula}{the residuals of an OLS
#'   regression of the formula in each unit (Pesaran's 2004 heterogeneous
#'   specification, plm's `pcdtest(formula, data)` with `model = NULL`). A
#'   unit with no residual degree of freedom (\eqn{T_i \le k}) or an exact
#'   fit is set aside with a caveat (plm switches to within residuals
#'   instead).}
#' \item{a fixed-effects model}{its within residuals (plm's
#'   `pcdtest(<within plm>)`; two-way models: the two-way within
#'   residuals).}
#' \item{a pooled model}{its OLS residuals.}
#' \item{a random-effects model}{its residuals \eqn{y - X\hat\beta_{GLS}}; as
#'   said above these give the numbers of Stata's `xtcd2` (idiosyncratic
#'   residual) and of plm (quasi-demeaned residual) alike.}
#' }
#'
#' @section Unbalanced panels and small samples:
#' Pairs are compared over their common periods. Pairs with fewer than
#' `min_overlap` of them are not used: 3 by default, because a Pearson
#' correlation of two points is always \eqn{\pm 1} (Stata's `xtcdf` drops
#' them too); `convention = "plm"` uses 2, as plm keeps such pairs. Pairs in
#' which a series does not vary over the common periods are not used
#' either. How many pairs were used and set aside is in the settings and
#' the notes. The panel needs at least 3 units and 3 periods, and at least
#' one usable pair: anything less is an error of class `coagg_too_small`.
#'
#' Size at the reference study's dimensions (\eqn{N = 11}, \eqn{T = 6}),
#' from a simulation of independent units (`y = a_i + 0.5 x + e`, residuals
#' of per-unit OLS and of the within regression, 20,000 replications,
#' nominal 5\%, Monte Carlo standard error 0.0015, research note of the
#' package): CD rejects 0.057-0.061, the \eqn{\chi^2} LM 0.20, the scaled
#' LM 0.15, BFK's LM 0.03. This package's own run (inst/bench/crossdep.R,
#' section C: 2,000 panels of independent units, \eqn{y = a_i + 0.5x + e},
#' Monte Carlo standard error 0.005) gave for CD 0.066 on the variable
#' itself, 0.063 on per-unit OLS residuals and 0.069 on within residuals;
#' for the LM 0.19-0.20, the scaled LM 0.14-0.15 and BFK's 0.027. So at
#' such dimensions CD is usable, slightly liberal, and the LM-type tests
#' are not; the output says so when \eqn{T < N}.
#' CD on the residuals of a fixed-effects regression drifts as \eqn{T} grows
#' (Juodis and Reese 2022); that is not corrected here.
#'
#' @section Conventions:
#' The statistics are the same under every convention; `convention` sets
#' the default `min_overlap` (plm: 2, else 3). With `convention = "plm"`
#' the statistics equal plm 2.6's `pcdtest()` (tests `"cd"`, `"lm"`,
#' `"sclm"`, `"bcsclm"`, `"rho"`, `"absrho"`) to about 1e-12, balanced and
#' unbalanced. EViews reports the same four tests with two-sided normal
#' p-values and the \eqn{\chi^2} upper tail for LM (checked against a
#' published table in EViews' format).
#'
#' @param data a data frame in long format (one row per unit and period; a
#'   plm `pdata.frame` works too), a model from [panel_fe()], [panel_re()]
#'   or [panel_pooled()], or a two-sided formula followed by the data frame
#'   (plm's order, `cd_test(y ~ x, data)`).
#' @param vars with a data frame: the variables to test, as column names or
#'   a one-sided formula (`~ log(gdp) + u`), each tested on its own; or a
#'   two-sided formula (`y ~ x1 + x2`), whose per-unit OLS residuals are
#'   tested. With a formula first: the data frame. Not used with a model.
#' @param index the unit and period columns, `c(unit, time)`; `NULL` (the
#'   default) means the first two columns of `data`, or the index of a
#'   `pdata.frame`. Not used with a model (its keys are used).
#' @param na_action `"omit"` (default: a missing value drops that
#'   observation, leaving a gap) or `"fail"`; see [coagg_missing]. Not used
#'   with a model (its rows were chosen when it was fitted).
#' @param ... not used: plm's and Stata's spellings (`test`, `model`, `w`,
#'   `pesaran`, `abs`, ...) are an error of class `coagg_foreign_argument`
#'   naming ours. For `plot()`: passed to [graphics::dotchart()].
#' @param tests any of `"cd"`, `"lm"`, `"sclm"`, `"bcsclm"`, `"lm_adj"`,
#'   `"rho"`, `"absrho"`; `NULL` (default): CD, LM and the scaled LM, with
#'   the bias-corrected LM for fixed-effects residuals and the bias-adjusted
#'   LM for per-unit OLS residuals where it can be computed.
#' @param convention `"eviews"`, `"stata"` or `"plm"`; for a model, when not
#'   given, the model's.
#' @param min_overlap the fewest common periods a pair needs (whole number,
#'   at least 2); `NULL` follows `convention`.
#' @return A data frame of class `coagg_cd`, one row per variable and test:
#'   `variable`, `test`, `statistic_name`, `statistic`, `p_value`, `df` (LM),
#'   `estimate` (the average correlation in the CD and `rho` rows, the
#'   average absolute correlation in the others), `units`, `pairs`, `obs`
#'   and `overlap` (the range of common periods per pair). Attributes:
#'   `units` (per unit: observations, pairs used, average and average
#'   absolute correlation with the others, status), `notes` and `settings`
#'   (tests, convention, min_overlap, na_action, index, residuals, and per
#'   variable the pairs used and set aside). [as_htest()] gives the rows as
#'   `htest` objects.
#' @references
#' Pesaran, M. H. (2004). General diagnostic tests for cross section
#' dependence in panels. CESifo Working Paper 1229 / IZA Discussion Paper
#' 1240; published as Pesaran, M. H. (2021), General diagnostic tests for
#' cross-sectional dependence in panels, *Empirical Economics* 60, 13-50.
#' \doi{10.1007/s00181-020-01875-7}
#'
#' Pesaran, M. H. (2015). Testing weak cross-sectional dependence in large
#' panels. *Econometric Reviews* 34(6-10), 1089-1117.
#' \doi{10.1080/07474938.2014.956623}
#'
#' Breusch, T. S. and Pagan, A. R. (1980). The Lagrange multiplier test and
#' its applications to model specification in econometrics. *Review of
#' Economic Studies* 47(1), 239-253. \doi{10.2307/2297111}
#'
#' Pesaran, M. H., Ullah, A. and Yamagata, T. (2008). A bias-adjusted LM
#' test of error cross-section independence. *Econometrics Journal* 11(1),
#' 105-127. \doi{10.1111/j.1368-423X.2007.00227.x}
#'
#' Baltagi, B. H., Feng, Q. and Kao, C. (2012). A Lagrange multiplier test
#' for cross-sectional dependence in a fixed effects panel data model.
#' *Journal of Econometrics* 170(1), 164-177.
#' \doi{10.1016/j.jeconom.2012.04.004}
#'
#' Juodis, A. and Reese, S. (2022). The incidental parameters problem in
#' testing for remaining cross-section correlation. *Journal of Business &
#' Economic Statistics* 40(3), 1191-1203. \doi{10.1080/07350015.2021.1906687}
#' @seealso [panel_unitroot()] (CIPS, robust to cross-sectional
#'   dependence), [panel_fe()] (`vcov = "driscoll-kraay"`), [as_htest()],
#'   [coagg_conventions]
#' @examples
#' # A simulated panel (not real data): 12 units, 20 periods, a common factor
#' set.seed(1)
#' d <- data.frame(id = rep(1:12, each = 20), t = rep(1:20, 12))
#' f <- rep(rnorm(20), 12)
#' d$x <- rnorm(240)
#' d$y <- 1 + 0.5 * d$x + 0.8 * f + rnorm(240)
#' cd_test(d, "y")                 # the variable itself
#' cd_test(d, y ~ x)               # residuals of a regression per unit
#' cd_test(panel_fe(y ~ x, d))     # within residuals
#' as_htest(cd_test(d, "y", tests = "cd"))
#' @export
cd_test <- function(data, vars, index = NULL, ..., tests = NULL,
                    convention = c("eviews", "stata", "plm"), na_action = c("fail", "omit"),
                    min_overlap = NULL) {
  if (missing(data)) {
    abort_input(paste("is missing: give a data frame and `vars`, a two-sided formula and a data",
                      "frame, or a model from panel_fe(), panel_re() or panel_pooled()."),
                arg = "data")
  }
  UseMethod("cd_test")
}

#' @rdname cd_test
#' @export
cd_test.default <- function(data, vars, index = NULL, ..., tests = NULL,
                            convention = c("eviews", "stata", "plm"),
                            na_action = c("fail", "omit"), min_overlap = NULL) {
  abort_input(sprintf(paste("must be a data frame (then give `vars`), a model from panel_fe(),",
                            "panel_re() or panel_pooled(), or a formula followed by a data",
                            "frame, not %s."), describe(data)), arg = "data")
}

#' @rdname cd_test
#' @export
cd_test.data.frame <- function(data, vars, index = NULL, ..., tests = NULL,
                               convention = c("eviews", "stata", "plm"),
                               na_action = c("fail", "omit"), min_overlap = NULL) {
  check_dots_empty(..., foreign = cd_foreign)
  if (missing(vars)) {
    abort_input(paste("is missing: give the columns to test (names, or a formula ~ x + log(y)),",
                      "or a two-sided formula y ~ x for per-unit regressions."), arg = "vars")
  }
  convention <- match_convention(convention)
  set <- cd_settings(tests, convention, min_overlap, source = "variable")
  if (inherits(vars, "formula") && length(vars) == 3L) {
    return(cd_per_unit(data, vars, index, set, na_action))
  }
  pd <- panel_data_index(data, index)
  data <- pd$data
  index <- pd$index
  check_data_frame(data)
  na_action <- check_na_action(na_action, "omit")
  pidx <- check_panel_index(data, index, na_action = na_action)
  series <- ur_variables(data, vars, index, pidx, na_action)
  notes <- missing_key_caveat(pidx, index)
  set$index <- index
  set$na_action <- na_action
  set$residuals <- "the variables themselves"
  keys <- list(unit = pidx$id_code, time = pidx$time_code, ids = pidx$id_levels,
               n_periods = pidx$n_periods, index = index)
  parts <- lapply(names(series), function(v) {
    x <- series[[v]]
    ok <- !is.na(x) & !is.na(keys$unit)
    if (any(is.na(x) & !is.na(keys$unit))) {
      k <- sum(is.na(x) & !is.na(keys$unit))
      notes <<- c(notes, sprintf('"%s": %d missing value%s dropped (na_action = "omit").', v, k,
                                 if (k > 1L) "s" else ""))
    }
    one <- cd_run(x[ok], list(), keys$unit[ok], keys$time[ok], keys, set, v, ref = 0)
    notes <<- c(notes, one$notes)
    one
  })
  cd_result(parts, notes, set)
}

#' @rdname cd_test
#' @export
cd_test.formula <- function(data, vars, index = NULL, ..., tests = NULL,
                            convention = c("eviews", "stata", "plm"),
                            na_action = c("fail", "omit"), min_overlap = NULL) {
  if (missing(vars) || !is.data.frame(vars)) {
    abort_input(paste("a formula first must be followed by the data frame, as in",
                      "cd_test(y ~ x, data); or give cd_test(data, y ~ x)."), arg = "vars")
  }
  cd_test.data.frame(vars, data, index = index, ..., tests = tests, convention = convention,
                     na_action = na_action, min_overlap = min_overlap)
}

#' @rdname cd_test
#' @export
cd_test.coagg_panel <- function(data, vars, index = NULL, ..., tests = NULL,
                                convention = c("eviews", "stata", "plm"),
                                na_action = c("fail", "omit"), min_overlap = NULL) {
  check_dots_empty(..., foreign = cd_foreign)
  check_panel_model(data, c("within", "random", "pooling"), "data")
  # a model brings its own residuals, keys and sample
  if (!missing(vars)) {
    abort_input(paste("is not used with a fitted model: its residuals are tested. For per-unit",
                      "regressions give cd_test(data, y ~ x)."), arg = "vars")
  }
  if (!is.null(index)) {
    abort_input("is not used with a fitted model: the model's own keys are used.", arg = "index")
  }
  if (!missing(na_action)) {
    abort_input(paste("is not used with a fitted model: its rows were chosen when it was fitted",
                      "(its own na_action)."), arg = "na_action")
  }
  convention <- if (missing(convention)) data$convention else match_convention(convention)
  set <- cd_settings(tests, convention, min_overlap, source = data$model_type)
  set$index <- data$index
  set$na_action <- data$settings$na_action
  set$residuals <- cd_residual_label(data)
  keys <- list(unit = data$unit_code, time = data$time_code, ids = data$unit_levels,
               n_periods = length(data$time_levels), index = data$index)
  e <- data$residuals
  # an exactly fitted unit leaves residuals at the level of rounding error:
  # they are judged against the scale of all the residuals
  ref <- sqrt(mean(e^2))
  one <- cd_run(e, list(), keys$unit, keys$time, keys, set, "residuals", ref = ref)
  cd_result(list(one), c(data$notes[grepl("missing values dropped", data$notes)], one$notes),
            set)
}

# Arguments of plm's pcdtest() and Stata's xtcd2 / xtcsd, and ours.
cd_foreign <- c(
  test = paste('use `tests`, e.g. tests = c("cd", "lm"); plm\'s "bcsclm", "sclm", "rho" and',
               '"absrho" have the same names here.'),
  model = paste("fit the model with panel_fe(), panel_re() or panel_pooled() and give it as",
                "`data`; a two-sided formula in `vars` gives per-unit OLS residuals."),
  effect = "fit the model with panel_fe(effect = ) and give it as `data`.",
  w = "the local CD test with a proximity matrix is not implemented.",
  pesaran = 'use tests = "cd".',
  frees = "Frees' test is not implemented; use tests = c(\"cd\", \"lm\").",
  friedman = "Friedman's test is not implemented; use tests = \"cd\".",
  abs = "the average absolute correlation is the `estimate` of the LM rows (and tests = \"absrho\").",
  noestimation = "give a model, a variable or a two-sided formula."
)

cd_tests <- c("cd", "lm", "sclm", "bcsclm", "lm_adj", "rho", "absrho")

cd_labels <- c(cd = "Pesaran CD", lm = "Breusch-Pagan LM", sclm = "Pesaran scaled LM",
               bcsclm = "Bias-corrected scaled LM (BFK)", lm_adj = "Bias-adjusted LM (PUY)",
               rho = "Average correlation", absrho = "Average absolute correlation")

cd_stat_names <- c(cd = "CD", lm = "chisq", sclm = "z", bcsclm = "z", lm_adj = "z",
                   rho = "rho", absrho = "|rho|")

# The options, validated, with the convention's defaults. `source`:
# "variable", "per_unit", or a model type; it decides the default tests.
cd_settings <- function(tests, convention, min_overlap, source = NULL) {
  if (!is.null(tests)) tests <- unique(check_choice(tests, cd_tests, "tests", several_ok = TRUE))
  if (is.null(min_overlap)) {
    min_overlap <- if (convention == "plm") 2L else 3L
  } else {
    min_overlap <- as_plain_number(min_overlap, "min_overlap")
    check_number(min_overlap, "min_overlap", lower = 2, upper = 1e6, integer = TRUE)
    min_overlap <- as.integer(min_overlap)
  }
  list(tests = tests, convention = convention, min_overlap = min_overlap,
       default_tests = is.null(tests), source = source)
}

cd_residual_label <- function(m) {
  switch(m$model_type,
         within = sprintf("within residuals of the fixed-effects regression (%s effects)",
                          if (m$effect == "twoways") "unit and period" else "unit"),
         pooling = "residuals of the pooled OLS regression",
         random = paste("residuals of the random-effects GLS regression (composite,",
                        "idiosyncratic and quasi-demeaned residuals give the same correlations)"))
}

# Per-unit OLS residuals of a two-sided formula (Pesaran's heterogeneous
# specification): the model's data path of the panel models, then one
# regression per unit in the kernel.
cd_per_unit <- function(data, formula, index, set, na_action) {
  spec <- panel_model_input("pooling", formula, data, index, na_action)
  set$index <- spec$index
  set$na_action <- spec$na_policy
  set$residuals <- sprintf("residuals of an OLS regression per unit of %s",
                           paste(deparse(formula, width.cutoff = 200L), collapse = " "))
  set$source <- "per_unit"
  keys <- list(unit = spec$idc$code, time = spec$tmc$code, ids = spec$idc$levels,
               n_periods = length(spec$tmc$levels), index = spec$index)
  one <- cd_run(spec$y_fit, spec$X, keys$unit, keys$time, keys, set, "residuals", ref = 0,
                has_intercept = spec$icol >= 0L)
  cd_result(list(one), c(spec$notes, one$notes), set)
}

# ---------------------------------------------------------------------------
# The computation
# ---------------------------------------------------------------------------

# One series (or one set of per-unit regressions): the kernel's sums, the
# statistics, the rows of the result and the caveats. `x`: the values (or
# the response, with X the design columns); unit and time: 0-based codes
# of its rows, with keys$ids and keys$n_periods the full panel's.
cd_run <- function(x, X, unit, time, keys, set, label, ref, has_intercept = TRUE) {
  tag <- if (label == "residuals") "" else sprintf('"%s": ', label)
  notes <- character()
  warn <- function(msg, class = NULL) notes <<- c(notes, warn_caveat(paste0(tag, msg), class))
  present <- tabulate(unit + 1L, length(keys$ids)) > 0L
  n_units <- sum(present)
  n_periods <- length(unique(time))
  cd_check_size(n_units, n_periods, keys, label)
  # the codes of the units and periods present, dense
  ucode <- cumsum(present)[unit + 1L] - 1L
  tpresent <- tabulate(time + 1L, keys$n_periods) > 0L
  tcode <- cumsum(tpresent)[time + 1L] - 1L
  k <- length(X)
  tests <- cd_default_tests(set, k, has_intercept)
  puy_possible <- k > 0L && has_intercept && length(x) == n_units * n_periods &&
    n_periods - k > 4L
  res <- .Call(C_cd_test, as.double(x), X, as.integer(ucode), as.integer(tcode),
               list(n_units = as.integer(n_units), n_periods = as.integer(n_periods),
                    min_overlap = set$min_overlap, puy = as.integer("lm_adj" %in% tests),
                    ref_scale = as.double(ref), tol_rank = panel_tolerances[["rank"]]))
  ids <- keys$ids[present]
  if (!identical(res$status, 0L)) {
    abort_internal(sprintf("LAPACK failed in the regression of unit %s.", ids[res$status]))
  }
  units <- cd_units_table(res$units, ids, label)
  set_aside <- cd_unit_notes(units, k, warn)
  s <- res$stats
  if (!(s[["pairs"]] > 0)) {
    abort_input(sprintf(paste("%sno pair of units has %d or more periods in common with both",
                              "series varying over them, so no correlation can be computed%s."),
                        tag, set$min_overlap, set_aside),
                arg = if (k > 0L) "vars" else "data", class = "coagg_too_small")
  }
  cd_pair_notes(s, set, warn)
  st <- cd_statistics(s, units, tests, n_periods)
  if (st$n_units < 3L) {
    abort_input(sprintf(paste("%sonly %d units share %d or more periods with another unit",
                              "(min_overlap); tests of cross-sectional dependence need at least",
                              "3."), tag, st$n_units, set$min_overlap),
                arg = if (k > 0L) "vars" else "data", class = "coagg_too_small")
  }
  # (called first: its caveats are added to `notes` as they are warned)
  quiet_notes <- cd_test_notes(st, set, tests, k, puy_possible, s, n_periods, warn)
  notes <- c(notes, quiet_notes)
  overlap <- if (s[["min_overlap"]] == s[["max_overlap"]]) format(s[["min_overlap"]]) else
    paste(s[["min_overlap"]], s[["max_overlap"]], sep = "-")
  rows <- data.frame(variable = label, test = tests, statistic_name = unname(cd_stat_names[tests]),
                     statistic = unname(st$statistic[tests]), p_value = unname(st$p_value[tests]),
                     df = unname(st$df[tests]), estimate = unname(st$estimate[tests]),
                     units = st$n_units, pairs = as.integer(s[["pairs"]]),
                     obs = sum(units$obs[units$status == "used"]), overlap = overlap,
                     stringsAsFactors = FALSE)
  list(rows = rows, units = units, notes = notes,
       pairs = data.frame(variable = label, used = as.integer(s[["pairs"]]),
                          short = as.integer(s[["short_pairs"]]),
                          degenerate = as.integer(s[["degenerate_pairs"]]),
                          balanced = s[["balanced"]] == 1, stringsAsFactors = FALSE))
}

# At least 3 units and 3 periods.
cd_check_size <- function(n_units, n_periods, keys, label) {
  what <- if (label == "residuals") "" else sprintf(' of "%s"', label)
  if (n_units < 3L) {
    abort_input(sprintf(paste('the panel%s has %d unit%s with data (column "%s"); tests of',
                              "cross-sectional dependence need at least 3."), what, n_units,
                        if (n_units == 1L) "" else "s", keys$index[1L]),
                arg = "data", column = keys$index[1L], class = "coagg_too_small")
  }
  if (n_periods < 3L) {
    abort_input(sprintf(paste('the panel%s has %d period%s with data (column "%s"); a',
                              "correlation needs at least 3 (with 2, every correlation is",
                              "+1 or -1)."), what, n_periods, if (n_periods == 1L) "" else "s",
                        keys$index[2L]),
                arg = "data", column = keys$index[2L], class = "coagg_too_small")
  }
  invisible()
}

# The tests asked for, or the default ones for the residuals at hand.
cd_default_tests <- function(set, k, has_intercept) {
  if (!is.null(set$tests)) return(set$tests)
  c("cd", "lm", "sclm", if (identical(set$source, "within")) "bcsclm",
    if (k > 0L) "lm_adj")
}

cd_units_table <- function(u, ids, label) {
  status <- c("used", "constant", "no residual degrees of freedom")[u$status + 1L]
  status[status == "used" & u$pairs == 0L] <- "no usable pair"
  data.frame(variable = label, unit = as.character(ids), obs = u$obs, pairs = u$pairs,
             mean_rho = ifelse(u$pairs > 0L, u$sum_rho / u$pairs, NA_real_),
             mean_abs_rho = ifelse(u$pairs > 0L, u$sum_abs_rho / u$pairs, NA_real_),
             status = status, stringsAsFactors = FALSE)
}

# Units set aside, as caveats; returns a clause for an error message.
cd_unit_notes <- function(units, k, warn) {
  why <- c(constant = if (k > 0L) "an exact fit of the regression (zero residuals)" else
             "no variation (a constant series has no correlations)",
           "no residual degrees of freedom" = sprintf(
             "no residual degree of freedom in the regression (%d coefficients)", k),
           "no usable pair" = "too few periods in common with every other unit (min_overlap)")
  out <- ""
  for (st in intersect(names(why), units$status)) {
    w <- units$unit[units$status == st]
    warn(sprintf("%d unit%s set aside (%s%s): %s.", length(w), if (length(w) > 1L) "s" else "",
                 paste(utils::head(w, 5L), collapse = ", "),
                 if (length(w) > 5L) sprintf(" and %d more", length(w) - 5L) else "", why[[st]]),
         "coagg_dropped_unit_warning")
    out <- sprintf("; %d unit%s set aside", length(w), if (length(w) > 1L) "s were" else " was")
  }
  out
}

cd_pair_notes <- function(s, set, warn) {
  sh <- s[["short_pairs"]]
  dg <- s[["degenerate_pairs"]]
  all <- s[["pairs"]] + sh + dg
  if (sh > 0) {
    warn(sprintf(paste("%s of %s pairs of units have fewer than %d periods in common and are",
                       "not used (min_overlap)."), format(sh), format(all), set$min_overlap),
         "coagg_unbalanced_warning")
  }
  if (dg > 0) {
    warn(sprintf(paste("%s of %s pairs are not used because a series does not vary over",
                       "their common periods."), format(dg), format(all)),
         "coagg_unbalanced_warning")
  }
}

# The statistics from the kernel's sums (M pairs, N units in a pair).
cd_statistics <- function(s, units, tests, n_periods) {
  M <- s[["pairs"]]
  N <- sum(units$status == "used")
  Tmax <- max(units$obs[units$status == "used"])
  sclm <- (s[["sum_t_rho2"]] - M) / sqrt(2 * M)
  stat <- c(cd = s[["sum_sqrt_t_rho"]] / sqrt(M), lm = s[["sum_t_rho2"]], sclm = sclm,
            bcsclm = sclm - N / (2 * (Tmax - 1)),
            lm_adj = if (is.na(s[["puy_sum"]])) NA_real_ else s[["puy_sum"]] / sqrt(s[["puy_pairs"]]),
            rho = s[["sum_rho"]] / M, absrho = s[["sum_abs_rho"]] / M)
  two <- function(z) 2 * stats::pnorm(-abs(z))
  p <- c(cd = two(stat[["cd"]]), lm = stats::pchisq(stat[["lm"]], M, lower.tail = FALSE),
         sclm = two(sclm), bcsclm = two(stat[["bcsclm"]]),
         lm_adj = stats::pnorm(stat[["lm_adj"]], lower.tail = FALSE), rho = NA, absrho = NA)
  est <- c(cd = stat[["rho"]], lm = stat[["absrho"]], sclm = stat[["absrho"]],
           bcsclm = stat[["absrho"]], lm_adj = stat[["absrho"]], rho = stat[["rho"]],
           absrho = stat[["absrho"]])
  list(statistic = stat, p_value = p, df = c(lm = M)[cd_tests], estimate = est,
       n_units = N, t_max = Tmax)
}

# Caveats about the tests: LM-type tests with T small beside N, BFK on
# residuals that are not within residuals or on an unbalanced panel, PUY
# where it cannot be computed.
cd_test_notes <- function(st, set, tests, k, puy_possible, s, n_periods, warn) {
  notes <- character()
  tbar <- s[["sum_overlap"]] / s[["pairs"]]
  lm_type <- intersect(tests, c("lm", "sclm", "bcsclm"))
  if (length(lm_type) && tbar < st$n_units) {
    warn(sprintf(paste("%s: their null distributions are for T large beside N (N fixed, T",
                       "growing), and with T = %s periods per pair for N = %d units they",
                       "over-reject (the chi-square LM rejects about 20%% at 5%% when N = 11,",
                       "T = 6); rely on CD."), paste(cd_labels[lm_type], collapse = ", "),
                 format(signif(tbar, 3)), st$n_units), "coagg_small_t_warning")
  }
  if ("bcsclm" %in% tests && !identical(set$source, "within")) {
    warn(paste("the bias-corrected scaled LM (Baltagi, Feng and Kao 2012) is derived for the",
               "residuals of a fixed-effects (within) regression; here it is applied to",
               set$residuals, "and its correction may not fit them."))
  }
  if ("bcsclm" %in% tests && s[["balanced"]] != 1) {
    notes <- c(notes, sprintf(paste("bias-corrected scaled LM on an unbalanced panel: T =",
                                    "%d, the largest number of observations of a unit (plm's",
                                    "choice; no unbalanced version is published)."), st$t_max))
  }
  if ("lm_adj" %in% tests && is.na(st$statistic[["lm_adj"]])) {
    why <- if (k == 0L) "it needs the residuals of a regression per unit (a two-sided formula)" else
      if (!puy_possible) sprintf(paste("it needs a balanced panel, an intercept and T - k > 4",
                                       "(here T = %d, k = %d)"), n_periods, k) else
        "every unit's regression must have full rank k"
    if (set$default_tests) {
      notes <- c(notes, sprintf("bias-adjusted LM (PUY 2008) not computed: %s.", why))
    } else {
      warn(sprintf("bias-adjusted LM (PUY 2008) not computed: %s.", why), "coagg_not_computed_warning")
    }
  }
  notes
}

# Bind the parts of one call into the result.
cd_result <- function(parts, notes, set) {
  rows <- do.call(rbind, lapply(parts, `[[`, "rows"))
  rownames(rows) <- NULL
  if (set$default_tests && any(rows$test == "lm_adj" & is.na(rows$statistic))) {
    rows <- rows[!(rows$test == "lm_adj" & is.na(rows$statistic)), , drop = FALSE]
    rownames(rows) <- NULL
  }
  units <- do.call(rbind, lapply(parts, `[[`, "units"))
  rownames(units) <- NULL
  set$pairs <- do.call(rbind, lapply(parts, `[[`, "pairs"))
  set$tests <- unique(rows$test)
  set$default_tests <- NULL
  set$source <- NULL
  structure(rows, class = c("coagg_cd", "data.frame"), units = units,
            notes = unique(notes), settings = set)
}
