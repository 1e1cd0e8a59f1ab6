# The whole co-agglomeration study in one call: coagg_study() runs, on the
# user's data, the package's own functions in the order a paper needs them
# (the index, unit roots, cross-sectional dependence, the three panel models,
# the Hausman tests, the model and covariance chosen by stated rules, the
# unit effects, the audit of a printed table) and keeps each result as the
# object that function returns. Methods are in R/study-methods.R, the
# narrative in R/study-findings.R, the report in R/study-report.R.

#' The co-agglomeration study in one call, from yearbook tables to every result
#'
#' Runs the whole study of the package's reference paper on your data:
#' the co-agglomeration index of two industry groups per region and period
#' ([eg_coagg()]), or the index you already have; panel unit-root tests of
#' the index and of each covariate, first generation ([panel_unitroot()]:
#' LLC, IPS, Fisher) and second generation (Pesaran's CIPS), in levels and
#' first differences; Pesaran's CD test of cross-sectional dependence of the
#' index and of the model residuals ([cd_test()]); pooled, fixed- and
#' random-effects models ([panel_pooled()], [panel_fe()], [panel_re()]);
#' the classical and robust Hausman tests ([hausman_test()]); the model and
#' the coefficient covariance chosen by the rules below (or by you); the
#' unit effects ([random_effects()]); and, when you pass the coefficient
#' table and Hausman line a paper printed, their audit
#' ([audit_coef_table()], [audit_chisq()]). Each step's result is the object
#' the function returns when called by hand with the arguments recorded in
#' the study, so every number can be traced and recomputed.
#'
#' `print()` gives a short narrative of what was found (every sentence
#' carries a number stored in the object; see [study_findings()]),
#' `plot()` the key figures, [study_report()] an HTML, Word or Markdown
#' report in English or Chinese.
#'
#' @md
#' @section The index:
#' From employment rows (`data` with the E-G columns, as [eg_coagg()] takes
#' them, and `pair`), the index is `eg_coagg(..., per_region =, combine =)`
#' per region and period, named by the response of `formula`. With
#' `variants = TRUE` the other five combinations of `per_region` and
#' `combine` are computed too (`x$index$variants`) and compared with the
#' chosen one (`x$index$variant_table`: how many values each defines, their
#' range, and the rank correlation of its region means with the chosen
#' variant's). The E-G index of each group per period is
#' `attr(x$index$coagg, "groups")`, also in `x$index$groups`.
#'
#' With `coagg`, a data frame of an index you already have (a published
#' table, say), the E-G step is skipped: `region` and `time` name its key
#' columns and the response of `formula` its index column.
#'
#' `x$index$ranking` ranks the regions by their mean index over the periods
#' (with its minimum, maximum and number of periods).
#'
#' @section The study panel:
#' The index (keyed by `region` and `time`) and the `covariates` (keyed by
#' `index`) are joined into one panel, `x$panel`, with the key columns named
#' `region` and `time`: every region-period that has an index value or a
#' covariates row, for the regions and periods of the index. Covariate rows
#' of other regions or periods are set aside (with a note). Region-periods
#' with an index but no covariates (or the reverse) stay in the panel:
#' the unit-root and CD tests use each variable's own observations, and the
#' models the rows where every variable of `formula` is known. An index that
#' is undefined (`NA`, for instance where a per-region index is negative) is
#' left out in the same way, with a note.
#'
#' @section Which model, which standard errors: the rules:
#' With `estimator = "auto"` the model is chosen in three steps, each
#' stated in the output with its numbers:
#' 1. **Unit effects at all?** The F test of the unit effects (all unit
#'    intercepts equal), from the pooled and fixed-effects fits,
#'    \deqn{F = \frac{(RSS_{pooled} - RSS_{FE})/(df_{pooled} - df_{FE})}{RSS_{FE}/df_{FE}}}{F
#'    = ((RSS_pooled - RSS_FE)/(df_pooled - df_FE)) / (RSS_FE/df_FE)}
#'    (plm's `pFtest()`). If it does not reject at `alpha`, the pooled
#'    model is chosen.
#' 2. **Fixed or random effects?** Otherwise the Hausman test decides: the
#'    robust (Mundlak, cluster-robust) version when the panel has at least
#'    20 units, as a cluster-robust Wald test needs many clusters, and the
#'    classical version below 20 units (or when the robust one has no
#'    p-value). A rejection at `alpha` chooses fixed effects (the random
#'    effects estimator is inconsistent), otherwise random effects. When
#'    neither test has a p-value, fixed effects (consistent either way). The
#'    output says when the two versions disagree.
#' 3. **Standard errors** (`vcov = "auto"`), for the chosen model: CD on its
#'    residuals rejects weak dependence at `alpha` and the panel has at
#'    least 20 periods: Driscoll-Kraay (robust to common shocks and serial
#'    correlation; it needs many periods); otherwise, with at least 20
#'    units: clustered by unit (CR1; robust to heteroskedasticity and serial
#'    correlation within units; it needs many units); otherwise classical,
#'    with a caveat that the panel is too small for either robust
#'    covariance. 20 is the package's threshold for the Driscoll-Kraay
#'    caveat ([panel_re()]) and a common rule of thumb for "few clusters"
#'    (Cameron and Miller 2015 discuss why fewer clusters make cluster-robust
#'    tests over-reject).
#'
#' `estimator` and `vcov` override the rules; the output then gives what
#' the rules would have chosen beside what was used. `x$models` holds the
#' three models with classical errors and the chosen one (`chosen`) with
#' its errors; `x$choice` the decisions, the tests behind them and the
#' thresholds.
#'
#' @section What is run, exactly:
#' With `keys = c(region, time)` and `f` the two-sided formula:
#' * `panel_unitroot(x$panel, <index>, index = keys, tests = <first>,
#'   convention =, na_action = "omit")`, and the same with the covariates
#'   (the terms of `formula` that are numeric series) and with the second
#'   generation tests (`x$unitroot$index$first`, `$second`,
#'   `x$unitroot$covariates$first`, `$second`);
#' * `cd_test(x$panel, <index>, index = keys, convention =, na_action =
#'   "omit")` and `cd_test(<chosen model, classical errors>)`;
#' * `panel_pooled(f, x$panel, index = keys, convention =, na_action =
#'   "omit")`, `panel_fe(...)`, `panel_re(..., re_method =)`;
#'   `hausman_test(fe, re)` and `hausman_test(re, type = "robust")`;
#' * the chosen model refitted with `vcov =` the chosen covariance;
#'   `random_effects()` of a random-effects choice, the fixed effects of a
#'   fixed-effects choice;
#' * `audit_coef_table()` and `audit_chisq()` of `published`.
#' The tests and models get `na_action = "omit"` because the joined panel has
#' holes by construction; your `na_action` applies to your inputs: with
#' `"fail"` a missing value in `data`'s E-G columns, in `coagg`'s index or
#' keys, or in a covariate used by `formula` is an error (class
#' `coagg_missing_value`) naming the argument, column and rows.
#'
#' @section Caveats, simulated data, reproducibility:
#' The functions' caveats are recorded in their results and collected in
#' `x$notes`; instead of one warning each, `coagg_study()` gives one
#' warning (class `coagg_warning`) that counts them. An input with a column
#' `data_source` holding "SIMULATED" (as [simulate_yearbook()] and
#' [simulate_zhejiang_panel()] make), or an attribute `data_source`, marks
#' the results that depend on it as simulated in the printed narrative and
#' the report. `x$provenance` records the package and R versions, the
#' conventions, a fingerprint of each input (the MD5 sum of its
#' version-2 serialization, with the header bytes that name the R version
#' set to zero) and the
#' seed. The study itself draws no random numbers: `seed` (by default the
#' `seed` attribute of an input) is the seed its inputs were simulated
#' with, recorded so that a report can be remade from it.
#'
#' @param data employment rows by region, industry and period, as
#'   [eg_coagg()] takes them: cells with enterprise counts, firm rows, cells
#'   with the firms' sums of squares and fourth powers (`employment_sq`,
#'   `employment_4th`), or a lazy table of a database (see "Cell sums and
#'   database tables" in [eg_index()]); `NULL` when `coagg` is given.
#' @param region,industry,employment,n_firms,employment_sq,employment_4th,firm_id,time,reference,pair,herfindahl,absent_regions
#'   passed to [eg_coagg()] as they are. `region` and `time` also name the
#'   key columns of `coagg` and of the study panel. `time` is required: a
#'   study needs periods.
#' @param covariates a data frame of covariates by region and period, keyed
#'   by `index`.
#' @param formula the model of the index: a two-sided formula whose
#'   response is the name of the index (`coagg ~ ecommerce + log(express)`),
#'   or a one-sided formula (`~ ecommerce + log(express)`), for which the
#'   index is called `coagg`. The variables of the right-hand side are
#'   columns of `covariates` (or the keys).
#' @param coagg instead of `data`: a data frame of an index you already
#'   have, with the columns `region`, `time` and the response of `formula`.
#' @param index the keys of `covariates`, `c(unit, time)`; `NULL` (default)
#'   for the columns named `region` and `time` when `covariates` has them,
#'   else its first two columns.
#' @param per_region,combine the variant of the index ([eg_coagg()]).
#' @param variants compute the other variants of the index as well.
#' @param estimator `"auto"` (the rules above), or `"pooled"`, `"fe"`,
#'   `"re"` to choose the model yourself.
#' @param vcov `"auto"` (the rules above), or `"classical"`, `"cluster"`,
#'   `"driscoll-kraay"`, `"twoway"` (see [panel_re()]) for the chosen model.
#' @param unitroot_tests the unit-root tests ([panel_unitroot()]'s `tests`):
#'   the first-generation ones and the second-generation `"cips"`,
#'   `"cips_trunc"` are run as two batteries, each with its own verdict.
#' @param re_method the random-effects variance components ([panel_re()]).
#' @param convention `"eviews"` (default), `"stata"` or `"plm"`, for every
#'   step (see [coagg_conventions]).
#' @param alpha the significance level of the rules and of the narrative.
#' @param published optional: what a paper printed, to audit. A list with
#'   `coefficients`, a data frame with `estimate` and any of `std_error`,
#'   `statistic`, `p_value`, `term`, `stars` (as printed: text keeps the
#'   printed decimals); optionally `hausman`, a vector or list with the
#'   printed `statistic` and `p_value` of a Hausman test; optionally `df`
#'   (default: the observations of the study's models minus the rows of the
#'   table, EViews' \eqn{t(NT - K)}) and `hausman_df` (default: the slopes
#'   the study's Hausman test compares).
#' @param seed the seed the inputs were simulated with, if they were;
#'   `NULL` takes an input's `seed` attribute.
#' @param na_action `"fail"` (default) or `"omit"`, for your inputs; see
#'   "What is run, exactly".
#' @param ... not used; `model`, `effect`, `vce`, `random.method` and
#'   `na.action` are errors naming the argument to use.
#' @return An object of class `coagg_study`, a list: `index` (`coagg` the
#'   [eg_coagg()] result or `NULL`, `values` the index per region and
#'   period, `groups`, `ranking`, `variants`, `variant_table`, `variant`),
#'   `panel`, `unitroot` (`index` and `covariates`, each `first` and
#'   `second`), `cd` (`index`, `residuals`), `models` (`pooled`, `fe`,
#'   `re`, `chosen`), `hausman` (`classical`, `robust`), `effects_test`
#'   (the F test), `choice`, `effects`, `audit` (`coefficients`, `hausman`
#'   or `NULL`), `notes`, `settings`, `provenance` and `call`.
#'   `as.data.frame()` gives the panel (or, with `what =`, another table),
#'   `tidy()` the coefficients of the models, `glance()` one row of
#'   headline numbers.
#' @references
#' Cameron, A. C. and Miller, D. L. (2015). A practitioner's guide to
#' cluster-robust inference. *Journal of Human Resources* 50(2), 317-372.
#' \doi{10.3368/jhr.50.2.317}
#'
#' Hausman, J. A. (1978). Specification tests in econometrics.
#' *Econometrica* 46(6), 1251-1271. \doi{10.2307/1913827}
#'
#' Wooldridge, J. M. (2010). *Econometric Analysis of Cross Section and
#' Panel Data*, 2nd ed. MIT Press, sections 10.7.3 (the robust Hausman
#' test). ISBN 978-0-262-23258-6.
#'
#' Baltagi, B. H. (2021). *Econometric Analysis of Panel Data*, 6th ed.
#' Springer, section 4.1 (the F test of unit effects).
#' \doi{10.1007/978-3-030-53953-5}
#' @seealso [study_report()], [study_findings()], [replicate_zhejiang()],
#'   [simulate_yearbook()]
#' @examples
#' \donttest{
#' # SIMULATED yearbook tables: 30 cities x 20 industries x 2010-2020
#' yb <- simulate_yearbook(seed = 1)
#' st <- coagg_study(yb$employment, region = "city", industry = "industry",
#'                   employment = "employment", n_firms = "enterprises",
#'                   time = "year", reference = yb$totals, pair = yb$pair,
#'                   covariates = yb$covariates,
#'                   formula = coagg ~ ecommerce + express + internet,
#'                   na_action = "omit")
#' st
#' plot(st, which = "index")
#' }
#' # An index you already have: the published Zhejiang index on SIMULATED
#' # covariates
#' st <- suppressWarnings(coagg_study(
#'   coagg = zhejiang_coagg, region = "city", time = "year",
#'   covariates = simulate_zhejiang_panel(),
#'   formula = coagg ~ electronic + CBECL + IoIAI + Express + BFEC,
#'   variants = FALSE))
#' st$choice$estimator
#' @export
coagg_study <- function(data = NULL, region, industry, employment, n_firms = NULL,
                        employment_sq = NULL, employment_4th = NULL, firm_id = NULL, time,
                        reference = NULL, pair, covariates, formula,
                        coagg = NULL, index = NULL,
                        per_region = c("lq", "decomposition", "location_quotient"),
                        combine = c("ratio", "ratio_plus_sum"), herfindahl = "auto",
                        absent_regions = c("missing", "zero"), variants = TRUE,
                        estimator = c("auto", "pooled", "fe", "re"),
                        vcov = c("auto", "classical", "cluster", "driscoll-kraay", "twoway"),
                        unitroot_tests = c("llc", "ips", "fisher_adf", "fisher_pp", "cips",
                                           "cips_trunc"),
                        re_method = "swamy-arora", convention = c("eviews", "stata", "plm"),
                        alpha = 0.05, published = NULL, seed = NULL,
                        na_action = c("fail", "omit"), ...) {
  check_dots_empty(..., foreign = study_foreign_args)
  call <- match.call()
  here <- environment()
  given <- function(nm) !eval(call("missing", as.name(nm)), here)
  set <- study_options(estimator, vcov, unitroot_tests, re_method, convention, alpha,
                       variants, na_action, per_region, combine)
  if (!given("time")) {
    abort_input("is missing: a study needs periods; name the period column (e.g. time = \"year\").",
                arg = "time")
  }
  if (!given("region")) abort_input("is missing: name the region column.", arg = "region")
  check_string(region, "region")
  check_string(time, "time")
  if (region == time) abort_input("must differ from `time`.", arg = "region")
  if (!given("covariates")) {
    abort_input("is missing: give a data frame of covariates by region and period.",
                arg = "covariates")
  }
  check_data_frame(covariates, "covariates")
  if (!given("formula")) {
    abort_input("is missing: give the model of the index, e.g. coagg ~ x1 + log(x2).",
                arg = "formula")
  }
  f <- study_formula(formula)
  if (f$index %in% c(region, time)) {
    abort_input(sprintf('the index "%s" is named as a key column; name it otherwise.', f$index),
                arg = "formula")
  }
  published <- study_published(published)
  if (!is.null(seed)) check_number(seed, "seed")

  # E-G arguments: every argument of coagg_study() that eg_coagg() also
  # takes is forwarded as given (so that new E-G inputs pass through)
  eg_names <- setdiff(intersect(names(formals(coagg_study)), names(formals(eg_coagg))),
                      c("data", "na_action", "..."))
  eg_given <- Filter(given, eg_names)
  eg_forward <- setdiff(eg_given, c("per_region", "combine"))
  source <- if (is.null(coagg)) "computed" else "given"
  if (source == "given") {
    extra <- setdiff(c(if (!is.null(data)) "data", eg_given), c("region", "time"))
    if (length(extra)) {
      abort_input(sprintf(paste("give either `coagg` (an index you have) or `data` with the",
                                "E-G columns, not both: drop %s."),
                          paste0("`", extra, "`", collapse = ", ")), arg = "coagg")
    }
  } else if (is.null(data)) {
    abort_input(paste("is missing: give employment rows (with `industry`, `employment`,",
                      "`pair`, ...) or, with `coagg =`, an index you already have."), arg = "data")
  }

  notes <- character()
  caught <- character()
  run <- function(expr) {
    withCallingHandlers(expr, coagg_warning = function(w) {
      caught <<- c(caught, conditionMessage(w))
      invokeRestart("muffleWarning")
    })
  }

  # 1. the index
  if (source == "computed") {
    eg_args <- c(list(data = data),
                 stats::setNames(lapply(eg_forward, function(nm) get(nm)), eg_forward),
                 list(per_region = set$per_region, combine = set$combine,
                      na_action = set$na_action))
    ix <- run(study_index_computed(eg_args, c(region, time), f$index, set))
  } else {
    ix <- study_index_given(coagg, region, time, f$index, set$na_action)
  }
  notes <- c(notes, ix$notes)

  # 2. the panel
  pn <- study_panel(ix$values, region, time, f, covariates, index, set$na_action)
  notes <- c(notes, pn$notes)
  panel <- pn$panel
  keys <- c(region, time)
  study_check_size(panel, keys, f$index, source)

  # 3. unit roots and cross-sectional dependence of the index
  ur <- run(study_unitroot(panel, keys, f$index, pn$series, set, environment(f$formula)))
  cd_index <- run(cd_test(panel, f$index, index = keys, convention = set$convention,
                          na_action = "omit"))

  # 4. models, Hausman tests, the choice, the chosen model, unit effects
  mods <- run(study_models(f$formula, panel, keys, set))
  fe <- mods$fe
  re <- mods$re
  hs <- list(classical = run(hausman_test(fe, re)), robust = run(hausman_test(re, type = "robust")))
  ft <- effects_f_test(mods$pooled, mods$fe)
  ch <- study_choose_estimator(set, ft, hs, mods)
  base <- mods[[ch$estimator]]
  cd_res <- run(cd_test(base))
  ch <- study_choose_vcov(set, ch, cd_res, base)
  mods$chosen <- if (ch$vcov == "classical") base else
    run(study_fit(ch$estimator, f$formula, panel, keys, set, ch$vcov))
  eff <- study_effects(mods$chosen, ch$estimator, keys)
  notes <- c(notes, ch$notes)

  # 5. the audit of a printed table
  au <- if (is.null(published)) NULL else study_audit(published, mods, hs$classical)

  out <- structure(list(
    index = ix$result, panel = panel, unitroot = ur,
    cd = list(index = cd_index, residuals = cd_res),
    models = mods, hausman = hs, effects_test = ft, choice = ch, effects = eff, audit = au,
    notes = character(), settings = c(set, list(
      source = source, region = region, time = time, index_name = f$index,
      formula = f$formula, covariates = pn$series, covariate_keys = pn$keys,
      simulated = study_simulated(data, reference = if (given("reference")) reference,
                                  coagg, covariates))),
    provenance = NULL, call = call), class = "coagg_study")
  out$notes <- unique(c(notes, study_component_notes(out)))
  # a caveat a step warned about without recording it is recorded here
  lost <- unique(caught[!vapply(caught, function(m) any(endsWith(out$notes, m)), TRUE)])
  if (length(lost)) out$notes <- c(out$notes, paste("[warning]", lost))
  out$provenance <- study_provenance(out, list(
    data = data, reference = if (given("reference")) reference, coagg = coagg,
    covariates = covariates, published = published), seed)
  n_caveats <- length(out$notes)
  if (n_caveats) {
    warn_caveat(sprintf(paste(
      "coagg_study() recorded %d caveat%s from the steps it ran (the first: %s);",
      "print(x, notes = TRUE) lists them."), n_caveats, if (n_caveats > 1L) "s" else "",
      shorten_text(out$notes[1L], 160L)))
  }
  out
}

