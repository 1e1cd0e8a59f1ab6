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

# ---------------------------------------------------------------------------
# Driscoll-Kraay and two-way clustering (issue 14)
# ---------------------------------------------------------------------------

# Plain-R sandwiches from a design and residuals (independent of the C
# code): scores summed by group, Bartlett-weighted lags of period scores.
r_dk <- function(X, u, time, L) {
  h <- rowsum(X * u, time)              # periods in sorted order
  S <- crossprod(h)
  for (j in seq_len(L)) {
    if (j >= nrow(h)) break
    O <- crossprod(h[-(1:j), , drop = FALSE], h[1:(nrow(h) - j), , drop = FALSE])
    S <- S + (1 - j / (L + 1)) * (O + t(O))
  }
  B <- solve(crossprod(X))
  B %*% S %*% B
}
r_cl <- function(X, u, g) {
  h <- rowsum(X * u, g)
  B <- solve(crossprod(X))
  B %*% crossprod(h) %*% B
}
panel_fn <- list(within = panel_fe, random = panel_re, pooling = panel_pooled)

test_that("Driscoll-Kraay equals plm's vcovSCC() (HC0 and sss, lags 0, 2, 4 and default)", {
  skip_if_no_crosscheck("plm")
  g <- grunfeld()
  for (mt in names(panel_fn)) {
    p <- plm::plm(f_grun, g, index = c("firm", "year"), model = mt)
    for (adj in c("none", "sss")) {
      type <- if (adj == "none") "HC0" else "sss"
      for (L in c(0, 2, 4)) {
        m <- panel_fn[[mt]](f_grun, g, index = c("firm", "year"), convention = "plm",
                            vcov = "driscoll-kraay", vcov_lag = L, vcov_adjust = adj)
        expect_rel(vcov(m), plm::vcovSCC(p, maxlag = L, type = type),
                   info = paste(mt, adj, L))
      }
    }
    # default: plm's floor(max T_i^(1/4)) and type HC0
    m <- panel_fn[[mt]](f_grun, g, index = c("firm", "year"), convention = "plm",
                        vcov = "driscoll-kraay")
    expect_identical(m$settings$vcov_lag, 2L)
    expect_identical(m$settings$vcov_adjust, "none")
    expect_rel(vcov(m), plm::vcovSCC(p), info = mt)
  }
  # unbalanced (EmplUK), one- and two-way fixed effects, random, pooled
  e <- empluk()
  for (mt in names(panel_fn)) {
    p <- plm::plm(f_empl, e, index = c("firm", "year"), model = mt)
    m <- suppressWarnings(panel_fn[[mt]](f_empl, e, index = c("firm", "year"),
                                         convention = "plm", vcov = "driscoll-kraay",
                                         vcov_adjust = "sss", vcov_lag = 3))
    expect_rel(vcov(m), plm::vcovSCC(p, type = "sss", maxlag = 3), info = paste("EmplUK", mt))
  }
  p2 <- plm::plm(f_empl, e, index = c("firm", "year"), model = "within", effect = "twoways")
  m2 <- suppressWarnings(panel_fe(f_empl, e, index = c("firm", "year"), effect = "twoways",
                                  convention = "plm", vcov = "driscoll-kraay"))
  expect_rel(vcov(m2), plm::vcovSCC(p2), info = "EmplUK two-way")
})

test_that("two-way clustering equals plm's vcovDC() (HC0 and sss)", {
  skip_if_no_crosscheck("plm")
  g <- grunfeld()
  e <- empluk()
  for (case in list(list(g, f_grun), list(e, f_empl))) {
    for (mt in names(panel_fn)) {
      p <- plm::plm(case[[2L]], case[[1L]], index = c("firm", "year"), model = mt)
      for (adj in c("none", "sss")) {
        m <- suppressWarnings(panel_fn[[mt]](case[[2L]], case[[1L]], index = c("firm", "year"),
                                             convention = "plm", vcov = "twoway",
                                             vcov_adjust = adj))
        expect_rel(vcov(m), plm::vcovDC(p, type = if (adj == "none") "HC0" else "sss"),
                   info = paste(mt, adj))
      }
    }
  }
  # the Grunfeld reference numbers of the research note (plm 2.6-2)
  m <- suppressWarnings(panel_fe(f_grun, g, convention = "plm", vcov = "twoway"))
  expect_printed(sqrt(diag(vcov(m))), c(0.0110542285516, 0.0411447658398), 13)
})

