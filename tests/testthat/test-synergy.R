# Order degrees and the composite system synergy degree (R/synergy.R).
# Known answers are the cases of shared/reference/synergy-cases.md, compared
# at the precision printed there; everything else is checked against plain
# R written out in the test, or as a property of the formulas.

# --- the reference cases ---------------------------------------------------

test_that("order degrees and synergy reproduce the worked composite-system case", {
  od <- ref_order()
  expect_equal(round(od$E$order$estimate, 4), c(.1134, .2797, .3222, .5895, .8431))
  expect_equal(round(od$I$order$estimate, 4), c(.1753, .2935, .3749, .5207, .7657))
  prev <- synergy_degree(list(E = od$E, I = od$I), base = "previous")
  expect_equal(round(prev$estimate, 4), c(.1402, .0588, .1974, .2493))
  fixed <- synergy_degree(list(E = od$E, I = od$I), base = "fixed")
  expect_equal(round(fixed$estimate, 4), c(.1402, .2041, .4055, .6564))
  # without keys the rows are the periods, numbered by their row
  expect_identical(fixed$base_time, rep(1L, 4))
  expect_identical(prev$base_time, 1:4)
  # the same case from one data frame with a year column, and from a data
  # frame of the order degrees
  d <- cbind(year = 2017:2021, ref_e, ref_i)
  e2 <- order_degree(d, ~ e1 + e2 + e3, index = "year", direction = c(e3 = "-"),
                     weights = c(0.40, 0.35, 0.25))
  expect_identical(e2$order$estimate, od$E$order$estimate)
  expect_identical(e2$order$time, 2017:2021)
  u <- data.frame(year = 2017:2021, E = od$E$order$estimate, I = od$I$order$estimate)
  s2 <- synergy_degree(u, index = "year")
  expect_identical(s2$estimate, prev$estimate)
  expect_identical(s2$time, 2018:2021)
})

test_that("the synergy grading bands are left-open, right-closed", {
  gt <- coagg:::synergy_grade_table()
  gi <- coagg:::grade_index(c(-1, -0.2, 0, 0.1, 0.3, 0.31, 0.6, 0.9, 0.95, 1),
                            gt$lower, gt$upper)
  expect_identical(gt$grade[gi],
                   c("non-synergy", "non-synergy", "non-synergy", "low synergy",
                     "low synergy", "moderate synergy", "moderate synergy",
                     "high synergy", "extreme synergy", "extreme synergy"))
  expect_identical(gt$grade_zh, c("非协同", "低度协同", "中度协同", "高度协同", "极度协同"))
})

# --- independent computations ----------------------------------------------

test_that("synergy of three subsystems agrees with a plain computation", {
  u <- cbind(a = c(.10, .20, .25, .40, .38, .55),
             b = c(.30, .31, .45, .50, .60, .72),
             c = c(.05, .15, .20, .22, .30, .29))
  s <- synergy_degree(as.data.frame(u))
  expected <- numeric(5)
  for (t in 2:6) {
    d <- u[t, ] - u[t - 1, ]
    expected[t - 1] <- (if (min(d) > 0) 1 else -1) * prod(abs(d))^(1 / 3)
  }
  expect_equal(s$estimate, expected, tolerance = 1e-12)
  expect_identical(s$theta, c(1, 1, 1, -1, -1))
  expect_identical(as.character(s$grade[4:5]), c("non-synergy", "non-synergy"))
  fixed <- synergy_degree(data.frame(year = 2001:2006, u), index = "year", base = "fixed",
                          base_time = 2003)
  d <- sweep(u[4:6, ], 2, u[3, ])
  expect_equal(fixed$estimate, apply(d, 1, function(v) sign(min(v)) * prod(abs(v))^(1 / 3)),
               tolerance = 1e-12)
  expect_identical(fixed$time, 2004:2006)
  expect_identical(fixed$base_time, rep(2003L, 3))
  expect_identical(names(fixed), c("time", "base_time", "estimate", "theta", "change_a",
                                   "change_b", "change_c", "grade", "grade_zh"))
})