study_foreign_args <- c(
  model = "choose the model with `estimator` (\"auto\", \"pooled\", \"fe\" or \"re\").",
  effect = "the study's models are one-way; fit a two-way model with panel_fe() yourself.",
  vce = "the coefficient covariance is `vcov`.",
  robust = "the coefficient covariance is `vcov` (\"auto\", \"cluster\", ...).",
  random.method = "the random-effects variance components are `re_method`.",
  na.action = "missing values follow `na_action` (\"fail\" or \"omit\"; see ?coagg_missing).",
  data_coagg = "an index you already have is `coagg`.",
  tests = paste("the unit-root tests are `unitroot_tests`; the CD test runs with",
                "cd_test()'s default tests."))

# The options, checked.
study_options <- function(estimator, vcov, unitroot_tests, re_method, convention, alpha,
                          variants, na_action, per_region, combine) {
  estimator <- check_choice(estimator, c("auto", "pooled", "fe", "re"), "estimator")
  vcov <- check_choice(vcov, c("auto", "classical", "cluster", "driscoll-kraay", "twoway"),
                       "vcov")
  if (!is.character(unitroot_tests) || !length(unitroot_tests) || anyNA(unitroot_tests) ||
      !all(unitroot_tests %in% ur_tests) || anyDuplicated(unitroot_tests)) {
    bad <- if (is.character(unitroot_tests)) setdiff(unitroot_tests, ur_tests) else character()
    abort_input(sprintf("must be distinct tests of panel_unitroot() (%s), not %s.%s",
                        paste0('"', ur_tests, '"', collapse = ", "), describe(unitroot_tests),
                        if (length(bad)) did_you_mean(bad[1L], ur_tests) else ""),
                arg = "unitroot_tests")
  }
  check_number(alpha, "alpha", lower = 0, upper = 1, inclusive = FALSE)
  check_flag(variants, "variants")
  list(estimator = estimator, vcov = vcov,
       unitroot_first = setdiff(unitroot_tests, study_second_generation),
       unitroot_second = intersect(unitroot_tests, study_second_generation),
       re_method = match_re_method(re_method), convention = match_convention(convention),
       alpha = alpha, variants = variants, na_action = check_na_action(na_action, "fail"),
       per_region = check_choice(per_region, c("lq", "decomposition", "location_quotient"),
                                 "per_region"),
       combine = check_choice(combine, c("ratio", "ratio_plus_sum"), "combine"),
       min_units = study_min_units, min_periods = study_min_periods)
}

