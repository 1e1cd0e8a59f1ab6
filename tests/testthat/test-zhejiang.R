# The Zhejiang datasets against the CSV transcriptions of the printed tables,
# cell for cell (the CSVs ship in inst/extdata; data-raw/zhejiang.R builds the
# datasets from them).
ext <- function(f) {
  p <- system.file("extdata", f, package = "coagg")
  if (!nzchar(p)) p <- testthat::test_path("..", "..", "inst", "extdata", f)
  utils::read.csv(p, colClasses = "character", check.names = FALSE, encoding = "UTF-8")
}

test_that("zhejiang_coagg is Table 1, cell for cell", {
  t1 <- ext("zhejiang_table1_coagg.csv")
  expect_identical(nrow(zhejiang_coagg), 66L)
  expect_identical(levels(zhejiang_coagg$city), names(t1)[-1])
  for (cty in names(t1)[-1]) for (k in seq_len(nrow(t1))) {
    v <- zhejiang_coagg$coagg[zhejiang_coagg$city == cty &
                                zhejiang_coagg$year == as.integer(t1$year[k])]
    expect_identical(v, as.numeric(t1[[cty]][k]), info = paste(cty, t1$year[k]))
  }
  expect_identical(anyDuplicated(zhejiang_coagg[c("city", "year")]), 0L)
  expect_identical(unique(zhejiang_coagg$city_zh[zhejiang_coagg$city == "Hangzhou"]),
                   "\u676d\u5dde")
})

test_that("zhejiang_published holds Tables 3, 4, 5 and the Hausman line as printed", {
  zp <- zhejiang_published
  t3 <- ext("zhejiang_table3_unitroot_p.csv")
  map <- c(LLC = "llc", IPS = "ips", ADF_Fisher = "fisher_adf", ADF_PP = "fisher_pp")
  expect_identical(nrow(zp$table3), nrow(t3) * 4L)
  for (k in seq_len(nrow(t3))) for (tc in names(map)) {
    row <- zp$table3[zp$table3$variable == t3$variable[k] & zp$table3$form == t3$form[k] &
                       zp$table3$test == map[[tc]], ]
    expect_identical(nrow(row), 1L)
    expect_identical(row$printed, t3[[tc]][k])
    expect_identical(row$p_value, as.numeric(t3[[tc]][k]))
  }
  t4 <- ext("zhejiang_table4_re.csv")
  expect_identical(zp$table4$term, t4$term)
  expect_identical(zp$table4$estimate_printed, t4$estimate)
  expect_identical(zp$table4$p_value_printed, t4$p_value_printed)
  expect_identical(zp$table4$statistic_printed, t4$t_value_printed)
  expect_identical(zp$table4$stars, t4$stars_printed)
  expect_identical(zp$table4$estimate, as.numeric(t4$estimate))
  t5 <- ext("zhejiang_table5_effects.csv")
  expect_identical(zp$table5$city, t5$city)
  expect_identical(zp$table5$city_zh, t5$city_zh)
  expect_identical(zp$table5$effect_printed, t5$effect)
  expect_identical(zp$hausman$statistic_printed, "12.0105")
  expect_identical(zp$hausman$p_value_printed, "0.0853")
  expect_identical(zp$r_squared, 0.901331)
  expect_identical(zp$n_obs, 66L)
})

test_that("the raw-data template has the study's layout and no invented values", {
  expect_identical(nrow(zhejiang_template), 11L * 6L * 3L)
  expect_true(all(is.na(zhejiang_template$employment)))
  expect_true(all(is.na(zhejiang_template$enterprises)))
  expect_setequal(unique(zhejiang_template$industry), c("C", "G", "total"))
})

test_that("the simulated panel is reproducible from its seed and leaves the RNG alone", {
  set.seed(99); before <- runif(1); set.seed(99)
  a <- simulate_zhejiang_panel(seed = 7)
  after <- runif(1)
  expect_identical(before, after)
  b <- simulate_zhejiang_panel(seed = 7)
  expect_identical(a, b)
  expect_false(identical(a$coagg, simulate_zhejiang_panel(seed = 8)$coagg))
  expect_true(all(a$data_source == "SIMULATED"))
  expect_identical(nrow(a), 66L)
  # the outcome is built from the published coefficients and city effects:
  zp <- zhejiang_published
  b4 <- setNames(zp$table4$estimate, zp$table4$term)
  sys <- b4[["(Intercept)"]] + as.matrix(a[c("electronic", "CBECL", "IoIAI", "Express", "BFEC")]) %*%
    b4[c("electronic", "CBECL", "IoIAI", "Express", "BFEC")] + a$effect
  expect_equal(a$effect, rep(zp$table5$effect, each = 6))
  resid <- a$coagg - drop(sys)
  expect_lt(abs(sd(resid) / attr(a, "sigma_e") - 1), 0.5)
  # and its noise is sized so that the RE weighted R-squared is the published one
  re <- panel_re(coagg ~ electronic + CBECL + IoIAI + Express + BFEC, a,
                 index = c("city", "year"))
  r2w <- 1 - re$stats[["rss_transformed"]] / re$stats[["tss_transformed"]]
  expect_equal(r2w, 0.901331, tolerance = 1e-8)
})

