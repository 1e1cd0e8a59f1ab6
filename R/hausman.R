# The Hausman test of fixed against random effects: the classical contrast,
# as plm, Stata and EViews each compute and print it, and the
# regression-based (Mundlak) robust version.

#' Hausman test: fixed against random effects
#'
#' Tests \eqn{H_0}: the unit effects are uncorrelated with the regressors, under
#' which random-effects GLS is consistent and efficient and the within
#' (fixed-effects) estimator consistent; under the alternative only the
#' within estimator is consistent.
#'
#' The two models may be given in either order: `hausman_test(fe, re)` and
#' `hausman_test(re, fe)` are the same test, and the result says which model
#' is which. They must be fitted to the same data: the same response, offset,
#' regressors and rows, with the same values (a fingerprint of the response
#' and of every design column is compared); anything else is an error of
#' class `coagg_different_models`.
#'
#' @md
#' @section Classical contrast (`type = "classical"`):
#' \deqn{H = (\hat\beta_{FE} - \hat\beta_{RE})'\,[\hat V_{FE} - \hat V_{RE}]^{-1}
#'   (\hat\beta_{FE} - \hat\beta_{RE}) \sim \chi^2_K}
#' over the \eqn{K} slope coefficients the two models share. \eqn{\hat V_{FE} =
#' s^2_W (X_W'X_W)^{-1}} in every program; \eqn{\hat V_{RE}} is each program's
#' own covariance of its random-effects estimates: \eqn{s^2 (X^{*\prime}X^*)^{-1}},
#' \eqn{s^2 = SSR^*/(n - K)}, for plm's `phtest()` and Stata's `hausman`,
#' \eqn{\hat\sigma^2_e (X^{*\prime}X^*)^{-1}} for EViews. With the
#' Swamy-Arora estimator \eqn{\hat\sigma^2_e = s^2_W}, so under `"eviews"` the
#' difference is \eqn{s^2_W[(X_W'X_W)^{-1} - (X^{*\prime}X^*)^{-1}]}, which is
#' positive semi-definite in a balanced panel.
#'
#' The classical variances are used even when the models were fitted with
#' `vcov = "cluster"` (the contrast assumes the random-effects model is
#' efficient, which cluster-robust variances deny; the result says so).
#'
#' @section What each program prints (`convention`):
#' The headline `statistic`, `df` and `p_value` are those of the program
#' named by `convention`; `reported_by` lists all three for the same two
#' models, each with its own \eqn{\hat V_{RE}} (and, for Stata in an unbalanced
#' panel with Swamy-Arora components, its own random-effects fit):
#' \describe{
#'   \item{`"plm"`}{\eqn{|q'V^{-1}q|} with the ordinary inverse and
#'     \eqn{K} degrees of freedom (`plm::phtest()`: the absolute value, with
#'     no warning when \eqn{V} is not positive definite; a singular \eqn{V}
#'     makes plm stop, and the statistic is `NA` here).}
#'   \item{`"stata"`}{\eqn{q'V^{+}q} with \eqn{V^{+}} the Moore-Penrose inverse
#'     (singular values below \eqn{K \cdot 10^{-9}} times the largest taken as
#'     zero) and degrees of freedom the rank of \eqn{V} (StataCorp, `[R]
#'     hausman`, Methods and formulas; `hausman.ado` 3.2.1). The statistic can
#'     be negative; Stata then prints no p-value ("chi2<0 ==> model fitted on
#'     these data fails to meet the asymptotic assumptions"), and `p_value`
#'     is `NA`. Stata's `xtreg, re` offers only Swamy-Arora-type components:
#'     for the other estimators the Stata row of `reported_by` is `NA` (and
#'     under `convention = "stata"` the headline applies Stata's rule to the
#'     estimates, with a note).}
#'   \item{`"eviews"`}{\eqn{q'V^{-1}q} on \eqn{K} degrees of freedom when
#'     \eqn{V} is positive definite; otherwise the statistic is believed to be
#'     set to zero (EViews' warning "Hausman statistic set to zero"; not
#'     verified against EViews output). EViews has no Nerlove estimator: its
#'     row is `NA` for Nerlove components.}
#' }
#' Whatever the convention, `generalised_statistic` is the quadratic form on
#' the positive eigen-directions of \eqn{V},
#' \eqn{\sum_{\lambda_j > \epsilon} (v_j'q)^2/\lambda_j} with
#' `generalised_df` the number of positive eigenvalues (\eqn{\epsilon =
#' 10^{-8}\max_j|\lambda_j|}), printed on its own line. When \eqn{V} is
#' positive definite all of these coincide. When it is not, a warning (class
#' `coagg_hausman_not_pd`), recorded in `notes`, says what each program
#' prints and points to the robust test: no version of the classical
#' statistic is then a valid \eqn{\chi^2} test.
#'
#' @section Robust version (`type = "robust"`):
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
#' Only the random-effects model is needed.
#'
#' @param x,y the two models, in either order (for `print()`, `x` is the
#'   test's result): a fixed-effects model from
#'   [panel_fe()] and a random-effects model from [panel_re()] (for
#'   `type = "robust"` the random-effects model alone, in `x` or `y`). Or `x`
#'   a formula: then both models are fitted from `data` (which may also be
#'   given as `y`, as in `hausman_test(y ~ x1, d)`).
#' @param type `"classical"` (default: Hausman's contrast of the two
#'   estimators) or `"robust"` (the Mundlak regression with a Wald test).
#' @param data,index,na_action the data, panel keys and missing-value policy
#'   when `x` is a formula (see [panel_re()]).
#' @param re_method the variance-component method when `x` is a formula.
#' @param convention `"eviews"`, `"stata"` or `"plm"`: whose statistic is the
#'   headline; by default the random-effects model's convention (`"eviews"`
#'   when `x` is a formula).
#' @param robust_vcov for `type = "robust"`: `"cluster"` (default) or
#'   `"classical"`.
#' @param alpha significance level used for the conclusion in words.
#' @param ... must be empty; plm's and Stata's spellings (`method`, `x2`,
#'   `vcov`, `sigmamore`, ...) and the old names `fe`, `re` are an error of
#'   class `coagg_foreign_argument` naming ours.
#' @return An object of class `c("coagg_hausman", "htest")` (`as.data.frame()`
#'   gives its headline as one row: `type`, `convention`, `statistic`, `df`,
#'   `p_value`; [as_htest()] the plain `htest`): a list with the
#'   `htest` fields `statistic` (named `chisq`), `parameter` (`df`),
#'   `p.value`, `method` (a description), `data.name` and `alternative`, and
#'   `df`, `p_value`, `type`, `convention`, `models` (which argument holds the
#'   fixed- and which the random-effects model), `conclusion` (in words),
#'   `undefined` (no p-value under the convention), `notes` and `settings`;
#'   for the classical test also `raw_statistic` (the ordinary-inverse form
#'   under the convention's variances), `generalised_statistic`,
#'   `generalised_df`, `eigenvalues`, `positive_definite`, `rank` (non-zero
#'   eigenvalues), `comparisons` (a data frame with `term`, `fixed`, `random`,
#'   `std_error_fixed`, `std_error_random` (the classical standard errors the
#'   contrast uses, under the convention), `var_diff` and the per-coefficient
#'   `p_value` EViews prints) and
#'   `reported_by` (a data frame: `program`, `statistic`, `df`, `p_value`,
#'   `note`); for the robust test `coefficients` (\eqn{\hat\gamma}) and
#'   `vcov`.
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
#'
#' StataCorp. \emph{Stata Base Reference Manual}, `[R] hausman` (Methods and
#' formulas). College Station, TX: Stata Press.
#'
#' Croissant, Y. and Millo, G. (2008). Panel data econometrics in R: the plm
#' package. \emph{Journal of Statistical Software} 27(2).
#' \doi{10.18637/jss.v027.i02}
#' @seealso [panel_fe()], [panel_re()], [coagg_conventions]
#' @examples
#' set.seed(6)
#' d <- data.frame(id = rep(1:40, each = 5), year = rep(1:5, 40))
#' a <- rep(rnorm(40), each = 5)
#' d$x <- rnorm(200) + 0.5 * a          # correlated with the unit effect
#' d$y <- 1 + d$x + a + rnorm(200)
#' fe <- panel_fe(y ~ x, d)
#' re <- panel_re(y ~ x, d)
#' hausman_test(fe, re)
#' hausman_test(re, fe, convention = "plm")  # either order
#' hausman_test(re, type = "robust")
#' @export
hausman_test <- function(x, y = NULL, type = c("classical", "robust"),
                         data = NULL, index = NULL, re_method = "swamy-arora",
                         convention = NULL, robust_vcov = c("cluster", "classical"),
                         alpha = 0.05, na_action = c("fail", "omit"), ...) {
  check_dots_empty(..., foreign = hausman_foreign_args)
  # `re =` (the old name of a model argument) partially matches re_method
  if (inherits(re_method, "coagg_panel")) {
    abort_input(sprintf("`re` is not an argument of coagg's; %s", hausman_foreign_args[["re"]]),
                arg = "re", class = "coagg_foreign_argument")
  }
  if (missing(x)) {
    abort_input("is needed: a fixed-effects and a random-effects model, or a formula.", arg = "x")
  }
  type <- check_choice(type, c("classical", "robust"), "type")
  robust_vcov <- check_choice(robust_vcov, c("cluster", "classical"), "robust_vcov")
  check_number(alpha, "alpha", lower = 0, upper = 1, inclusive = FALSE)
  labels <- c(x = deparse1(substitute(x)), y = deparse1(substitute(y)))
  if (inherits(x, "formula")) {
    if (is.null(data) && is.data.frame(y)) {
      data <- y
      labels[["y"]] <- labels[["x"]]
      y <- NULL
    }
    if (is.null(data)) abort_input("is needed when `x` is a formula.", arg = "data")
    if (!is.null(y)) {
      abort_input("must be NULL when `x` is a formula: both models are fitted from it.",
                  arg = "y")
    }
    conv <- if (is.null(convention)) "eviews" else match_convention(convention)
    re <- panel_re(x, data, index = index, re_method = re_method, convention = conv,
                   na_action = na_action)
    fe <- if (type == "classical") {
      panel_fe(x, data, index = index, convention = conv, na_action = na_action)
    } else NULL
    roles <- c(fixed = if (is.null(fe)) NA_character_ else "x", random = "x")
    labels[] <- deparse1(x)
  } else {
    m <- hausman_models(x, y, type)
    fe <- m$fe
    re <- m$re
    roles <- m$roles
  }
  if (!is.null(fe)) check_same_model(fe, re)
  convention <- if (is.null(convention)) re$convention else match_convention(convention)
  out <- if (type == "classical") hausman_classical(fe, re, convention) else
    hausman_robust(re, robust_vcov)
  out$df <- as.integer(out$df)
  out$p_value <- if (is.na(out$p_value)) NA_real_ else out$p_value
  out$undefined <- is.na(out$p_value)
  out$type <- type
  out$convention <- convention
  out$alpha <- alpha
  out$models <- roles
  out$conclusion <- hausman_conclusion(out, alpha)
  out$settings <- list(type = type, convention = convention,
                       robust_vcov = if (type == "robust") robust_vcov else NA_character_,
                       alpha = alpha)
  # the htest face
  out$parameter <- c(df = out$df)
  out$p.value <- out$p_value
  out$statistic <- c(chisq = unname(out$statistic))
  out$method <- if (type == "classical") {
    sprintf("Hausman test, fixed vs random effects (classical contrast; convention \"%s\")",
            convention)
  } else {
    sprintf("Hausman test, robust (Mundlak regression, %s Wald test)",
            if (robust_vcov == "cluster") "cluster-robust" else "classical")
  }
  out$data.name <- hausman_data_name(roles, labels, re)
  out$alternative <- "the unit effects are correlated with the regressors (random effects inconsistent)"
  class(out) <- c("coagg_hausman", "htest")
  out
}

