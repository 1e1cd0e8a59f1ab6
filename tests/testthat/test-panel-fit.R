# Panel regression, the fit (R/panel-fit.R and the kernel in
# src/panel_gls.c, panel_design.c, panel_ercomp.c, panel_vcov.c): the kernel's
# contract (options by name, status codes), the conditions made from what it
# finds (time-invariant and collinear columns, scale, exact fits), the shared
# least squares reached through the exported functions, the one-pass
# two-way demeaning, and the data fingerprint.

test_that("the kernel reports a between regression without degrees of freedom as a status", {
  g <- grunfeld()
  g3 <- g[g$firm %in% 1:3, ]
  e <- expect_error(panel_re(f_grun, g3, index = c("firm", "year")), class = "coagg_input_error")
  expect_identical(e$arg, "re_method")
  expect_match(conditionMessage(e), "3 coefficients but only 3 units")
  # the C contract: a status code with its context, no error message to parse;
  # options by name, the design as a list of columns (NULL: the intercept)
  res <- coagg:::panel_kernel(as.double(g3$inv), list(NULL, g3$value, g3$capital),
                              as.integer(g3$firm) - 1L, integer(), "random", 3L, 20L,
                              balanced = TRUE, icol = 0L, re_method = "swamy-arora")
  expect_identical(res$status, 1L)
  expect_identical(res$info, c(3L, 3L))
  opts <- list(model = 2L, re_method = 0L, stata_components = 0L, balanced = 1L, twoways = 0L,
               cluster = 0L, intercept = 0L, n_units = 3L, n_periods = 20L, tol_rank = 1e-7,
               tol_time_invariant = 8, robust = 0L, dk_lag = 0L, intercept_scores = 0L)
  res2 <- .Call(coagg:::C_panel_fit, as.double(g3$inv), list(NULL, g3$value, g3$capital),
                as.integer(g3$firm) - 1L, integer(), opts)
  expect_identical(res2, res)
  # a missing option is an error naming it (R builds the list: a bug, not input)
  expect_error(.Call(coagg:::C_panel_fit, as.double(g3$inv), list(NULL, g3$value),
                     as.integer(g3$firm) - 1L, integer(), opts[-1L]), "option 'model'")
  # the kernel checks that the codes and columns match y
  expect_error(.Call(coagg:::C_panel_fit, as.double(g3$inv), list(NULL, g3$value[-1]),
                     as.integer(g3$firm) - 1L, integer(), opts), "design column 2")
  expect_error(.Call(coagg:::C_panel_fit, as.double(g3$inv), list(NULL, g3$value),
                     as.integer(g3$firm)[-1] - 1L, integer(), opts), "one value per row")
  expect_error(.Call(coagg:::C_panel_fit, as.double(g3$inv), list(NULL, g3$value),
                     as.integer(g3$firm) + 5L, integer(), opts), "out of range")
  # Driscoll-Kraay and two-way clustering need the period codes; their
  # sandwiches come back only when asked for
  expect_error(.Call(coagg:::C_panel_fit, as.double(g3$inv), list(NULL, g3$value, g3$capital),
                     as.integer(g3$firm) - 1L, integer(), utils::modifyList(opts, list(robust = 1L))),
               "period codes")
  pooled <- utils::modifyList(opts, list(model = 0L, robust = 2L))
  res3 <- .Call(coagg:::C_panel_fit, as.double(g3$inv), list(NULL, g3$value, g3$capital),
                as.integer(g3$firm) - 1L, as.integer(g3$year) - 1935L, pooled)
  expect_null(res3$vcov_dk)
  expect_identical(dim(res3$vcov_unit), c(3L, 3L))
  expect_identical(dim(res3$vcov_white), c(3L, 3L))
  expect_null(res2$vcov_unit)
})