test_that("replicate_zhejiang() runs every step, returns every component, labels simulation", {
  dir <- tempfile("zj"); dir.create(dir)
  out <- capture.output(res <- replicate_zhejiang(n_sim = 20, dir = dir, plot = TRUE))
  # the study behind the steps is returned too (replicate_zhejiang() became a
  # thin call of coagg_study())
  expect_named(res, c("study", "table1", "unitroot", "audit", "simulated", "cbp", "files"),
               ignore.order = TRUE)
  expect_s3_class(res$study, "coagg_study")
  expect_identical(res$audit$table4, res$study$audit$coefficients)
  expect_identical(res$simulated$re, res$study$models$re)
  expect_true(all(file.exists(res$files)))
  expect_true(all(startsWith(normalizePath(res$files), normalizePath(dir))))
  expect_identical(res$table1$ranking$city[1:4], c("Jinhua", "Wenzhou", "Hangzhou", "Ningbo"))
  expect_s3_class(res$unitroot$study_tests, "coagg_unitroot")
  expect_identical(res$audit$table4$p_ok, c(TRUE, FALSE, FALSE, FALSE, FALSE, FALSE))
  expect_length(res$audit$hausman$matching_df, 0)
  expect_s3_class(res$simulated$re, "coagg_panel")
  expect_identical(nrow(res$simulated$monte_carlo$estimates), 20L)
  expect_identical(nrow(res$cbp$variants), 6L)
  # every line of step 4 carries the SIMULATED label
  s4 <- which(grepl("^Step 4", out)); s5 <- which(grepl("^Step 5", out))
  body <- out[(s4 + 2):(s5 - 1)]
  body <- body[nzchar(body)]
  expect_true(length(body) > 50)
  expect_true(all(startsWith(body, "SIMULATED | ")))
  # and no line outside step 4 reports a simulated number
  expect_false(any(grepl("SIMULATED |", out[-((s4 + 2):(s5 - 1))], fixed = TRUE)))
  # the working directory is not written to
  expect_false(file.exists("zhejiang_table1_heatmap.png"))
})

test_that("replicate_zhejiang() rejects bad arguments with classed errors", {
  expect_error(replicate_zhejiang(steps = 6), class = "coagg_input_error")
  expect_error(replicate_zhejiang(n_sim = -1), class = "coagg_input_error")
  expect_error(replicate_zhejiang(plot = NA), class = "coagg_input_error")
  expect_error(replicate_zhejiang(steps = 1, dir = file.path(tempdir(), "no", "such")),
               class = "coagg_input_error")
})

test_that("seeds outside R's integer range are classed errors (fuzz regression)", {
  # set.seed() failed with an unclassed error
  expect_error(simulate_zhejiang_panel(seed = 2^31), class = "coagg_input_error")
  expect_error(simulate_zhejiang_panel(seed = 1e300), class = "coagg_input_error")
  expect_error(replicate_zhejiang(steps = 4, seed = .Machine$integer.max, quiet = TRUE),
               class = "coagg_input_error")
  expect_identical(nrow(simulate_zhejiang_panel(seed = .Machine$integer.max)), 66L)
})

test_that("step 2 tests the index for cross-sectional dependence and reports CIPS without a table", {
  out <- capture.output(res <- replicate_zhejiang(steps = 2, plot = FALSE))
  cd <- res$unitroot$cd
  expect_s3_class(cd, "coagg_cd")
  expect_identical(cd$variable, c("coagg", "change"))
  # the CD statistic of the published index in levels, recomputed plainly
  # from Table 1 (Pearson correlations of the cities' six values)
  W <- tapply(zhejiang_coagg$coagg, list(zhejiang_coagg$year, zhejiang_coagg$city), identity)
  R <- stats::cor(W)
  cd_ref <- sqrt(6) * sum(R[lower.tri(R)]) / sqrt(55)
  expect_equal(cd$statistic[1], cd_ref, tolerance = 1e-12)
  expect_true(any(grepl("H0: weak dependence, Pesaran 2015", out, fixed = TRUE)))
  # what the test implies for the first-generation tests is said in words
  expect_true(any(grepl("LLC, IPS and the Fisher tests", out, fixed = TRUE)))
  # CIPS: the statistic, no critical values or p-value at T = 6. The study's
  # second-generation battery runs levels and first differences; in first
  # differences the CADF regressions have no degree of freedom left, so those
  # rows have no statistic
  ci <- res$unitroot$cips
  expect_true(all(is.na(ci$statistic[ci$form == "first difference"])))
  ci <- ci[ci$form == "level", ]
  expect_identical(nrow(ci), 2L)
  expect_true(all(is.finite(ci$statistic)))
  expect_true(all(is.na(ci$p_value)) && all(is.na(ci$p_bracket)))
  expect_true(any(grepl("no critical", out)))
  mine <- out[which(grepl("^Cross-sectional dependence", out)):length(out)]
  expect_true(all(nchar(mine) <= 80L))
})

test_that("step 4 shows Driscoll-Kraay standard errors beside the classical ones (SIMULATED)", {
  out <- capture.output(res <- replicate_zhejiang(steps = 4, plot = FALSE, n_sim = 0))
  tab <- res$simulated$robust_errors
  expect_named(tab, c("term", "estimate", "classical", "cluster_city", "driscoll_kraay"))
  re <- res$simulated$re
  expect_equal(tab$classical, unname(sqrt(diag(vcov(re)))))
  dk <- suppressWarnings(panel_re(formula(re), res$simulated$data, index = c("city", "year"),
                                  vcov = "driscoll-kraay"))
  expect_equal(tab$driscoll_kraay, unname(sqrt(diag(vcov(dk)))))
  expect_true(any(grepl("Driscoll-Kraay", out)))
  s4 <- which(grepl("^Step 4", out))
  body <- out[(s4 + 2):length(out)]
  body <- body[nzchar(body) & !grepl("^End of the replication|^=+$", body)]
  expect_true(all(startsWith(body, "SIMULATED | ")))
})