hausman_foreign_args <- c(
  method = paste("the test is chosen by `type`: \"classical\" (the contrast) or \"robust\"",
                 "(the Mundlak regression; plm's method = \"aux\")."),
  x2 = "the second model is `y` (the two models may come in either order).",
  fe = "the models are `x` and `y`, in either order (renamed from `fe` and `re`).",
  re = "the models are `x` and `y`, in either order (renamed from `fe` and `re`).",
  model = "give the two fitted models, or a formula in `x` with `data`.",
  vcov = "the robust test's covariance is `robust_vcov` (\"cluster\" or \"classical\").",
  random.method = "the variance components of the formula interface are `re_method`.",
  effect = "the test compares one-way models (a two-way fixed-effects model is refused).",
  sigmamore = "each model's own variance is used, as each program does; see `convention`.",
  sigmaless = "each model's own variance is used, as each program does; see `convention`.",
  constant = "the intercept is never compared (its meaning differs between the models).",
  df = "the degrees of freedom follow `convention`.",
  na.action = "missing values follow `na_action` (\"omit\" or \"fail\"; see ?coagg_missing).")

# The fixed- and random-effects models among x and y, in either order.
hausman_models <- function(x, y, type) {
  given <- list(x = x, y = y)
  given <- given[!vapply(given, is.null, TRUE)]
  if (!length(given)) {
    abort_input("is needed: a fixed-effects and a random-effects model, or a formula.", arg = "x")
  }
  for (a in names(given)) check_panel_model(given[[a]], c("within", "random"), a)
  kind <- vapply(given, function(m) m$model_type, "")
  if (length(given) == 2L && kind[[1L]] == kind[[2L]]) {
    abort_input(sprintf(paste("`x` and `y` are both %s models; give one fixed-effects model",
                              "(panel_fe()) and one random-effects model (panel_re()), in",
                              "either order."), model_label(given[[1L]])), arg = "y")
  }
  fe_arg <- names(kind)[kind == "within"]
  re_arg <- names(kind)[kind == "random"]
  if (!length(re_arg)) {
    abort_input(sprintf("a random-effects model from panel_re() is needed; `%s` is a %s model.",
                        fe_arg, model_label(given[[fe_arg]])),
                arg = if (fe_arg == "x") "y" else "x")
  }
  if (type == "classical" && !length(fe_arg)) {
    abort_input(sprintf(paste("the classical test needs a fixed-effects model from panel_fe()",
                              "beside the random-effects model in `%s` (or use type = \"robust\")."),
                        re_arg), arg = if (re_arg == "x") "y" else "x")
  }
  fe <- if (length(fe_arg)) given[[fe_arg]] else NULL
  if (!is.null(fe) && fe$effect != "individual") {
    abort_input("the Hausman test compares one-way models; refit the fixed-effects model with effect = \"individual\".",
                arg = fe_arg)
  }
  list(fe = fe, re = given[[re_arg]],
       roles = c(fixed = if (length(fe_arg)) fe_arg else NA_character_, random = re_arg))
}