study_second_generation <- c("cips", "cips_trunc")

# The thresholds of the rules (see ?coagg_study).
study_min_units <- 20L
study_min_periods <- 20L

# The formula: the index's name (the response, or "coagg") and the
# two-sided formula of the models.
study_formula <- function(formula) {
  if (!inherits(formula, "formula")) {
    abort_input(sprintf("must be a formula, coagg ~ x1 + log(x2), not %s.", describe(formula)),
                arg = "formula")
  }
  if (length(formula) == 3L) {
    lhs <- formula[[2L]]
    if (!is.name(lhs)) {
      abort_input(sprintf(paste("the response must be the index's name (a column name), not",
                                "%s; transform the covariates, not the index."),
                          deparse1(lhs)), arg = "formula")
    }
    name <- as.character(lhs)
    f <- formula
  } else {
    name <- "coagg"
    f <- stats::as.formula(call("~", as.name(name), formula[[2L]]), env = environment(formula))
  }
  rhs <- stats::delete.response(stats::terms(f))
  labels <- attr(rhs, "term.labels")
  if (!length(labels)) {
    abort_input("has no covariate: the model needs at least one regressor.", arg = "formula")
  }
  if ("." %in% all.vars(f)) {
    abort_input("cannot expand \".\": name the covariates.", arg = "formula")
  }
  if (name %in% all.vars(rhs)) {
    abort_input(sprintf('the index "%s" is also a regressor.', name), arg = "formula")
  }
  list(formula = f, index = name, labels = labels, vars = all.vars(rhs))
}