test_that("the result holds the coefficients by column of X, and nothing unread", {
  g <- grunfeld()
  g$const <- 5
  res <- coagg:::panel_kernel(as.double(g$inv), list(NULL, g$value, g$const, g$capital),
                              as.integer(g$firm) - 1L, integer(), "within", 10L, 20L,
                              balanced = TRUE, icol = 0L)
  expect_identical(names(res), c("coefficients", "xtxinv", "rss", "rank", "aliased", "fitted",
                                 "residuals", "sigma2", "sigma2_raw", "theta", "quad", "M",
                                 "alpha", "vcov_cluster", "stats", "x_mean", "y_mean",
                                 "const_within", "rank_within", "rank_between", "n_effects",
                                 "status", "vcov_dk", "vcov_unit", "vcov_time", "vcov_white"))
  expect_identical(res$const_within, c(1L, 0L, 1L, 0L))
  expect_identical(is.na(res$coefficients), c(TRUE, FALSE, TRUE, FALSE))
  expect_identical(dim(res$xtxinv), c(4L, 4L))
  fe <- panel_fe(f_grun, g, index = c("firm", "year"), convention = "plm")
  expect_rel(res$coefficients[c(2, 4)], unname(coef(fe)), bound = 1e-14)
})

test_that("C_ols_fit is not registered: only routines the package calls are", {
  expect_false("C_ols_fit" %in% names(getDLLRegisteredRoutines("coagg")$.Call))
})

test_that("shared least squares, through the models: agrees with lm.fit, drops the later collinear column", {
  set.seed(1) # simulated
  n <- 40
  d <- data.frame(id = rep(1:8, each = 5), t = rep(1:5, 8), x1 = rnorm(n), x2 = rnorm(n),
                  x3 = rnorm(n))
  d$y <- 1 + 2 * d$x1 - d$x2 + 0.5 * d$x3 + rnorm(n)
  m <- panel_pooled(y ~ x1 + x2 + x3, d, index = c("id", "t"), convention = "plm")
  X <- cbind(1, d$x1, d$x2, d$x3)
  ref <- stats::lm.fit(X, d$y)
  expect_rel(unname(coef(m)), unname(ref$coefficients), bound = 1e-12)
  expect_rel(unname(residuals(m)), unname(ref$residuals), bound = 1e-10)
  expect_rel(unname(m$xtxinv), unname(solve(crossprod(X))), bound = 1e-10)
  # the later member of a collinear set is the one named (as lm() drops it)
  d$x4 <- d$x1 + 2 * d$x2
  e <- expect_error(panel_pooled(y ~ x1 + x2 + x4 + x3, d, index = c("id", "t")),
                    class = "coagg_collinear")
  expect_identical(e$column, "x4")
  expect_true(is.na(stats::coef(stats::lm(y ~ x1 + x2 + x4 + x3, d))[["x4"]]))
})

test_that("shared least squares: aliased columns do not push later ones out (linalg fix)", {
  # before the fix, more aliased columns than rows ahead of a valid one pushed
  # it past the last row and it was reported aliased. Here: 12 rows, and a
  # two-way within design of 22 columns, 19 of them copies of x1.
  set.seed(9) # simulated
  d <- data.frame(id = rep(1:4, each = 3), t = rep(1:3, 4), x1 = rnorm(12), x2 = rnorm(12))
  d$y <- d$x1 - d$x2 + 0.5 * d$x1 * d$x2 + rnorm(12)
  copies <- paste0("I(", 2:20, " * x1)", collapse = " + ")
  f <- stats::as.formula(paste("y ~ x1 + x2 +", copies, "+ x1:x2"))
  expect_warning(m <- panel_fe(f, d, index = c("id", "t"), effect = "twoways"),
                 class = "coagg_dropped_regressor")
  ref <- panel_fe(y ~ x1 + x2 + x1:x2, d, index = c("id", "t"), effect = "twoways")
  expect_identical(names(coef(m)), c("x1", "x2", "x1:x2"))
  expect_rel(coef(m), coef(ref), bound = 1e-10)
  expect_match(paste(m$notes, collapse = " "), "I(20 * x1)", fixed = TRUE)
  # and the dummy-variable regression agrees
  l <- stats::lm(y ~ x1 + x2 + x1:x2 + factor(id) + factor(t), d)
  expect_rel(unname(coef(m)), unname(stats::coef(l)[c("x1", "x2", "x1:x2")]), bound = 1e-10)
})