hausman_data_name <- function(roles, labels, re) {
  model <- paste(deparse(re$formula, width.cutoff = 500L), collapse = " ")
  if (identical(roles[["random"]], roles[["fixed"]])) {
    return(sprintf("%s (both models fitted from it)", model))
  }
  parts <- c(if (!is.na(roles[["fixed"]]))
    sprintf("fixed effects: %s (`%s`)", labels[[roles[["fixed"]]]], roles[["fixed"]]),
    sprintf("random effects: %s (`%s`)", labels[[roles[["random"]]]], roles[["random"]]))
  sprintf("%s; %s", paste(parts, collapse = ", "), model)
}

# The contrast compares two estimators of one model: same response (and
# offset), same regressors, same rows, same values.
check_same_model <- function(fe, re) {
  if (fe$n_obs != re$n_obs || fe$n_units != re$n_units ||
      !identical(as.character(fe$unit_levels), as.character(re$unit_levels))) {
    abort_input(sprintf(paste("the fixed-effects (%d observations, %d units) and random-effects",
                              "(%d observations, %d units) models were not fitted to the same data."),
                        fe$n_obs, fe$n_units, re$n_obs, re$n_units),
                arg = "y", class = "coagg_different_models")
  }
  lhs <- function(m) paste(deparse(m$formula[[2L]]), collapse = " ")
  if (!identical(lhs(fe), lhs(re))) {
    abort_input(sprintf(paste("the two models have different responses: `%s` (fixed effects)",
                              "and `%s` (random effects); fit both to the same formula."),
                        lhs(fe), lhs(re)), arg = "y", class = "coagg_different_models")
  }
  offs <- function(m) {
    i <- attr(m$terms, "offset")
    if (is.null(i)) character() else sort(names(m$model)[i])
  }
  if (!identical(offs(fe), offs(re))) {
    abort_input("the two models have different offset() terms; fit both to the same formula.",
                arg = "y", class = "coagg_different_models")
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
                arg = "y", column = c(only_fe, only_re)[1L], class = "coagg_different_models")
  }
  dropped <- function(m) if (is.null(m$na_action)) integer() else as.integer(m$na_action)
  if (!identical(dropped(fe), dropped(re)) ||
      !identical(unname(fe$t_i), unname(re$t_i))) {
    abort_input(sprintf(paste("the two models were fitted to different rows (rows dropped for",
                              "missing values: %s in the fixed-effects model, %s in the",
                              "random-effects model); fit both to the same data."),
                        describe_dropped(dropped(fe)), describe_dropped(dropped(re))),
                arg = "y", class = "coagg_different_models")
  }
  check_same_values(fe, re)
  invisible(TRUE)
}

