# Drawing (R/plot-utils.R) and every plot() method: each is rendered to a
# PNG with the cairo device, with the Chinese names of the yearbook-style
# data, and the data frame it returns is checked against the result it
# drew. Warnings while drawing (a glyph that cannot be converted, a label
# that does not fit) fail the test.

render <- function(expr, width = 900, height = 600) {
  f <- tempfile(fileext = ".png")
  grDevices::png(f, width = width, height = height, type = "cairo", res = 100)
  on.exit(unlink(f))
  out <- tryCatch(expect_silent(expr), finally = grDevices::dev.off())
  expect_gt(file.size(f), 5000) # something was drawn
  invisible(out)
}

cities_zh <- c("\u676d\u5dde\u5e02", "\u5b81\u6ce2\u5e02", "\u6e29\u5dde\u5e02",
               "\u5609\u5174\u5e02", "\u6e56\u5dde\u5e02", "\u7ecd\u5174\u5e02",
               "\u91d1\u534e\u5e02", "\u8862\u5dde\u5e02")

zh_panel <- function() {
  set.seed(13)
  d <- data.frame(city = rep(cities_zh, each = 12), year = rep(2005:2016, 8))
  a <- rep(rnorm(8), each = 12)
  d$x1 <- ave(rnorm(96), d$city, FUN = cumsum) + a
  d$x2 <- rnorm(96)
  d$y <- 1 + 0.4 * d$x1 - 0.2 * d$x2 + a + rnorm(96)
  names(d)[names(d) == "x1"] <- "\u4ea7\u4e1a\u96c6\u805a" # a Chinese regressor name
  d
}

test_that("panel models: coefficients with their intervals, residuals against fitted", {
  skip_if_not(capabilities("cairo"))
  d <- zh_panel()
  f <- stats::as.formula(paste("y ~", names(d)[3], "+ x2"))
  re <- panel_re(f, d)
  dd <- render(plot(re))
  tab <- as.data.frame(re)
  expect_identical(dd$term, tab$term[-1])
  expect_identical(dd$conf_low, tab$conf_low[-1])
  expect_identical(dd$conf_high, tab$conf_high[-1])
  dd <- render(plot(re, intercept = TRUE, level = 0.9))
  expect_identical(dd$conf_low, unname(confint(re, level = 0.9)[, 1]))
  fe <- panel_fe(f, d, vcov = "cluster")
  dd <- render(plot(fe, which = "residuals"))
  expect_identical(dd$residual, unname(residuals(fe)))
  expect_identical(dd$fitted, unname(fitted(fe)))
  expect_identical(dd$unit, d$city) # the rows of the data, in their order
  e <- expect_error(plot(re, col = "red"), class = "coagg_foreign_argument")
  expect_match(conditionMessage(e), "main =")
  expect_error(plot(re, which = "qq"), class = "coagg_input_error")
})

test_that("random effects: the caterpillar of the BLUPs and their stated interval", {
  skip_if_not(capabilities("cairo"))
  d <- zh_panel()
  re <- panel_re(y ~ x2, d)
  u <- random_effects(re)
  dd <- render(plot(u))
  # sorted by effect; interval effect -/+ qnorm(0.975) sqrt(sigma_u^2 (1 - shrinkage))
  expect_identical(dd$estimate, sort(u$effect, decreasing = TRUE))
  i <- match(dd$unit, u$city)
  s2u <- re$sigma2[["id"]]
  half <- stats::qnorm(0.975) * sqrt(s2u * (1 - u$shrinkage[i]))
  expect_equal(dd$conf_high - dd$estimate, half, tolerance = 1e-12)
  expect_setequal(dd$unit, cities_zh)
  dd <- render(plot(u, order = "unit", level = 0.5))
  expect_identical(dd$unit, u$city)
})

test_that("Hausman test: fixed against random estimates with their intervals", {
  skip_if_not(capabilities("cairo"))
  d <- zh_panel()
  f <- stats::as.formula(paste("y ~", names(d)[3], "+ x2"))
  fe <- panel_fe(f, d)
  re <- panel_re(f, d)
  h <- hausman_test(fe, re)
  dd <- render(plot(h))
  expect_identical(dd$estimate[dd$model == "fixed effects"], unname(coef(fe)[-1]))
  expect_equal(dd$estimate[dd$model == "random effects"], unname(coef(re)[-1]), tolerance = 1e-12)
  # the standard errors are the models' own (classical, same convention)
  expect_equal(dd$std_error[dd$model == "fixed effects"], unname(sqrt(diag(vcov(fe)))[-1]),
               tolerance = 1e-12)
  expect_equal(dd$std_error[dd$model == "random effects"], unname(sqrt(diag(vcov(re)))[-1]),
               tolerance = 1e-12)
  hr <- hausman_test(re, type = "robust")
  dd <- render(plot(hr))
  expect_identical(dd$estimate, unname(hr$coefficients))
})