test_that("Stata's xtscc: the intercept of fixed effects, T/(T-1) (n-1)/(n-K) and t(T - 1)", {
  g <- grunfeld()
  m <- panel_fe(f_grun, g, convention = "stata", vcov = "driscoll-kraay")
  expect_identical(m$settings$vcov_lag, 2L)   # floor(4 (20/100)^(2/9))
  expect_identical(m$settings$vcov_adjust, "stata")
  # xtscc, fe: OLS of y - ybar_i + ybar on a constant and x - xbar_i + xbar,
  # Driscoll-Kraay on that regression, factor with rank counting the constant
  dm <- function(v) v - ave(v, g$firm) + mean(v)
  X <- cbind(1, dm(g$value), dm(g$capital))
  u <- stats::lm.fit(X, dm(g$inv))$residuals
  n <- 200; K <- 3; Tn <- 20
  V_r <- r_dk(X, u, g$year, 2) * Tn / (Tn - 1) * (n - 1) / (n - K)
  expect_rel(unname(vcov(m)), unname(V_r), bound = 1e-10)
  expect_identical(rownames(vcov(m)), c("(Intercept)", "value", "capital"))
  # the research note's xtscc-style standard errors
  expect_printed(sqrt(diag(vcov(m)))[-1], c(0.0182373631724, 0.0359056027079), 13)
  tab <- as.data.frame(m)
  expect_rel(tab$p_value, 2 * stats::pt(-abs(tab$statistic), Tn - 1), bound = 1e-12)
  # random effects and pooled OLS: the same factor, t(T - 1)
  for (mt in c("random", "pooling")) {
    mm <- panel_fn[[mt]](f_grun, g, convention = "stata", vcov = "driscoll-kraay")
    d <- panel_test_dist(mm)
    expect_identical(d, list(type = "t", df = 19))
  }
  # EViews: Stata's factor and lag rule, t(n - K)
  me <- panel_fe(f_grun, g, vcov = "driscoll-kraay")
  expect_equal(vcov(me), vcov(m), tolerance = 1e-12)
  expect_identical(panel_test_dist(me)$df, me$df_residual)
})

test_that("two-way clustering under Stata: one min(G) factor, CGM's fix, t(min(G) - 1)", {
  g <- grunfeld()
  m <- suppressWarnings(panel_pooled(f_grun, g, convention = "stata", vcov = "twoway"))
  X <- cbind(1, g$value, g$capital)
  u <- stats::lm.fit(X, g$inv)$residuals
  n <- 200; K <- 3; G <- min(10, 20)
  V_r <- (r_cl(X, u, g$firm) + r_cl(X, u, g$year) - r_cl(X, u, seq_len(n))) *
    G / (G - 1) * (n - 1) / (n - K)
  expect_rel(unname(vcov(m)), unname(V_r), bound = 1e-10)
  expect_identical(panel_test_dist(m), list(type = "t", df = 9))
  # a matrix that is not positive semi-definite: negative eigenvalues set
  # to zero, with a caveat (plain-R check of the fix)
  set.seed(1)
  d <- data.frame(id = rep(1:5, each = 4), t = rep(1:4, 5))
  d$x1 <- rnorm(20); d$x2 <- rnorm(20); d$y <- d$x1 + rnorm(20)
  w <- collect_warnings(panel_pooled(y ~ x1 + x2, d, vcov = "twoway", convention = "plm"))
  expect_true("coagg_not_psd" %in% w$classes)
  mp <- w$value
  Xd <- cbind(1, d$x1, d$x2)
  ud <- stats::lm.fit(Xd, d$y)$residuals
  V0 <- r_cl(Xd, ud, d$id) + r_cl(Xd, ud, d$t) - r_cl(Xd, ud, seq_len(20))
  ev <- eigen((V0 + t(V0)) / 2, symmetric = TRUE)
  expect_lt(min(ev$values), 0)
  V_fix <- ev$vectors %*% diag(pmax(ev$values, 0)) %*% t(ev$vectors)
  expect_equal(unname(vcov(mp)), V_fix, tolerance = 1e-10)
  expect_true(all(diag(vcov(mp)) >= 0))
  expect_true(any(grepl("positive semi-definite", mp$notes)))
})

