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
  # reference/panel-cases.md, to the digits printed there
  expect_equal(unname(coef(m)), c(-57.834414905, 0.109781152, 0.308112983), tolerance = 1e-9)
  expect_equal(unname(sqrt(diag(vcov(m)))), c(28.898935, 0.010492664, 0.017180469),
               tolerance = 5e-8)
  expect_equal(unname(m$sigma2), c(2784.45823, 7089.80010), tolerance = 1e-9)
  expect_equal(unname(m$theta), rep(0.8612236207, 10), tolerance = 1e-10)
  expect_equal(summary(m)$gof$r_squared, 0.76950272, tolerance = 1e-8)
  fe <- panel_fe(f_grun, g, index = c("firm", "year"), convention = "plm")
  expect_equal(unname(coef(fe)), c(0.1101238041, 0.3100653413), tolerance = 1e-9)
  expect_equal(unname(sqrt(diag(vcov(fe)))), c(0.01185669, 0.01735450), tolerance = 5e-7)
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
      expect_equal(coef(m), coef(p), tolerance = 1e-8, info = info)
      expect_equal(vcov(m), vcov(p), tolerance = 1e-8, info = info)
      expect_equal(unname(m$sigma2), unname(p$ercomp$sigma2[c("idios", "id")]),
                   tolerance = 1e-8, info = info)
      expect_equal(m$theta, plm_theta_by_unit(p), tolerance = 1e-8, info = info)
      expect_equal(summary(m)$gof$r_squared, sp$r.squared[["rsq"]], tolerance = 1e-8, info = info)
      expect_equal(summary(m)$gof$adj_r_squared, sp$r.squared[["adjrsq"]], tolerance = 1e-8,
                   info = info)
      re <- random_effects(m)
      pr <- plm::ranef(p)
      expect_equal(re$effect, unname(pr[as.character(re$firm)]), tolerance = 1e-8, info = info)
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
      expect_equal(coef(m), coef(p), tolerance = 1e-8, info = eff)
      expect_equal(vcov(m), vcov(p), tolerance = 1e-8, info = eff)
      expect_equal(summary(m)$gof$r_squared, plm::r.squared(p), tolerance = 1e-8, info = eff)
      expect_equal(summary(m)$gof$adj_r_squared, plm::r.squared(p, dfcor = TRUE),
                   tolerance = 1e-8, info = eff)
      expect_identical(m$df_residual, as.integer(p$df.residual))
      mc <- panel_fe(f, d, index = c("firm", "year"), effect = eff, convention = "plm",
                     vcov = "cluster")
      expect_equal(vcov(mc), plm::vcovHC(p, type = "sss", cluster = "group"),
                   tolerance = 1e-8, ignore_attr = TRUE, info = eff)
    }
    m <- panel_fe(f, d, index = c("firm", "year"), convention = "plm")
    p <- plm::plm(f, d, index = c("firm", "year"), model = "within")
    fx <- plm::fixef(p)
    expect_equal(m$unit_effects, stats::setNames(as.vector(fx), names(fx)), tolerance = 1e-8)
    # the intercept EViews and Stata print: plm's within_intercept()
    me <- panel_fe(f, d, index = c("firm", "year"), convention = "eviews")
    wi <- plm::within_intercept(p)
    expect_equal(coef(me)[["(Intercept)"]], as.vector(wi), tolerance = 1e-8)
    expect_equal(sqrt(vcov(me)[1, 1]), attr(wi, "se"), tolerance = 1e-8)
    expect_equal(coef(me)[-1L], coef(m), tolerance = 1e-12)
    mec <- panel_fe(f, d, index = c("firm", "year"), convention = "stata", vcov = "cluster")
    wic <- plm::within_intercept(p, vcov = function(x) plm::vcovHC(x, type = "sss"))
    expect_equal(sqrt(vcov(mec)[1, 1]), attr(wic, "se"), tolerance = 1e-8)

    mp <- panel_pooled(f, d, index = c("firm", "year"), convention = "plm")
    pp <- plm::plm(f, d, index = c("firm", "year"), model = "pooling")
    expect_equal(coef(mp), coef(pp), tolerance = 1e-8)
    expect_equal(vcov(mp), vcov(pp), tolerance = 1e-8)
    mpc <- panel_pooled(f, d, index = c("firm", "year"), convention = "plm", vcov = "cluster")
    expect_equal(vcov(mpc), plm::vcovHC(pp, type = "sss"), tolerance = 1e-8, ignore_attr = TRUE)
  }
})