# `published`: a list with `coefficients` (a data frame) and optionally
# `hausman`, `df`, `hausman_df`. The values are checked by the audit
# functions themselves.
study_published <- function(published) {
  if (is.null(published)) return(NULL)
  known <- c("coefficients", "hausman", "df", "hausman_df")
  if (!is.list(published) || is.data.frame(published) || is.null(names(published)) ||
      !all(names(published) %in% known) || is.null(published$coefficients)) {
    abort_input(sprintf(paste("must be a list with `coefficients` (a data frame of the printed",
                              "table) and optionally `hausman` (its printed statistic and",
                              "p_value), `df`, `hausman_df`; not %s."), describe(published)),
                arg = "published")
  }
  co <- published$coefficients
  cols <- c("term", "estimate", "std_error", "statistic", "p_value", "stars")
  if (!is.data.frame(co) || !"estimate" %in% names(co) || !all(names(co) %in% cols)) {
    bad <- if (is.data.frame(co)) setdiff(names(co), cols) else character()
    abort_input(sprintf(paste("`coefficients` must be a data frame with `estimate` and any of",
                              "%s%s."), paste0("`", cols[-2L], "`", collapse = ", "),
                        if (length(bad)) sprintf(' (not "%s"%s)', bad[1L],
                                                 did_you_mean(bad[1L], cols)) else ""),
                arg = "published")
  }
  h <- published$hausman
  if (!is.null(h)) {
    h <- as.list(h)
    if (is.null(names(h)) || !all(c("statistic", "p_value") %in% names(h))) {
      abort_input("`hausman` must hold the printed `statistic` and `p_value`.", arg = "published")
    }
    published$hausman <- h
  }
  published
}