test_that("order degree with geometric aggregation and sample bounds agrees with a plain computation", {
  x <- ref_e
  a <- sapply(x, max); b <- sapply(x, min)
  u <- cbind((x$e1 - b[1]) / (a[1] - b[1]), (x$e2 - b[2]) / (a[2] - b[2]),
             (a[3] - x$e3) / (a[3] - b[3]))
  w <- c(0.5, 0.3, 0.2)
  expect_warning(
    od <- order_degree(x, names(x), direction = c("+", "+", "-"), weights = w,
                       bounds = "sample", aggregate = "geometric"),
    class = "coagg_warning")
  expect_equal(od$order$estimate, u[, 1]^w[1] * u[, 2]^w[2] * u[, 3]^w[3],
               tolerance = 1e-12)
  expect_length(od$notes, 1L)
  expect_output(print(od), "geometric order degree of those rows is 0")
  # equal weights: Meng and Han's m-th root of the product
  od2 <- order_degree(x, names(x), direction = c("+", "+", "-"), bounds = "padded",
                      aggregate = "geometric")
  a <- sapply(x, max) * 1.1; b <- sapply(x, min) * 0.9
  u <- cbind((x$e1 - b[1]) / (a[1] - b[1]), (x$e2 - b[2]) / (a[2] - b[2]),
             (a[3] - x$e3) / (a[3] - b[3]))
  expect_equal(od2$order$estimate, apply(u, 1, prod)^(1 / 3), tolerance = 1e-12)
})

test_that("padded bounds are sign-safe for negative values", {
  x <- data.frame(profit = c(-5, -2, 1, 4), loss = c(-8, -6, -3, -1))
  od <- order_degree(x, c("profit", "loss"), direction = c("+", "-"))
  expect_equal(od$bounds$lower, c(-5.5, -8.8))
  expect_equal(od$bounds$upper, c(4.4, -0.9))
  u <- od$contributions[c("profit", "loss")]
  expect_true(all(u > 0 & u < 1))
})

test_that("user bounds are used as given and fixed across periods", {
  x <- data.frame(a = c(2, 4, 6), b = c(30, 20, 10))
  od <- order_degree(x, c("a", "b"), direction = c("+", "-"),
                     bounds = list(a = c(0, 10), b = c(0, 40)))
  expect_equal(od$contributions$a, c(.2, .4, .6))
  expect_equal(od$contributions$b, c(.25, .5, .75))
  od2 <- order_degree(x, c("a", "b"), direction = c("+", "-"),
                      bounds = data.frame(indicator = c("b", "a"), lower = c(0, 0),
                                          upper = c(40, 10)))
  expect_equal(od2$order, od$order)
  expect_identical(od$settings$bounds, "user")
})

test_that("weights may be a coagg_weights object or computed by name", {
  dir <- c("+", "+", "-")
  we <- entropy_weights(ref_e, direction = dir)
  od1 <- order_degree(ref_e, names(ref_e), direction = dir, weights = we)
  od2 <- order_degree(ref_e, names(ref_e), direction = dir, weights = "entropy")
  od3 <- order_degree(ref_e, names(ref_e), direction = dir, weights = weights(we))
  expect_equal(od1$order, od2$order)
  expect_equal(od1$order, od3$order)
  expect_equal(od2$bounds$weight, unname(weights(we)))
  odc <- order_degree(ref_e, names(ref_e), direction = dir, weights = "critic")
  expect_equal(odc$bounds$weight,
               unname(weights(critic_weights(ref_e, direction = dir))))
  expect_identical(od1$settings$weights, "entropy (given)")
  # named weights in another order
  od4 <- order_degree(ref_e, names(ref_e), direction = dir,
                      weights = c(e3 = .25, e1 = .40, e2 = .35))
  expect_equal(od4$order, ref_order()$E$order)
})

test_that("order degrees do not depend on the units of an indicator", {
  y <- transform(ref_e, e1 = e1 * 1000, e3 = e3 / 7)
  a <- order_degree(ref_e, names(ref_e), direction = c("+", "+", "-"), weights = "entropy")
  b <- order_degree(y, names(y), direction = c("+", "+", "-"), weights = "entropy")
  expect_equal(a$order$estimate, b$order$estimate, tolerance = 1e-12)
})

