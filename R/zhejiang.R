# The Zhejiang study end to end: what can be replicated from what it
# published, an audit of what it printed, and the whole regression workflow on
# a clearly labelled simulated panel calibrated to its estimates.

#' Simulate a panel calibrated to the Zhejiang study's published estimates
#'
#' The study's covariates were never published, so its regression cannot be
#' rerun. This function builds a SIMULATED panel of the same shape (11 cities
#' x 2011-2016) on which the study's whole workflow can be run: covariates
#' drawn from the data-generating process below, and an outcome built from the
#' study's published intercept and slopes (Table 4) and city effects (Table 5)
#' plus noise sized to its published R-squared. Every row carries
#' `data_source = "SIMULATED"`. None of these numbers are the study's data.
#'
#' @md
#' @details Data-generating process, for city \eqn{i} and \eqn{t = 0, \dots, 5}
#' (2011-2016), with \eqn{\varepsilon} independent standard normal draws and
#' \eqn{S_{it} = \sum_{s \le t} \varepsilon_{is}}{S_it = cumulated draws}
#' (a random walk, so that the covariates are I(1) in levels as the study's
#' Table 3 found):
#' \itemize{
#'   \item `electronic` (e-commerce share of retail sales):
#'     \eqn{a_i + g_i t + 0.01 S_{it}}, \eqn{a_i \sim U(0.10, 0.35)},
#'     \eqn{g_i \sim U(0.02, 0.06)};
#'   \item `CBECL` (cross-border e-commerce share of trade):
#'     \eqn{c_i + h_i t + 0.003 S_{it}}, \eqn{c_i \sim U(0.005, 0.03)},
#'     \eqn{h_i \sim U(0.005, 0.02)};
#'   \item `IoIAI` (integration index / 100): \eqn{d_i + k_i t + 0.005 S_{it}},
#'     \eqn{d_i \sim U(0.70, 0.85)}, \eqn{k_i \sim U(0.01, 0.03)};
#'   \item `Express` (express deliveries, billions of items):
#'     \eqn{e_i \exp(0.3 t + 0.05 S_{it})}, \eqn{\log e_i \sim U(\log 0.05, \log 0.8)};
#'   \item `BFEC` (internet users / population): \eqn{b_i + 0.02 t + 0.005 S_{it}},
#'     \eqn{b_i \sim U(0.45, 0.65)};
#'   \item outcome \eqn{y_{it} = \beta_0 + x_{it}'\beta + u_i + \sigma z_{it}}
#'     with \eqn{\beta_0, \beta} from Table 4, \eqn{u_i} from Table 5,
#'     \eqn{z_{it}} standard normal, and \eqn{\sigma} chosen (by root
#'     finding, for the drawn \eqn{z}) so that the random-effects GLS fit of
#'     the simulated panel (Swamy-Arora, as EViews) has the published
#'     R-squared 0.901331 as its weighted R-squared, the headline R-squared
#'     of EViews' random-effects output.
#' }
#' The scales of the covariates are assumptions of this simulation (the
#' study gives units only in words); they are chosen so that each term's
#' contribution to the outcome is of the order of the spread of Table 1.
#'
#' @param seed random seed; the panel is a deterministic function of it.
#'   The global random-number state is left as it was.
#' @return A data frame of 66 rows: `city`, `city_zh`, `year`, the five
#'   covariates, `coagg` (the simulated outcome), `effect` (the Table 5 city
#'   effect used), and `data_source` (`"SIMULATED"`). Attributes `sigma_e`
#'   (the noise standard deviation) and `seed`.
#' @seealso [replicate_zhejiang()], [zhejiang_published]
#' @examples
#' sim <- simulate_zhejiang_panel(seed = 1)
#' head(sim)
#' @export
simulate_zhejiang_panel <- function(seed = 20190601L) {
  # set.seed() takes only values in the integer range (fuzz finding)
  check_number(seed, "seed", integer = TRUE, lower = -.Machine$integer.max,
               upper = .Machine$integer.max)
  with_seed(seed, {
    zp <- get_dataset("zhejiang_published")
    cities <- zp$table5
    n <- nrow(cities); tt <- 0:5; nt <- length(tt)
    rw <- function(scale) {
      m <- matrix(stats::rnorm(n * nt), n, nt)
      scale * t(apply(m, 1L, cumsum))
    }
    grow <- function(level, slope, noise) {
      level + outer(slope, tt) + noise
    }
    electronic <- grow(stats::runif(n, 0.10, 0.35), stats::runif(n, 0.02, 0.06), rw(0.01))
    cbecl <- grow(stats::runif(n, 0.005, 0.03), stats::runif(n, 0.005, 0.02), rw(0.003))
    ioiai <- grow(stats::runif(n, 0.70, 0.85), stats::runif(n, 0.01, 0.03), rw(0.005))
    express <- exp(stats::runif(n, log(0.05), log(0.8))) * exp(outer(rep(0.3, n), tt) + rw(0.05))
    bfec <- grow(stats::runif(n, 0.45, 0.65), rep(0.02, n), rw(0.005))
    b <- stats::setNames(zp$table4$estimate, zp$table4$term)
    xs <- list(electronic, cbecl, ioiai, express, bfec)
    sys <- b[["(Intercept)"]] + b[["electronic"]] * electronic + b[["CBECL"]] * cbecl +
      b[["IoIAI"]] * ioiai + b[["Express"]] * express + b[["BFEC"]] * bfec +
      matrix(cities$effect, n, nt)
    attr(sys, "x") <- stats::setNames(lapply(xs, function(m) as.vector(t(m))), paste0("x", 1:5))
    z <- matrix(stats::rnorm(n * nt), n, nt)
    sigma_e <- calibrate_sigma(sys, z, zp$r_squared)
    y <- sys + sigma_e * z
    out <- data.frame(
      city = factor(rep(cities$city, each = nt), levels = cities$city),
      city_zh = rep(cities$city_zh, each = nt),
      year = rep(2011L + tt, times = n),
      electronic = as.vector(t(electronic)), CBECL = as.vector(t(cbecl)),
      IoIAI = as.vector(t(ioiai)), Express = as.vector(t(express)),
      BFEC = as.vector(t(bfec)), coagg = as.vector(t(y)),
      effect = rep(cities$effect, each = nt),
      data_source = "SIMULATED", stringsAsFactors = FALSE)
    attr(out, "sigma_e") <- sigma_e
    attr(out, "seed") <- seed
    out
  })
}