# ---------------------------------------------------------------------------
# The index
# ---------------------------------------------------------------------------

study_index_computed <- function(eg_args, keys, name, set) {
  co <- do.call(eg_coagg, eg_args)
  values <- data.frame(region = co$region, time = co$time, estimate = co$estimate,
                       stringsAsFactors = FALSE)
  if (is.null(co$time)) abort_internal("eg_coagg() returned no time column")
  variants <- NULL
  vtab <- NULL
  notes <- character()
  if (set$variants) {
    grid <- expand.grid(per_region = c("lq", "decomposition", "location_quotient"),
                        combine = c("ratio", "ratio_plus_sum"), stringsAsFactors = FALSE)
    variants <- list()
    for (k in seq_len(nrow(grid))) {
      lab <- paste(grid$per_region[k], grid$combine[k], sep = "/")
      if (grid$per_region[k] == set$per_region && grid$combine[k] == set$combine) {
        variants[[lab]] <- co
        next
      }
      a <- eg_args
      a$per_region <- grid$per_region[k]
      a$combine <- grid$combine[k]
      v <- tryCatch(do.call(eg_coagg, a), coagg_input_error = function(e) e)
      if (inherits(v, "error")) {
        notes <- c(notes, sprintf("Variant %s of the index could not be computed: %s", lab,
                                  conditionMessage(v)))
      } else {
        variants[[lab]] <- v
      }
    }
    vtab <- study_variant_table(variants, paste(set$per_region, set$combine, sep = "/"))
  }
  groups <- study_groups(co, variants, eg_args)
  list(values = values, notes = notes, result = list(
    coagg = co, values = study_index_frame(values, keys, name), groups = groups,
    ranking = study_ranking(values), variants = variants, variant_table = vtab,
    variant = c(per_region = set$per_region, combine = set$combine)))
}

# The E-G index of each industry group per period. The variant
# per_region = "location_quotient" does not need the groups' gamma, so
# eg_coagg() leaves it NA there; the study reports it in every variant, from
# the "lq" variant (computed among the variants, or here for its groups
# only: its per-region caveats belong to a variant not chosen and are not
# kept).
study_groups <- function(co, variants, eg_args) {
  groups <- attr(co, "groups")
  if (is.null(groups) || !all(is.na(groups$estimate))) return(groups)
  lq <- variants[["lq/ratio"]]
  if (is.null(lq)) {
    a <- eg_args
    a$per_region <- "lq"
    lq <- tryCatch(withCallingHandlers(do.call(eg_coagg, a),
                                       coagg_warning = function(w) invokeRestart("muffleWarning")),
                   coagg_input_error = function(e) NULL)
  }
  if (is.null(lq)) groups else attr(lq, "groups")
}

study_index_given <- function(coagg, region, time, name, na_action) {
  check_data_frame(coagg, "coagg")
  get_column(coagg, region, "region", "coagg")
  get_column(coagg, time, "time", "coagg")
  get_column(coagg, name, "formula", "coagg")
  omit <- na_action == "omit"
  rk <- check_key_column(coagg, region, "region", "coagg", allow_na = omit)
  tk <- check_key_column(coagg, time, "time", "coagg", allow_na = omit)
  v <- check_numeric_column(coagg, name, "coagg", allow_na = TRUE, data_arg = "coagg")
  notes <- character()
  bad <- is.na(rk) | is.na(tk) | is.na(v)
  if (any(bad) && !omit) {
    abort_missing(name, which(is.na(v)), "coagg")
  }
  rows <- which(!bad)
  if (any(bad)) {
    notes <- c(notes, sprintf(paste("%d of %d rows of `coagg` with a missing key or index were",
                                    "dropped (na_action = \"omit\")."), sum(bad), length(bad)))
  }
  check_unique_keys(list(rk[rows], tk[rows]), c(region, time), "coagg", rows = rows)
  values <- data.frame(region = rk[rows], time = tk[rows], estimate = v[rows],
                       stringsAsFactors = FALSE)
  list(values = values, notes = notes, result = list(
    coagg = NULL, values = study_index_frame(values, c(region, time), name), groups = NULL,
    ranking = study_ranking(values), variants = NULL, variant_table = NULL,
    variant = c(per_region = NA_character_, combine = NA_character_)))
}

study_index_frame <- function(values, keys, name) {
  out <- values
  names(out) <- c(keys, name)
  rownames(out) <- NULL
  out
}

# Regions ranked by their mean index over the periods.
study_ranking <- function(values) {
  r <- as.character(values$region)
  ok <- !is.na(values$estimate)
  regs <- unique(r)
  v <- lapply(regs, function(g) values$estimate[r == g & ok])
  mean_v <- vapply(v, function(z) if (length(z)) mean(z) else NA_real_, 0)
  out <- data.frame(region = regs, mean = mean_v,
                    min = vapply(v, function(z) if (length(z)) min(z) else NA_real_, 0),
                    max = vapply(v, function(z) if (length(z)) max(z) else NA_real_, 0),
                    periods = lengths(v), stringsAsFactors = FALSE)
  out <- out[order(-out$mean, out$region, method = "radix", na.last = TRUE), , drop = FALSE]
  out <- cbind(rank = seq_len(nrow(out)), out)
  rownames(out) <- NULL
  out
}