describe_dropped <- function(rows) if (length(rows)) format_rows(rows, 5L) else "none"

# The values: the fingerprints (panel_fingerprint()) of the
# response and of every design column the models share must agree, up to
# the rounding of summing rows in another order.
check_same_values <- function(fe, re) {
  a <- panel_fingerprint(fe)
  b <- panel_fingerprint(re)
  differs <- function(u, v) any(abs(u[1:2] - v[1:2]) > 1e-9 * max(u[3L], v[3L], 1e-300))
  what <- NULL
  if (differs(a$response, b$response)) {
    what <- sprintf("the response `%s`", paste(deparse(fe$formula[[2L]]), collapse = " "))
  } else {
    for (nm in intersect(colnames(a$columns), colnames(b$columns))) {
      if (differs(a$columns[, nm], b$columns[, nm])) {
        what <- sprintf('the regressor "%s"', nm)
        break
      }
    }
  }
  if (!is.null(what)) {
    abort_input(sprintf(paste("the two models were fitted to different data: the values of %s",
                              "differ between them (same names and sizes, other numbers). The",
                              "contrast compares two estimators on the same data; fit both",
                              "models to the same data frame."), what),
                arg = "y", class = "coagg_different_models")
  }
  invisible(TRUE)
}

# A fingerprint of the data a model was fitted to: for the response (net of
# any offset) and each column of the design, two sums weighted by fixed
# pseudo-random weights of each row's (unit, period) codes, and a scale.
# Two models fitted to the same rows of the same data have the same
# fingerprint (whatever the order of the rows, up to rounding); a changed
# value, a reordered response or a rescaled regressor changes it. Computed
# from the model frame a model keeps, when hausman_test() needs it (not at
# every fit).
panel_fingerprint <- function(model) {
  mf <- model$model
  y <- as.double(mf[[1L]])
  if (!is.null(model$offset)) y <- y - model$offset
  X <- panel_design(model$terms, mf)
  u <- model$unit_code
  t <- model$time_code
  w1 <- 1 + ((u * 7919 + t * 104729) %% 1009) / 1009
  w2 <- 1 + ((u * 3571 + t * 65537 + 17) %% 997) / 997
  fp <- function(v) {
    if (is.null(v)) v <- rep(1, length(u))
    c(sum(v * w1), sum(v * w2), sum(abs(v) * (w1 + w2)))
  }
  cols <- vapply(X, fp, numeric(3))
  if (length(X)) colnames(cols) <- attr(X, "names_x")
  list(response = fp(y), columns = cols)
}