#' Replicate the Zhejiang study: what can be recomputed, audited and simulated
#'
#' The package's main job. The reference study (an EViews 7.2 paper on the
#' co-agglomeration of manufacturing and logistics in the 11 cities of
#' Zhejiang, 2011-2016) published its co-agglomeration index (Table 1) but
#' not the yearbook inputs behind it, nor the covariates of its regression.
#' `replicate_zhejiang()` runs [coagg_study()] on what was published, the
#' index ([zhejiang_coagg]), with covariates simulated by
#' [simulate_zhejiang_panel()] (labelled SIMULATED wherever they are used)
#' and the printed Table 4 and Hausman line to audit, and reports the study
#' step by step, printing "published" beside "recomputed" wherever both
#' exist:
#' \enumerate{
#'   \item Table 1: the index by city and year, the city ranking, a heatmap
#'     and a plot over time;
#'   \item panel unit-root tests of the index itself (LLC, IPS, ADF-Fisher,
#'     PP-Fisher under the study's majority rule, EViews convention), with
#'     Harris-Tzavalis, the one test built for T = 6, beside them, and the
#'     short-T caveats; Pesaran's CD test of cross-sectional dependence on
#'     the index ([cd_test()]) and what it implies for those tests, and
#'     Pesaran's CIPS, which cannot be judged at T = 6;
#'   \item the audit of Table 4 and of the Hausman line
#'     ([audit_coef_table()], [audit_chisq()]);
#'   \item the regression workflow of the study on the SIMULATED covariates
#'     (their unit-root tests, the F and Hausman tests, the model and
#'     standard errors chosen by [coagg_study()]'s rules, the three models
#'     side by side, classical, cluster-robust and Driscoll-Kraay standard
#'     errors, city effects as in Table 5); then, on a SIMULATED outcome
#'     built from the published coefficients and city effects
#'     ([simulate_zhejiang_panel()]), the published values beside their
#'     estimates and a Monte Carlo of the estimator's spread at 11 cities x
#'     6 years;
#'   \item the E-G pipeline on real data ([cbp_metro], US County Business
#'     Patterns 2019): manufacturing-logistics co-agglomeration across US
#'     metro areas with each index variant.
#' }
#' The whole study, with every result as its function returns it, is in
#' the returned `study`; [study_report()] writes it as a report.
#'
#' @md
#' @param steps which of the steps 1-5 to print.
#' @param plot draw the figures of steps 1, 2 and 4 (the index as a heat
#'   map and over time, the unit-root battery, the fixed- against
#'   random-effects estimates and the city effects), with the package's
#'   `plot()` methods and drawing helpers. When R is interactive they are
#'   drawn on the current device; otherwise they are written as PNG files
#'   to `dir`.
#' @param dir directory for the PNG files (default `tempdir()`; never the
#'   working directory unless you name it).
#' @param seed seed of the simulated covariates and outcome (step 4; the
#'   Monte Carlo uses `seed + 1`).
#' @param n_sim Monte Carlo replications in step 4 (0 to skip them).
#' @param quiet suppress the printed report (the results are still returned).
#' @return Invisibly, a list: `study` (the [coagg_study()] result), and per
#'   step run `table1`, `unitroot`, `audit`, `simulated`, `cbp`, each a list
#'   of the objects shown (those of the study are the study's own), and
#'   `files` (paths of the PNG files written, if any).
#' @seealso [coagg_study()], [study_report()], [zhejiang_coagg],
#'   [zhejiang_published], [zhejiang_template],
#'   `vignette("zhejiang", package = "coagg")`
#' @examples
#' res <- replicate_zhejiang(steps = 1:3, plot = FALSE)
#' names(res)
#' \donttest{
#' replicate_zhejiang(n_sim = 50)
#' }
#' @export
replicate_zhejiang <- function(steps = 1:5, plot = TRUE, dir = tempdir(),
                               seed = 20190601L, n_sim = 200L, quiet = FALSE) {
  if (!is.numeric(steps) || !length(steps) || anyNA(steps) || !all(steps %in% 1:5)) {
    abort_input(sprintf("must be a subset of 1:5, not %s.", describe(steps)), arg = "steps")
  }
  check_flag(plot, "plot")
  check_flag(quiet, "quiet")
  check_number(n_sim, "n_sim", lower = 0, upper = 1e5, integer = TRUE)
  # set.seed() takes only the integer range, and step 4 also uses seed + 1
  # (fuzz finding)
  check_number(seed, "seed", integer = TRUE, lower = -.Machine$integer.max,
               upper = .Machine$integer.max - 1)
  if (plot && !interactive()) {
    check_string(dir, "dir")
    if (!dir.exists(dir)) abort_input(sprintf('directory "%s" does not exist.', dir), arg = "dir")
  }
  say <- if (quiet) function(...) invisible() else function(...) cat(..., sep = "")
  zp <- get_dataset("zhejiang_published")
  zc <- get_dataset("zhejiang_coagg")
  sim <- simulate_zhejiang_panel(seed)
  study <- zhejiang_study(zc, zp, sim)
  out <- list(study = study)
  say(rule("Replication of the Zhejiang study (EViews 7.2; 11 cities, 2011-2016)"))
  say("Published: Table 1 (index), Tables 3-5, the Hausman line, R-squared.\n",
      "Not published: the yearbook employment and enterprise counts behind Table 1,\n",
      "and the five covariates of the regression. What needs them cannot be recomputed.\n",
      "The steps below report coagg_study() on the published index, with simulated\n",
      "covariates (step 4) and the printed tables to audit (step 3).\n")

  if (1 %in% steps) out$table1 <- zj_step_table1(study, zp, plot, dir, say)
  if (2 %in% steps) out$unitroot <- zj_step_unitroot(study, zc, say, plot, dir)
  if (3 %in% steps) out$audit <- zj_step_audit(study, zp, say)
  if (4 %in% steps) out$simulated <- zj_step_simulated(study, sim, zp, seed, n_sim, say, plot,
                                                       dir)
  if (5 %in% steps) out$cbp <- zj_step_cbp(say)
  files <- c(out$table1$files, out$unitroot$files, out$simulated$files)
  if (length(files)) out$files <- files
  say("\n", rule("End of the replication"))
  invisible(out)
}

