# Shaping of the kernel's output (R/unitroot-shape.R): the result's rows
# and attributes, the caveats, the verdict, the published tables. Data are
# simulated and labelled so.

test_that("the LLC and IPS tables agree with plm's transcriptions", {
  skip_if_no_crosscheck("plm")
  tb <- coagg:::ur_tables()   # what the package reads from src/unitroot_tables.c
  llc <- get("adj.levinlin", envir = asNamespace("plm"))   # rows T, [mu, sigma], exo
  ours <- tb$llc_adj[-13, ]
  expect_identical(unname(ours[, 1:2]), unname(llc[1:12, , "none"]))
  expect_identical(unname(ours[, 3:4]), unname(llc[1:12, , "intercept"]))
  expect_identical(unname(ours[, 5:6]), unname(llc[1:12, , "trend"]))
  expect_identical(unname(tb$llc_adj[13, ]), c(0, 1, -0.5, 0.707, -0.5, 0.5))
  ips <- get("adj.ips.wtbar", envir = asNamespace("plm"))  # lags x T x mean/var x exo
  expect_identical(unname(tb$ips3_mean[, , 1]), unname(ips[, , "mean", "intercept"]))
  expect_identical(unname(tb$ips3_mean[, , 2]), unname(ips[, , "mean", "trend"]))
  expect_identical(unname(tb$ips3_var[, , 1]), unname(ips[, , "var", "intercept"]))
  expect_identical(unname(tb$ips3_var[, , 2]), unname(ips[, , "var", "trend"]))
  cv <- get("critval.ips.tbar", envir = asNamespace("plm"))  # N x T x level x exo
  expect_identical(unname(tb$ips2_crit[, , , 1]), unname(cv[, , , "intercept"]))
  expect_identical(unname(tb$ips2_crit[, , , 2]), unname(cv[, , , "trend"]))
})

test_that("the result is shaped like the study's Table 3 with a majority verdict", {
  rw <- sim_ur_panel(N = 10, T = 30, seed = 21)              # simulated random walks
  st <- sim_ur_panel(N = 10, T = 30, rho = 0.2, seed = 22)   # simulated stationary AR(1)
  d <- data.frame(id = rw$id, year = rw$year, rw = rw$y, st = st$y)
  res <- quiet(panel_unitroot(d, c("rw", "st"), index = c("id", "year")))
  expect_s3_class(res, "coagg_unitroot")
  expect_identical(nrow(res), 16L)
  expect_identical(unique(res$form), c("level", "first difference"))
  expect_identical(unique(res$test), c("llc", "ips", "fisher_adf", "fisher_pp"))
  expect_true(all(c("variable", "form", "test", "statistic", "p_value", "lags", "bandwidth",
                    "units", "obs", "verdict") %in% names(res)))
  v <- unique(res[c("variable", "form", "verdict")])
  expect_identical(v$verdict[v$variable == "st" & v$form == "level"], "stationary")
  expect_identical(v$verdict[v$variable == "rw" & v$form == "first difference"], "stationary")
  # the verdict counts tests that reject at `level`, against `majority`
  votes <- tapply(res$p_value < 0.05, paste(res$variable, res$form), sum)
  expect_equal(as.vector(votes[paste(res$variable, res$form)]), res$votes)
  res4 <- quiet(panel_unitroot(d, "rw", index = c("id", "year"), majority = 4, level = 0.01))
  k <- tapply(res4$p_value < 0.01, res4$form, sum)
  expect_identical(res4$verdict, as.vector(ifelse(k[res4$form] >= 4, "stationary", "unit root")))
  out <- capture.output(print(res))
  expect_true(any(grepl("ADF-Fisher", out)))
  expect_true(any(grepl("unit root \\(|stationary \\(", out)))
  sm <- capture.output(print(summary(res), max_units = 2))
  expect_true(any(grepl("Intermediate results", sm)))
})

test_that("short T is flagged, clamped or extrapolated, warned about and kept in the result", {
  d <- sim_ur_panel(N = 11, T = 6, seed = 23)   # simulated, shaped like the study (11 x 6)
  cw <- collect_warnings(panel_unitroot(d, "y", index = c("id", "year"), difference = 0,
                               tests = c("llc", "ips", "fisher_adf", "ht"), majority = 1))
  res <- cw$value
  expect_true("coagg_small_t_warning" %in% cw$classes)
  expect_true(all(cw$messages %in% attr(res, "notes")))
  notes <- attr(res, "notes")
  expect_true(any(grepl("LLC Table 2", notes)))
  expect_true(any(grepl("IPS Table 3", notes)))
  expect_true(any(grepl("n >= 20", notes)))
  expect_true(any(grepl("LLC Table 2", capture.output(print(res)))))
  ext <- quiet(panel_unitroot(d, "y", index = c("id", "year"), difference = 0, majority = 1,
                              tests = c("llc", "ips"), small_t = "extrapolate"))
  expect_false(isTRUE(all.equal(res$statistic[1:2], ext$statistic)))
  expect_true(any(grepl("extrapolated", attr(ext, "notes"))))
  # the maximum lag rule gives 0 at T = 6
  expect_true(all(attr(res, "units")$maxlag == 0L))
  expect_false(anyNA(res$statistic))
})