# The variants side by side: how many values each defines, their range, and
# the rank correlation of its region means with the chosen variant's.
study_variant_table <- function(variants, chosen) {
  ref <- study_ranking(study_values(variants[[chosen]]))
  rows <- lapply(names(variants), function(lab) {
    v <- variants[[lab]]$estimate
    ok <- v[!is.na(v)]
    rk <- study_ranking(study_values(variants[[lab]]))
    m <- rk$mean[match(ref$region, rk$region)]
    use <- is.finite(m) & is.finite(ref$mean)
    # a constant column has no rank correlation (cor() would warn)
    rho <- if (sum(use) > 2L && length(unique(m[use])) > 1L && length(unique(ref$mean[use])) > 1L) {
      stats::cor(m[use], ref$mean[use], method = "spearman")
    } else NA_real_
    parts <- strsplit(lab, "/", fixed = TRUE)[[1L]]
    data.frame(per_region = parts[1L], combine = parts[2L], chosen = lab == chosen,
               defined = length(ok), undefined = sum(is.na(v)),
               min = if (length(ok)) min(ok) else NA_real_,
               median = if (length(ok)) stats::median(ok) else NA_real_,
               max = if (length(ok)) max(ok) else NA_real_, rank_correlation = rho,
               stringsAsFactors = FALSE)
  })
  out <- do.call(rbind, rows)
  rownames(out) <- NULL
  out
}

study_values <- function(co) {
  data.frame(region = co$region, time = co$time, estimate = co$estimate,
             stringsAsFactors = FALSE)
}

# ---------------------------------------------------------------------------
# The panel: index and covariates joined
# ---------------------------------------------------------------------------

# A key as text, so that 2011L, 2011 and "2011" match (numbers written as
# text are read as numbers, as the panel functions read them).
key_text <- function(v) {
  if (is.factor(v)) v <- as.character(v)
  if (is.character(v)) {
    num <- suppressWarnings(as.numeric(v))
    if (!anyNA(num[!is.na(v)])) v <- num
  }
  if (is.numeric(v)) return(ifelse(is.na(v), NA_character_, format(v, digits = 15L, trim = TRUE)))
  as.character(v)
}

study_panel <- function(values, region, time, f, covariates, index, na_action) {
  notes <- character()
  keys <- study_covariate_keys(covariates, index, region, time)
  omit <- na_action == "omit"
  rk <- check_key_column(covariates, keys[1L], "index", "covariates", allow_na = omit)
  tk <- check_key_column(covariates, keys[2L], "index", "covariates", allow_na = omit)
  vars <- f$vars
  usable <- c(setdiff(names(covariates), keys), region, time)
  miss <- setdiff(vars, usable)
  if (length(miss)) {
    abort_input(sprintf('no column "%s" in `covariates`.%s', miss[1L],
                        did_you_mean(miss[1L], names(covariates))), arg = "formula",
                column = miss[1L])
  }
  cov_vars <- setdiff(vars, c(region, time))
  if (f$index %in% names(covariates) && !f$index %in% keys) {
    notes <- c(notes, sprintf(paste("`covariates` has a column \"%s\", the index's name; the",
                                    "index used is the one of the study, not that column."),
                              f$index))
  }
  ir <- key_text(values$region)
  it <- key_text(values$time)
  cr <- key_text(rk)
  ct <- key_text(tk)
  nokey <- is.na(cr) | is.na(ct)
  inside <- !nokey & cr %in% ir & ct %in% it
  if (any(nokey)) {
    notes <- c(notes, sprintf(paste("%d rows of `covariates` with a missing key were set aside",
                                    "(na_action = \"omit\")."), sum(nokey)))
  }
  outside <- !nokey & !inside
  if (any(outside)) {
    notes <- c(notes, sprintf(paste("%d rows of `covariates` are for regions or periods without",
                                    "an index (first: %s, %s) and were set aside."),
                              sum(outside), cr[outside][1L], ct[outside][1L]))
  }
  rows <- which(inside)
  check_unique_keys(list(cr[rows], ct[rows]), keys, "covariates", rows = rows)
  cols <- lapply(stats::setNames(cov_vars, cov_vars), function(v) {
    x <- covariates[[v]]
    if (is.numeric(x) && !is.null(oldClass(x))) x <- as_plain_number(x, "covariates", v)
    x
  })
  if (!omit) {
    for (v in cov_vars) {
      bad <- rows[is.na(cols[[v]][rows])]
      if (length(bad)) abort_missing(v, bad, "covariates")
    }
  }
  # the rows: every region-period of the index or of the kept covariates
  ik <- paste(ir, it, sep = "\r")
  ck <- paste(cr[rows], ct[rows], sep = "\r")
  all_keys <- union(ik, ck)
  rlev <- if (is.factor(values$region)) levels(values$region) else
    sort(unique(as.character(values$region)), method = "radix")
  rtext <- key_text(rlev)
  tvals <- unique(values$time)
  tord <- if (is.numeric(tvals) || !anyNA(suppressWarnings(as.numeric(as.character(tvals))))) {
    order(as.numeric(as.character(tvals)))
  } else order(as.character(tvals), method = "radix")
  ttext <- key_text(tvals[tord])
  kr <- sub("\r.*$", "", all_keys)
  kt <- sub("^[^\r]*\r", "", all_keys)
  o <- order(match(kr, rtext), match(kt, ttext))
  all_keys <- all_keys[o]
  kr <- kr[o]
  kt <- kt[o]
  first_r <- match(kr, ir)
  first_t <- match(kt, it)
  panel <- data.frame(region = values$region[first_r], time = values$time[first_t],
                      stringsAsFactors = FALSE)
  names(panel) <- c(region, time)
  panel[[f$index]] <- values$estimate[match(all_keys, ik)]
  j <- rows[match(all_keys, ck)]
  for (v in cov_vars) panel[[v]] <- cols[[v]][j]
  rownames(panel) <- NULL
  n_na <- sum(is.na(panel[[f$index]]))
  if (n_na) {
    notes <- c(notes, sprintf(paste("%d of %d region-periods of the study panel have no index",
                                    "value (undefined, or covariates only): the tests and models",
                                    "leave them out."), n_na, nrow(panel)))
  }
  no_cov <- sum(is.na(j))
  if (no_cov) {
    notes <- c(notes, sprintf(paste("%d region-periods with an index have no row in",
                                    "`covariates`: the models leave them out."), no_cov))
  }
  list(panel = panel, notes = notes, keys = keys, series = study_series(f, panel))
}