# The study of the published index: Table 1 with the simulated covariates,
# and Table 4 and the Hausman line as printed, to audit.
zhejiang_study <- function(zc, zp, sim) {
  t4 <- zp$table4
  stars <- t4$stars
  stars[t4$term == "(Intercept)"] <- NA
  printed <- data.frame(term = t4$term, estimate = t4$estimate_printed,
                        statistic = t4$statistic_printed, p_value = t4$p_value_printed,
                        stars = stars, stringsAsFactors = FALSE)
  covariates <- sim[setdiff(names(sim), c("coagg", "effect"))]
  quietly(coagg_study(
    coagg = zc, region = "city", time = "year", covariates = covariates,
    formula = coagg ~ electronic + CBECL + IoIAI + Express + BFEC,
    convention = "eviews", seed = attr(sim, "seed"),
    published = list(coefficients = printed,
                     hausman = list(statistic = zp$hausman$statistic_printed,
                                    p_value = zp$hausman$p_value_printed))))
}

# -- step 1 ----------------------------------------------------------------

zj_step_table1 <- function(study, zp, plot, dir, say) {
  say("\n", rule("Step 1. Table 1: co-agglomeration index of manufacturing and logistics"))
  zc <- study$index$values
  wide <- stats::reshape(zc[c("city", "year", "coagg")], idvar = "year", timevar = "city",
                         direction = "wide")
  names(wide) <- sub("^coagg\\.", "", names(wide))
  rownames(wide) <- NULL
  say("Published values (two decimals). Recomputed: not possible, because the\n",
      "employment and enterprise counts by city were not published (see ?zhejiang_template).\n\n")
  say(paste(captured(print(wide, row.names = FALSE)), collapse = "\n"), "\n\n")
  ranking <- study$index$ranking
  names(ranking)[names(ranking) == "region"] <- "city"
  say("City ranking by the 2011-2016 mean (recomputed from Table 1):\n")
  say(paste(captured(print(ranking, row.names = FALSE, digits = 3)), collapse = "\n"), "\n")
  claimed <- c("Hangzhou", "Ningbo", "Wenzhou", "Jinhua")
  top4 <- ranking$city[1:4]
  say(sprintf("\nPublished claim: %s have the highest index. Recomputed top four: %s%s\n",
              paste(claimed, collapse = ", "), paste(top4, collapse = ", "),
              if (setequal(claimed, top4)) " (agrees)." else " (differs)."))
  yr_mean <- tapply(zc$coagg, zc$year, mean)
  say(sprintf("Province mean by year: %s\n", paste(sprintf("%s %.3f", names(yr_mean), yr_mean),
                                                  collapse = ", ")))
  # Table 5 city effects against Table 1 city means: a random-effects model's
  # city effects should track the cities' mean outcomes.
  means <- stats::setNames(ranking$mean, ranking$city)
  eff <- zp$table5$effect[match(names(means), zp$table5$city)]
  r <- stats::cor(eff, as.numeric(means))
  say(sprintf(paste0("Consistency check: correlation of the published city effects (Table 5)\n",
                     "with the published city means (Table 1) = %.3f; Table 5 sums to %.1e.\n"),
              r, sum(zp$table5$effect)))
  files <- NULL
  if (plot) {
    files <- c(zj_figure(dir, "zhejiang_table1_heatmap.png", function() {
                 study_draw(study, "index", list(index = "Co-agglomeration index (Table 1, published)"))
               }),
               zj_figure(dir, "zhejiang_table1_lines.png", function() {
                 study_draw(study, "trend", list(
                   trend = "Co-agglomeration index over time (Table 1, published)"))
               }))
  }
  if (length(files)) say(sprintf("Figures written: %s\n", paste(files, collapse = ", ")))
  list(table = wide, ranking = ranking, year_means = yr_mean,
       effect_mean_correlation = r, files = files)
}