test_that("cluster-robust random-effects covariance agrees with plm's vcovHC(type = 'sss')", {
  for (case in list(list(grunfeld(), f_grun), list(empluk(), f_empl))) {
    m <- panel_re(case[[2L]], case[[1L]], index = c("firm", "year"), convention = "plm",
                  vcov = "cluster")
    p <- plm::plm(case[[2L]], case[[1L]], index = c("firm", "year"), model = "random")
    expect_equal(vcov(m), plm::vcovHC(p, type = "sss"), tolerance = 1e-8, ignore_attr = TRUE)
    # cluster-robust covariance is reported, classical kept alongside
    expect_equal(m$vcov_classical, vcov(p), tolerance = 1e-8)
  }
})

test_that("factor(year), interactions, log() and time-invariant regressors match plm", {
  g <- grunfeld()
  g$big <- as.numeric(g$firm %in% 1:3) # time-invariant
  f <- log(inv) ~ log(value) * log(capital) + factor(year) + big
  m <- panel_re(f, g, index = c("firm", "year"), convention = "plm")
  p <- plm::plm(f, g, index = c("firm", "year"), model = "random")
  expect_equal(coef(m), coef(p), tolerance = 1e-8)
  expect_equal(vcov(m), vcov(p), tolerance = 1e-8)
  expect_true("big" %in% names(coef(m)))
  # FE drops the time-invariant regressor, and says so
  expect_warning(fe <- panel_fe(f, g, index = c("firm", "year"), convention = "plm"),
                 class = "coagg_dropped_regressor")
  pf <- plm::plm(f, g, index = c("firm", "year"), model = "within")
  expect_false("big" %in% names(coef(fe)))
  expect_match(paste(fe$notes, collapse = " "), '"big"')
  expect_equal(coef(fe), coef(pf), tolerance = 1e-8)
  expect_equal(vcov(fe), vcov(pf), tolerance = 1e-8)
})

test_that("EViews convention: sigma2_e (X*'X*)^-1 and t(n - K) p-values", {
  g <- grunfeld()
  m <- panel_re(f_grun, g, index = c("firm", "year"))
  expect_identical(m$convention, "eviews")
  p <- plm::plm(f_grun, g, index = c("firm", "year"), model = "random")
  s2 <- sum(residuals(p)^2) / p$df.residual
  expect_equal(vcov(m), vcov(p) * p$ercomp$sigma2[["idios"]] / s2, tolerance = 1e-8)
  tab <- as.data.frame(m)
  expect_equal(tab$p_value, 2 * stats::pt(-abs(tab$estimate / tab$std_error), 200 - 3),
               tolerance = 1e-12)
  # plm and Stata conventions: normal p-values
  tp <- as.data.frame(panel_re(f_grun, g, index = c("firm", "year"), convention = "stata"))
  expect_equal(tp$p_value, 2 * stats::pnorm(-abs(tp$statistic)), tolerance = 1e-12)
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
  expect_equal(sqrt(vcov(m)["zn2", "zn2"]), 0.626015, tolerance = 1e-6)
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
  expect_equal(unname(m$sigma2), c(s2e, s2u), tolerance = 1e-10)
  expect_equal(unname(coef(m)), unname(b), tolerance = 1e-10)
  expect_equal(unname(m$theta), th, tolerance = 1e-10)
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
  expect_equal(unname(coef(m)), unname(stats::coef(stats::lm(y ~ x, d))), tolerance = 1e-10)
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
    expect_equal(coef(a), coef(b), tolerance = 1e-10)
    expect_equal(vcov(a), vcov(b), tolerance = 1e-10)
    expect_equal(a$theta, b$theta, tolerance = 1e-10)
    expect_equal(random_effects(a), random_effects(b), tolerance = 1e-10)
  }
  a <- panel_fe(f_grun, g, index = c("firm", "year"), effect = "twoways")
  b <- panel_fe(f_grun, g2, index = c("firm", "year"), effect = "twoways")
  expect_equal(coef(a), coef(b), tolerance = 1e-10)
})

