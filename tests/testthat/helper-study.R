# Studies shared by test-study.R and test-report.R, computed once per run:
# the Zhejiang study (the published index, SIMULATED covariates, the printed
# Table 4 and Hausman line) and a study of a SIMULATED yearbook panel
# (30 cities x 20 industries x 2010-2020, Chinese city names, a city-year
# missing, the last year for 24 of 30 cities, 20 blank employment cells).

study_cache <- new.env()

zj_vars <- c("electronic", "CBECL", "IoIAI", "Express", "BFEC")

zj_printed <- function() {
  t4 <- zhejiang_published$table4
  data.frame(term = t4$term, estimate = t4$estimate_printed, statistic = t4$statistic_printed,
             p_value = t4$p_value_printed,
             stars = ifelse(t4$term == "(Intercept)", NA, t4$stars), stringsAsFactors = FALSE)
}

zj_covariates <- function() {
  sim <- simulate_zhejiang_panel(seed = 20190601L)
  out <- sim[c("city", "year", zj_vars, "data_source")]
  attr(out, "seed") <- attr(sim, "seed")   # the study records it
  out
}

zj_study <- function() {
  if (is.null(study_cache$zj)) {
    study_cache$zj <- suppressWarnings(coagg_study(
      coagg = zhejiang_coagg, region = "city", time = "year", covariates = zj_covariates(),
      formula = coagg ~ electronic + CBECL + IoIAI + Express + BFEC,
      published = list(coefficients = zj_printed(),
                       hausman = c(statistic = "12.0105", p_value = "0.0853"))))
  }
  study_cache$zj
}

yb_data <- function() {
  if (is.null(study_cache$yb_data)) study_cache$yb_data <- simulate_yearbook(seed = 1L)
  study_cache$yb_data
}

yb_call <- function(...) {
  yb <- yb_data()
  coagg_study(yb$employment, region = "city", industry = "industry",
              employment = "employment", n_firms = "enterprises", time = "year",
              reference = yb$totals, pair = yb$pair, covariates = yb$covariates,
              formula = coagg ~ ecommerce + express + internet, na_action = "omit", ...)
}

yb_study <- function() {
  if (is.null(study_cache$yb)) study_cache$yb <- suppressWarnings(yb_call())
  study_cache$yb
}

# pandoc is needed for HTML and Word reports: locally its absence skips the
# test; in CI (COAGG_REQUIRE_CROSSCHECKS=true, as for the cross-check
# packages) it fails, so that a report test never passes unrun.
skip_if_no_pandoc <- function() {
  ok <- requireNamespace("rmarkdown", quietly = TRUE) && rmarkdown::pandoc_available()
  if (ok) return(invisible(TRUE))
  if (identical(Sys.getenv("COAGG_REQUIRE_CROSSCHECKS"), "true")) {
    fail("pandoc (or rmarkdown) is not available but CI requires the report tests")
  }
  skip("pandoc (or rmarkdown) not available")
}
