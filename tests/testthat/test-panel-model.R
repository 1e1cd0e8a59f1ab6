# Panel regression: known answers (reference/panel-cases.md), cross-checks
# against plm run here, independent computations in plain R, properties and
# bad input.

grunfeld <- function() {
  skip_if_no_crosscheck("plm")
  e <- new.env()
  utils::data("Grunfeld", package = "plm", envir = e)
  e$Grunfeld
}
empluk <- function() {
  skip_if_no_crosscheck("plm")
  e <- new.env()
  utils::data("EmplUK", package = "plm", envir = e)
  e$EmplUK
}
f_grun <- inv ~ value + capital
f_empl <- log(emp) ~ log(wage) + log(capital) + log(output)
plm_method <- c("swamy-arora" = "swar", "wallace-hussain" = "walhus",
                amemiya = "amemiya", nerlove = "nerlove")

# plm's theta: one value (balanced) or one per observation (unbalanced)
plm_theta_by_unit <- function(p) {
  th <- p$ercomp$theta
  ids <- plm::index(p)[[1L]]
  if (length(th) == 1L) return(stats::setNames(rep(unname(th), nlevels(ids)), levels(ids)))
  first <- !duplicated(ids)
  stats::setNames(unname(th[first]), as.character(ids[first]))
}

test_that("Grunfeld Swamy-Arora reproduces the reference values (plm 2.6-2)", {
  g <- grunfeld()
  m <- panel_re(f_grun, g, index = c("firm", "year"), convention = "plm")
  # reference/panel-cases.md: each number rounds to the digits printed there
  expect_printed(coef(m), c(-57.834414905, 0.109781152, 0.308112983), 9)
  expect_printed(sqrt(diag(vcov(m))), c(28.898935, 0.010492664, 0.017180469), c(6, 9, 9))
  expect_printed(m$sigma2, c(2784.45823, 7089.80010), 5)
  expect_printed(m$theta, rep(0.8612236207, 10), 10)
  expect_printed(summary(m)$gof$r_squared, 0.76950272, 8)
  fe <- panel_fe(f_grun, g, index = c("firm", "year"), convention = "plm")
  expect_printed(coef(fe), c(0.1101238041, 0.3100653413), 10)
  expect_printed(sqrt(diag(vcov(fe))), c(0.01185669, 0.01735450), 8)
})

test_that("random effects agree with plm for every method, balanced and unbalanced", {
  for (case in list(list(grunfeld(), f_grun), list(empluk(), f_empl))) {
    d <- case[[1L]]
    f <- case[[2L]]
    for (meth in names(plm_method)) {
      m <- panel_re(f, d, index = c("firm", "year"), method = meth, convention = "plm")
      p <- plm::plm(f, d, index = c("firm", "year"), model = "random",
                    random.method = plm_method[[meth]])
      sp <- summary(p)
      info <- paste(meth, if (m$balanced) "balanced" else "unbalanced")
      expect_rel(coef(m), coef(p), info = info)
      expect_rel(vcov(m), vcov(p), info = info)
      expect_rel(unname(m$sigma2), unname(p$ercomp$sigma2[c("idios", "id")]), info = info)
      expect_rel(m$theta, plm_theta_by_unit(p), info = info)
      expect_rel(summary(m)$gof$r_squared, sp$r.squared[["rsq"]], info = info)
      expect_rel(summary(m)$gof$adj_r_squared, sp$r.squared[["adjrsq"]], info = info)
      re <- random_effects(m)
      pr <- plm::ranef(p)
      expect_rel(re$effect, unname(pr[as.character(re$firm)]), info = info)
      expect_identical(m$balanced, plm::is.pbalanced(p))
    }
  }
})