test_that("random effects sum to zero in a balanced panel with an intercept", {
  # Table 5 of the Zhejiang study (EViews 7.2, 11 cities, balanced, with an
  # intercept), transcribed from reference/zhejiang_table5_effects.csv
  tab5 <- c(0.306693, -0.077959, 0.266892, -0.289816, -0.013308, -0.136979,
            0.375375, 0.093492, -0.392126, 0.123822, -0.256086)
  expect_lt(abs(sum(tab5)), 11 * 5e-7)
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
  expect_equal(sum(re$effect), 0, tolerance = 1e-12)
  # definition: shrunken mean GLS residual
  mr <- as.vector(tapply(d$y - drop(stats::model.matrix(~ x1 + x2, d) %*% coef(m)), d$city, mean))
  s2 <- m$sigma2
  expect_equal(re$effect, unname(6 * s2[["id"]] / (6 * s2[["id"]] + s2[["idios"]]) * mr),
               tolerance = 1e-12)
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
  expect_equal(coef(m), coef(ref), tolerance = 1e-14)
  p <- plm::plm(f_grun, g, index = c("firm", "year"), model = "random")
  expect_equal(coef(m), coef(p), tolerance = 1e-8)
  expect_output(print(summary(m)), "Rows dropped for missing values: 2")
})

test_that("a constant regressor in FE is reported as dropped, not a crash", {
  g <- grunfeld()
  g$const <- 5
  expect_warning(m <- panel_fe(inv ~ value + const + capital, g, index = c("firm", "year")),
                 class = "coagg_dropped_regressor")
  ref <- panel_fe(f_grun, g, index = c("firm", "year"))
  expect_equal(coef(m), coef(ref), tolerance = 1e-12)
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
  expect_equal(fitted(m) + residuals(m), g$inv, tolerance = 1e-12)
  expect_equal(predict(m, newdata = g), unname(fitted(m)), tolerance = 1e-12)
  expect_equal(unname(fitted(m)), drop(cbind(1, g$value, g$capital) %*% coef(m)), tolerance = 1e-12)
  re <- random_effects(m)
  expect_equal(predict(m, newdata = g, effects = TRUE),
               unname(fitted(m)) + re$effect[match(g$firm, re$firm)], tolerance = 1e-12)
  tab <- as.data.frame(m)
  expect_identical(names(tab), c("term", "estimate", "std_error", "statistic", "p_value",
                                 "conf_low", "conf_high"))
  ci <- confint(m, level = 0.9)
  q <- stats::qt(0.95, 197)
  expect_equal(unname(ci[, 1]), unname(coef(m) - q * sqrt(diag(vcov(m)))), tolerance = 1e-12)
  expect_identical(rownames(confint(m, "value")), "value")
  fe <- panel_fe(f_grun, g, index = c("firm", "year"))
  expect_equal(fitted(fe) + residuals(fe), g$inv, tolerance = 1e-12)
  expect_equal(predict(fe, newdata = g), unname(fitted(fe)), tolerance = 1e-10)
  expect_equal(predict(fe, newdata = g, effects = FALSE),
               coef(fe)[["(Intercept)"]] + drop(cbind(g$value, g$capital) %*% coef(fe)[-1]),
               tolerance = 1e-12)
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
  expect_equal(f$coefficients, unname(ref$coefficients), tolerance = 1e-10)
  X2 <- cbind(1, rep(c(1, 0), 5), x1, rep(c(0, 1), 5), x2)
  f2 <- .Call(coagg:::C_ols_fit, X2, y, 1e-7)
  expect_identical(f2$aliased, c(FALSE, FALSE, FALSE, TRUE, FALSE))
  expect_equal(f2$coefficients, unname(stats::lm.fit(X2, y)$coefficients), tolerance = 1e-10)
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
    expect_equal(coef(m), coef(p), tolerance = 1e-8, info = meth)
    expect_equal(vcov(m), vcov(p), tolerance = 1e-8, info = meth)
    expect_equal(unname(m$sigma2), unname(p$ercomp$sigma2[c("idios", "id")]), tolerance = 1e-8,
                 info = meth)
  }
})