test_that("reversing an indicator's direction mirrors its contribution", {
  for (bd in c("sample", "padded")) {
    pos <- order_degree(ref_e, names(ref_e), direction = "+", bounds = bd)
    neg <- order_degree(ref_e, names(ref_e), direction = c("+", "-", "+"), bounds = bd)
    expect_equal(neg$contributions$e2, 1 - pos$contributions$e2, tolerance = 1e-14)
    expect_equal(neg$contributions$e1, pos$contributions$e1)
    # the partial form names the negative one only
    part <- order_degree(ref_e, direction = c(e2 = "-"), bounds = bd)
    expect_identical(part$contributions, neg$contributions)
    expect_identical(part$settings$direction_default, c("e1", "e3"))
  }
})

test_that("indicators may be a formula with transformations", {
  d <- data.frame(year = 2011:2016, gdp = c(10, 12, 15, 16, 20, 26),
                  output = c(100, 130, 120, 170, 260, 300))
  a <- order_degree(d, ~ gdp + log(output), index = "year")
  b <- order_degree(transform(d, lo = log(output))[c("year", "gdp", "lo")], index = "year")
  expect_identical(a$order$estimate, b$order$estimate)
  expect_identical(a$bounds$indicator, c("gdp", "log(output)"))
  expect_identical(names(a$contributions), c("time", "gdp", "log(output)"))
})

# --- panels and keys -------------------------------------------------------------

test_that("panel order degrees use bounds fixed over all units and periods", {
  p <- make_panel()
  od <- order_degree(p, c("x1", "x2"), index = c("region", "year"), direction = c("+", "-"),
                     weights = c(.6, .4))
  expect_identical(names(od$order), c("unit", "time", "estimate"))
  expect_identical(nrow(od$order), 18L)
  a <- c(max(p$x1) * 1.1, max(p$x2) * 1.1); b <- c(min(p$x1) * 0.9, min(p$x2) * 0.9)
  U <- 0.6 * (p$x1 - b[1]) / (a[1] - b[1]) + 0.4 * (a[2] - p$x2) / (a[2] - b[2])
  o <- order(p$region, p$year)
  expect_equal(od$order$estimate, U[o], tolerance = 1e-12)
  expect_identical(od$order$unit, p$region[o])
  expect_identical(od$order$time, p$year[o])
  # shuffling the rows changes nothing
  sh <- p[sample(nrow(p)), ]
  od_sh <- order_degree(sh, c("x1", "x2"), index = c("region", "year"),
                        direction = c("+", "-"), weights = c(.6, .4))
  expect_equal(od_sh$order, od$order)
})

test_that("a panel without keys is an error that says how to give them, never a long series (issue 12)", {
  p <- make_panel()
  # before: order_degree() without `by` took the 18 rows as 18 periods
  e <- catch(order_degree(p, c("x1", "x2")))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$arg, "index")
  expect_match(conditionMessage(e), "index = c\\(")
  expect_match(conditionMessage(e), '"year", "region"|"region", "year"')
  # the same for the default indicators, which would include the keys
  e <- catch(order_degree(p))
  expect_identical(e$arg, "indicators")
  # and for synergy_degree() on a data frame of order degrees
  u <- data.frame(region = p$region, year = p$year, a = runif(18), b = runif(18))
  e <- catch(synergy_degree(u, c("a", "b")))
  expect_identical(e$arg, "index")
  expect_identical(nrow(synergy_degree(u, c("a", "b"), index = c("region", "year"))), 15L)
  # plm, Stata and old spellings name the new argument
  e <- tryCatch(order_degree(p, c("x1", "x2"), time = "year", by = "region"),
                error = function(e) e)
  expect_s3_class(e, "coagg_foreign_argument")
  expect_match(conditionMessage(e), "index = c\\(unit, time\\)")
  expect_error(synergy_degree(u, c("a", "b"), time = u$year), class = "coagg_foreign_argument")
})

