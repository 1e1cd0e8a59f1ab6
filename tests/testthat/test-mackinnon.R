# MacKinnon (1996) p-values and critical values (R/mackinnon.R,
# src/mackinnon.c). Known answers: EViews output recorded in
# ../shared/reference/unitroot-cases.md; MacKinnon's method in plain R
# (helper-unitroot.R) and in 60-digit arithmetic (fixtures/); urca run here.

test_that("mackinnon_p reproduces the EViews-anchored p-values and critical values", {
  # ../shared/reference/unitroot-cases.md (EViews, constant, finite N)
  expect_equal(round(mackinnon_p(c(-4.261330, -2.830783, -1.753739), n = c(29, 25, 29)), 4),
               c(0.0024, 0.0683, 0.3949))
  # EViews prints -3.679322 / -2.967767 / -2.622989 at N = 29: inverting the
  # p-value function reproduces the 1% value to 6 decimals and the others to 4
  cv <- mackinnon_crit(c(0.01, 0.05, 0.10), n = 29, method = "invert")
  expect_lt(abs(cv[[1]] - (-3.679322)), 1e-6)
  expect_equal(unname(round(cv[2:3], 4)), c(-2.9678, -2.6230))
  expect_named(cv, c("1%", "5%", "10%"))
})

test_that("mackinnon_p follows MacKinnon's method exactly (plain-R reference)", {
  skip_if_no_crosscheck("urca")
  grid <- expand.grid(stat = c(-7, -4.3, -3.5, -2.9, -2.1, -1.4, -0.3, 0.8, 2.5),
                      n = c(Inf, 6, 20, 29, 100), exo = c("none", "intercept", "trend", "quadratic"),
                      stringsAsFactors = FALSE)
  ours <- mapply(function(s, n, e) mackinnon_p(s, n, e), grid$stat, grid$n, grid$exo)
  ref <- mapply(r_mackinnon_p, grid$stat, grid$n, grid$exo)
  expect_lt(max(rel_diff(ours, ref)), 1e-9)
})

test_that("mackinnon_p equals MacKinnon's method computed in 60-digit arithmetic", {
  # fixtures/mackinnon_exact.csv: the method of MacKinnon (1996, section 4)
  # carried out with 60 significant digits (Python's mpmath) on the published
  # tables, by data-raw/mackinnon_exact.R; statistics inside the tables, four
  # deterministic cases, n = Inf (coded 0), 10, 20, 29, 100, 500
  ref <- utils::read.csv(test_path("fixtures", "mackinnon_exact.csv"),
                         colClasses = c("numeric", "numeric", "character", "character"))
  expect_gt(nrow(ref), 600L)
  expect_setequal(unique(ref$exo), c("none", "intercept", "trend", "quadratic"))
  n <- ifelse(ref$n == 0, Inf, ref$n)
  ours <- mapply(function(s, nn, e) mackinnon_p(s, nn, e), ref$stat, n, ref$exo)
  expect_lt(max(rel_diff(ours, as.numeric(ref$p))), 1e-12)
})

test_that("mackinnon_p and mackinnon_crit agree with urca (MacKinnon's Fortran)", {
  skip_if_no_crosscheck("urca")
  stats <- seq(-7, 3, by = 0.05)
  trend <- c(none = "nc", intercept = "c", trend = "ct", quadratic = "ctt")
  worst <- c(none = 0, intercept = 0, trend = 0, quadratic = 0)
  for (e in names(trend)) for (n in c(Inf, 10, 20, 25, 29, 50, 100, 500)) {
    # inside the table (beyond it MacKinnon's routine extrapolates a cubic
    # that can turn back; ours is made monotone there, tested below)
    lim <- mackinnon_crit(c(0.001, 0.999), n, e)
    s <- stats[stats > lim[1] & stats < lim[2]]
    ref <- NULL
    invisible(utils::capture.output(ref <- urca::punitroot(s, N = n, trend = trend[[e]])))
    worst[e] <- max(worst[e], rel_diff(mackinnon_p(s, n, e), ref))
    q <- NULL
    invisible(utils::capture.output(q <- urca::qunitroot(c(0.01, 0.05, 0.1, 0.5, 0.9), N = n,
                                                          trend = trend[[e]])))
    expect_lt(max(rel_diff(mackinnon_crit(c(0.01, 0.05, 0.1, 0.5, 0.9), n, e), q)), 1e-8)
  }
  # The issue asks for 1e-6 (relative). It is met without deterministic
  # terms and not with them: urca's Fortran (MacKinnon's own routine)
  # inverts Omega and solves the normal equations of a cubic in quantiles a
  # few hundredths apart, which loses about six digits; the test above shows
  # that our values are MacKinnon's method to 1e-12. The bounds here are
  # the largest differences measured on this grid (2.7e-8, 1.2e-6, 4.1e-6,
  # 9.4e-6), rounded up: they are urca's rounding, not a tolerance of ours.
  expect_lt(worst[["none"]], 1e-7)
  expect_lt(worst[["intercept"]], 2e-6)
  expect_lt(worst[["trend"]], 5e-6)
  expect_lt(worst[["quadratic"]], 1e-5)
})