# Draw a figure on the current device when R is interactive, else into a
# PNG file in `dir` (returned); the cairo device where there is one, so that
# Chinese labels render.
zj_figure <- function(dir, file, draw) {
  if (interactive()) {
    draw()
    return(NULL)
  }
  f <- file.path(dir, file)
  if (capabilities("cairo")) {
    grDevices::png(f, width = 900, height = 600, res = 110, type = "cairo")
  } else grDevices::png(f, width = 900, height = 600, res = 110)
  tryCatch(draw(), finally = grDevices::dev.off())
  f
}

# -- step 2 ----------------------------------------------------------------

zj_step_unitroot <- function(study, zc, say, plot = FALSE, dir = tempdir()) {
  say("\n", rule("Step 2. Panel unit-root tests of the published index (EViews convention)"))
  say("The study tested its five covariates (Table 3), not the index; the covariates were\n",
      "not published. The index itself can be tested: 11 cities x 6 years.\n\n")
  ur <- study$unitroot$index$first
  say(paste(captured(print(ur)), collapse = "\n"), "\n")
  ht <- quietly(panel_unitroot(zc, "coagg", index = c("city", "year"), tests = "ht",
                               convention = "eviews", majority = 1))
  say("\nHarris-Tzavalis (1999), built for fixed T and large N, so the one test of the\n",
      "family whose distribution holds at T = 6:\n")
  h <- as.data.frame(ht)
  say(paste(sprintf("  %-17s Z = %8.4f  p = %.4f", h$form, h$statistic, h$p_value), collapse = "\n"),
      "\n")
  say("\nAs a paper prints it (statistic, p-value in parentheses):\n")
  say(paste(captured(print(unitroot_table(ur))), collapse = "\n"), "\n")
  files <- if (plot) zj_figure(dir, "zhejiang_unitroot.png", function() plot(ur)) else NULL
  if (length(files)) say(sprintf("Figure written: %s\n", files))
  cd <- zj_cross_dependence(zc, study$unitroot$index$second, say)
  list(study_tests = ur, harris_tzavalis = ht, cd = cd, cips = study$unitroot$index$second,
       files = files)
}

