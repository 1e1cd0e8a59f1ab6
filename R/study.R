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