test_that("fixed effects (one- and two-way) and pooled OLS agree with plm", {
  for (case in list(list(grunfeld(), f_grun), list(empluk(), f_empl))) {
    d <- case[[1L]]
    f <- case[[2L]]
    for (eff in c("individual", "twoways")) {
      m <- panel_fe(f, d, index = c("firm", "year"), effect = eff, convention = "plm")
      p <- plm::plm(f, d, index = c("firm", "year"), model = "within", effect = eff)
      expect_rel(coef(m), coef(p), info = eff)
      expect_rel(vcov(m), vcov(p), info = eff)
      expect_rel(summary(m)$gof$r_squared, plm::r.squared(p), info = eff)
      expect_rel(summary(m)$gof$adj_r_squared, plm::r.squared(p, dfcor = TRUE), info = eff)
      expect_identical(m$df_residual, as.integer(p$df.residual))
      mc <- panel_fe(f, d, index = c("firm", "year"), effect = eff, convention = "plm",
                     vcov = "cluster")
      expect_rel(vcov(mc), plm::vcovHC(p, type = "sss", cluster = "group"), info = eff)
    }
    m <- panel_fe(f, d, index = c("firm", "year"), convention = "plm")
    p <- plm::plm(f, d, index = c("firm", "year"), model = "within")
    fx <- plm::fixef(p)
    expect_rel(m$unit_effects, stats::setNames(as.vector(fx), names(fx)))
    # the intercept EViews and Stata print: plm's within_intercept()
    me <- panel_fe(f, d, index = c("firm", "year"), convention = "eviews")
    wi <- plm::within_intercept(p)
    expect_rel(coef(me)[["(Intercept)"]], as.vector(wi))
    expect_rel(sqrt(vcov(me)[1, 1]), attr(wi, "se"))
    expect_rel(coef(me)[-1L], coef(m), bound = 1e-12)
    mec <- panel_fe(f, d, index = c("firm", "year"), convention = "stata", vcov = "cluster")
    wic <- plm::within_intercept(p, vcov = function(x) plm::vcovHC(x, type = "sss"))
    expect_rel(sqrt(vcov(mec)[1, 1]), attr(wic, "se"))

    mp <- panel_pooled(f, d, index = c("firm", "year"), convention = "plm")
    pp <- plm::plm(f, d, index = c("firm", "year"), model = "pooling")
    expect_rel(coef(mp), coef(pp))
    expect_rel(vcov(mp), vcov(pp))
    mpc <- panel_pooled(f, d, index = c("firm", "year"), convention = "plm", vcov = "cluster")
    expect_rel(vcov(mpc), plm::vcovHC(pp, type = "sss"))
  }
})

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