test_that("panel synergy is computed within units and matches per-unit series", {
  p <- make_panel()
  ox <- order_degree(p, c("x1", "x2"), index = c("region", "year"), direction = c("+", "-"))
  oy <- order_degree(p, c("y1", "y2"), index = c("region", "year"))
  s <- synergy_degree(list(X = ox, Y = oy))
  expect_identical(nrow(s), 15L)
  for (r in c("north", "south", "west")) {
    ux <- ox$order$estimate[ox$order$unit == r]
    uy <- oy$order$estimate[oy$order$unit == r]
    one <- synergy_degree(data.frame(year = 2015:2020, X = ux, Y = uy), index = "year")
    expect_equal(s$estimate[s$unit == r], one$estimate, tolerance = 1e-14)
    expect_identical(s$time[s$unit == r], 2016:2020)
  }
  sf <- synergy_degree(list(X = ox, Y = oy), base = "fixed")
  expect_true(all(sf$base_time == 2015L))
  sb <- synergy_degree(list(X = ox, Y = oy), base = "fixed", base_time = 2017)
  expect_identical(nrow(sb), 9L)
  for (r in c("north", "south", "west")) {
    ux <- ox$order$estimate[ox$order$unit == r]
    uy <- oy$order$estimate[oy$order$unit == r]
    dx <- ux[4:6] - ux[3]; dy <- uy[4:6] - uy[3]
    expect_equal(sb$estimate[sb$unit == r],
                 ifelse(pmin(dx, dy) > 0, 1, -1) * sqrt(abs(dx * dy)), tolerance = 1e-12)
  }
  p2 <- p[!(p$region == "west" & p$year == 2017), ]
  ox2 <- order_degree(p2, c("x1", "x2"), index = c("region", "year"))
  oy2 <- order_degree(p2, c("y1", "y2"), index = c("region", "year"))
  e <- catch(synergy_degree(list(X = ox2, Y = oy2), base = "fixed", base_time = 2017))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$unit, "west")
  # results computed with different keys do not mix
  o1 <- order_degree(p[p$region == "north", c("year", "x1", "x2")], index = "year")
  e <- catch(synergy_degree(list(X = ox, Y = o1)))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$column, "Y")
})

test_that("a panel with a gap records a caveat for previous-period synergy", {
  p <- make_panel()
  p <- p[!(p$region == "south" & p$year == 2017), ]
  ox <- order_degree(p, c("x1", "x2"), index = c("region", "year"), direction = c("+", "-"))
  oy <- order_degree(p, c("y1", "y2"), index = c("region", "year"))
  expect_warning(s <- synergy_degree(list(X = ox, Y = oy)), class = "coagg_warning")
  expect_match(attr(s, "notes"), "unit south, 2016 to 2018")
  expect_output(print(s), "previous observed period")
})

test_that("a plain series with a missing period records the gap caveat", {
  u <- data.frame(t = c(2015, 2016, 2019), a = c(.1, .2, .3), b = c(.2, .3, .4))
  expect_warning(s <- synergy_degree(u, index = "t"), class = "coagg_warning")
  expect_length(attr(s, "notes"), 1L)
  expect_match(attr(s, "notes"), "2016 to 2019")
  expect_output(print(s), "previous observed period")
  # the same for order degrees without units whose years skip one
  od <- function(d) order_degree(d, c("x1", "x2"), index = "year")
  p <- data.frame(year = c(2015, 2016, 2018, 2019), x1 = c(1, 2, 4, 3), x2 = c(5, 3, 4, 2))
  expect_warning(s2 <- synergy_degree(list(od(p), od(transform(p, x1 = x1 + 1)))),
                 class = "coagg_warning")
  expect_match(attr(s2, "notes"), "2016 to 2018")
  # evenly spaced periods (yearly, or every five years) and fixed bases: no caveat
  u$t <- c(2000, 2005, 2010)
  expect_no_warning(s3 <- synergy_degree(u, index = "t"))
  expect_length(attr(s3, "notes"), 0L)
  u$t <- c(2015, 2016, 2019)
  expect_no_warning(synergy_degree(u, index = "t", base = "fixed"))
  # a panel in which every unit skips the same year is caught too
  pp <- make_panel()
  pp <- pp[pp$year != 2017, ]
  ox <- order_degree(pp, c("x1", "x2"), index = c("region", "year"), direction = c("+", "-"))
  oy <- order_degree(pp, c("y1", "y2"), index = c("region", "year"))
  expect_warning(s4 <- synergy_degree(list(X = ox, Y = oy)), class = "coagg_warning")
  expect_match(attr(s4, "notes"), "2016 to 2018")
})

# --- missing values, classed numbers, extremes (issue 11) -----------------------

