# Hausman test: known answer (reference/panel-cases.md), plm's phtest() run
# here, the non-positive-definite case on plm::Crime and the robust
# (Mundlak) version against plm and against a plain-R computation.

plm_data <- function(name) {
  skip_if_no_crosscheck("plm")
  e <- new.env()
  utils::data(list = name, package = "plm", envir = e)
  e[[name]]
}
f_grun <- inv ~ value + capital
f_empl <- log(emp) ~ log(wage) + log(capital) + log(output)
f_crime <- lcrmrte ~ lprbarr + lprbconv + lprbpris + lavgsen + lpolpc + factor(year)

test_that("Grunfeld: the classical test reproduces the reference and plm's phtest()", {
  g <- plm_data("Grunfeld")
  fe <- panel_fe(f_grun, g, index = c("firm", "year"), convention = "plm")
  re <- panel_re(f_grun, g, index = c("firm", "year"), convention = "plm")
  h <- hausman_test(fe, re)
  # reference/panel-cases.md: chi2(2) = 2.3303669, p = 0.3118654
  expect_printed(h$statistic, 2.3303669, 7)
  expect_printed(h$p_value, 0.3118654, 7)
  expect_identical(h$df, 2L)
  ph <- plm::phtest(plm::plm(f_grun, g, index = c("firm", "year"), model = "within"),
                    plm::plm(f_grun, g, index = c("firm", "year"), model = "random"))
  expect_rel(h$statistic, unname(ph$statistic))
  expect_rel(h$p_value, ph$p.value)
  expect_true(h$positive_definite)
  expect_equal(h$raw_statistic, h$statistic)
  expect_match(h$conclusion, "Do not reject H0 at the 5% level")
  # the formula interface fits the same two models
  h2 <- hausman_test(f_grun, data = g, index = c("firm", "year"), convention = "plm")
  expect_rel(h2$statistic, h$statistic, bound = 1e-12)
})

test_that("phtest() agreement for every method, balanced and unbalanced", {
  for (case in list(list(plm_data("Grunfeld"), f_grun), list(plm_data("EmplUK"), f_empl))) {
    d <- case[[1L]]
    f <- case[[2L]]
    pw <- plm::plm(f, d, index = c("firm", "year"), model = "within")
    fe <- panel_fe(f, d, index = c("firm", "year"), convention = "plm")
    for (meth in c("swamy-arora", "wallace-hussain", "amemiya", "nerlove")) {
      pm <- c("swamy-arora" = "swar", "wallace-hussain" = "walhus", amemiya = "amemiya",
              nerlove = "nerlove")[[meth]]
      re <- panel_re(f, d, index = c("firm", "year"), method = meth, convention = "plm")
      ph <- plm::phtest(pw, plm::plm(f, d, index = c("firm", "year"), model = "random",
                                     random.method = pm))
      h <- suppressWarnings(hausman_test(fe, re))
      # plm prints abs() of the classical quadratic form
      expect_rel(unname(h$reported_by[["plm"]]), unname(ph$statistic), info = meth)
      if (h$positive_definite) {
        expect_rel(h$statistic, unname(ph$statistic), info = meth)
        expect_rel(h$p_value, ph$p.value, info = meth)
      } else {
        expect_warning(hausman_test(fe, re), class = "coagg_hausman_not_pd")
      }
    }
  }
})

test_that("Crime: a non-positive-definite difference is reported, not hidden", {
  cr <- plm_data("Crime")
  fe <- panel_fe(f_crime, cr, index = c("county", "year"), convention = "plm")
  re <- panel_re(f_crime, cr, index = c("county", "year"), convention = "plm")
  expect_warning(h <- hausman_test(fe, re), class = "coagg_hausman_not_pd")
  expect_false(h$positive_definite)
  # plain-R recomputation of the contrast
  cf <- setdiff(names(coef(re)), "(Intercept)")
  q <- coef(fe)[cf] - coef(re)[cf]
  V <- vcov(fe)[cf, cf] - vcov(re)[cf, cf]
  raw <- drop(t(q) %*% solve(V) %*% q)
  expect_lt(raw, 0)
  expect_rel(h$raw_statistic, raw)
  ev <- eigen(V, symmetric = TRUE)
  expect_rel(h$eigenvalues, ev$values)
  pos <- ev$values > 1e-8 * max(abs(ev$values))
  ginv <- sum(drop(crossprod(ev$vectors[, pos, drop = FALSE], q))^2 / ev$values[pos])
  expect_rel(h$statistic, ginv)
  expect_identical(h$df, sum(pos))
  expect_rel(h$p_value, stats::pchisq(ginv, sum(pos), lower.tail = FALSE), bound = 1e-12)
  # what the other programs print
  ph <- plm::phtest(plm::plm(f_crime, cr, index = c("county", "year"), model = "within"),
                    plm::plm(f_crime, cr, index = c("county", "year"), model = "random"))
  expect_rel(h$reported_by[["plm"]], unname(ph$statistic))
  expect_rel(h$reported_by[["stata"]], raw)
  expect_identical(h$reported_by[["eviews"]], 0)
  # recorded in the result and shown by print(), with the pointer to the robust test
  expect_match(paste(h$notes, collapse = " "), "not positive definite")
  out <- paste(utils::capture.output(print(h)), collapse = "\n")
  expect_match(out, "raw quadratic form", fixed = TRUE)
  expect_match(out, 'method = "robust"', fixed = TRUE)
})