test_that("no unit with an ADF p-value leaves the Fisher tests blank instead of failing", {
  d <- sim_ur_panel(N = 4, T = 20, seed = 65)          # simulated random walks
  set <- coagg:::ur_settings(c("ips", "fisher_adf", "choi_adf"), "intercept", "eviews", "clamp",
                             0.05, NULL, 0, NULL, NULL, NULL, NULL)
  set$lags <- "fixed"
  u <- match(d$id, unique(d$id)) - 1L
  res <- coagg:::ur_call(d$y, d$year - 2000L, u, 1:4, rep(0L, 4), rep(0L, 4), set,
                         set$tests, need_pp = FALSE)
  res$units$p_value[] <- NA_real_
  run <- list(calls = list(unit = res), source = set$samples, periods = c(unit = "2000-2019"),
              label = NULL)
  sh <- coagg:::ur_shape(run, "y", "level", unique(d$id), set, warn = function(...) NULL,
                         note = function(...) NULL)
  tab <- sh$table
  expect_true(all(is.na(tab$statistic[tab$test %in% c("fisher_adf", "choi_adf")])))
  expect_false(is.na(tab$statistic[tab$test == "ips"]))
  # a test not computed has no sample or periods
  expect_identical(tab$periods, c("2000-2019", NA, NA))
  expect_identical(tab$sample, c("unit", NA, NA))
})

test_that("the small-sample notes word the tables' ranges from the tables themselves", {
  # IPS Table 3 starts at 10 observations for 0-4 lags, 20 for 5, 25 for 6-8
  expect_identical(coagg:::ur_ips_coverage("intercept"),
                   "10 observations with 0-4 lags, 20 with 5 lags, 25 with 6-8 lags")
  tb <- coagg:::ur_tables()
  expect_identical(tb$llc_T[1], 25)
  d <- sim_ur_panel(N = 4, T = 12, seed = 24)   # simulated, T~ = 11 < 25
  r <- quiet(panel_unitroot(d, "y", index = c("id", "year"), tests = c("llc", "ips"),
                            difference = 0, majority = 1))
  expect_true(any(grepl("which starts at 25); mu* = -0.554 and sigma* = 0.919 are those of T = 25",
                        attr(r, "notes"), fixed = TRUE)))
  expect_true(any(grepl("(10 observations with 0-4 lags", attr(r, "notes"), fixed = TRUE)))
})

test_that("every row says which units, observations and periods it used", {
  d <- sim_ur_panel(N = 5, T = 20, seed = 26)   # simulated data, balanced
  tests <- c("llc", "ips", "fisher_pp", "breitung", "ht", "hadri")
  r <- quiet(panel_unitroot(d, "y", index = c("id", "year"), tests = tests, lags = 0,
                            majority = 1))
  expect_true(all(r$periods[r$form == "level"] == "2000-2019"))
  expect_true(all(r$periods[r$form == "first difference"] == "2001-2019"))
  expect_identical(r$sample[1:6], c("unit", "unit", "unit", "run", "balanced", "run"))
  expect_identical(r$units, rep(5L, 12))
  # observations: ADF rows (LLC, IPS), PP rows, Breitung (one fewer per unit),
  # Harris-Tzavalis N (T - 1), Hadri N T
  lev <- r[r$form == "level", ]
  expect_equal(lev$obs, c(95, 95, 95, 90, 95, 100))
  un <- attr(r, "units")
  expect_identical(unique(un$periods), c("2000-2019", "2001-2019"))
  expect_true(attr(r, "settings")$balanced)
  # the print shows the samples only when the panel is unbalanced
  expect_false(any(grepl("Samples", capture.output(print(r)))))
})

test_that("observation counts are those EViews prints for LLC and Breitung", {
  # Published EViews summaries (balanced panels, individual effects and
  # trends): 3 cross-sections, 1990-2014, lag 1: LLC 69, Breitung 66 obs.;
  # 19 cross-sections, 2015-2019, lag 0: LLC 76, Breitung 57 obs. The data
  # are not published: simulated series of the same shape.
  for (shape in list(c(N = 3, T = 25, p = 1, llc = 69, br = 66),
                     c(N = 19, T = 5, p = 0, llc = 76, br = 57))) {
    d <- sim_ur_panel(N = shape[["N"]], T = shape[["T"]], seed = 28)
    r <- quiet(panel_unitroot(d, "y", index = c("id", "year"), tests = c("llc", "breitung"),
                              exo = "trend", lags = shape[["p"]], difference = 0, majority = 1))
    expect_equal(r$obs, c(shape[["llc"]], shape[["br"]]))
    expect_identical(r$units, rep(as.integer(shape[["N"]]), 2L))
  }
})

test_that("per-unit variances beyond the double range are NA with a caveat", {
  # regression (fuzz, seed 13): a unit near 1e308 had sigma2 = Inf and lrvar = Inf
  set.seed(3)
  d <- data.frame(id = rep(1:5, each = 12), t = rep(1:12, 5), y = rnorm(60))
  d$y[d$id == 2] <- d$y[d$id == 2] * 1e307 + 1.5e308
  r <- suppressWarnings(panel_unitroot(d, "y", index = c("id", "t")))
  u <- attr(r, "units")
  expect_false(any(is.infinite(u$sigma2)))
  expect_false(any(is.infinite(u$lrvar)))
  expect_true(all(is.na(u$sigma2[u$unit == "2"])))
  expect_true(all(is.finite(u$sigma2[u$unit != "2"])))
  expect_true(any(grepl("largest representable", attr(r, "notes"), fixed = TRUE)))
  # the statistics are those of the same series at an ordinary scale
  d2 <- d
  d2$y[d2$id == 2] <- (d2$y[d2$id == 2] - 1.5e308) / 1e307
  r2 <- suppressWarnings(panel_unitroot(d2, "y", index = c("id", "t")))
  expect_equal(attr(r, "units")$statistic[u$unit == "2"],
               attr(r2, "units")$statistic[u$unit == "2"], tolerance = 1e-6)
})