# ---------------------------------------------------------------------------
# The classical contrast
# ---------------------------------------------------------------------------

hausman_classical <- function(fe, re, convention) {
  notes <- character()
  common <- setdiff(intersect(names(fe$coefficients), names(re$coefficients)), "(Intercept)")
  if (!length(common)) abort_input("the two models share no slope coefficient.", arg = "y")
  V_fe <- fe$sigma2_transformed * fe$xtxinv[common, common, drop = FALSE]
  programs <- c("plm", "stata", "eviews")
  rows <- lapply(programs, function(prog) {
    r <- hausman_re_for(re, prog)
    q <- fe$coefficients[common] - r$coefficients[common]
    V <- V_fe - r$scale * r$xtxinv[common, common, drop = FALSE]
    list(stat = hausman_statistic(q, (V + t(V)) / 2, prog), offered = r$offered,
         note = r$note, q = q, V = V,
         se_re = sqrt(diag(r$scale * r$xtxinv[common, common, drop = FALSE])))
  })
  names(rows) <- programs
  na_if <- function(r, v) if (r$offered) v else NA
  reported <- data.frame(program = programs,
                         statistic = vapply(rows, function(r) na_if(r, r$stat$statistic), 0),
                         df = vapply(rows, function(r) as.integer(na_if(r, r$stat$df)), 0L),
                         p_value = vapply(rows, function(r) na_if(r, r$stat$p_value), 0),
                         note = vapply(rows, function(r) r$note, ""),
                         stringsAsFactors = FALSE, row.names = NULL)

  # the convention's own variances: headline, eigen-structure, comparisons
  mine <- rows[[convention]]
  if (!mine$offered) {
    notes <- c(notes, sprintf(paste("%s: the headline applies %s's rule to these estimates,",
                                    "which %s itself would not produce."), mine$note,
                              program_label(convention), program_label(convention)))
  }
  q <- mine$q
  V <- (mine$V + t(mine$V)) / 2
  ev <- eigen(V, symmetric = TRUE)
  lam <- ev$values
  eps <- 1e-8 * max(abs(lam))
  pos <- lam > eps
  pd <- all(pos)
  # quad_inv(): solve() on the unscaled difference called it singular when
  # regressors' scales differ by 1e12 (fuzz finding)
  raw <- tryCatch(quad_inv(V, q), error = function(e) NA_real_)
  ginv <- if (any(pos)) sum(drop(crossprod(ev$vectors[, pos, drop = FALSE], q))^2 / lam[pos]) else
    NA_real_
  if (fe$vcov_type != "classical" || re$vcov_type != "classical") {
    notes <- c(notes, paste("The contrast uses the classical variances of both models (it assumes",
                            "random effects are efficient); with heteroskedasticity or serial",
                            "correlation use type = \"robust\"."))
  }
  if (!pd) notes <- c(notes, hausman_not_pd_caveat(lam, eps, reported, ginv, sum(pos), convention))
  vd <- diag(V)
  comp <- data.frame(term = common, fixed = unname(fe$coefficients[common]),
                     random = unname(fe$coefficients[common] - q),
                     std_error_fixed = unname(sqrt(diag(V_fe))),
                     std_error_random = unname(mine$se_re), var_diff = unname(vd),
                     p_value = ifelse(vd > 0, 2 * stats::pnorm(-abs(unname(q)) / sqrt(pmax(vd, 0))),
                                      NA_real_),
                     stringsAsFactors = FALSE)
  list(statistic = mine$stat$statistic, df = mine$stat$df, p_value = mine$stat$p_value,
       raw_statistic = raw, generalised_statistic = ginv, generalised_df = sum(pos),
       eigenvalues = lam, positive_definite = pd, rank = sum(abs(lam) > eps),
       n_coefficients = length(q), comparisons = comp, reported_by = reported, notes = notes)
}