test_that("robust test equals plm's regression-based test where plm can run it", {
  g <- plm_data("Grunfeld")
  re <- panel_re(f_grun, g, index = c("firm", "year"), convention = "plm")
  a_cl <- plm::phtest(f_grun, data = g, index = c("firm", "year"), method = "aux")
  a_rb <- plm::phtest(f_grun, data = g, index = c("firm", "year"), method = "aux",
                      vcov = function(x) plm::vcovHC(x, type = "sss"))
  h_cl <- hausman_test(NULL, re, method = "robust", robust_vcov = "classical")
  h_rb <- hausman_test(NULL, re, method = "robust")
  expect_rel(h_cl$statistic, unname(a_cl$statistic))
  expect_rel(h_rb$statistic, unname(a_rb$statistic))
  expect_rel(h_rb$p_value, a_rb$p.value)
  expect_identical(h_rb$df, 2L)
  cr <- plm_data("Crime")
  f <- lcrmrte ~ lprbarr + lprbconv + lprbpris + lavgsen + lpolpc
  a <- plm::phtest(f, data = cr, index = c("county", "year"), method = "aux",
                   vcov = function(x) plm::vcovHC(x, type = "sss"))
  h <- hausman_test(f, data = cr, index = c("county", "year"), method = "robust",
                    convention = "plm")
  expect_rel(h$statistic, unname(a$statistic))
})

test_that("robust test works with factor(year) and time-invariant regressors", {
  cr <- plm_data("Crime")
  cr$west <- as.numeric(cr$region == "west") # time-invariant
  f <- lcrmrte ~ lprbarr + lprbconv + lprbpris + lavgsen + lpolpc + factor(year) + west
  re <- panel_re(f, cr, index = c("county", "year"), convention = "plm")
  h <- hausman_test(NULL, re, method = "robust")
  # plain-R Mundlak regression on the quasi-demeaned data, CR1 by county
  X <- stats::model.matrix(f, cr)
  y <- cr$lcrmrte
  g <- cr$county
  th <- unname(re$theta[as.character(g)])
  mx <- apply(X, 2, function(v) stats::ave(v, g))
  tv <- c("lprbarr", "lprbconv", "lprbpris", "lavgsen", "lpolpc")
  Z <- cbind(X - th * mx, (1 - th) * mx[, tv])
  ys <- y - th * stats::ave(y, g)
  fit <- stats::lm.fit(Z, ys)
  Zk <- Z[, !is.na(fit$coefficients)]
  u <- fit$residuals
  B <- solve(crossprod(Zk))
  S <- rowsum(Zk * u, g)
  n <- nrow(Zk); k <- ncol(Zk); G <- length(unique(g))
  V <- B %*% crossprod(S) %*% B * G / (G - 1) * (n - 1) / (n - k)
  idx <- (k - 4):k
  gam <- drop(B %*% crossprod(Zk, ys))[idx]
  W <- drop(t(gam) %*% solve(V[idx, idx], gam))
  expect_rel(h$statistic, W)
  expect_identical(h$df, 5L)
  expect_rel(unname(h$coefficients), unname(gam))
  # the year-dummy means are collinear in a balanced panel: left out, and said
  expect_match(paste(h$notes, collapse = " "), "factor\\(year\\)82")
  expect_output(print(h), "Mundlak")
  # the same on the formula in the issue, without the time-invariant regressor
  h2 <- hausman_test(f_crime, data = cr, index = c("county", "year"), method = "robust")
  expect_identical(h2$df, 5L)
  expect_true(is.finite(h2$statistic))
  expect_match(h2$conclusion, "Reject H0")
})

