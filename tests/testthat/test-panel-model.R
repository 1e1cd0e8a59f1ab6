# Panel regression, the user functions and the way from formula and data to
# a design (R/panel-model.R): known answers (reference/panel-cases.md),
# cross-checks against plm run here, independent computations in plain R,
# properties, the missing-value policy, classed numbers, panel keys and bad
# input. The kernel and its conditions are tested in test-panel-fit.R,
# inference in test-panel-inference.R, methods in test-panel-methods.R.

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
      m <- panel_re(f, d, index = c("firm", "year"), re_method = meth, convention = "plm")
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
    a <- panel_re(f_grun, g, index = c("firm", "year"), re_method = meth)
    b <- panel_re(f_grun, g2, index = c("firm", "year"), re_method = meth)
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
  expect_identical(names(re), c("city", "effect", "std_error", "t_i", "theta", "shrinkage"))
  # the reference is exactly 0: an absolute bound relative to the size of the effects
  expect_lt(abs(sum(re$effect)), 1e-12 * sum(abs(re$effect)))
  # definition: shrunken mean GLS residual
  mr <- as.vector(tapply(d$y - drop(stats::model.matrix(~ x1 + x2, d) %*% coef(m)), d$city, mean))
  s2 <- m$sigma2
  expect_rel(re$effect, unname(6 * s2[["id"]] / (6 * s2[["id"]] + s2[["idios"]]) * mr),
             bound = 1e-10)
})

test_that("missing values: dropped without a message and recorded, or an error naming them", {
  g <- grunfeld()
  g$value[c(3, 50)] <- NA
  g$capital[50] <- NA
  # "omit" (the default for the models): no message, the drop in the notes
  expect_no_message(m <- panel_re(f_grun, g, index = c("firm", "year"), convention = "plm"))
  expect_match(paste(m$notes, collapse = " "), "2 rows with missing values dropped \\(rows 3, 50")
  expect_identical(m$settings$na_action, "omit")
  expect_identical(as.vector(m$na_action), c(3L, 50L))
  expect_s3_class(m$na_action, "omit")
  expect_identical(nobs(m), 198L)
  expect_false(m$balanced)
  ref <- panel_re(f_grun, g[-c(3, 50), ], index = c("firm", "year"), convention = "plm")
  expect_rel(coef(m), coef(ref), bound = 1e-14)
  p <- plm::plm(f_grun, g, index = c("firm", "year"), model = "random")
  expect_rel(coef(m), coef(p))
  expect_output(print(summary(m)), "Rows dropped for missing values: 2")
  expect_output(print(m), "rows with missing values dropped")
  # "fail": a classed error naming the column and the rows
  for (fit in list(panel_re, panel_fe, panel_pooled)) {
    e <- expect_error(fit(f_grun, g, index = c("firm", "year"), na_action = "fail"),
                      class = "coagg_missing_value")
    expect_s3_class(e, "coagg_input_error")
    expect_identical(e$column, "value")
    expect_identical(e$row, 3L)
    expect_match(conditionMessage(e), "rows 3, 50")
  }
  # a missing value made by the formula's own transformation names the term
  g2 <- grunfeld()
  g2$inv[7] <- -1
  e <- expect_error(suppressWarnings(panel_fe(log(inv) ~ value, g2, index = c("firm", "year"),
                                              na_action = "fail")),
                    class = "coagg_missing_value")
  expect_identical(e$column, "log(inv)")
  expect_identical(e$row, 7L)
  expect_error(panel_re(f_grun, g, index = c("firm", "year"), na_action = "drop"),
               class = "coagg_input_error")
})

