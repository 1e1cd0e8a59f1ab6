# Panel regression, inference (R/panel-inference.R): the coefficient
# covariance of each convention and `vcov` choice against plm, EViews and
# plain-R sandwiches, test distributions, and goodness of fit.

test_that("cluster-robust random-effects covariance agrees with plm's vcovHC(type = 'sss')", {
  for (case in list(list(grunfeld(), f_grun), list(empluk(), f_empl))) {
    m <- panel_re(case[[2L]], case[[1L]], index = c("firm", "year"), convention = "plm",
                  vcov = "cluster")
    p <- plm::plm(case[[2L]], case[[1L]], index = c("firm", "year"), model = "random")
    expect_rel(vcov(m), plm::vcovHC(p, type = "sss"))
    # cluster-robust covariance is reported, classical kept alongside
    expect_rel(m$vcov_classical, vcov(p))
  }
})

test_that("EViews convention: sigma2_e (X*'X*)^-1 and t(n - K) p-values", {
  g <- grunfeld()
  m <- panel_re(f_grun, g, index = c("firm", "year"))
  expect_identical(m$convention, "eviews")
  p <- plm::plm(f_grun, g, index = c("firm", "year"), model = "random")
  s2 <- sum(residuals(p)^2) / p$df.residual
  expect_rel(vcov(m), vcov(p) * p$ercomp$sigma2[["idios"]] / s2)
  tab <- as.data.frame(m)
  expect_rel(tab$p_value, 2 * stats::pt(-abs(tab$estimate / tab$std_error), 200 - 3),
             bound = 1e-12)
  # plm and Stata conventions: normal p-values
  tp <- as.data.frame(panel_re(f_grun, g, index = c("firm", "year"), convention = "stata"))
  expect_rel(tp$p_value, 2 * stats::pnorm(-abs(tp$statistic)), bound = 1e-12)
})

test_that("EViews convention reproduces an EViews standard error in an unbalanced panel", {
  # Harrison-Rubinfeld hedonic data scaled as in Baltagi and Chang (1994).
  # EViews 9.5 reports a standard error of 0.626015 for ZN in the unbalanced
  # Swamy-Arora model (quoted in the EViews forum thread "oneway unbalanced
  # random effect model (Swamy/Arora)", forums.eviews.com, topic 18629).
  skip_if_no_crosscheck("plm")
  e <- new.env()
  utils::data("Hedonic", package = "plm", envir = e)
  h <- e$Hedonic
  h$zn2 <- h$zn / 1000; h$crim2 <- h$crim / 100; h$indus2 <- h$indus / 100
  h$chas2 <- (as.numeric(h$chas) - 1) / 10; h$nox2 <- h$nox / 100; h$rm2 <- h$rm / 100
  h$age2 <- h$age / 1000; h$dis2 <- h$dis / 10; h$rad2 <- h$rad / 10; h$tax2 <- h$tax / 1000
  h$ptratio2 <- h$ptratio / 100; h$lstat2 <- h$lstat / 10
  h$obs <- stats::ave(seq_len(nrow(h)), h$townid, FUN = seq_along)
  f <- mv ~ crim2 + zn2 + indus2 + chas2 + nox2 + rm2 + age2 + dis2 + rad2 + tax2 +
    ptratio2 + blacks + lstat2
  m <- panel_re(f, h, index = c("townid", "obs"), convention = "eviews")
  expect_false(m$balanced)
  expect_printed(sqrt(vcov(m)["zn2", "zn2"]), 0.626015, 6)
})

test_that("summary() is invariant to a regressor's scale of 1e-12 (fuzz)", {
  # solve() of (X'X)^-1 called the system singular when the scales differed
  d <- sim_panel_data()
  d2 <- d
  d2$x1 <- d2$x1 * 1e-12
  for (conv in c("eviews", "plm")) {
    s <- summary(panel_fe(y ~ x1 + x2, d, index = c("id", "t"), convention = conv))
    s2 <- summary(panel_fe(y ~ x1 + x2, d2, index = c("id", "t"), convention = conv))
    expect_equal(s2$gof$r_squared, s$gof$r_squared, tolerance = 1e-9)
    expect_equal(s2$gof$r2_within, s$gof$r2_within, tolerance = 1e-9)
    expect_equal(s2$gof$wald[["statistic"]], s$gof$wald[["statistic"]], tolerance = 1e-9)
  }
})

test_that("cluster-robust covariance: symmetric, non-negative variances, plain-R sandwich (fuzz)", {
  # with 2 clusters for 4 coefficients the product P M P left a variance of
  # -2e-20, and its square root NaN; it is now W W', W = (X'X)^-1 S'
  d <- sim_panel_data(N = 2, T = 3, seed = 5)
  expect_warning(m <- panel_pooled(y ~ factor(t) + x1, d, index = c("id", "t"),
                                   vcov = "cluster"), class = "coagg_few_clusters")
  V <- vcov(m)
  expect_identical(V, t(V))
  expect_true(all(diag(V) >= 0))
  expect_false(anyNA(as.data.frame(m)$std_error))
  # the CR1 sandwich computed plainly
  X <- stats::model.matrix(~ factor(t) + x1, d)
  u <- stats::lm.fit(X, d$y)$residuals
  S <- rowsum(X * u, d$id)
  B <- solve(crossprod(X))
  n <- nrow(X); k <- ncol(X); G <- 2
  V_r <- B %*% crossprod(S) %*% B * (G / (G - 1)) * ((n - 1) / (n - k))
  expect_lt(max(abs(unname(V) - unname(V_r))), 1e-10 * max(abs(V_r)))
})

test_that("R-squared and the adjusted R-squared follow each convention", {
  g <- grunfeld()
  pr <- plm::plm(f_grun, g, index = c("firm", "year"), model = "random")
  pw <- plm::plm(f_grun, g, index = c("firm", "year"), model = "within")
  expect_rel(summary(panel_re(f_grun, g, convention = "plm"))$gof$r_squared,
             plm::r.squared(pr))
  fe <- panel_fe(f_grun, g, convention = "plm")
  expect_rel(summary(fe)$gof$adj_r_squared, plm::r.squared(pw, dfcor = TRUE))
  # EViews: the dummy-variable regression's R-squared and its adjustment
  fe_e <- panel_fe(f_grun, g)
  l <- stats::lm(inv ~ value + capital + factor(firm), g)
  expect_rel(summary(fe_e)$gof$r_squared, summary(l)$r.squared, bound = 1e-10)
  expect_rel(summary(fe_e)$gof$adj_r_squared, summary(l)$adj.r.squared, bound = 1e-10)
  # pooled OLS: lm's
  po <- panel_pooled(f_grun, g)
  lp <- stats::lm(f_grun, g)
  expect_rel(summary(po)$gof$adj_r_squared, summary(lp)$adj.r.squared, bound = 1e-10)
})