test_that("EViews convention scales the random-effects variance by sigma2_e", {
  g <- plm_data("Grunfeld")
  fe <- panel_fe(f_grun, g, index = c("firm", "year"))
  re <- panel_re(f_grun, g, index = c("firm", "year"))
  h <- hausman_test(fe, re)
  expect_identical(h$convention, "eviews")
  cf <- c("value", "capital")
  q <- coef(fe)[cf] - coef(re)[cf]
  V <- vcov(fe)[cf, cf] - vcov(re)[cf, cf] # both classical: s2_W and sigma2_e scaling
  expect_rel(h$statistic, drop(t(q) %*% solve(V, q)), bound = 1e-10)
  # with Swamy-Arora sigma2_e equals the within s^2, so the difference is
  # sigma2_e [(X_W'X_W)^-1 - (X*'X*)^-1]: positive definite here
  expect_true(h$positive_definite)
  # EViews' per-coefficient Prob.: 2 (1 - Phi(|d| / sqrt(Var(Diff.))))
  expect_rel(h$comparisons$p_value, unname(2 * stats::pnorm(-abs(q) / sqrt(diag(V)))),
             bound = 1e-12)
  expect_output(print(h), "Var\\(Diff.\\)")
  # the same fit under "plm" gives plm's variances
  expect_false(isTRUE(all.equal(h$statistic, hausman_test(fe, re, convention = "plm")$statistic)))
})

test_that("bad input to hausman_test() is a classed error", {
  g <- plm_data("Grunfeld")
  fe <- panel_fe(f_grun, g, index = c("firm", "year"))
  re <- panel_re(f_grun, g, index = c("firm", "year"))
  expect_error(hausman_test(re, fe), class = "coagg_input_error")
  expect_error(hausman_test(fe, re, method = "wald"), class = "coagg_input_error")
  expect_error(hausman_test(fe, "re"), class = "coagg_input_error")
  re_small <- panel_re(f_grun, g[g$firm <= 5, ], index = c("firm", "year"))
  expect_error(hausman_test(fe, re_small), class = "coagg_input_error")
  expect_error(hausman_test(f_grun, index = c("firm", "year")), class = "coagg_input_error")
  expect_error(hausman_test(fe, re, alpha = 2), class = "coagg_input_error")
  fe2 <- panel_fe(f_grun, g, index = c("firm", "year"), effect = "twoways")
  expect_error(hausman_test(fe2, re), class = "coagg_input_error")
})

test_that("tidy() works on a Hausman result when broom is installed", {
  skip_if_no_crosscheck("broom")
  g <- plm_data("Grunfeld")
  h <- hausman_test(f_grun, data = g, index = c("firm", "year"))
  td <- getExportedValue("broom", "tidy")(h)
  expect_equal(td$statistic, h$statistic)
  expect_equal(td$parameter, h$df)
})

test_that("no positive eigenvalue: the classical test is undefined, not 'do not reject'", {
  # plm::Crime, lcrmrte ~ lwtrd: Var(b_FE) - Var(b_RE) is a negative scalar.
  # plm's phtest() prints the absolute value of the quadratic form (18.581,
  # p = 1.6e-05); the contrast has no direction with positive variance, so
  # there is no chi-square test to report.
  cr <- plm_data("Crime")
  f <- lcrmrte ~ lwtrd
  fe <- panel_fe(f, cr, index = c("county", "year"), convention = "plm")
  re <- panel_re(f, cr, index = c("county", "year"), convention = "plm")
  expect_warning(h <- hausman_test(fe, re), class = "coagg_hausman_not_pd")
  expect_true(h$undefined)
  expect_identical(h$statistic, NA_real_)
  expect_identical(h$p_value, NA_real_)
  expect_identical(h$df, NA_integer_)
  expect_lt(max(h$eigenvalues), 0)
  ph <- plm::phtest(plm::plm(f, cr, index = c("county", "year"), model = "within"),
                    plm::plm(f, cr, index = c("county", "year"), model = "random"))
  expect_rel(abs(h$raw_statistic), unname(ph$statistic))
  expect_false(grepl("reject H0", h$conclusion))
  expect_match(h$conclusion, "undefined")
  expect_match(paste(h$notes, collapse = " "), "undefined")
  out <- paste(utils::capture.output(print(h)), collapse = "\n")
  expect_match(out, "The classical test is undefined here", fixed = TRUE)
  expect_match(out, 'method = "robust"', fixed = TRUE)
  expect_false(grepl("Do not reject", out))
  # the robust test it points to is defined
  hr <- hausman_test(fe, re, method = "robust")
  expect_true(is.finite(hr$statistic))
  expect_identical(hr$df, 1L)
})