test_that("beyond the tables the p-values are monotone and stay in MacKinnon's range", {
  for (e in c("none", "intercept", "trend", "quadratic")) for (n in c(Inf, 10, 25, 100)) {
    lim <- mackinnon_crit(c(1e-4, 0.9999), n, e)
    lo <- seq(-100, lim[1], length.out = 2000)
    hi <- seq(lim[2], 100, length.out = 2000)
    plo <- mackinnon_p(lo, n, e)
    phi <- mackinnon_p(hi, n, e)
    expect_true(all(diff(plo) >= 0), label = paste(e, n, "lower end"))
    expect_true(all(diff(phi) >= 0), label = paste(e, n, "upper end"))
    expect_true(all(plo <= 1e-4), label = paste(e, n))
    expect_true(all(phi >= 0.9999), label = paste(e, n))
  }
  # the cases the review found: MacKinnon's extrapolation turns back
  expect_lte(mackinnon_p(-50, 10, "none"), mackinnon_p(-10, 10, "none"))
  expect_gte(mackinnon_p(50, Inf, "intercept"), mackinnon_p(10, Inf, "intercept"))
  # where the extrapolation does not turn back it is MacKinnon's
  skip_if_no_crosscheck("urca")
  ref <- NULL
  invisible(utils::capture.output(ref <- urca::punitroot(c(-5, -6, -8), N = Inf, trend = "c")))
  expect_lt(max(rel_diff(mackinnon_p(c(-5, -6, -8), Inf, "intercept"), ref)), 1e-4)
})

test_that("the C entry points check their arguments instead of reading out of range", {
  expect_error(.Call(coagg:::C_mackinnon_p, -2, 20, 7L), "table number")
  expect_error(.Call(coagg:::C_mackinnon_p, -2, c(20, 30), 1L), "lengths")
  expect_error(.Call(coagg:::C_mackinnon_p, -2L, 20, 1L), "types")
  expect_error(.Call(coagg:::C_mackinnon_q, 0.05, -1, 1L), "sample sizes")
})

test_that("mackinnon_p rejects bad input", {
  expect_error(mackinnon_p("a"), class = "coagg_input_error")
  expect_error(mackinnon_p(-2, n = 20.5), class = "coagg_input_error")
  expect_error(mackinnon_p(c(-2, -3), n = c(20, 30, 40)), class = "coagg_input_error")
  expect_error(mackinnon_p(-2, exo = "drift"), class = "coagg_input_error")
  expect_error(mackinnon_crit(0), class = "coagg_input_error")
  expect_identical(mackinnon_p(-Inf), 0)
})

test_that("mackinnon_p() of an extreme statistic is a tail probability, not NaN (fuzz)", {
  # the local cubic overflowed at |stat| = 1e300 (Inf - Inf)
  for (exo in c("none", "intercept", "trend", "quadratic")) {
    p <- mackinnon_p(c(-1e300, -1e200, 1e200, 1e300), n = 20, exo = exo)
    expect_false(anyNA(p), info = exo)
    expect_true(all(p[1:2] <= mackinnon_p(-50, n = 20, exo = exo)), info = exo)
    expect_true(all(p[3:4] >= mackinnon_p(50, n = 20, exo = exo)), info = exo)
  }
})

test_that("mackinnon_crit(method = \"invert\") where no root exists is a classed error (fuzz)", {
  # at n = 1 the extrapolated surface does not reach 0.9999; uniroot() failed
  expect_error(mackinnon_crit(0.9999, n = 1, exo = "trend", method = "invert"),
               class = "coagg_input_error")
  expect_true(is.finite(mackinnon_crit(0.9999, n = 100, exo = "trend", method = "invert")))
})

test_that("classed numbers are read exactly: integer64, I() and named statistics", {
  ref <- mackinnon_p(c(-4, -3, -2), n = 29)
  expect_identical(mackinnon_p(I(c(-4, -3, -2)), n = 29), ref)
  expect_identical(mackinnon_crit(I(c(0.01, 0.05)), n = I(29)), mackinnon_crit(c(0.01, 0.05), n = 29))
  expect_identical(names(mackinnon_p(c(a = -3, b = -2))), c("a", "b"))
  skip_if_no_crosscheck("bit64")
  # before: an integer64 statistic was refused, and an integer64 sample size
  # was read from its storage bits (a denormal double, refused as not whole)
  expect_identical(mackinnon_p(bit64::as.integer64(c(-4, -3, -2)), n = 29), ref)
  expect_identical(mackinnon_p(c(-4, -3, -2), n = bit64::as.integer64(29)), ref)
  expect_error(mackinnon_p(-3, n = bit64::as.integer64("9007199254740993")),
               class = "coagg_foreign_number")
})