# The random-effects estimates and covariance scale a program would use for
# the model `re`: list(coefficients, xtxinv, scale, offered, note); offered
# is FALSE (with a note) when the program has no such estimator. The estimates are the
# model's own except under Stata's unbalanced Swamy-Arora components (an
# unweighted between regression; see panel_re()), which differ from plm's
# and EViews': then the model is refitted under the other convention.
hausman_re_for <- function(re, prog) {
  meth <- re$re_method
  offered <- meth %in% switch(prog, plm = re_methods, stata = "swamy-arora",
                              eviews = c("swamy-arora", "wallace-hussain", "amemiya"))
  fit <- re
  stata_fit <- identical(re$convention, "stata")
  if (!re$balanced && meth == "swamy-arora" && (prog == "stata") != stata_fit) {
    fit <- refit_random(re, if (prog == "stata") "stata" else "plm")
  }
  list(coefficients = fit$coefficients, xtxinv = fit$xtxinv,
       scale = if (prog == "eviews") fit$sigma2[["idios"]] else fit$sigma2_transformed,
       offered = offered,
       note = if (offered) "" else sprintf("%s has no %s estimator", program_label(prog),
                                           method_label(meth)))
}

# The random-effects model refitted to its own model frame under another
# convention (its caveats were reported when it was fitted).
refit_random <- function(re, convention) {
  spec <- panel_spec("random", re$model, re$formula, re$index,
                     list(code = re$unit_code, levels = re$unit_levels),
                     list(code = re$time_code, levels = re$time_levels))
  spec$call <- re$call
  spec$notes <- character()
  spec$na_action <- re$na_action
  spec$settings <- utils::modifyList(re$settings, list(convention = convention,
                                                       vcov = "classical"))
  withCallingHandlers(panel_fit(spec),
                      coagg_warning = function(w) invokeRestart("muffleWarning"))
}

program_label <- function(prog) {
  switch(prog, plm = "plm", stata = "Stata", eviews = "EViews", prog)
}

# The statistic, degrees of freedom and p-value a program prints for the
# contrast q with variance difference V (symmetric); see ?hausman_test.
hausman_statistic <- function(q, V, prog) {
  K <- length(q)
  ev <- eigen(V, symmetric = TRUE)
  lam <- ev$values
  z <- drop(crossprod(ev$vectors, q))
  if (prog == "plm") {
    # plm::phtest(): abs(t(q) %*% solve(V) %*% q) on K df; solve() fails on
    # a singular V (plm stops: no statistic)
    raw <- tryCatch(quad_inv(V, q), error = function(e) NA_real_)
    stat <- abs(raw)
    return(list(statistic = stat, df = K,
                p_value = if (is.na(stat)) NA_real_ else stats::pchisq(stat, K, lower.tail = FALSE)))
  }
  if (prog == "stata") {
    # hausman: Moore-Penrose inverse (singular values, here |eigenvalues|,
    # below K * 1e-9 times the largest are zero), df = its rank; a negative
    # statistic is printed without a p-value
    tol <- max(abs(lam)) * K * 1e-9
    keep <- abs(lam) > tol
    stat <- sum(z[keep]^2 / lam[keep])
    df <- sum(keep)
    return(list(statistic = stat, df = df,
                p_value = if (stat >= 0 && df > 0) stats::pchisq(stat, df, lower.tail = FALSE) else
                  NA_real_))
  }
  # EViews: the ordinary inverse when V is positive definite, else zero
  # (believed)
  pd <- all(lam > 1e-8 * max(abs(lam)))
  stat <- if (pd) tryCatch(quad_inv(V, q), error = function(e) NA_real_) else 0
  list(statistic = stat, df = K,
       p_value = if (is.na(stat)) NA_real_ else stats::pchisq(stat, K, lower.tail = FALSE))
}