test_that("missing keys (NA, or an addNA() factor level) follow na_action", {
  g <- grunfeld()
  g$firm <- factor(g$firm)
  g$firm[c(21, 40)] <- NA
  g$firm <- addNA(g$firm)
  g$year[77] <- NA
  # before the fix an NA level was a unit called "NA" (or the row an error)
  m <- panel_fe(f_grun, g, index = c("firm", "year"), convention = "plm")
  expect_identical(as.vector(m$na_action), c(21L, 40L, 77L))
  expect_false("NA" %in% m$unit_levels)
  expect_identical(m$n_units, 10L)
  ref <- panel_fe(f_grun, grunfeld()[-c(21, 40, 77), ], index = c("firm", "year"),
                  convention = "plm")
  expect_rel(coef(m), coef(ref), bound = 1e-12)
  e <- expect_error(panel_fe(f_grun, g, index = c("firm", "year"), na_action = "fail"),
                    class = "coagg_missing_value")
  expect_identical(e$arg, "index")
  expect_identical(e$column, "firm")
  expect_identical(e$row, 21L)
})

test_that("character periods keep their meaning when rows are dropped", {
  # "2001" and "2001.0" are one period (ordered numerically); before the fix
  # dropping one row for a missing value re-coded the raw labels and split
  # them into two periods, which moved a two-way FE coefficient
  set.seed(31) # simulated
  N <- 8; T <- 5
  d <- data.frame(id = rep(1:N, each = T), year = rep(as.character(2000:2004), N),
                  stringsAsFactors = FALSE)
  d$x <- rnorm(N * T) + rep(rnorm(N), each = T)
  d$y <- 2 * d$x + rep(rnorm(N), each = T) + rep(rnorm(T), N) + rnorm(N * T)
  d$year[d$year == "2001" & d$id %% 2 == 0] <- "2001.0"
  d$x[3] <- NA
  clean <- d
  clean$year[clean$year == "2001.0"] <- "2001"
  for (eff in c("twoways", "individual")) {
    a <- panel_fe(y ~ x, d, index = c("id", "year"), effect = eff)
    b <- panel_fe(y ~ x, clean, index = c("id", "year"), effect = eff)
    expect_identical(a$n_periods, 5L)
    expect_rel(coef(a), coef(b), bound = 1e-12, info = eff)
  }
  b <- panel_fe(y ~ x, clean, index = c("id", "year"), effect = "twoways")
  # independent: the dummy-variable regression on the numeric year
  l <- stats::lm(y ~ x + factor(id) + factor(as.numeric(year)), d)
  expect_rel(coef(b)[["x"]], unname(stats::coef(l)[["x"]]), bound = 1e-10)
})

test_that("classed numbers in the formula's variables are read by value (integer64, units, I())", {
  skip_if_no_crosscheck("bit64")
  g <- grunfeld()
  ref <- panel_re(log(inv) ~ value + capital, g, index = c("firm", "year"))
  g64 <- g
  g64$value <- bit64::as.integer64(round(g$value))
  g64$year <- bit64::as.integer64(g$year)
  gr <- g
  gr$value <- round(g$value)
  ref64 <- panel_re(log(inv) ~ value + capital, gr, index = c("firm", "year"))
  # before the fix C read the 64-bit integers' bits as doubles
  m64 <- panel_re(log(inv) ~ value + capital, g64, index = c("firm", "year"))
  expect_rel(coef(m64), coef(ref64), bound = 1e-12)
  expect_rel(vcov(m64), vcov(ref64), bound = 1e-12)
  gy <- g
  gy$inv <- bit64::as.integer64(round(g$inv * 10))
  gref <- g
  gref$inv <- round(g$inv * 10)
  expect_rel(coef(panel_fe(inv ~ value + capital, gy, index = c("firm", "year"))),
             coef(panel_fe(inv ~ value + capital, gref, index = c("firm", "year"))), bound = 1e-12)
  # I() and labelled-style classes unclass exactly; an unknown class is refused
  gi <- g
  gi$capital <- I(g$capital)
  expect_rel(coef(panel_re(log(inv) ~ value + capital, gi, index = c("firm", "year"))),
             coef(ref), bound = 1e-14)
  gw <- g
  gw$capital <- structure(g$capital, class = "weird_number")
  e <- expect_error(panel_re(inv ~ value + capital, gw, index = c("firm", "year")),
                    class = "coagg_foreign_number")
  expect_identical(e$column, "capital")
  big <- g64
  big$value[5] <- bit64::as.integer64("9007199254740993")
  e <- expect_error(panel_re(inv ~ value, big, index = c("firm", "year")),
                    class = "coagg_foreign_number")
  expect_identical(e$row, 5L)
})