test_that("missing values: an error by default; with na_action = \"omit\" the row is dropped and recorded", {
  x <- ref_e
  x$e2[3] <- NA
  e <- catch(order_degree(x, names(x)))
  expect_s3_class(e, "coagg_missing_value")
  expect_identical(e$column, "e2")
  expect_identical(e$row, 3L)
  expect_match(conditionMessage(e), "na_action")
  od <- order_degree(x, names(x), na_action = "omit")
  expect_identical(od$order$time, c(1L, 2L, 4L, 5L))
  expect_identical(od$order$estimate, order_degree(x[-3, ])$order$estimate)
  expect_match(od$notes, "rows dropped")
  # a dropped period is a gap for the synergy against the previous period
  u2 <- data.frame(a = c(.1, .2, NA, .4, .5), b = c(.2, .3, .35, .5, .6))
  expect_warning(s <- synergy_degree(u2, na_action = "omit"), class = "coagg_warning")
  expect_identical(s$time, c(2L, 4L, 5L))
  expect_match(attr(s, "notes")[1L], "rows dropped")
  expect_match(attr(s, "notes")[2L], "2 to 4")
  # subsystem columns with NA in a data frame of order degrees
  u <- data.frame(year = 2001:2004, a = c(.1, NA, .3, .4), b = c(.2, .3, .5, .6))
  e <- catch(synergy_degree(u, index = "year"))
  expect_s3_class(e, "coagg_missing_value")
  expect_identical(e$column, "a")
  s <- suppressWarnings(synergy_degree(u, index = "year", na_action = "omit"))
  expect_identical(s$time, c(2003L, 2004L))
  expect_match(attr(s, "notes")[1L], "dropped")
})

test_that("integer64 indicators and factor keys with an NA level (issue 11)", {
  skip_if_no_crosscheck("bit64")
  p <- make_panel()
  p64 <- p
  p64$x1 <- bit64::as.integer64(round(p$x1))
  pr <- transform(p, x1 = round(x1))
  expect_identical(order_degree(p64, c("x1", "x2"), index = c("region", "year"))$order,
                   order_degree(pr, c("x1", "x2"), index = c("region", "year"))$order)
  pf <- p
  pf$region <- addNA(factor(ifelse(seq_len(nrow(p)) == 4L, NA, p$region)))
  e <- catch(order_degree(pf, c("x1", "x2"), index = c("region", "year")))
  expect_s3_class(e, "coagg_missing_value")
  expect_identical(e$column, "region")
  expect_identical(e$row, 4L)
  od <- order_degree(pf, c("x1", "x2"), index = c("region", "year"), na_action = "omit")
  expect_identical(nrow(od$order), 17L)
  expect_false(anyNA(od$order$unit))
  expect_false("NA" %in% as.character(od$order$unit))
})

test_that("extreme but finite values: order degrees without NaN, or a classed error (issue 11)", {
  # before: NaN without a warning, because max - min overflowed
  x <- data.frame(a = c(-1e308, 1e308, 0, 5e307), b = c(1, 4, 2, 3))
  for (bd in c("sample", "padded")) {
    od <- order_degree(x, bounds = bd)
    expect_true(all(is.finite(od$order$estimate)), info = bd)
    small <- x
    small$a <- x$a / 2^1000
    expect_identical(od$contributions$a, order_degree(small, bounds = bd)$contributions$a,
                     info = bd)
  }
  expect_equal(order_degree(x, bounds = "sample")$contributions$a, c(0, 1, 0.5, 0.75),
               tolerance = 1e-15)
  # a padded bound beyond the largest double cannot be represented
  y <- data.frame(a = c(1, 1.7e308, 5), b = c(1, 4, 2))
  e <- catch(order_degree(y))
  expect_s3_class(e, "coagg_scale")
  expect_identical(e$arg, "bounds")
  expect_identical(e$column, "a")
  expect_identical(e$row, 2L)
  expect_true(all(is.finite(order_degree(y, bounds = "sample")$order$estimate)))
  # user bounds spanning more than the double range
  od <- order_degree(x, bounds = list(a = c(-1.5e308, 1.5e308), b = c(0, 5)))
  expect_equal(od$contributions$a, (x$a / 1.5e308 + 1) / 2, tolerance = 1e-15)
  # tiny and denormal values
  t <- data.frame(a = c(5e-324, 1e-323, 1.5e-323, 2e-323), b = c(1e-308, 3e-308, 2e-308, 4e-308))
  od <- order_degree(t, bounds = "sample")
  expect_identical(od$contributions$a, c(0, 1, 2, 3) / 3)
  expect_true(all(is.finite(od$order$estimate)))
})