test_that("covariance options: classed errors, settings, foreign spellings", {
  g <- grunfeld()
  expect_error(panel_fe(f_grun, g, vcov_lag = 2), class = "coagg_input_error")
  expect_error(panel_fe(f_grun, g, vcov = "cluster", vcov_adjust = "sss"),
               class = "coagg_input_error")
  expect_error(panel_fe(f_grun, g, vcov = "twoway", vcov_lag = 1), class = "coagg_input_error")
  expect_error(panel_fe(f_grun, g, vcov = "driscoll-kraay", vcov_lag = -1),
               class = "coagg_input_error")
  expect_error(panel_fe(f_grun, g, vcov = "driscoll-kraay", vcov_adjust = "HC3"),
               class = "coagg_input_error")
  expect_error(panel_fe(f_grun, g, vcov = "driscoll-kraay", maxlag = 2),
               class = "coagg_foreign_argument")
  expect_error(panel_fe(f_grun, g, vcov = "driscoll-kraay", type = "HC0"),
               class = "coagg_foreign_argument")
  m <- panel_re(f_grun, g, vcov = "driscoll-kraay", vcov_lag = 3, convention = "stata")
  expect_identical(m$settings[c("vcov", "vcov_lag", "vcov_adjust")],
                   list(vcov = "driscoll-kraay", vcov_lag = 3L, vcov_adjust = "stata"))
  expect_output(print(summary(m)), "Driscoll-Kraay \\(Bartlett kernel, maximum lag 3; 20 periods\\)")
  # few periods: a caveat recorded in the notes
  d <- sim_panel_data(N = 12, T = 6)
  w <- collect_warnings(panel_fe(y ~ x1 + x2, d, index = c("id", "t"), vcov = "driscoll-kraay"))
  expect_true("coagg_few_clusters" %in% w$classes)
  expect_true(any(grepl("6", w$value$notes) & grepl("Driscoll-Kraay", w$value$notes)))
  # the xtscc lag rule at T = 6 is 2; plm's is 1
  expect_identical(w$value$settings$vcov_lag, 2L)
  expect_identical(suppressWarnings(panel_fe(y ~ x1 + x2, d, index = c("id", "t"),
                                             vcov = "driscoll-kraay",
                                             convention = "plm"))$settings$vcov_lag, 1L)
})

test_that("the R-squared of a response that does not vary is NA, not -Inf (fuzz regression)", {
  # fuzz case 1668 (seed 7): a constant response gave R-squared -Inf, which
  # model_table() printed
  d <- data.frame(id = c(1, 1, 2, 2, 3), t = c(1, 2, 1, 2, 1), x1 = c(0.3, 1.2, -0.5, 2, 0.7),
                  x2 = c(1, 0, 2, 1, 3), y = 2.33)
  m <- suppressWarnings(panel_pooled(y ~ x1 + x2, d))
  g <- panel_gof(m)
  expect_true(is.na(g$r_squared))
  expect_true(is.na(g$adj_r_squared))
  expect_false(any(grepl("Inf|NaN", unlist(model_table(m)))))
})

test_that("two-way clustering keeps variances non-negative with regressors on very different scales (fuzz regression)", {
  # fuzz.R (seed 20240601, case 6985): a regressor of order 1e-12 beside others
  # of order 1; the eigenvalues of its direction lie below the rounding of the
  # others, the CGM check saw no negative eigenvalue, and a negative variance
  # was reported
  set.seed(5)
  d <- data.frame(id = rep(paste0("u", 1:5), each = 8), time = rep(1:8, 5))
  d$x1 <- rnorm(40) * 1e-12
  d$x2 <- rnorm(40)
  d$rw <- ave(rnorm(40), d$id, FUN = cumsum)
  d$z <- runif(40)
  d$y <- d$x2 + rnorm(40)
  w <- collect_warnings(panel_fe(y ~ x1 + x2 + rw + z, d, vcov = "twoway"))
  V <- vcov(w$value)
  expect_true(all(diag(V) >= 0))
  s <- sqrt(diag(V))
  s[s == 0] <- 1
  expect_gt(min(eigen(V / outer(s, s), symmetric = TRUE, only.values = TRUE)$values), -1e-8)
  expect_true("coagg_not_psd" %in% w$classes)
  expect_true(any(grepl("positive semi-definite", w$value$notes)))
})