test_that("index = NULL is the first two columns (as plm), and a pdata.frame's index is used", {
  g <- grunfeld() # columns firm, year, inv, value, capital
  # before, the default c("id", "time") made a plm user's data fail with
  # `no column "id"`
  for (fit in list(panel_re, panel_fe, panel_pooled)) {
    a <- fit(f_grun, g)
    b <- fit(f_grun, g, index = c("firm", "year"))
    expect_identical(coef(a), coef(b))
    expect_identical(a$index, c("firm", "year"))
  }
  pd <- plm::pdata.frame(g[, c("inv", "value", "capital", "year", "firm")],
                         index = c("firm", "year"))
  m <- panel_re(f_grun, pd, convention = "plm")
  expect_identical(m$index, c("firm", "year"))
  expect_rel(coef(m), coef(plm::plm(f_grun, pd, model = "random")))
  expect_rel(coef(panel_fe(f_grun, pd)), coef(panel_fe(f_grun, g)), bound = 1e-14)
  e <- expect_error(panel_re(f_grun, g, index = "firm"), class = "coagg_input_error")
  expect_identical(e$arg, "index")
})

test_that("plm and Stata spellings are refused with the argument to use", {
  g <- grunfeld()
  cases <- list(
    list(panel_re, "random.method", "swar", "re_method"),
    list(panel_re, "method", "swar", "re_method"),
    list(panel_re, "model", "random", "panel_re"),
    list(panel_fe, "vce", "robust", "vcov"),
    list(panel_fe, "robust", TRUE, "vcov"),
    list(panel_pooled, "cluster", "firm", "vcov"),
    list(panel_pooled, "effect", "individual", "panel_fe"),
    list(panel_re, "na.action", "na.omit", "na_action"),
    list(panel_fe, "inst.method", "bvk", "not implemented"))
  for (cs in cases) {
    args <- list(f_grun, g, index = c("firm", "year"))
    args[[cs[[2L]]]] <- cs[[3L]]
    e <- expect_error(do.call(cs[[1L]], args), class = "coagg_foreign_argument")
    expect_s3_class(e, "coagg_input_error")
    expect_identical(e$arg, cs[[2L]])
    expect_match(conditionMessage(e), cs[[4L]], fixed = TRUE)
  }
  # a misspelling of our own is an ordinary input error
  e <- expect_error(panel_re(f_grun, g, index = c("firm", "year"), methd = "swar"),
                    class = "coagg_input_error")
  expect_false(inherits(e, "coagg_foreign_argument"))
})

test_that("models keep their settings and notes", {
  g <- grunfeld()
  m <- panel_re(f_grun, g, re_method = "amemiya", convention = "stata", vcov = "cluster")
  expect_identical(m$settings, list(convention = "stata", vcov = "cluster",
                                    re_method = "amemiya", effect = "individual",
                                    na_action = "omit"))
  fe <- panel_fe(f_grun, g, effect = "twoways", na_action = "fail")
  expect_identical(fe$settings$effect, "twoways")
  expect_identical(fe$settings$na_action, "fail")
  expect_identical(fe$settings$re_method, NA_character_)
  expect_identical(panel_pooled(f_grun, g)$notes, character())
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
  expect_error(panel_re(f_grun, g, index = c("firm", "year"), re_method = "gls"),
               class = "coagg_input_error")
  e <- expect_error(panel_re(f_grun, g, index = c("firm", "year"), re_method = "ht"),
                    class = "coagg_input_error")
  expect_match(conditionMessage(e), "Hausman-Taylor")
  expect_identical(panel_re(f_grun, g, index = c("firm", "year"), re_method = "swar")$re_method,
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
  panel_re(f_grun, g, index = c("firm", "year"), vcov = "cluster")
  panel_fe(f_grun, g, index = c("firm", "year"), effect = "twoways")
  panel_pooled(f_grun, g, index = c("firm", "year"))
  expect_identical(g, g0)
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
    m <- panel_re(f, g, index = c("firm", "year"), re_method = meth, convention = "plm")
    p <- plm::plm(f, g, index = c("firm", "year"), model = "random",
                  random.method = plm_method[[meth]])
    expect_rel(coef(m), coef(p), info = meth)
    expect_rel(vcov(m), vcov(p), info = meth)
    expect_rel(unname(m$sigma2), unname(p$ercomp$sigma2[c("idios", "id")]), info = meth)
  }
})