# The index must be defined in at least 3 regions and 3 periods: the CD test
# needs them (an error of cd_test()'s class, said in the study's terms).
study_check_size <- function(panel, keys, name, source) {
  ok <- !is.na(panel[[name]])
  n_r <- length(unique(panel[[keys[1L]]][ok]))
  n_t <- length(unique(panel[[keys[2L]]][ok]))
  # regions with the index in 3 or more periods: the correlations of the
  # CD test and the regressions of the unit-root tests need them
  per_region <- table(panel[[keys[1L]]][ok])
  n_r3 <- sum(per_region >= 3L)
  if (n_r < 3L || n_t < 3L || n_r3 < 3L) {
    abort_input(sprintf(paste("the index is defined in %d region%s and %d period%s (%d region%s",
                              "with 3 or more periods; %d of %d region-periods have a value); a study needs",
                              "at least 3 regions with 3 or more periods each (the tests of",
                              "cross-sectional dependence and the panel models need them).%s"),
                        n_r, if (n_r == 1L) "" else "s", n_t, if (n_t == 1L) "" else "s",
                        n_r3, if (n_r3 == 1L) "" else "s", sum(ok), nrow(panel),
                        if (source == "computed") paste(" Undefined values of the index are",
                                                        "explained in the caveats of eg_coagg().")
                        else ""),
                arg = if (source == "computed") "data" else "coagg", class = "coagg_too_small")
  }
  invisible(TRUE)
}

# The keys of `covariates`: `index`, or the region and time names, or its
# first two columns.
study_covariate_keys <- function(covariates, index, region, time) {
  if (is.null(index)) {
    if (all(c(region, time) %in% names(covariates))) return(c(region, time))
    if (ncol(covariates) < 2L) {
      abort_input(sprintf(paste("has no columns \"%s\" and \"%s\"; give its keys with",
                                "`index = c(unit, time)`."), region, time), arg = "covariates")
    }
    return(names(covariates)[1:2])
  }
  if (!is.character(index) || length(index) != 2L || anyNA(index) || index[1L] == index[2L]) {
    abort_input(sprintf("must be NULL or two column names of `covariates`, c(unit, time), not %s.",
                        describe(index)), arg = "index")
  }
  for (k in index) get_column(covariates, k, "index", "covariates")
  index
}

# The covariate series to test for unit roots: the terms of the formula that
# evaluate to numbers (not factor(), not interactions).
study_series <- function(f, panel) {
  keep <- vapply(f$labels, function(lab) {
    if (grepl(":", lab, fixed = TRUE)) return(FALSE)
    v <- tryCatch(eval(str2lang(lab), panel, environment(f$formula)), error = function(e) NULL)
    is.numeric(v) && !is.factor(v) && length(v) == nrow(panel)
  }, TRUE)
  f$labels[keep]
}

# ---------------------------------------------------------------------------
# Unit roots, models, choices
# ---------------------------------------------------------------------------

study_unitroot <- function(panel, keys, name, series, set, env) {
  one <- function(vars, tests) {
    if (!length(vars) || !length(tests)) return(NULL)
    v <- if (all(vars %in% names(panel))) vars else
      stats::as.formula(paste("~", paste(vars, collapse = " + ")), env = env)
    panel_unitroot(panel, v, index = keys, tests = tests, convention = set$convention,
                   na_action = "omit")
  }
  list(index = list(first = one(name, set$unitroot_first),
                    second = one(name, set$unitroot_second)),
       covariates = list(first = one(series, set$unitroot_first),
                         second = one(series, set$unitroot_second)))
}

study_models <- function(formula, panel, keys, set) {
  list(pooled = study_fit("pooled", formula, panel, keys, set, "classical"),
       fe = study_fit("fe", formula, panel, keys, set, "classical"),
       re = study_fit("re", formula, panel, keys, set, "classical"))
}

# One model, fitted by a call whose arguments are written out (so that the
# model's recorded call reads as one a user would write, `panel` being the
# study's panel).
study_fit <- function(estimator, formula, panel, keys, set, vcov) {
  conv <- set$convention
  cl <- switch(estimator,
    pooled = bquote(panel_pooled(.(formula), panel, index = .(keys), convention = .(conv),
                                 vcov = .(vcov), na_action = "omit")),
    fe = bquote(panel_fe(.(formula), panel, index = .(keys), convention = .(conv),
                         vcov = .(vcov), na_action = "omit")),
    re = bquote(panel_re(.(formula), panel, index = .(keys), re_method = .(set$re_method),
                         convention = .(conv), vcov = .(vcov), na_action = "omit")))
  eval(cl)
}

# The F test of the unit effects: pooled against fixed effects (plm's
# pFtest()).
effects_f_test <- function(pooled, fe) {
  df1 <- pooled$df_residual - fe$df_residual
  df2 <- fe$df_residual
  stat <- if (df1 > 0 && df2 > 0) ((pooled$rss - fe$rss) / df1) / (fe$rss / df2) else NA_real_
  p <- if (is.finite(stat)) stats::pf(stat, df1, df2, lower.tail = FALSE) else NA_real_
  list(statistic = stat, df1 = as.integer(df1), df2 = as.integer(df2), p_value = p,
       method = "F test of the unit effects (pooled OLS against fixed effects)")
}

study_choose_estimator <- function(set, ft, hs, mods) {
  alpha <- set$alpha
  n_units <- mods$re$n_units
  hc <- hs$classical$p_value
  hr <- hs$robust$p_value
  decisive <- if (n_units >= set$min_units && !is.na(hr)) "robust" else
    if (!is.na(hc)) "classical" else if (!is.na(hr)) "robust" else "none"
  rule <- if (!is.na(ft$p_value) && ft$p_value >= alpha) {
    list(estimator = "pooled", reason = "f_test")
  } else {
    hp <- switch(decisive, robust = hr, classical = hc, none = NA_real_)
    if (is.na(hp)) list(estimator = "fe", reason = "hausman_undefined") else
      if (hp < alpha) list(estimator = "fe", reason = "hausman_rejects") else
        list(estimator = "re", reason = "hausman_accepts")
  }
  disagree <- !is.na(hc) && !is.na(hr) && ((hc < alpha) != (hr < alpha))
  est <- if (set$estimator == "auto") rule$estimator else set$estimator
  list(estimator = est, estimator_rule = rule$estimator, estimator_reason = rule$reason,
       estimator_overridden = set$estimator != "auto" && set$estimator != rule$estimator,
       hausman_used = decisive, hausman_disagree = disagree, n_units = n_units,
       alpha = alpha, min_units = set$min_units, min_periods = set$min_periods,
       notes = character())
}