test_that("unit roots: variables x tests grid, levels beside differences", {
  skip_if_not(capabilities("cairo"))
  d <- zh_panel()
  r <- suppressWarnings(panel_unitroot(d, c(names(d)[3], "x2"),
                                       tests = c("llc", "ips", "fisher_adf", "hadri")))
  dd <- render(plot(r))
  tab <- as.data.frame(r)
  expect_identical(dd$p_value, tab$p_value)
  expect_identical(dd$supports, tab$supports)
  expect_identical(unique(dd$form), c("level", "first difference"))
})

test_that("order, synergy and coupling degrees: series on the grade bands", {
  skip_if_not(capabilities("cairo"))
  set.seed(3)
  p <- data.frame(city = rep(cities_zh[1:4], each = 6), year = rep(2011:2016, 4))
  p$e1 <- runif(24) + p$year - 2010
  p$e2 <- runif(24)
  p$i1 <- runif(24) + (p$year - 2010) / 2
  p$i2 <- runif(24)
  ue <- order_degree(p, c("e1", "e2"), index = c("city", "year"))
  ui <- order_degree(p, c("i1", "i2"), index = c("city", "year"))
  dd <- render(plot(ue))
  expect_identical(dd$estimate, ue$order$estimate)
  expect_identical(as.character(dd$unit), as.character(ue$order$unit))
  s <- synergy_degree(list(E = ue, I = ui))
  for (lang in c("en", "zh")) {
    dd <- render(plot(s, lang = lang))
    expect_identical(dd$estimate, s$estimate)
    expect_identical(dd$grade, as.character(if (lang == "zh") s$grade_zh else s$grade))
  }
  cc <- coupling_coordination(list(E = ue, I = ui))
  dd <- render(plot(cc, lang = "zh", main = "\u8026\u5408\u534f\u8c03\u5ea6"))
  expect_identical(dd$estimate, cc$estimate)
  expect_identical(dd$grade, as.character(cc$grade_zh))
  # one series without keys
  one <- coupling_coordination(data.frame(s1 = c(.2, .4, .5), s2 = c(.3, .35, .6)))
  dd <- render(plot(one))
  expect_identical(dd$time, 1:3)
})

test_that("weights and grey relations: bars in order", {
  skip_if_not(capabilities("cairo"))
  x <- data.frame(a = c(3, 5, 2, 7, 4), b = c(10, 20, 15, 25, 11), c = c(1, 1.5, 1.2, 2, 1.1))
  names(x) <- c("\u4ea7\u503c", "\u80fd\u8017", "\u4e13\u5229")
  w <- entropy_weights(x, direction = stats::setNames("-", names(x)[2]))
  dd <- render(plot(w))
  expect_identical(dd$estimate, unname(sort(weights(w), decreasing = TRUE, method = "radix")))
  expect_identical(dd$indicator, names(sort(weights(w), decreasing = TRUE, method = "radix")))
  expect_equal(sum(dd$estimate), 1)
  g <- grey_relation(x, names(x)[1], threshold = 0.6)
  dd <- render(plot(g))
  expect_identical(sort(dd$estimate, decreasing = TRUE), dd$estimate)
  expect_identical(dd$selected, dd$estimate >= 0.6)
})

test_that("audits: printed against recomputed p-values; the chi-square line", {
  skip_if_not(capabilities("cairo"))
  a <- audit_coef_table(c("0.650662", "0.501983", "0.186744"),
                        statistic = c("7.234906", "1.184125", "0.332269"),
                        p_value = c("0.0000", "0.02410", "0.07408"), df = 60,
                        term = c("(Intercept)", "electronic", "CBECL"))
  dd <- render(plot(a))
  expect_identical(dd$p_value[dd$which == "printed"], a$p_value)
  expect_identical(dd$p_value[dd$which == "recomputed"], a$implied_p_two_sided)
  expect_identical(dd$consistent[dd$which == "printed"], c(TRUE, FALSE, FALSE))
  h <- audit_chisq("12.0105", "0.0853", df = 5)
  dd <- render(plot(h))
  expect_equal(dd$p_value, stats::pchisq(12.0105, dd$df, lower.tail = FALSE))
  expect_identical(dd$df[dd$matches], h$matching_df)
  expect_identical(dd$df[dd$stated], 5L)
})