# Step 2, continued: are the cities independent, as LLC, IPS and the Fisher
# tests assume? Pesaran's CD on the index (levels and yearly changes), what
# it implies, and CIPS (robust to a common factor; the study's second
# generation battery) with its small-T caveat.
zj_cross_dependence <- function(zc, cips, say) {
  zd <- zc[order(zc$city, zc$year), ]
  zd$change <- stats::ave(zd$coagg, zd$city, FUN = function(x) c(NA, diff(x)))
  cd <- quietly(cd_test(zd, c("coagg", "change"), index = c("city", "year"), tests = "cd"))
  u <- attr(cd, "units")
  mabs <- tapply(u$mean_abs_rho * u$pairs, u$variable, sum) / tapply(u$pairs, u$variable, sum)
  # E|r| of two independent normal samples of n observations
  eabs <- function(n) (2 / (n - 2)) / beta(0.5, (n - 2) / 2)
  say("\nCross-sectional dependence (Pesaran 2004 CD; H0: weak dependence, Pesaran 2015).\n",
      "LLC, IPS and the Fisher tests assume that the 11 cities are independent:\n")
  for (v in c("coagg", "change")) {
    r <- cd[cd$variable == v, ]
    n <- as.integer(r$overlap)
    say(sprintf(paste0("  %s: CD = %.3f (p = %.3f); mean correlation %.3f,\n",
                       "    mean |correlation| %.3f (%.3f expected for independent series of %d years)\n"),
                if (v == "coagg") "index, levels" else "index, yearly changes", r$statistic,
                r$p_value, r$estimate, mabs[[v]], eabs(n), n))
  }
  rej <- any(cd$p_value < 0.05)
  say(paste(strwrap(if (rej) paste(
    "CD rejects weak dependence at 5%: the cities' index moves together more than",
    "independent series would. The first-generation tests above (LLC, IPS, Fisher) assume",
    "independent cities and over-reject under such dependence, so their p-values are too",
    "small.") else paste(
    "CD does not reject weak dependence, and the average absolute correlation is what",
    "independent series of this length give: nothing here contradicts the independence",
    "that LLC, IPS and the Fisher tests assume. With 55 pairs of 6 (or 5) years the test",
    "has little power, so this is an absence of evidence, not evidence of independence;",
    "the LM tests, which are not shown, reject a true null about 20% of the time at",
    "N = 11, T = 6."), width = 78, prefix = "  "), collapse = "\n"), "\n")
  cr <- as.data.frame(cips)
  cr <- cr[cr$form == "level", , drop = FALSE]
  cu <- attr(cips, "units")
  cu <- cu[cu$form == "level", , drop = FALSE]
  say(sprintf(paste0("\nCIPS (Pesaran 2007; robust to one common factor), levels, intercepts, no lags:\n",
                     "  CIPS = %.3f, CIPS* = %.3f; each CADF regression has %d observations\n",
                     "  for 4 coefficients.\n"), cr$statistic[cr$test == "cips"],
              cr$statistic[cr$test == "cips_trunc"], max(cu$cadf_obs, na.rm = TRUE)))
  say(paste(strwrap(paste(
    "Pesaran's critical values start at T = 10, so at T = 6 there is no critical value and",
    "no p-value: the statistic cannot be judged, and with one residual degree of freedom",
    "per CADF regression (a CADF t of", sprintf("%.1f", max(abs(cu$cadf), na.rm = TRUE)),
    "for one city) it would not deserve much weight anyway. In first differences the",
    "CADF regressions have no degree of freedom left. The study's panel is too short for",
    "second-generation unit-root tests."), width = 78, prefix = "  "), collapse = "\n"), "\n")
  cd
}

# -- step 3 ----------------------------------------------------------------

zj_step_audit <- function(study, zp, say) {
  say("\n", rule("Step 3. Audit of Table 4 and of the Hausman line"))
  t4 <- zp$table4
  a <- study$audit$coefficients
  h <- study$audit$hausman
  df <- study$audit$df
  say(sprintf(paste0("Table 4 prints estimates, t values and p-values. EViews reports two-sided\n",
                     "p-values from t(NT - K) = t(%d - %d) = t(%d). Published beside recomputed:\n\n"),
              zp$n_obs, nrow(t4), df))
  say(paste(captured(print(a)), collapse = "\n"), "\n")
  say("\nHausman line (published: chi2 = 12.0105, p = 0.0853; the study compares five slopes):\n")
  say(paste(captured(print(h)), collapse = "\n"), "\n")
  sig <- sum(a$implied_p_two_sided[-1] < 0.10)
  say("\nFindings in words:\n")
  say(paste(strwrap(sprintf(paste(
    "(1) The printed p-values of the five slopes do not follow from the printed t values:",
    "four are exactly one tenth of the p implied by t(%d) (a decimal shift), and IoIAI's",
    "repeats BFEC's. Recomputed, %d of the five slopes are significant at 10%%, so the",
    "study's stars and its claim that every covariate is significant at 10%% or better",
    "do not hold. (2) The Hausman statistic 12.0105 with five degrees of freedom has",
    "p = %.4f, not 0.0853; no whole number of degrees of freedom gives 0.0853. At 5%%",
    "the test rejects random effects in favour of fixed effects. (3) The study also reads",
    "the test backwards: a p-value above 0.05 would mean not rejecting the null that",
    "random effects are consistent (no systematic difference), which the text states as",
    "accepting a systematic difference."), df, sig, h$p_at_df), width = 78, prefix = "  "),
    collapse = "\n"), "\n")
  list(table4 = a, hausman = h)
}

# -- step 4 ----------------------------------------------------------------