test_that("factor levels left only in dropped rows are dropped with them (plm agrees)", {
  g <- grunfeld()
  g$value[g$year == 1935] <- NA
  f <- inv ~ value + capital + factor(year)
  m <- panel_re(f, g, index = c("firm", "year"), convention = "plm")
  p <- plm::plm(f, g, index = c("firm", "year"), model = "random")
  expect_length(coef(m), 21L)
  expect_rel(coef(m), coef(p))
  expect_rel(vcov(m), vcov(p))
  expect_false("1935" %in% m$xlevels[["factor(year)"]])
  expect_rel(predict(m, newdata = g[g$year != 1935, ]), unname(fitted(m)), bound = 1e-12)
  fe <- panel_fe(f, g, index = c("firm", "year"), convention = "plm")
  pf <- plm::plm(f, g, index = c("firm", "year"), model = "within")
  expect_rel(coef(fe), coef(pf))
  expect_rel(vcov(fe), vcov(pf))
  # a factor regressor losing a level: lm() drops it too
  g2 <- grunfeld()
  g2$sector <- factor(ifelse(g2$firm <= 2, "A", ifelse(g2$firm <= 6, "B", "C")))
  g2$value[g2$firm <= 2] <- NA
  mp <- panel_pooled(inv ~ value + sector, g2, index = c("firm", "year"))
  l <- stats::lm(inv ~ value + sector, g2)
  expect_rel(coef(mp), coef(l), bound = 1e-10)
  expect_rel(vcov(mp), vcov(l), bound = 1e-10)
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
      function(f) panel_re(f, g, index = idx, re_method = mm)
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
    e <- expect_error(panel_re(f_grun, g1, index = c("firm", "year"), re_method = meth),
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
    e <- expect_error(panel_re(f_grun, g3, index = c("firm", "year"), re_method = meth),
                      class = "coagg_input_error")
    expect_false(inherits(e, "coagg_collinear"), info = meth)
    expect_identical(e$arg, "index", info = meth)
    expect_match(conditionMessage(e), "no residual degrees of freedom", info = meth)
  }
  e <- expect_error(panel_fe(f_grun, g3, index = c("firm", "year")), class = "coagg_input_error")
  expect_identical(e$arg, "index")
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

test_that("a model matrix that cannot be built is a classed error (fuzz)", {
  # factor(t) of a single-period panel: "contrasts can be applied only to
  # factors with 2 or more levels" from model.matrix()
  d <- sim_panel_data(T = 1)
  err <- expect_error(panel_pooled(y ~ factor(t) + x1, d, index = c("id", "t")),
                      class = "coagg_input_error")
  expect_identical(err$arg, "formula")
})

test_that("a factor inside offset() is a classed error (fuzz)", {
  # model.offset() failed with "'offset' must be numeric" (and a warning)
  d <- sim_panel_data()
  d$x2 <- factor(round(d$x2, 1))
  expect_no_warning(err <- expect_error(panel_re(y ~ x1 + offset(x2), d, index = c("id", "t")),
                                        class = "coagg_input_error"))
  expect_identical(err$arg, "formula")
})