test_that("tiny and denormal order degrees give finite synergy of the right sign (issue 11)", {
  u <- data.frame(a = c(0, 5e-324, 1e-323, 1e-308), b = c(0, 1e-323, 2e-323, 1e-323))
  s <- synergy_degree(u)
  expect_true(all(is.finite(s$estimate)))
  expect_identical(s$theta, c(1, 1, -1))
  expect_identical(sign(s$estimate), c(1, 1, -1))
  # the geometric mean of changes 5e-324 and 1e-323 is sqrt(2) * 5e-324,
  # which rounds to one of the two denormals next to it
  expect_true(s$estimate[1] %in% c(5e-324, 1e-323))
  # order degrees of 1e-308-sized indicators are those of the same data * 1e308
  x <- data.frame(e1 = c(1, 3, 2, 5) * 1e-308, e2 = c(4, 3, 5, 6) * 1e-310)
  od <- order_degree(x, bounds = "sample")
  expect_equal(od$order$estimate,
               order_degree(data.frame(e1 = c(1, 3, 2, 5), e2 = c(4, 3, 5, 6)),
                            bounds = "sample")$order$estimate, tolerance = 1e-13)
})

# --- properties and degenerate input ------------------------------------------------

test_that("swapping subsystems leaves the synergy unchanged", {
  od <- ref_order()
  expect_equal(synergy_degree(list(od$E, od$I))$estimate,
               synergy_degree(list(od$I, od$E))$estimate, tolerance = 1e-15)
  expect_equal(synergy_degree(list(od$E, od$I), base = "fixed")$estimate,
               synergy_degree(list(od$I, od$E), base = "fixed")$estimate, tolerance = 1e-15)
})

test_that("a subsystem that does not change gives synergy 0", {
  u <- data.frame(u1 = c(.2, .3, .3, .5, .6), u2 = c(.1, .2, .4, .4, .7))
  s <- synergy_degree(u)
  expect_identical(s$estimate[c(2, 3)], c(0, 0))
  expect_identical(s$theta[c(2, 3)], c(0, 0))
  expect_true(all(s$estimate[c(1, 4)] > 0))
  flat <- synergy_degree(data.frame(u1 = u$u1, u2 = rep(0.4, 5)))
  expect_identical(flat$estimate, rep(0, 4))
})

test_that("theta is 0 whenever a change is 0, else the sign of the smallest change", {
  s <- synergy_degree(data.frame(a = c(.2, .2), b = c(.5, .4)))
  expect_identical(s$estimate, 0)
  expect_identical(s$theta, 0)
  set.seed(41)
  u <- matrix(round(runif(3 * 40), 1), 40, 3)   # rounding makes ties (zero changes) common
  s <- synergy_degree(as.data.frame(u))
  d <- u[-1, ] - u[-40, ]
  expected_theta <- ifelse(apply(d == 0, 1, any), 0, ifelse(apply(d > 0, 1, all), 1, -1))
  expect_true(any(expected_theta == 0) && any(expected_theta == -1) && any(expected_theta == 1))
  expect_identical(s$theta, expected_theta)
  expect_equal(s$estimate, expected_theta * apply(abs(d), 1, prod)^(1 / 3), tolerance = 1e-12)
  expect_identical(s$estimate == 0, expected_theta == 0)
})

test_that("zero-length and one-period inputs are rejected, naming the argument", {
  e <- catch(synergy_degree(data.frame(a = numeric(), b = numeric())))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$arg, "data")
  e <- catch(synergy_degree(data.frame(a = 0.3, b = 0.4)))
  expect_identical(e$arg, "data")
  expect_identical(nrow(synergy_degree(data.frame(a = c(0.3, 0.4), b = c(0.4, 0.5)))), 1L)
  e <- catch(synergy_degree(data.frame(a = c(.1, .2, .3))))
  expect_match(conditionMessage(e), "at least 2")
})

test_that("the old interface (subsystems in ...) gets an error saying how to give them", {
  od <- ref_order()
  e <- catch(synergy_degree(E = od$E, I = od$I))
  expect_s3_class(e, "coagg_input_error")
  expect_match(conditionMessage(e), "list\\(E = od_e, I = od_i\\)")
  e <- catch(synergy_degree(c(.1, .2, .3), c(.2, .3, .4)))
  expect_identical(e$arg, "data")
  expect_match(conditionMessage(e), "data.frame")
  expect_error(synergy_degree(list(od$E, c(.1, .2, .3, .4, .5))), class = "coagg_input_error")
  expect_error(synergy_degree(list(E = od$E, I = od$I), index = "year"),
               class = "coagg_input_error")
})

