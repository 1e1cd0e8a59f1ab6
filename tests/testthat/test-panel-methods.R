# Panel regression, methods (R/panel-methods.R): print, summary, the
# extractors, predict and broom's tidy() / glance().

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

test_that("an object that only claims the class is refused with a classed error (fuzz)", {
  fake <- structure(list(), class = "coagg_panel")
  expect_error(random_effects(fake), class = "coagg_input_error")
  e <- expect_error(random_effects(panel_fe(f_grun, grunfeld())), class = "coagg_input_error")
  expect_match(conditionMessage(e), "a fixed-effects model")
})

test_that("predict() reads classed numbers in newdata by value, as fitting does", {
  skip_if_no_crosscheck("bit64")
  g <- grunfeld()
  m <- panel_re(f_grun, g, index = c("firm", "year"))
  nd <- g
  nd$capital <- round(nd$capital)
  nd64 <- nd
  nd64$capital <- bit64::as.integer64(nd$capital)
  nd64$firm <- bit64::as.integer64(nd$firm)
  # before the fix: "missing value where TRUE/FALSE needed" (fuzz finding)
  expect_identical(predict(m, newdata = nd64), predict(m, newdata = nd))
  expect_identical(predict(m, newdata = nd64, effects = TRUE), predict(m, newdata = nd, effects = TRUE))
})