test_that("factor(year), interactions, log() and time-invariant regressors match plm", {
  g <- grunfeld()
  g$big <- as.numeric(g$firm %in% 1:3) # time-invariant
  f <- log(inv) ~ log(value) * log(capital) + factor(year) + big
  m <- panel_re(f, g, index = c("firm", "year"), convention = "plm")
  p <- plm::plm(f, g, index = c("firm", "year"), model = "random")
  expect_rel(coef(m), coef(p))
  expect_rel(vcov(m), vcov(p))
  expect_true("big" %in% names(coef(m)))
  # FE drops the time-invariant regressor, and says so
  expect_warning(fe <- panel_fe(f, g, index = c("firm", "year"), convention = "plm"),
                 class = "coagg_dropped_regressor")
  pf <- plm::plm(f, g, index = c("firm", "year"), model = "within")
  expect_false("big" %in% names(coef(fe)))
  expect_match(paste(fe$notes, collapse = " "), '"big"')
  expect_rel(coef(fe), coef(pf))
  expect_rel(vcov(fe), vcov(pf))
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

test_that("Stata convention: unbalanced Swamy-Arora with the unweighted between regression", {
  d <- empluk()
  m <- panel_re(f_empl, d, index = c("firm", "year"), convention = "stata")
  # independent computation, written plainly
  X <- stats::model.matrix(f_empl, d)
  y <- log(d$emp)
  g <- d$firm
  n <- nrow(X); N <- length(unique(g)); K <- ncol(X)
  Xw <- apply(X[, -1], 2, function(v) v - stats::ave(v, g))
  yw <- y - stats::ave(y, g)
  s2e <- sum(stats::lm.fit(Xw, yw)$residuals^2) / (n - N - (K - 1))
  Xb <- apply(X, 2, function(v) tapply(v, g, mean))
  yb <- tapply(y, g, mean)
  ti <- as.vector(table(g))
  s2u <- sum(stats::lm.fit(Xb, yb)$residuals^2) / (N - K) - s2e / (N / sum(1 / ti))
  th <- 1 - sqrt(s2e / (ti * s2u + s2e))
  thi <- th[match(g, sort(unique(g)))]
  b <- stats::lm.fit(X - thi * apply(X, 2, stats::ave, g), y - thi * stats::ave(y, g))$coefficients
  expect_rel(unname(m$sigma2), c(s2e, s2u), bound = 1e-10)
  expect_rel(unname(coef(m)), unname(b), bound = 1e-10)
  expect_rel(unname(m$theta), th, bound = 1e-10)
})

test_that("a negative sigma2_u gives theta = 0 (pooled OLS) with a warning", {
  # simulated: the errors have exactly zero unit means, so the between
  # regression fits perfectly and the Swamy-Arora sigma2_u is negative
  set.seed(11)
  d <- data.frame(id = rep(1:15, each = 4), t = rep(1:4, 15))
  d$x <- stats::rnorm(60)
  v <- stats::rnorm(60)
  d$y <- 1 + 2 * d$x + v - stats::ave(v, d$id)
  expect_warning(m <- panel_re(y ~ x, d, index = c("id", "t")), class = "coagg_negative_variance")
  expect_lt(m$sigma2_raw[["id"]], 0)
  expect_identical(unname(m$sigma2[["id"]]), 0)
  expect_true(all(m$theta == 0))
  expect_rel(unname(coef(m)), unname(stats::coef(stats::lm(y ~ x, d))), bound = 1e-10)
  expect_match(paste(m$notes, collapse = " "), "negative")
  expect_output(print(m), "negative")
})

test_that("estimates do not depend on the order of the rows", {
  g <- grunfeld()
  set.seed(3)
  g2 <- g[sample(nrow(g)), ]
  for (meth in names(plm_method)) {
    a <- panel_re(f_grun, g, index = c("firm", "year"), method = meth)
    b <- panel_re(f_grun, g2, index = c("firm", "year"), method = meth)
    expect_rel(coef(a), coef(b), bound = 1e-10)
    expect_rel(vcov(a), vcov(b), bound = 1e-10)
    expect_rel(a$theta, b$theta, bound = 1e-10)
    ra <- random_effects(a)
    rb <- random_effects(b)
    expect_identical(ra$firm, rb$firm)
    for (col in c("effect", "theta", "shrinkage")) expect_rel(ra[[col]], rb[[col]], bound = 1e-10)
  }
  a <- panel_fe(f_grun, g, index = c("firm", "year"), effect = "twoways")
  b <- panel_fe(f_grun, g2, index = c("firm", "year"), effect = "twoways")
  expect_rel(coef(a), coef(b), bound = 1e-10)
})

test_that("random effects of a simulated 11 x 6 panel sum to zero", {
  # simulated data (the study's covariates are not published)
  set.seed(7)
  d <- data.frame(city = rep(sprintf("c%02d", 1:11), each = 6), year = rep(2011:2016, 11))
  d$x1 <- stats::runif(66); d$x2 <- stats::rnorm(66)
  d$y <- 0.6 + 0.5 * d$x1 + 0.2 * d$x2 + rep(stats::rnorm(11, sd = 0.3), each = 6) +
    stats::rnorm(66, sd = 0.1)
  m <- panel_re(y ~ x1 + x2, d, index = c("city", "year"))
  re <- random_effects(m)
  expect_identical(names(re), c("city", "effect", "t_i", "theta", "shrinkage"))
  # the reference is exactly 0: an absolute bound relative to the size of the effects
  expect_lt(abs(sum(re$effect)), 1e-12 * sum(abs(re$effect)))
  # definition: shrunken mean GLS residual
  mr <- as.vector(tapply(d$y - drop(stats::model.matrix(~ x1 + x2, d) %*% coef(m)), d$city, mean))
  s2 <- m$sigma2
  expect_rel(re$effect, unname(6 * s2[["id"]] / (6 * s2[["id"]] + s2[["idios"]]) * mr),
             bound = 1e-10)
})

test_that("missing values are dropped with a message and recorded", {
  g <- grunfeld()
  g$value[c(3, 50)] <- NA
  g$capital[50] <- NA
  expect_message(m <- panel_re(f_grun, g, index = c("firm", "year"), convention = "plm"),
                 "dropped 2 of 200 rows")
  expect_identical(as.vector(m$na_action), c(3L, 50L))
  expect_identical(nobs(m), 198L)
  expect_false(m$balanced)
  ref <- suppressMessages(panel_re(f_grun, g[-c(3, 50), ], index = c("firm", "year"),
                                   convention = "plm"))
  expect_rel(coef(m), coef(ref), bound = 1e-14)
  p <- plm::plm(f_grun, g, index = c("firm", "year"), model = "random")
  expect_rel(coef(m), coef(p))
  expect_output(print(summary(m)), "Rows dropped for missing values: 2")
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

test_that("bad input raises classed errors naming argument, column and row", {
  g <- grunfeld()
  g0 <- g
  e <- expect_error(panel_re(inv ~ valu + capital, g, index = c("firm", "year")),
                    class = "coagg_input_error")
  expect_identical(e$column, "valu")
  expect_match(conditionMessage(e), 'Did you mean "value"')
  g$txt <- as.character(g$value)
  g$txt[4] <- "n/a"
  e <- expect_error(panel_re(inv ~ txt + capital, g, index = c("firm", "year")),
                    class = "coagg_input_error")
  expect_identical(e$column, "txt")
  expect_identical(e$row, 4L)
  e <- expect_error(panel_fe(txt ~ value, g, index = c("firm", "year")), class = "coagg_input_error")
  expect_match(conditionMessage(e), "response")
  g$txt <- NULL
  gd <- g
  gd$year[2] <- gd$year[1]
  e <- expect_error(panel_re(f_grun, gd, index = c("firm", "year")), class = "coagg_input_error")
  expect_identical(e$row, 2L)
  expect_match(conditionMessage(e), "row 2 repeats row 1")
  e <- expect_error(panel_re(f_grun, g[g$firm == 1, ], index = c("firm", "year")),
                    class = "coagg_input_error")
  expect_match(conditionMessage(e), "single unit")
  small <- g[g$firm %in% 1:2 & g$year %in% 1935:1936, ]
  small$a <- stats::rnorm(4); small$b <- stats::rnorm(4)
  e <- expect_error(panel_pooled(inv ~ value + capital + a + b, small, index = c("firm", "year")),
                    class = "coagg_input_error")
  expect_match(conditionMessage(e), "too few")
  g$v2 <- 2 * g$value
  e <- expect_error(panel_re(inv ~ value + capital + v2, g, index = c("firm", "year")),
                    class = "coagg_collinear")
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$column, "v2")
  expect_error(panel_fe(inv ~ value + capital + v2, g, index = c("firm", "year")),
               class = "coagg_collinear")
  g$v2 <- NULL
  gi <- g
  gi$value[7] <- Inf
  e <- expect_error(panel_re(f_grun, gi, index = c("firm", "year")), class = "coagg_input_error")
  expect_identical(e$row, 7L)
  expect_error(panel_re(f_grun, g, index = c("firm", "year"), methd = "swar"),
               class = "coagg_input_error")
  expect_error(panel_re(f_grun, g, index = c("firm", "year"), method = "gls"),
               class = "coagg_input_error")
  e <- expect_error(panel_re(f_grun, g, index = c("firm", "year"), method = "ht"),
                    class = "coagg_input_error")
  expect_match(conditionMessage(e), "Hausman-Taylor")
  expect_identical(panel_re(f_grun, g, index = c("firm", "year"), method = "swar")$method,
                   "swamy-arora")
  expect_error(panel_re(f_grun, g, index = c("firm", "yr")), class = "coagg_input_error")
  expect_error(panel_re("inv ~ value", g, index = c("firm", "year")), class = "coagg_input_error")
  expect_error(panel_re(f_grun, as.matrix(g), index = c("firm", "year")),
               class = "coagg_input_error")
  expect_error(random_effects(panel_fe(f_grun, g, index = c("firm", "year"))),
               class = "coagg_input_error")
  expect_error(panel_re(f_grun, g, index = c("firm", "year"), effect = "twoways"),
               class = "coagg_input_error")
  g$ti <- as.numeric(g$firm)
  expect_error(suppressWarnings(panel_fe(inv ~ ti, g, index = c("firm", "year"))),
               class = "coagg_input_error")
  g$ti <- NULL
  expect_identical(g, g0)
})

test_that("the data are never modified", {
  g <- grunfeld()
  g$value[5] <- NA
  g0 <- g
  suppressMessages({
    panel_re(f_grun, g, index = c("firm", "year"), vcov = "cluster")
    panel_fe(f_grun, g, index = c("firm", "year"), effect = "twoways")
    panel_pooled(f_grun, g, index = c("firm", "year"))
  })
  expect_identical(g, g0)
})

test_that("methods: print, summary, extractors, predict, as.data.frame", {
  g <- grunfeld()
  m <- panel_re(f_grun, g, index = c("firm", "year"))
  expect_output(print(m), "Random-effects GLS \\(Swamy-Arora")
  s <- summary(m)
  expect_s3_class(s, "summary.coagg_panel")
  out <- paste(utils::capture.output(print(s)), collapse = "\n")
  for (pat in c("Cross-section random", "Idiosyncratic random", "Weighted statistics",
                "Unweighted statistics", "t-Statistic", "theta: 0.8612")) {
    expect_match(out, pat, fixed = TRUE)
  }
  # EViews rho: the share of sigma2_u
  expect_match(out, format(7089.80010 / (7089.80010 + 2784.45823), digits = 4), fixed = TRUE)
  expect_output(print(summary(panel_re(f_grun, g, index = c("firm", "year"), convention = "stata"))),
                "R-sq: within")
  expect_output(print(summary(panel_fe(f_grun, g, index = c("firm", "year")))), "Cross-section fixed")
  expect_output(print(summary(panel_pooled(f_grun, g, index = c("firm", "year")))), "R-squared")
  expect_identical(nobs(m), 200L)
  expect_identical(formula(m), f_grun)
  expect_identical(nrow(stats::model.frame(m)), 200L)
  expect_rel(unname(fitted(m) + residuals(m)), g$inv, bound = 1e-12)
  expect_rel(predict(m, newdata = g), unname(fitted(m)), bound = 1e-12)
  expect_rel(unname(fitted(m)), drop(cbind(1, g$value, g$capital) %*% coef(m)), bound = 1e-12)
  re <- random_effects(m)
  expect_rel(predict(m, newdata = g, effects = TRUE),
             unname(fitted(m)) + re$effect[match(g$firm, re$firm)], bound = 1e-12)
  tab <- as.data.frame(m)
  expect_identical(names(tab), c("term", "estimate", "std_error", "statistic", "p_value",
                                 "conf_low", "conf_high"))
  ci <- confint(m, level = 0.9)
  q <- stats::qt(0.95, 197)
  expect_rel(unname(ci[, 1]), unname(coef(m) - q * sqrt(diag(vcov(m)))), bound = 1e-12)
  expect_identical(rownames(confint(m, "value")), "value")
  fe <- panel_fe(f_grun, g, index = c("firm", "year"))
  expect_rel(unname(fitted(fe) + residuals(fe)), g$inv, bound = 1e-12)
  expect_rel(predict(fe, newdata = g), unname(fitted(fe)), bound = 1e-10)
  expect_rel(predict(fe, newdata = g, effects = FALSE),
             coef(fe)[["(Intercept)"]] + drop(cbind(g$value, g$capital) %*% coef(fe)[-1]),
             bound = 1e-12)
})

test_that("tidy() and glance() are registered for broom when it is installed", {
  skip_if_no_crosscheck("broom")
  tidy <- getExportedValue("broom", "tidy")
  glance <- getExportedValue("broom", "glance")
  g <- grunfeld()
  m <- panel_re(f_grun, g, index = c("firm", "year"))
  td <- tidy(m, conf.int = TRUE)
  expect_identical(names(td), c("term", "estimate", "std.error", "statistic", "p.value",
                                "conf.low", "conf.high"))
  expect_equal(td$estimate, unname(coef(m)))
  gl <- glance(m)
  expect_equal(gl$nobs, 200L)
  expect_equal(gl$sigma_u, sqrt(m$sigma2[["id"]]))
})

test_that("shared least squares: aliased columns do not push later ones out (linalg fix)", {
  # before the fix, 19 aliased columns ahead of a valid one in a 10-row
  # problem pushed it past the last row and it was reported aliased
  set.seed(9)
  n <- 10
  x1 <- stats::rnorm(n); x2 <- stats::rnorm(n)
  X <- cbind(1, x1, x2, matrix(1, n, 19), x1 * x2)
  y <- stats::rnorm(n)
  f <- .Call(coagg:::C_ols_fit, X, y, 1e-7)
  ref <- stats::lm.fit(X, y)
  expect_identical(f$rank, ref$rank)
  expect_identical(f$aliased, unname(is.na(ref$coefficients)))
  expect_rel(f$coefficients[!f$aliased], unname(ref$coefficients[!f$aliased]), bound = 1e-10)
  X2 <- cbind(1, rep(c(1, 0), 5), x1, rep(c(0, 1), 5), x2)
  f2 <- .Call(coagg:::C_ols_fit, X2, y, 1e-7)
  expect_identical(f2$aliased, c(FALSE, FALSE, FALSE, TRUE, FALSE))
  ref2 <- unname(stats::lm.fit(X2, y)$coefficients)
  expect_identical(is.na(f2$coefficients), is.na(ref2))
  expect_rel(f2$coefficients[!f2$aliased], ref2[!f2$aliased], bound = 1e-10)
})

test_that("a regressor collinear with the period dummies only within units matches plm", {
  # age = year - birth: within units it is the trend, spanned by factor(year);
  # the within fit aliases it, and the quasi-demeaned design is factored
  # directly (the kernel's fallback path)
  g <- grunfeld()
  set.seed(1)
  g$birth <- rep(round(stats::runif(10, 1900, 1920)), each = 20)
  g$age <- g$year - g$birth
  f <- inv ~ value + capital + age + factor(year)
  for (meth in names(plm_method)) {
    m <- panel_re(f, g, index = c("firm", "year"), method = meth, convention = "plm")
    p <- plm::plm(f, g, index = c("firm", "year"), model = "random",
                  random.method = plm_method[[meth]])
    expect_rel(coef(m), coef(p), info = meth)
    expect_rel(vcov(m), vcov(p), info = meth)
    expect_rel(unname(m$sigma2), unname(p$ercomp$sigma2[c("idios", "id")]), info = meth)
  }
})

# ---------------------------------------------------------------------------
# Review fixes (each test below failed before its fix)
# ---------------------------------------------------------------------------

test_that("factor levels left only in dropped rows are dropped with them (plm agrees)", {
  g <- grunfeld()
  g$value[g$year == 1935] <- NA
  f <- inv ~ value + capital + factor(year)
  m <- suppressMessages(panel_re(f, g, index = c("firm", "year"), convention = "plm"))
  p <- plm::plm(f, g, index = c("firm", "year"), model = "random")
  expect_length(coef(m), 21L)
  expect_rel(coef(m), coef(p))
  expect_rel(vcov(m), vcov(p))
  expect_false("1935" %in% m$xlevels[["factor(year)"]])
  expect_rel(predict(m, newdata = g[g$year != 1935, ]), unname(fitted(m)), bound = 1e-12)
  fe <- suppressMessages(panel_fe(f, g, index = c("firm", "year"), convention = "plm"))
  pf <- plm::plm(f, g, index = c("firm", "year"), model = "within")
  expect_rel(coef(fe), coef(pf))
  expect_rel(vcov(fe), vcov(pf))
  # a factor regressor losing a level: lm() drops it too
  g2 <- grunfeld()
  g2$sector <- factor(ifelse(g2$firm <= 2, "A", ifelse(g2$firm <= 6, "B", "C")))
  g2$value[g2$firm <= 2] <- NA
  mp <- suppressMessages(panel_pooled(inv ~ value + sector, g2, index = c("firm", "year")))
  l <- stats::lm(inv ~ value + sector, g2)
  expect_rel(coef(mp), coef(l), bound = 1e-10)
  expect_rel(vcov(mp), vcov(l), bound = 1e-10)
})

test_that("predict(newdata =) checks newdata as fitting checks data", {
  g <- grunfeld()
  m <- panel_re(f_grun, g, index = c("firm", "year"))
  nd <- g[1:3, ]
  nd$value <- as.character(nd$value)
  e <- expect_error(predict(m, newdata = nd), class = "coagg_input_error")
  expect_identical(e$arg, "newdata")
  expect_identical(e$column, "value")
  e <- expect_error(predict(m, newdata = g[1:3, c("firm", "year", "value")]),
                    class = "coagg_input_error")
  expect_identical(e$arg, "newdata")
  expect_identical(e$column, "capital")
  nd <- g[1:3, ]
  nd$value[2] <- Inf
  e <- expect_error(predict(m, newdata = nd), class = "coagg_input_error")
  expect_identical(e$row, 2L)
  # a missing value gives an NA prediction, the other rows are unaffected
  nd$value[2] <- NA
  pr <- predict(m, newdata = nd)
  expect_true(is.na(pr[2]))
  expect_rel(pr[-2], unname(fitted(m))[c(1, 3)], bound = 1e-12)
  # the same for fixed effects; a factor may come as character, a new level is an error
  g$yr <- as.character(g$year)
  fe <- panel_fe(inv ~ value + capital + factor(yr), g, index = c("firm", "year"))
  expect_rel(predict(fe, newdata = g), unname(fitted(fe)), bound = 1e-10)
  nd <- g[1:2, ]
  nd$capital <- as.character(nd$capital)
  e <- expect_error(predict(fe, newdata = nd), class = "coagg_input_error")
  expect_identical(e$column, "capital")
  nd <- g[1:2, ]
  nd$yr <- "1960"
  expect_error(predict(fe, newdata = nd), class = "coagg_input_error")
})

test_that("offset() terms enter with coefficient 1 in every model", {
  g <- grunfeld()
  g$y2 <- g$inv - g$capital
  idx <- c("firm", "year")
  # pooled OLS: lm() is the independent reference
  mp <- panel_pooled(inv ~ value + offset(capital), g, index = idx)
  l <- stats::lm(inv ~ value + offset(capital), g)
  expect_rel(coef(mp), coef(l), bound = 1e-10)
  expect_rel(vcov(mp), vcov(l), bound = 1e-10)
  expect_rel(unname(fitted(mp)), unname(fitted(l)), bound = 1e-10)
  expect_rel(predict(mp, newdata = g), unname(fitted(l)), bound = 1e-10)
  # R-squared of the response net of the offset
  y2 <- g$inv - g$capital
  expect_rel(summary(mp)$gof$r_squared,
             1 - sum(stats::residuals(l)^2) / sum((y2 - mean(y2))^2), bound = 1e-10)
  expect_output(print(summary(mp)), "Offset (coefficient fixed at 1): offset(capital)", fixed = TRUE)
  # fixed and random effects: the fit of y - offset, with fitted values
  # shifted by the offset
  fits <- list(fe = function(f) panel_fe(f, g, index = idx),
               fe2 = function(f) panel_fe(f, g, index = idx, effect = "twoways"))
  for (meth in names(plm_method)) {
    fits[[meth]] <- local({
      mm <- meth
      function(f) panel_re(f, g, index = idx, method = mm)
    })
  }
  for (nm in names(fits)) {
    a <- fits[[nm]](inv ~ value + offset(capital))
    b <- fits[[nm]](y2 ~ value)
    expect_rel(coef(a), coef(b), bound = 1e-10, info = nm)
    expect_rel(vcov(a), vcov(b), bound = 1e-10, info = nm)
    expect_rel(unname(fitted(a)), unname(fitted(b)) + g$capital, bound = 1e-10, info = nm)
    expect_rel(unname(fitted(a) + residuals(a)), g$inv, bound = 1e-12, info = nm)
    if (nm != "fe2") {
      expect_rel(predict(a, newdata = g), unname(fitted(a)), bound = 1e-10, info = nm)
    }
    if (a$model_type == "random") {
      expect_rel(unname(a$sigma2), unname(b$sigma2), bound = 1e-10, info = nm)
      expect_rel(random_effects(a)$effect, random_effects(b)$effect, bound = 1e-10, info = nm)
    }
  }
})

test_that("T = 1 (no within degrees of freedom) is a classed error naming the index", {
  g <- grunfeld()
  g1 <- g[g$year == 1935, ]
  for (meth in names(plm_method)) {
    e <- expect_error(panel_re(f_grun, g1, index = c("firm", "year"), method = meth),
                      class = "coagg_input_error")
    expect_identical(e$arg, "index", info = meth)
    expect_identical(e$column, "firm", info = meth)
    expect_match(conditionMessage(e), "single observation")
  }
  for (eff in c("individual", "twoways")) {
    e <- expect_error(panel_fe(f_grun, g1, index = c("firm", "year"), effect = eff),
                      class = "coagg_input_error")
    expect_identical(e$arg, "index")
  }
  # pooled OLS needs no within variation
  expect_rel(coef(panel_pooled(f_grun, g1, index = c("firm", "year"))),
             coef(stats::lm(f_grun, g1)), bound = 1e-10)
  # almost T = 1: two units observed twice give 2 within degrees of freedom,
  # used up by the 2 regressors; not a "collinear" error
  g3 <- g[g$year == 1935 | (g$firm %in% 1:2 & g$year == 1936), ]
  for (meth in c("swamy-arora", "amemiya", "nerlove")) {
    e <- expect_error(panel_re(f_grun, g3, index = c("firm", "year"), method = meth),
                      class = "coagg_input_error")
    expect_false(inherits(e, "coagg_collinear"), info = meth)
    expect_identical(e$arg, "index", info = meth)
    expect_match(conditionMessage(e), "no residual degrees of freedom", info = meth)
  }
  e <- expect_error(panel_fe(f_grun, g3, index = c("firm", "year")), class = "coagg_input_error")
  expect_identical(e$arg, "index")
})

test_that("the kernel reports a between regression without degrees of freedom as a status", {
  g <- grunfeld()
  g3 <- g[g$firm %in% 1:3, ]
  e <- expect_error(panel_re(f_grun, g3, index = c("firm", "year")), class = "coagg_input_error")
  expect_identical(e$arg, "method")
  expect_match(conditionMessage(e), "3 coefficients but only 3 units")
  # the C contract: a status code with its context, no error message to parse
  X <- cbind(1, g3$value, g3$capital)
  res <- .Call(coagg:::C_panel_fit, as.double(g3$inv), X, as.integer(g3$firm) - 1L, 3L,
               integer(), 20L, c(2L, 0L, 0L, 1L, 0L, 0L, 0L), c(1e-7, 8), double(), integer())
  expect_identical(res$status, 1L)
  expect_identical(res$info, c(3L, 3L))
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

test_that("shared least squares: columns at extreme scales are not reported aliased", {
  set.seed(10)
  n <- 30
  X <- cbind(1, stats::rnorm(n), stats::rnorm(n))
  y <- stats::rnorm(n)
  ref <- stats::lm.fit(X, y)
  for (sc in c(1e300, 1e-300, 1e160, 1e-160)) {
    Xs <- X
    Xs[, 2] <- Xs[, 2] * sc
    f <- .Call(coagg:::C_ols_fit, Xs, y, 1e-7)
    expect_identical(f$rank, 3L)
    expect_identical(f$aliased, c(FALSE, FALSE, FALSE))
    expect_rel(f$coefficients * c(1, sc, 1), unname(ref$coefficients), bound = 1e-10,
               info = format(sc))
    expect_rel(f$residuals, unname(ref$residuals), bound = 1e-8, info = format(sc))
  }
  # in a panel model the coefficient of such a regressor is estimable but its
  # variance is not representable in double precision: a classed error that
  # says so, not a false "collinear"
  g <- grunfeld()
  g$value <- g$value * 1e300
  e <- expect_error(panel_re(f_grun, g, index = c("firm", "year")), class = "coagg_scale")
  expect_false(inherits(e, "coagg_collinear"))
  expect_identical(e$column, "value")
})

test_that("the shared least squares entry checks that y matches X", {
  X <- cbind(1, as.double(1:5))
  expect_error(.Call(coagg:::C_ols_fit, X, as.double(1:4), 1e-7), "length 4 but X has 5 rows")
})

test_that("y ~ . expands to the columns other than the response and the index", {
  g <- grunfeld()[, c("firm", "year", "inv", "value", "capital")]
  idx <- c("firm", "year")
  fits <- list(re = panel_re, fe = panel_fe, pooled = panel_pooled)
  for (nm in names(fits)) {
    a <- fits[[nm]](inv ~ ., g, index = idx)
    b <- fits[[nm]](inv ~ value + capital, g, index = idx)
    expect_identical(coef(a), coef(b), info = nm)
    expect_identical(deparse(formula(a)), "inv ~ value + capital", info = nm)
  }
  # with other terms and a transformed response (its variable is not a regressor)
  a <- panel_re(log(inv) ~ . + factor(year), g, index = idx)
  b <- panel_re(log(inv) ~ value + capital + factor(year), g, index = idx)
  expect_identical(coef(a), coef(b))
  e <- expect_error(panel_re(inv ~ ., g[, c("firm", "year", "inv")], index = idx),
                    class = "coagg_input_error")
  expect_identical(e$arg, "formula")
})

# ---------------------------------------------------------------------------
# Regressions found by the fuzzer (inst/fuzz; issue 7). Simulated data.
# ---------------------------------------------------------------------------

fuzz_panel <- function(N = 6, T = 5, seed = 11) {
  set.seed(seed)
  d <- data.frame(id = rep(sprintf("u%d", seq_len(N)), each = T), t = rep(seq_len(T), N))
  d$x1 <- rnorm(N * T) + rep(rnorm(N), each = T)
  d$x2 <- rnorm(N * T)
  d$y <- 1 + 0.5 * d$x1 - 0.3 * d$x2 + rep(rnorm(N), each = T) + rnorm(N * T)
  d
}

test_that("an exact fit has NA t statistics and a caveat, not 0/0 = NaN (fuzz)", {
  d <- fuzz_panel()
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

test_that("summary() is invariant to a regressor's scale of 1e-12 (fuzz)", {
  # solve() of (X'X)^-1 called the system singular when the scales differed
  d <- fuzz_panel()
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

test_that("an object that only claims the class is refused with a classed error (fuzz)", {
  fake <- structure(list(), class = "coagg_panel")
  expect_error(random_effects(fake), class = "coagg_input_error")
  expect_error(hausman_test(fake, fake), class = "coagg_input_error")
})

test_that("a model matrix that cannot be built is a classed error (fuzz)", {
  # factor(t) of a single-period panel: "contrasts can be applied only to
  # factors with 2 or more levels" from model.matrix()
  d <- fuzz_panel(T = 1)
  err <- expect_error(panel_pooled(y ~ factor(t) + x1, d, index = c("id", "t")),
                      class = "coagg_input_error")
  expect_identical(err$arg, "formula")
})

test_that("cluster-robust covariance: symmetric, non-negative variances, plain-R sandwich (fuzz)", {
  # with 2 clusters for 4 coefficients the product P M P left a variance of
  # -2e-20, and its square root NaN; it is now W W', W = (X'X)^-1 S'
  d <- fuzz_panel(N = 2, T = 3, seed = 5)
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

test_that("a factor inside offset() is a classed error (fuzz)", {
  # model.offset() failed with "'offset' must be numeric" (and a warning)
  d <- fuzz_panel()
  d$x2 <- factor(round(d$x2, 1))
  expect_no_warning(err <- expect_error(panel_re(y ~ x1 + offset(x2), d, index = c("id", "t")),
                                        class = "coagg_input_error"))
  expect_identical(err$arg, "formula")
})