test_that("bad input is a classed error naming argument, column and row", {
  x <- transform(ref_e, e2 = 7)
  for (bd in c("padded", "sample")) {
    e <- catch(order_degree(x, names(x), bounds = bd))
    expect_s3_class(e, "coagg_input_error")
    expect_identical(e$column, "e2")
    expect_match(conditionMessage(e), "constant")
  }
  # with user bounds a constant indicator is allowed
  od <- order_degree(x, names(x), bounds = list(e1 = c(0, 300), e2 = c(0, 10), e3 = c(0, 10)))
  expect_equal(od$contributions$e2, rep(0.7, 5))
  e <- catch(order_degree(ref_e, names(ref_e), weights = c(.4, .4, .4)))
  expect_match(conditionMessage(e), "sum to 1.2")
  e <- catch(order_degree(ref_e, names(ref_e), weights = c(.5, .6, -.1)))
  expect_identical(e$column, "e3")
  e <- catch(order_degree(ref_e, names(ref_e), weights = c(e1 = .5, e2 = .5)))
  expect_identical(e$column, "e3")
  expect_error(order_degree(ref_e, names(ref_e), weights = c(.5, .5)),
               class = "coagg_input_error")
  e <- catch(order_degree(ref_e, names(ref_e), direction = c("+", "up", "-")))
  expect_identical(e$column, "e2")
  expect_match(conditionMessage(e), '"up"')
  a <- order_degree(ref_e, names(ref_e), direction = c("pos", "positive", "neg"))
  b <- order_degree(ref_e, names(ref_e), direction = c("+", "+", "-"))
  expect_equal(a$order, b$order)
  e <- catch(order_degree(ref_e, names(ref_e),
                          bounds = list(e1 = c(0, 300), e2 = c(0, 30), e3 = c(0, 10))))
  expect_identical(e$column, "e2")
  expect_identical(e$row, 5L)
  e <- catch(order_degree(ref_e, names(ref_e), bounds = list(e1 = c(0, 300), e2 = c(0, 40))))
  expect_identical(e$column, "e3")
  e <- catch(order_degree(ref_e, names(ref_e),
                          bounds = list(e1 = c(300, 0), e2 = c(0, 40), e3 = c(0, 9))))
  expect_identical(e$column, "e1")
  expect_error(order_degree(ref_e, names(ref_e), bounds = "widest"),
               class = "coagg_input_error")
  e <- catch(order_degree(ref_e, names(ref_e),
                          bounds = data.frame(indicator = c("e1", "e1", "e2", "e3"),
                                              lower = c(0, 50, 0, 0),
                                              upper = c(300, 300, 40, 10))))
  expect_identical(e$arg, "bounds")
  expect_identical(e$column, "e1")
  p <- make_panel()
  p$year[2] <- p$year[1]
  e <- catch(order_degree(p, c("x1", "x2"), index = c("region", "year")))
  expect_identical(e$row, 2L)
  expect_error(order_degree(ref_e, c("e1", "nope")), class = "coagg_input_error")
  e <- catch(synergy_degree(data.frame(a = c(.1, .2, 1.3), b = c(.1, .2, .3))))
  expect_identical(e$column, "a")
  expect_identical(e$row, 3L)
  expect_error(synergy_degree(data.frame(t = c(1, 1), a = c(.1, .2), b = c(.2, .3)),
                              index = "t"), class = "coagg_input_error")
  expect_error(synergy_degree(data.frame(a = c(.1, .2), b = c(.2, .3)), base_time = 5),
               class = "coagg_input_error")
  expect_error(synergy_degree(data.frame(a = c(.1, .2), b = c(.2, .3)), base = "fixed",
                              base_time = 5), class = "coagg_input_error")
})

test_that("inputs are not modified", {
  x <- ref_e; x0 <- x
  p <- make_panel(); p0 <- p
  u <- data.frame(a = c(.1, .3, .2), b = c(.2, .1, .3)); u0 <- u
  order_degree(x, names(x), direction = c("+", "+", "-"), weights = "entropy")
  order_degree(p, c("x1", "x2"), index = c("region", "year"))
  synergy_degree(u)
  expect_identical(x, x0)
  expect_identical(p, p0)
  expect_identical(u, u0)
})