zj_step_simulated <- function(study, sim, zp, seed, n_sim, say, plot = FALSE, dir = tempdir()) {
  tag <- "SIMULATED | "
  sayt <- function(lines) say(paste0(tag, lines, collapse = "\n"), "\n")
  say("\n", rule("Step 4. The regression workflow on SIMULATED covariates (not the study's data)"))
  sayt(c(sprintf("Covariates: 11 cities x 2011-2016, seed %d, from the documented", seed),
         "data-generating process (?simulate_zhejiang_panel). coagg_study() regresses the",
         "published index on them: the estimates describe the simulation, not Zhejiang."))
  ur <- study$unitroot$covariates$first
  sayt("")
  sayt("Unit-root tests of the simulated covariates (p-values, as in the study's Table 3):")
  sayt(captured(print(ur), width = 66L))
  m <- study$models
  h <- study$hausman$classical
  hr <- study$hausman$robust
  sayt("")
  sayt(captured(print(h), width = 66L))
  sayt(sprintf("Robust (Mundlak, cluster-robust Wald) version: chi2(%s) = %.4f, p = %.4f",
               format(hr$df), hr$statistic, hr$p_value))
  fi <- study_findings(study)
  fi <- fi[fi$section == "models" & grepl("^(f_test|choice|hausman_rule|cd_residuals|vcov)",
                                          fi$id), , drop = FALSE]
  sayt("")
  sayt("The model and standard errors chosen by coagg_study()'s rules (?coagg_study):")
  sayt(unlist(lapply(fi$sentence, function(s) {
    w <- strwrap(s, width = 64L)
    c(paste0("* ", w[1L]), if (length(w) > 1L) paste0("  ", w[-1L]))
  })))
  sayt("")
  sayt("The three models side by side (model_table()):")
  sayt(captured(print(model_table(FE = m$fe, RE = m$re, Pooled = m$pooled, hausman = h)),
                width = 66L))
  sayt("")
  sayt(captured(print(summary(m$chosen, stars = TRUE)), width = 66L))
  f <- study$settings$formula
  dk <- zj_robust_errors(f, study$panel, m$re, sayt)
  eff <- random_effects(m$re)
  ce <- data.frame(city = zp$table5$city, published = zp$table5$effect,
                   estimate = eff$effect[match(zp$table5$city, as.character(eff[[1L]]))])
  sayt("")
  sayt(sprintf(paste("City effects of the random-effects model (as Table 5): published beside",
                     "estimated; estimates sum to %.1e"), sum(ce$estimate)))
  sayt(captured(print(ce, row.names = FALSE, digits = 4), width = 66L))
  cal <- zj_calibrated(sim, zp, sayt)
  mc <- NULL
  if (n_sim > 0) {
    b <- stats::setNames(zp$table4$estimate, zp$table4$term)
    mc <- zj_monte_carlo(sim, cal$formula, b, n_sim, seed)
    sayt("")
    sayt(sprintf(paste("Monte Carlo, %d replications (covariates and city effects fixed, new noise):",
                       "sampling spread of the random-effects estimates at N = 11, T = 6"), n_sim))
    sayt(captured(print(mc$summary, row.names = FALSE, digits = 4), width = 66L))
    sayt(sprintf("Hausman test (classical, EViews convention) rejected at 5%% in %.1f%% of replications.",
                 100 * mc$hausman_rejection))
  }
  files <- NULL
  if (plot) {
    files <- c(zj_figure(dir, "zhejiang_simulated_hausman.png", function() {
                 plot(h, main = "SIMULATED covariates: fixed- against random-effects estimates")
               }),
               zj_figure(dir, "zhejiang_simulated_city_effects.png", function() {
                 plot(eff, main = "SIMULATED covariates: predicted city effects (BLUP), 95% intervals")
               }))
    if (length(files)) sayt(sprintf("Figures written: %s", paste(files, collapse = ", ")))
  }
  list(data = study$panel, unitroot = ur, fe = m$fe, re = m$re, pooled = m$pooled,
       hausman = h, hausman_robust = hr, robust_errors = dk, effects = ce,
       calibrated = cal, monte_carlo = mc, files = files)
}

# Step 4, continued: the simulated outcome built from the published
# coefficients and city effects, its random-effects estimates beside the
# published values (the simulation's truth).
zj_calibrated <- function(sim, zp, sayt) {
  vars <- c("electronic", "CBECL", "IoIAI", "Express", "BFEC")
  f <- stats::as.formula(paste("coagg ~", paste(vars, collapse = " + ")))
  re <- quietly(panel_re(f, sim, index = c("city", "year")))
  b <- stats::setNames(zp$table4$estimate, zp$table4$term)
  ct <- as.data.frame(re)
  comp <- data.frame(term = names(b), published = unname(b),
                     estimate = unname(stats::coef(re)[names(b)]),
                     std_error = ct$std_error[match(names(b), ct$term)],
                     t_published = zp$table4$statistic,
                     t_simulated = ct$statistic[match(names(b), ct$term)],
                     stringsAsFactors = FALSE)
  eff <- random_effects(re)
  ce <- data.frame(city = zp$table5$city, published = zp$table5$effect,
                   estimate = eff$effect[match(zp$table5$city, as.character(eff[[1L]]))])
  sayt("")
  sayt(strwrap(sprintf(paste(
    "How much can 11 cities x 6 years tell? A SIMULATED outcome built from the published",
    "intercept, slopes and city effects plus noise (sigma_e = %.4f) sized to R-squared",
    "0.901331; outcome range %.2f to %.2f (Table 1, published: 0.30 to 0.97).",
    "Random-effects estimates beside the published values (the simulation's truth):"),
    attr(sim, "sigma_e"), min(sim$coagg), max(sim$coagg)), width = 66))
  sayt(captured(print(comp, row.names = FALSE, digits = 4), width = 66L))
  sayt(sprintf("City effects: published (true) beside estimated; estimates sum to %.1e",
               sum(ce$estimate)))
  sayt(captured(print(ce, row.names = FALSE, digits = 4), width = 66L))
  list(data = sim, formula = f, re = re, coefficients = comp, effects = ce)
}