hausman_not_pd_caveat <- function(lam, eps, reported, ginv, npos, convention) {
  n_neg <- sum(lam < -eps)
  shape <- if (n_neg) {
    sprintf("is not positive definite: %d of %d eigenvalues are negative (smallest %s)",
            n_neg, length(lam), format(min(lam), digits = 4))
  } else {
    sprintf("is singular: %d of %d eigenvalues are zero (the contrast has rank %d)",
            length(lam) - npos, length(lam), npos)
  }
  said <- vapply(seq_len(nrow(reported)), function(i) {
    r <- reported[i, ]
    sprintf("%s %s", program_label(r$program),
            if (is.na(r$statistic)) {
              if (nzchar(r$note)) "-" else "no statistic (singular difference)"
            } else sprintf("%s on %d d.f.", format(r$statistic, digits = 6), r$df))
  }, "")
  warn_caveat(sprintf(paste(
    "Var(b_FE) - Var(b_RE) %s, so the classical Hausman statistic is not a valid chi-square",
    "test here. What each program prints: %s (the headline follows convention \"%s\").",
    "The generalised-inverse statistic on the positive eigen-directions is %s; use",
    "hausman_test(..., type = \"robust\") (Mundlak regression with a cluster-robust Wald",
    "test), which needs no variance difference."),
    shape, paste(said, collapse = "; "), convention,
    if (npos) sprintf("%s on %d d.f.", format(ginv, digits = 6), npos) else
      "undefined (no positive eigenvalue)"),
    class = "coagg_hausman_not_pd")
}

# ---------------------------------------------------------------------------
# The robust (Mundlak) version
# ---------------------------------------------------------------------------

hausman_robust <- function(re, robust_vcov) {
  mf <- re$model
  X <- panel_design(re$terms, mf)
  y <- as.double(mf[[1L]])
  if (!is.null(re$offset)) y <- y - re$offset
  cn <- attr(X, "names_x")
  tv <- which(!re$const_within & cn != "(Intercept)")
  if (!length(tv)) abort_input("no regressor varies within units: there is nothing to test.", arg = "x")
  res <- mundlak_fit(re, X, y, tv)
  k <- length(cn)
  al <- as.logical(res$aliased)
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
                  "test is undefined."), conditionMessage(e)), arg = "x"))
  list(statistic = W, df = length(gam),
       p_value = stats::pchisq(W, length(gam), lower.tail = FALSE),
       coefficients = gam, vcov = V, robust_vcov = robust_vcov, notes = notes)
}

hausman_conclusion <- function(h, alpha) {
  lev <- paste0(format(100 * alpha), "%")
  p <- h$p_value
  invalid <- identical(h$positive_definite, FALSE)
  if (is.na(p)) {
    why <- if (!is.na(h$statistic) && h$statistic < 0) {
      sprintf("the statistic is negative (%s), which Stata reports without a p-value",
              format(h$statistic, digits = 6))
    } else "the statistic is undefined (the variance difference is singular)"
    return(sprintf("No p-value: %s. No conclusion; use type = \"robust\".", why))
  }
  base <- if (p < alpha) {
    sprintf(paste("Reject H0 at the %s level: the unit effects appear correlated with the",
                  "regressors, so random effects are inconsistent; prefer fixed effects."), lev)
  } else {
    sprintf(paste("Do not reject H0 at the %s level: no evidence that the unit effects are",
                  "correlated with the regressors; random effects are consistent and efficient."), lev)
  }
  if (!invalid) return(base)
  paste(base, "But the variance difference is not positive definite, so this reading of the",
        "classical statistic is unreliable: check it with type = \"robust\".")
}