test_that("shared least squares: columns at extreme but representable scales are not aliased", {
  set.seed(10) # simulated
  d <- data.frame(id = rep(1:6, each = 5), t = rep(1:5, 6), x1 = rnorm(30), x2 = rnorm(30))
  d$y <- rnorm(30)
  ref <- stats::lm.fit(cbind(1, d$x1, d$x2), d$y)
  for (sc in c(1e140, 1e-140)) {
    ds <- d
    ds$x1 <- ds$x1 * sc
    m <- panel_pooled(y ~ x1 + x2, ds, index = c("id", "t"))
    expect_rel(unname(coef(m)) * c(1, sc, 1), unname(ref$coefficients), bound = 1e-10,
               info = format(sc))
    expect_rel(unname(residuals(m)), unname(ref$residuals), bound = 1e-8, info = format(sc))
  }
  # in a panel model the coefficient of a regressor beyond that is estimable
  # but its variance is not representable in double precision: a classed
  # error that says so, not a false "collinear"
  g <- grunfeld()
  g$value <- g$value * 1e300
  e <- expect_error(panel_re(f_grun, g, index = c("firm", "year")), class = "coagg_scale")
  expect_false(inherits(e, "coagg_collinear"))
  expect_identical(e$column, "value")
})

test_that("balanced two-way fixed effects in one pass equal the dummy-variable regression", {
  set.seed(12) # simulated
  N <- 15; T <- 6
  d <- data.frame(id = rep(1:N, each = T), t = rep(2001:(2000 + T), N))
  a <- rep(rnorm(N), each = T)
  d$x1 <- rnorm(N * T) + a
  d$x2 <- rnorm(N * T) + rep(rnorm(T), N)
  d$trend <- d$t - 2000 + rep(rnorm(N), each = T) # a unit level plus the period: collinear
  d$y <- 0.5 * d$x1 - d$x2 + a + rep(rnorm(T), N) + rnorm(N * T)
  m <- panel_fe(y ~ x1 + x2, d, index = c("id", "t"), effect = "twoways")
  l <- stats::lm(y ~ x1 + x2 + factor(id) + factor(t), d)
  expect_rel(coef(m), stats::coef(l)[c("x1", "x2")], bound = 1e-10)
  expect_rel(vcov(m), stats::vcov(l)[c("x1", "x2"), c("x1", "x2")], bound = 1e-10)
  expect_identical(m$df_residual, l$df.residual)
  expect_rel(m$rss, sum(stats::residuals(l)^2), bound = 1e-10)
  expect_rel(unname(residuals(m)), unname(stats::residuals(l)), bound = 1e-8, zero_abs = 1e-12)
  # a column spanned by the unit and period effects is dropped with a note
  # in the balanced (one-pass) and the unbalanced (dummy) paths alike
  for (dd in list(d, d[-5, ])) {
    expect_warning(m2 <- panel_fe(y ~ x1 + trend + x2, dd, index = c("id", "t"),
                                  effect = "twoways"), class = "coagg_dropped_regressor")
    expect_identical(names(coef(m2)), c("x1", "x2"))
    l2 <- stats::lm(y ~ x1 + x2 + factor(id) + factor(t), dd)
    expect_rel(coef(m2), stats::coef(l2)[c("x1", "x2")], bound = 1e-10)
  }
  # the cluster-robust covariance of the one-pass fit is plm's
  skip_if_no_crosscheck("plm")
  mc <- panel_fe(y ~ x1 + x2, d, index = c("id", "t"), effect = "twoways", vcov = "cluster",
                 convention = "plm")
  p <- plm::plm(y ~ x1 + x2, d, index = c("id", "t"), model = "within", effect = "twoways")
  expect_rel(vcov(mc), plm::vcovHC(p, type = "sss", cluster = "group"))
})