test_that("heat map helper: colour scale, log scale, legend keys", {
  skip_if_not(capabilities("cairo"))
  z <- matrix(c(0.5, 1, 2, 4, NA, 0.25), 2, dimnames = list(cities_zh[1:2], c("C13", "C14", "C17")))
  b <- scale_breaks(z, 8L, log = TRUE, centre = 1)
  expect_equal(mean(b), 0) # symmetric around log10(1)
  expect_equal(max(b), log10(4))
  cols <- scale_colours(z, b, plot_colours(8, "diverging"), log = TRUE)
  expect_identical(cols[is.na(z)], na_colour)
  expect_false(any(cols[!is.na(z)] == na_colour))
  drawn <- render(draw_heatmap(z, main = "LQ", log = TRUE, centre = 1, scale = "diverging",
                               legend_title = "LQ (log)", highlight = !is.na(z) & z == 4))
  # a cell without a value gets a legend key (regression: grey cells were
  # drawn without saying what grey meant)
  expect_identical(attr(drawn, "keys"), "no value")
  full <- matrix(1:4, 2)
  expect_null(attr(render(draw_heatmap(full, main = "full")), "keys"))
  # an NA cell already shown by an extra key needs no "no value" key
  k <- structure(c("0 (none)" = "grey70"), cells = list("0 (none)" = 5L))
  expect_identical(attr(render(draw_heatmap(z, main = "LQ", extra_keys = k)), "keys"), "0 (none)")
  expect_identical(format_stars(c(0.2, 0.09, 0.04, 0.001, NA)), c("", "*", "**", "***", ""))
  expect_identical(text_colour_on(c("black", "white")), c("white", "black"))
})

test_that("agglomeration results: gamma with the z-test's interval, heat maps with legends", {
  skip_if_not(capabilities("cairo"))
  d <- yearbook_like()
  args <- list(data = d, region = "city", industry = "industry", employment = "employment",
               n_firms = "firms")
  g <- suppressWarnings(do.call(eg_index, c(args, list(time = "year"))))
  dd <- render(plot(g))
  last <- as.data.frame(unclass(g))
  last <- last[last$time == max(last$time) & !is.na(last$estimate), ]
  expect_identical(dd$estimate, sort(last$estimate, decreasing = TRUE))
  # the interval is gamma +/- z sd0, sd0 = gamma / z: it excludes 0 exactly
  # when the two-sided z-test rejects at 5%
  i <- match(dd$industry, as.character(last$industry))
  ok <- is.finite(last$statistic[i])
  expect_identical((dd$conf_low[ok] > 0 | dd$conf_high[ok] < 0),
                   abs(last$statistic[i][ok]) > stats::qnorm(0.975))
  co <- suppressWarnings(do.call(eg_coagg, c(args, list(time = "year",
                                                        pair = list(a = "C13", b = "G54")))))
  dd <- render(plot(co))
  x <- as.data.frame(unclass(co))
  expect_equal(sort(dd$estimate[!is.na(dd$estimate)]), sort(x$estimate[!is.na(x$estimate)]))
  expect_setequal(dd$region, unique(as.character(x$region)))
  a12 <- args
  a12$data <- d[d$year == 2012, ]
  one <- suppressWarnings(do.call(eg_coagg, c(a12, list(pair = list(a = "C13", b = "G54")))))
  dd <- render(plot(one))
  expect_identical(dd$estimate, sort(one$estimate[!is.na(one$estimate)], decreasing = TRUE))
  m <- suppressWarnings(do.call(eg_coagg_matrix, a12))
  dd <- render(plot(m, highlight = c("C13", "G54")))
  mm <- as.matrix(m)
  expect_identical(dd$estimate, as.vector(mm[unique(dd$industry_1), unique(dd$industry_2)]))
  expect_identical(sort(dd$industry_1[dd$highlight]), c("C13", "G54"))
  expect_error(plot(m, highlight = "C13"), class = "coagg_input_error")
  lq <- suppressWarnings(location_quotient(d[d$year == 2012, ], region = "city",
                                           industry = "industry", employment = "employment"))
  dd <- render(plot(lq))
  x <- as.data.frame(unclass(lq))
  j <- match(paste(dd$region, dd$industry), paste(x$region, x$industry))
  expect_identical(dd$estimate[!is.na(j)], x$estimate[j[!is.na(j)]])
  if (requireNamespace("broom", quietly = TRUE)) {
    expect_identical(broom::tidy(co)$estimate, co$estimate)
    expect_identical(nrow(broom::glance(g)), 1L)
  }
})