#' @md
#' @rdname hausman_test
#' @param digits significant digits to print.
#' @export
print.coagg_hausman <- function(x, digits = max(4L, getOption("digits") - 3L), ...) {
  cat(x$method, "\n", sep = "")
  cat("Models: ", x$data.name, "\n", sep = "")
  cat("H0: the unit effects are uncorrelated with the regressors (random effects consistent)\n\n")
  stat <- unname(x$statistic)
  cat(sprintf("Chi-Sq. Statistic = %s, Chi-Sq. d.f. = %s, Prob. = %s\n",
              format(stat, digits = digits + 2L), format(x$df), format_p(x$p_value)))
  if (x$type == "classical") {
    cat(sprintf("Generalised-inverse statistic (positive eigen-directions of Var(b_FE) - Var(b_RE)): %s on %d d.f.\n",
                if (is.na(x$generalised_statistic)) "undefined" else
                  format(x$generalised_statistic, digits = digits + 2L), x$generalised_df))
    if (!x$positive_definite) {
      cat(sprintf("Variance difference not positive definite: eigenvalues %s\n",
                  paste(format(x$eigenvalues, digits = 3L), collapse = " ")))
    }
    rb <- x$reported_by
    cat("As each program prints it for these two models:\n")
    for (i in seq_len(nrow(rb))) {
      cat(sprintf("  %-7s %s\n", program_label(rb$program[i]),
                  if (is.na(rb$statistic[i])) {
                    if (nzchar(rb$note[i])) paste0("- (", rb$note[i], ")") else "- (no statistic)"
                  } else sprintf("%s on %d d.f., Prob. %s", format(rb$statistic[i], digits = digits + 2L),
                                 rb$df[i], format_p(rb$p_value[i]))))
    }
  }
  cat(strwrap(x$conclusion, prefix = "", exdent = 2L), sep = "\n")
  if (x$type == "classical") {
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

#' @rdname hausman_test
#' @export
as_htest.coagg_hausman <- function(x, ...) {
  check_dots_empty(...)
  class(x) <- "htest"
  x
}

#' @rdname hausman_test
#' @param row.names,optional ignored (for the generic).
#' @export
as.data.frame.coagg_hausman <- function(x, row.names = NULL, optional = FALSE, ...) {
  data.frame(type = x$type, convention = x$convention, statistic = unname(x$statistic),
             df = x$df, p_value = x$p_value, stringsAsFactors = FALSE)
}

#' @rdname hausman_test
#' @param level `plot()`: confidence level of the intervals.
#' @param main plot title (a default is made from the test).
#' @return `plot()`: for the classical test, the fixed- and random-effects
#'   estimates of each compared coefficient with their intervals
#'   (estimate \eqn{\pm z_{1-\alpha/2}} times the standard error the
#'   contrast uses; normal quantiles, as the test is asymptotic); for the
#'   robust test, the mean terms \eqn{\hat\gamma} with their intervals
#'   (zero under \eqn{H_0}). It returns the data it drew invisibly: `term`,
#'   `model`, `estimate`, `std_error`, `conf_low`, `conf_high`, `level`.
#' @export
plot.coagg_hausman <- function(x, level = 0.95, main = NULL, ...) {
  check_dots_empty(..., foreign = plot_foreign)
  check_number(level, "level", lower = 0, upper = 1, inclusive = FALSE)
  d <- hausman_plot_data(x, level)
  if (is.null(main)) {
    main <- sprintf("Hausman test (%s): chi2(%s) = %s, p = %s", x$type, format(x$df),
                    format(unname(x$statistic), digits = 4L), format_p(x$p_value))
  }
  if (x$type == "classical") {
    draw_intervals(d$term, d$estimate, d$conf_low, d$conf_high, group = d$model, main = main,
                   xlab = sprintf("estimate, %s%% interval (normal)", format(100 * level)),
                   ref = NULL, legend_title = "estimator")
  } else {
    draw_intervals(d$term, d$estimate, d$conf_low, d$conf_high, main = main,
                   xlab = sprintf("mean term gamma, %s%% interval (%s); H0: gamma = 0",
                                  format(100 * level), x$settings$robust_vcov))
  }
  invisible(d)
}

hausman_plot_data <- function(x, level) {
  q <- stats::qnorm(1 - (1 - level) / 2)
  if (x$type == "classical") {
    cm <- x$comparisons
    d <- data.frame(term = rep(cm$term, each = 2L),
                    model = rep(c("fixed effects", "random effects"), nrow(cm)),
                    estimate = as.vector(rbind(cm$fixed, cm$random)),
                    std_error = as.vector(rbind(cm$std_error_fixed, cm$std_error_random)),
                    stringsAsFactors = FALSE)
  } else {
    d <- data.frame(term = names(x$coefficients), model = "Mundlak mean term",
                    estimate = unname(x$coefficients), std_error = unname(sqrt(diag(x$vcov))),
                    stringsAsFactors = FALSE)
  }
  d$conf_low <- d$estimate - q * d$std_error
  d$conf_high <- d$estimate + q * d$std_error
  d$level <- level
  d
}

# broom: as for an htest, tidy() and glance() give the headline as one row
# (the compared coefficients are in plot()'s data and $comparisons).
tidy_coagg_hausman <- function(x, ...) {
  data.frame(statistic = unname(x$statistic), p.value = x$p_value, parameter = x$df,
             method = x$method, type = x$type, convention = x$convention,
             stringsAsFactors = FALSE)
}

glance_coagg_hausman <- function(x, ...) tidy_coagg_hausman(x)