test_that("the fingerprint is the data's, not the rows' order", {
  g <- grunfeld()
  set.seed(4)
  g2 <- g[sample(nrow(g)), ]
  fp <- function(d) coagg:::panel_fingerprint(panel_fe(f_grun, d, index = c("firm", "year")))
  a <- fp(g)
  b <- fp(g2)
  expect_equal(a, b, tolerance = 1e-12)
  g3 <- g
  g3$capital <- 3 * g3$capital
  c3 <- fp(g3)
  expect_false(isTRUE(all.equal(a$columns[, "capital"], c3$columns[, "capital"])))
  expect_identical(a$columns[, "value"], c3$columns[, "value"])
})

test_that("a constant regressor in FE is reported as dropped, not a crash", {
  g <- grunfeld()
  g$const <- 5
  expect_warning(m <- panel_fe(inv ~ value + const + capital, g, index = c("firm", "year")),
                 class = "coagg_dropped_regressor")
  ref <- panel_fe(f_grun, g, index = c("firm", "year"))
  expect_rel(coef(m), coef(ref), bound = 1e-12)
  expect_match(paste(m$notes, collapse = " "), '"const"')
})

test_that("a regressor at a high level with small within variation is kept (plm agrees)", {
  # simulated: x = 3e9 + 1e8 * unit + d, with the within deviations d a
  # permutation of -2:2 in each unit (exact in double precision, so the
  # unit means and the demeaned column are exact)
  set.seed(21)
  d <- data.frame(id = rep(1:20, each = 5), t = rep(1:5, 20))
  dev <- as.vector(replicate(20, sample(-2:2)))
  d$x <- 3e9 + 1e8 * d$id + dev
  d$z <- stats::rnorm(100)
  d$y <- 0.04 * dev + d$z + rep(stats::rnorm(20), each = 5) + stats::rnorm(100, sd = 0.5)
  expect_no_warning(m <- panel_fe(y ~ x + z, d, index = c("id", "t"), convention = "plm"))
  expect_identical(names(coef(m)), c("x", "z"))
  p <- plm::plm(y ~ x + z, d, index = c("id", "t"), model = "within")
  expect_rel(coef(m), coef(p))
  expect_rel(vcov(m), vcov(p))
  # plain R on the exactly demeaned data
  zw <- d$z - stats::ave(d$z, d$id)
  yw <- d$y - stats::ave(d$y, d$id)
  expect_rel(unname(coef(m)), unname(stats::lm.fit(cbind(dev, zw), yw)$coefficients),
             bound = 1e-8)
  # a truly time-invariant column whose unit means are inexact is still dropped
  d$ti <- rep(stats::runif(20) * pi * 1e5, each = 5)
  expect_warning(m2 <- panel_fe(y ~ x + z + ti, d, index = c("id", "t")),
                 class = "coagg_dropped_regressor")
  expect_false("ti" %in% names(coef(m2)))
  expect_true("ti" %in% names(coef(panel_re(y ~ x + z + ti, d, index = c("id", "t")))))
})

test_that("an exact fit has NA t statistics and a caveat, not 0/0 = NaN (fuzz)", {
  d <- sim_panel_data()
  d$y <- 0
  for (fit in list(function() panel_pooled(y ~ x1 + x2, d, index = c("id", "t")),
                   function() panel_fe(y ~ x1 + x2, d, index = c("id", "t")))) {
    expect_warning(m <- fit(), class = "coagg_exact_fit")
    ct <- as.data.frame(m)
    expect_true(all(ct$std_error == 0))
    expect_true(all(is.na(ct$statistic) & !is.nan(ct$statistic)))
    expect_true(all(is.na(ct$p_value)))
    expect_match(m$notes, "exact fit", all = FALSE)
  }
})