# Step 4, continued: the random-effects model's classical standard errors
# beside the cluster-robust (by city) and Driscoll-Kraay ones.
zj_robust_errors <- function(f, panel, re, sayt) {
  cl <- quietly(panel_re(f, panel, index = c("city", "year"), vcov = "cluster"))
  dk <- quietly(panel_re(f, panel, index = c("city", "year"), vcov = "driscoll-kraay"))
  se <- function(m) sqrt(diag(stats::vcov(m)))
  tab <- data.frame(term = names(stats::coef(re)), estimate = unname(stats::coef(re)),
                    classical = unname(se(re)), cluster_city = unname(se(cl)),
                    driscoll_kraay = unname(se(dk)), stringsAsFactors = FALSE)
  sayt("")
  sayt(strwrap(sprintf(paste("Standard errors of the random-effects estimates: classical",
                             "(EViews), clustered by city (CR1) and Driscoll-Kraay (Bartlett",
                             "kernel, lag %d, Stata's factor):"), dk$settings$vcov_lag), width = 66))
  sayt(captured(print(tab, row.names = FALSE, digits = 4), width = 66L))
  sayt(strwrap(paste(
    "Driscoll-Kraay errors are robust to correlation between cities (common shocks) but",
    "rest on asymptotics in the number of years; with 6 years (and 11 cities for the",
    "clustered ones) neither robust column is reliable, and they show how much the",
    "classical errors depend on assuming independent cities and years."), width = 66))
  tab
}

zj_monte_carlo <- function(sim, f, b, n_sim, seed) {
  with_seed(seed + 1L, {
    vars <- all.vars(f)[-1L]
    X <- as.matrix(sim[vars])
    mean_part <- b[["(Intercept)"]] + drop(X %*% b[vars]) + sim$effect
    sigma_e <- attr(sim, "sigma_e")
    est <- matrix(NA_real_, n_sim, length(b), dimnames = list(NULL, names(b)))
    se <- est
    rej <- logical(n_sim)
    d <- sim
    for (r in seq_len(n_sim)) {
      d$coagg <- mean_part + stats::rnorm(nrow(d), sd = sigma_e)
      re <- quietly(panel_re(f, d, index = c("city", "year")))
      fe <- quietly(panel_fe(f, d, index = c("city", "year")))
      h <- quietly(hausman_test(fe, re))
      ct <- as.data.frame(re)
      est[r, ] <- stats::coef(re)[names(b)]
      se[r, ] <- ct$std_error[match(names(b), ct$term)]
      rej[r] <- isTRUE(h$p_value < 0.05)
    }
    q <- apply(est, 2L, stats::quantile, c(0.025, 0.975))
    summ <- data.frame(term = names(b), true = unname(b), mean = colMeans(est),
                       sd = apply(est, 2L, stats::sd), q025 = q[1L, ], q975 = q[2L, ],
                       mean_std_error = colMeans(se),
                       share_p_below_05 = colMeans(2 * stats::pt(-abs(est / se), nrow(sim) - length(b)) < 0.05),
                       stringsAsFactors = FALSE)
    rownames(summ) <- NULL
    list(summary = summ, estimates = est, std_errors = se, hausman_rejection = mean(rej))
  })
}

# -- step 5 ----------------------------------------------------------------