test_that("hausman_test() refuses models of different responses, regressors or rows", {
  g <- plm_data("Grunfeld")
  idx <- c("firm", "year")
  fe <- panel_fe(f_grun, g, index = idx)
  e <- expect_error(hausman_test(fe, panel_re(log(inv) ~ value + capital, g, index = idx)),
                    class = "coagg_input_error")
  expect_match(conditionMessage(e), "different responses")
  expect_error(hausman_test(fe, panel_re(value ~ inv + capital, g, index = idx)),
               class = "coagg_input_error")
  e <- expect_error(hausman_test(fe, panel_re(inv ~ value + capital + I(value^2), g, index = idx)),
                    class = "coagg_input_error")
  expect_identical(e$column, "I(value^2)")
  e <- expect_error(hausman_test(panel_fe(inv ~ value, g, index = idx),
                                 panel_re(f_grun, g, index = idx)),
                    class = "coagg_input_error")
  expect_match(conditionMessage(e), "different regressors")
  # as many rows, but not the same ones
  g1 <- g
  g1$value[3] <- NA
  g2 <- g
  g2$value[5] <- NA
  fe1 <- suppressMessages(panel_fe(f_grun, g1, index = idx))
  re2 <- suppressMessages(panel_re(f_grun, g2, index = idx))
  e <- expect_error(hausman_test(fe1, re2), class = "coagg_input_error")
  expect_match(conditionMessage(e), "different rows")
  expect_error(hausman_test(fe, panel_re(inv ~ value + offset(capital), g, index = idx)),
               class = "coagg_input_error")
  # matching models are accepted
  re1 <- suppressMessages(panel_re(f_grun, g1, index = idx))
  expect_s3_class(hausman_test(fe1, re1), "coagg_hausman")
})

test_that("both Hausman tests handle offset() terms as a shift of the response", {
  g <- plm_data("Grunfeld")
  g$y2 <- g$inv - g$capital
  idx <- c("firm", "year")
  fo <- inv ~ value + offset(capital)
  fr <- y2 ~ value
  a <- hausman_test(panel_fe(fo, g, index = idx), panel_re(fo, g, index = idx))
  b <- hausman_test(panel_fe(fr, g, index = idx), panel_re(fr, g, index = idx))
  expect_rel(a$statistic, b$statistic, bound = 1e-10)
  ar <- hausman_test(NULL, panel_re(fo, g, index = idx), method = "robust")
  br <- hausman_test(NULL, panel_re(fr, g, index = idx), method = "robust")
  expect_rel(ar$statistic, br$statistic, bound = 1e-10)
  expect_rel(ar$coefficients, br$coefficients, bound = 1e-10)
})

test_that("the robust test is invariant to a regressor's scale of 1e12 (fuzz regression)", {
  # solve() called the covariance of the mean terms singular
  set.seed(21) # simulated data
  N <- 20; T <- 5
  d <- data.frame(id = rep(seq_len(N), each = T), t = rep(seq_len(T), N))
  a <- rep(rnorm(N), each = T)
  d$x1 <- rnorm(N * T) + a
  d$x2 <- rnorm(N * T)
  d$y <- 1 + 0.5 * d$x1 - 0.3 * d$x2 + a + rnorm(N * T)
  d2 <- d
  d2$x1 <- d2$x1 * 1e12
  for (v in c("cluster", "classical")) {
    h <- hausman_test(NULL, panel_re(y ~ x1 + x2, d, index = c("id", "t")), method = "robust",
                      robust_vcov = v)
    h2 <- hausman_test(NULL, panel_re(y ~ x1 + x2, d2, index = c("id", "t")), method = "robust",
                       robust_vcov = v)
    expect_equal(h2$statistic, h$statistic, tolerance = 1e-7, info = v)
  }
})

test_that("a singular robust covariance is a classed error, not a LAPACK error (fuzz regression)", {
  # simulated: 3 units x 2 periods, a response of zeros (an exact fit)
  d <- data.frame(id = rep(1:3, each = 2), t = rep(1:2, 3),
                  x1 = c(-0.78, 1.23, -1.18, 0.98, 1.05, 3.09), x2 = c(1, 3, 2, 5, 4, 4), y = 0)
  re <- suppressWarnings(panel_re(y ~ x1, d, index = c("id", "t")))
  expect_error(hausman_test(NULL, re, method = "robust"), class = "coagg_input_error")
})