test_that("results: estimate columns, notes and settings; print", {
  od <- ref_order()
  expect_s3_class(od$E, "coagg_order")
  expect_identical(as.data.frame(od$E), od$E$order)
  expect_type(od$E$settings, "list")
  expect_output(print(od$E), "padded \\(upper = max \\+ 0.1\\|max\\|")
  expect_output(print(od$E), "0.8431")
  expect_output(print(od$E), "time = row number")
  s <- synergy_degree(list(E = od$E, I = od$I))
  expect_s3_class(s, "coagg_synergy")
  expect_identical(attr(s, "settings")$subsystems, c("E", "I"))
  expect_type(attr(s, "notes"), "character")
  expect_output(print(s), "0.1402")
  out <- capture.output(print(s))
  expect_true(any(grepl("grades:", out, fixed = TRUE)))
  expect_true(any(grepl("(0, 0.3] low", out, fixed = TRUE)))
  expect_true(any(grepl("no published source verified", out, fixed = TRUE)))
})

# --- the house -----------------------------------------------------------------

# The package's R sources: tests/testthat/../../R under test_local(), and
# 00_pkg_src/coagg/R under R CMD check.
package_r_dir <- function() {
  cand <- c(file.path("..", "..", "R"), file.path("..", "..", "00_pkg_src", "coagg", "R"))
  hit <- cand[dir.exists(cand) & file.exists(file.path(cand, "synergy.R"))]
  if (length(hit)) hit[1L] else NULL
}

test_that("no top-level function name is defined in two R files", {
  # synergy.R once defined fmt() and print_notes(), which panel-model.R also
  # defines; synergy.R is collated later, so its versions silently replaced
  # the panel ones in the namespace.
  rdir <- package_r_dir()
  if (is.null(rdir)) {
    if (identical(Sys.getenv("COAGG_REQUIRE_CROSSCHECKS"), "true")) {
      fail("the package's R sources are not found from the test directory")
    }
    skip("package R sources not available")
  }
  files <- list.files(rdir, pattern = "[.][Rr]$", full.names = TRUE)
  defs <- list()
  for (f in files) {
    for (e in as.list(parse(f, keep.source = FALSE))) {
      if (is.call(e) && (identical(e[[1L]], as.name("<-")) || identical(e[[1L]], as.name("="))) &&
          is.name(e[[2L]]) && is.call(e[[3L]]) && identical(e[[3L]][[1L]], as.name("function"))) {
        defs[[length(defs) + 1L]] <- c(name = as.character(e[[2L]]), file = basename(f))
      }
    }
  }
  defs <- as.data.frame(do.call(rbind, defs), stringsAsFactors = FALSE)
  expect_gt(nrow(defs), 50L)
  dup <- unique(defs$name[duplicated(defs$name)])
  expect_identical(dup, character(0),
                   info = paste(defs$name[defs$name %in% dup], defs$file[defs$name %in% dup],
                                collapse = "; "))
  # the synergy capabilities live in their own files and print through
  # print-utils.R, without private formatters
  syn <- c("weights.R", "grey-relation.R", "synergy.R", "coupling.R")
  expect_true(all(syn %in% basename(files)))
  expect_identical(defs$file[match(c("entropy_weights", "grey_relation", "order_degree",
                                     "synergy_degree", "coupling_coordination"), defs$name)],
                   c("weights.R", "grey-relation.R", "synergy.R", "synergy.R", "coupling.R"))
  expect_false(any(c("syn_fmt", "syn_print_notes") %in% defs$name))
})

test_that("the plot methods draw every result", {
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  p <- make_panel()
  ox <- order_degree(p, c("x1", "x2"), index = c("region", "year"))
  oy <- order_degree(p, c("y1", "y2"), index = c("region", "year"))
  w <- entropy_weights(p, c("x1", "x2"), index = c("region", "year"))
  g <- grey_relation(ref_e, "e1", threshold = 0.6)
  s <- synergy_degree(list(X = ox, Y = oy))
  cc <- coupling_coordination(ref_s)
  for (obj in list(ox, w, g, s, cc, ref_order()$E)) expect_no_error(plot(obj))
})