zj_step_cbp <- function(say) {
  say("\n", rule("Step 5. The E-G pipeline on real data: US metro areas, CBP 2019"))
  say(paste(strwrap(paste(
    "The formula path of Table 1 on real inputs: employment and establishment counts",
    "by metro area and 2-digit NAICS sector (U.S. Census Bureau, County Business",
    "Patterns 2019; ?cbp_metro). Manufacturing = 31-33, logistics = 48-49",
    "(transportation and warehousing). As in the study, H is estimated from",
    "enterprise counts (equal-size firms within each region) and x is each area's",
    "share of all-sector employment."), width = 78), collapse = "\n"), "\n\n")
  cbp <- get_dataset("cbp_metro")
  metro <- cbp[cbp$cbsa_type %in% "metro", ]
  sectors <- metro[!metro$naics %in% c("00", "99"), ]
  tot <- metro[metro$naics == "00", ]
  total <- stats::setNames(tot$employment, tot$cbsa_name)
  args <- list(data = sectors, region = "cbsa_name", industry = "naics",
               employment = "employment", n_firms = "establishments", reference = total)
  eg <- quietly(do.call(eg_index, args))
  egd <- as.data.frame(eg)
  say(sprintf("E-G gamma of the 19 sectors across %d metro areas (highest five and the pair):\n",
              max(egd$n_regions)))
  show <- egd[order(-egd$estimate), c("industry", "estimate", "gini", "herfindahl")]
  show <- rbind(utils::head(show, 5L), show[show$industry %in% c("31-33", "48-49") &
                                               !show$industry %in% utils::head(show, 5L)$industry, ])
  say(paste(captured(print(show, row.names = FALSE, digits = 4)), collapse = "\n"), "\n\n")

  pair <- list(manufacturing = "31-33", logistics = "48-49")
  variants <- expand.grid(per_region = c("lq", "decomposition", "location_quotient"),
                          combine = c("ratio", "ratio_plus_sum"), stringsAsFactors = FALSE)
  vals <- list()
  rows <- lapply(seq_len(nrow(variants)), function(k) {
    co <- quietly(do.call(eg_coagg, c(args, list(pair = pair, per_region = variants$per_region[k],
                                                 combine = variants$combine[k]))))
    est <- as.data.frame(co)$estimate
    vals[[paste(variants$per_region[k], variants$combine[k])]] <<- est
    ok <- est[!is.na(est)]
    data.frame(per_region = variants$per_region[k], combine = variants$combine[k],
               defined = length(ok), undefined = sum(is.na(est)),
               min = if (length(ok)) min(ok) else NA_real_,
               median = if (length(ok)) stats::median(ok) else NA_real_,
               max = if (length(ok)) max(ok) else NA_real_,
               share_in_0.30_0.97 = if (length(ok)) mean(ok >= 0.30 & ok <= 0.97) else NA_real_,
               stringsAsFactors = FALSE)
  })
  tab <- do.call(rbind, rows)
  say("Manufacturing-logistics co-agglomeration by metro area, every variant of eg_coagg():\n")
  say(paste(captured(print(tab, row.names = FALSE, digits = 3)), collapse = "\n"), "\n")
  say(paste(strwrap(paste(
    "The study's published values all lie in [0.30, 0.97] with no gaps. Of the variants,",
    "per_region = \"lq\" with combine = \"ratio\" (the package's reading of the study's formula (2))",
    "gives values in [0, 1] and is defined everywhere; \"decomposition\" is undefined",
    "wherever a per-region index is negative, and \"ratio_plus_sum\" adds a + b, which",
    "on location quotients exceeds 1."), width = 78), collapse = "\n"), "\n")
  m <- quietly(do.call(eg_coagg_matrix, c(args, list(industries = c("31-33", "48-49")))))
  pair_egk <- as.matrix(m)["31-33", "48-49"]
  say(sprintf(paste0("\nEllison-Glaeser-Kerr (2010) pairwise co-agglomeration of 31-33 and 48-49 ",
                     "over all metros: %.6f\n"), pair_egk))
  list(eg_index = eg, variants = tab, values = vals, egk_pair = pair_egk)
}

# -- helpers ---------------------------------------------------------------

# Printed output of expr as lines, narrow enough to carry the SIMULATED tag.
captured <- function(expr, width = 78L) {
  op <- options(width = width)
  on.exit(options(op))
  utils::capture.output(expr)
}

# The noise scale at which the random-effects GLS fit of sys + sigma z has the
# target weighted R-squared (it falls from 1 at sigma = 0 as sigma grows).
calibrate_sigma <- function(sys, z, target) {
  n <- nrow(sys); nt <- ncol(sys)
  d <- data.frame(id = rep(seq_len(n), each = nt), t = rep(seq_len(nt), n))
  base <- as.vector(t(sys)); noise <- as.vector(t(z))
  r2 <- function(sigma) {
    d$y <- base + sigma * noise
    fit <- quietly(panel_re(y ~ x1 + x2 + x3 + x4 + x5, cbind(d, as.data.frame(attr(sys, "x"))),
                            index = c("id", "t")))
    panel_gof(fit)$weighted[["r_squared"]] - target
  }
  hi <- stats::sd(base)
  while (r2(hi) > 0) hi <- 2 * hi
  stats::uniroot(r2, c(hi * 1e-6, hi), tol = 1e-10)$root
}

rule <- function(title) {
  paste0(title, "\n", strrep("=", min(78L, nchar(title))), "\n")
}

# Evaluate with the coagg caveat warnings muffled: they are recorded in the
# returned objects and printed with them.
quietly <- function(expr) {
  withCallingHandlers(expr, coagg_warning = function(w) invokeRestart("muffleWarning"),
                      message = function(m) invokeRestart("muffleMessage"))
}

# Run expr with a seed, restoring the caller's random-number state.
with_seed <- function(seed, expr) {
  old <- if (exists(".Random.seed", envir = globalenv(), inherits = FALSE))
    get(".Random.seed", envir = globalenv(), inherits = FALSE) else NULL
  on.exit({
    if (is.null(old)) {
      if (exists(".Random.seed", envir = globalenv(), inherits = FALSE))
        rm(".Random.seed", envir = globalenv())
    } else {
      assign(".Random.seed", old, envir = globalenv())
    }
  })
  set.seed(seed)
  expr
}

# A dataset of the package, whether or not the package is attached.
get_dataset <- function(name) {
  e <- new.env()
  utils::data(list = name, package = "coagg", envir = e)
  get(name, envir = e)
}