study_choose_vcov <- function(set, ch, cd_res, base) {
  i <- match("cd", cd_res$test)
  cd_p <- if (is.na(i)) NA_real_ else cd_res$p_value[i]
  n_periods <- base$n_periods
  n_units <- base$n_units
  rejects <- !is.na(cd_p) && cd_p < set$alpha
  rule <- if (rejects && n_periods >= set$min_periods) {
    list(vcov = "driscoll-kraay", reason = "cd_rejects")
  } else if (n_units >= set$min_units) {
    list(vcov = "cluster", reason = if (rejects) "cd_rejects_short" else "cd_accepts")
  } else {
    list(vcov = "classical", reason = "too_small")
  }
  v <- if (set$vcov == "auto") rule$vcov else set$vcov
  notes <- character()
  if (rule$reason == "too_small" && set$vcov == "auto") {
    notes <- sprintf(paste("The panel has %d units and %d periods: too few units for",
                           "cluster-robust errors and too few periods for Driscoll-Kraay ones",
                           "(thresholds %d and %d), so the chosen model has classical standard",
                           "errors, which assume independent, homoskedastic errors."),
                     n_units, n_periods, set$min_units, set$min_periods)
  } else if (rule$reason == "cd_rejects_short" && set$vcov == "auto") {
    notes <- sprintf(paste("CD rejects weak cross-sectional dependence of the residuals, but",
                           "with %d periods (fewer than %d) Driscoll-Kraay errors are",
                           "unreliable: the errors are clustered by unit, which does not",
                           "allow for correlation between units."), n_periods, set$min_periods)
  }
  c(ch[setdiff(names(ch), "notes")],
    list(vcov = v, vcov_rule = rule$vcov, vcov_reason = rule$reason,
         vcov_overridden = set$vcov != "auto" && set$vcov != rule$vcov,
         cd_residuals_p = cd_p, n_periods = n_periods, notes = c(ch$notes, notes)))
}

# The unit effects of the chosen model: random_effects() for random effects,
# the estimated fixed effects for fixed effects, none for pooled OLS.
study_effects <- function(model, estimator, keys) {
  if (estimator == "re") return(random_effects(model))
  if (estimator == "fe" && !is.null(model$unit_effects)) {
    ue <- model$unit_effects
    out <- data.frame(unit = names(ue), effect = unname(ue), stringsAsFactors = FALSE)
    names(out)[1L] <- keys[1L]
    return(out)
  }
  NULL
}

study_audit <- function(published, mods, hausman) {
  co <- published$coefficients
  df <- if (is.null(published$df)) mods$re$n_obs - nrow(co) else published$df
  col <- function(nm) if (nm %in% names(co)) co[[nm]] else NULL
  a <- audit_coef_table(co$estimate, std_error = col("std_error"), statistic = col("statistic"),
                        p_value = col("p_value"), df = df, term = col("term"),
                        stars = col("stars"))
  h <- NULL
  if (!is.null(published$hausman)) {
    hdf <- if (is.null(published$hausman_df)) hausman$df else published$hausman_df
    h <- audit_chisq(published$hausman$statistic, published$hausman$p_value, df = hdf)
  }
  list(coefficients = a, hausman = h, df = df)
}

# ---------------------------------------------------------------------------
# Notes, simulated inputs, provenance
# ---------------------------------------------------------------------------

# Every component's notes, each prefixed with its step.
study_component_notes <- function(x) {
  tag <- function(step, n) if (length(n)) paste0("[", step, "] ", n) else character()
  ur <- x$unitroot
  c(tag("index", attr(x$index$coagg, "notes")),
    tag("unit roots, index", c(attr(ur$index$first, "notes"), attr(ur$index$second, "notes"))),
    tag("unit roots, covariates", c(attr(ur$covariates$first, "notes"),
                                    attr(ur$covariates$second, "notes"))),
    tag("CD, index", attr(x$cd$index, "notes")),
    tag("CD, residuals", attr(x$cd$residuals, "notes")),
    tag("pooled OLS", x$models$pooled$notes), tag("fixed effects", x$models$fe$notes),
    tag("random effects", x$models$re$notes),
    tag("chosen model", if (!identical(x$models$chosen, x$models[[x$choice$estimator]]))
      x$models$chosen$notes),
    tag("Hausman", c(x$hausman$classical$notes, x$hausman$robust$notes)))
}

# Which inputs are simulated: a `data_source` column or attribute that says
# "SIMULATED".
is_simulated <- function(x) {
  if (is.null(x)) return(FALSE)
  a <- attr(x, "data_source")
  if (is.character(a) && any(grepl("simulated", a, ignore.case = TRUE))) return(TRUE)
  if (is.data.frame(x) && "data_source" %in% names(x)) {
    v <- x[["data_source"]]
    return(any(grepl("simulated", as.character(v), ignore.case = TRUE)))
  }
  FALSE
}

study_simulated <- function(data, reference, coagg, covariates) {
  c(index = is_simulated(data) || is_simulated(reference) || is_simulated(coagg),
    covariates = is_simulated(covariates))
}

# A fingerprint of an R object: the MD5 sum of its serialization (version 2,
# XDR) with the 4 bytes of its header that name the R version that wrote it
# set to zero, so that the same data give the same fingerprint under any R
# version. The serialization is streamed to a file (no copy in memory).
fingerprint <- function(x) {
  f <- tempfile("coagg-fingerprint")
  on.exit(unlink(f))
  con <- file(f, "wb")
  tryCatch(serialize(x, con, xdr = TRUE, version = 2L), finally = close(con))
  con <- file(f, "r+b")
  tryCatch({
    seek(con, 6L, rw = "write")
    writeBin(as.raw(c(0L, 0L, 0L, 0L)), con)
  }, finally = close(con))
  unname(tools::md5sum(f))
}

study_provenance <- function(x, inputs, seed) {
  inputs <- inputs[!vapply(inputs, is.null, TRUE)]
  fp <- vapply(names(inputs), function(nm) {
    v <- inputs[[nm]]
    if (nm == "data" && !is.data.frame(v)) return(NA_character_)
    fingerprint(v)
  }, "")
  if (is.null(seed)) {
    s <- lapply(inputs, attr, "seed")
    s <- s[!vapply(s, is.null, TRUE)]
    seed <- if (length(s)) s[[1L]] else NULL
  }
  list(package = as.character(utils::packageVersion("coagg")),
       r_version = R.version.string, date = format(Sys.Date()),
       fingerprints = fp, index_fingerprint = fingerprint(x$index$values),
       seed = seed, convention = x$settings$convention, na_action = x$settings$na_action,
       call = paste(deparse(x$call, width.cutoff = 100L), collapse = "\n"))
}

# A string cut to n characters.
shorten_text <- function(s, n) if (nchar(s) > n) paste0(substr(s, 1L, n - 3L), "...") else s
