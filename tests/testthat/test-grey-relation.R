# Grey relational analysis (R/grey-relation.R). The known answer is the case
# of shared/reference/synergy-cases.md; the operators are checked against
# plain R written out in the test.

test_that("grey relational grades reproduce the reference case (Deng, rho = 0.5)", {
  d <- data.frame(x0 = c(.9, .8, .7), x1 = c(.9, .7, .8), x2 = c(.8, .9, .7),
                  x3 = c(.7, .8, .9))
  g <- grey_relation(d, "x0", rho = 0.5, normalise = "none")
  expect_equal(round(g$grades$estimate, 7), c(.6666667, .6666667, .5555556))
  expect_identical(g$grades$rank, c(1L, 1L, 3L))
  expect_identical(g$grades$indicator, c("x1", "x2", "x3"))
  # the same with the comparison sequences named, as names or as a formula
  expect_identical(grey_relation(d, "x0", c("x1", "x2", "x3"), normalise = "none")$grades,
                   g$grades)
  expect_identical(grey_relation(d, ~ x0, ~ x1 + x2 + x3, normalise = "none")$grades,
                   g$grades)
})

test_that("initial, mean and minmax operators agree with a plain computation", {
  d <- data.frame(x0 = c(12, 15, 19, 22, 30), a = c(3, 3.5, 4.4, 5.0, 6.1),
                  b = c(40, 38, 45, 47, 52), c = c(0.7, 0.9, 0.8, 1.3, 1.2))
  cmp <- d[-1]
  ops <- list(initial = function(v) v / v[1], mean = function(v) v / mean(v),
              minmax = function(v) (v - min(v)) / (max(v) - min(v)))
  for (op in names(ops)) {
    f <- ops[[op]]
    dl <- abs(sapply(cmp, f) - f(d$x0))
    xi <- (min(dl) + 0.4 * max(dl)) / (dl + 0.4 * max(dl))
    g <- grey_relation(d, "x0", rho = 0.4, normalise = op)
    expect_equal(g$grades$estimate, unname(colMeans(xi)), tolerance = 1e-12, info = op)
    expect_equal(unname(g$coefficients), unname(xi), tolerance = 1e-12, info = op)
  }
  g <- grey_relation(d, "x0", normalise = "minmax", threshold = 0.7)
  expect_identical(g$grades$selected, g$grades$estimate >= 0.7)
  # a negative indicator reversed in the formula
  g1 <- grey_relation(d, "x0", ~ a + I(-b), normalise = "minmax")
  g2 <- grey_relation(transform(d, nb = -b), "x0", c("a", "nb"), normalise = "minmax")
  expect_identical(g1$grades$estimate, g2$grades$estimate)
  expect_identical(g1$grades$indicator, c("a", "I(-b)"))
})

test_that("with an index the points are sorted by period; without one a key column is refused (issue 12)", {
  d <- data.frame(year = 2015:2020, trade = c(120, 150, 210, 260, 330, 410),
                  firms = c(40, 46, 55, 61, 70, 83), parcels = c(5, 9, 8, 14, 13, 21))
  g <- grey_relation(d, "trade", index = "year")
  sh <- d[c(4, 1, 6, 2, 5, 3), ]
  gs <- grey_relation(sh, "trade", index = "year")
  expect_identical(gs$grades, g$grades)
  expect_identical(rownames(gs$coefficients), as.character(2015:2020))
  expect_identical(gs$grades$indicator, c("firms", "parcels"))
  # the initial-value operator divides by the first period, not the first row
  expect_equal(g$grades$estimate,
               grey_relation(d[-1], "trade")$grades$estimate, tolerance = 1e-15)
  e <- catch(grey_relation(sh, "trade"))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$column, "year")
  e <- catch(grey_relation(sh, "trade", c("firms", "parcels")))
  expect_identical(e$arg, "index")
  expect_identical(e$column, "year")
  # a panel: compare along one dimension only
  p <- rbind(transform(d, city = "A"), transform(d, city = "B"))
  expect_error(grey_relation(p, "trade", index = c("city", "year")),
               class = "coagg_input_error")
  e <- catch(grey_relation(p, "trade", c("firms", "parcels")))
  expect_identical(e$arg, "index")
})

test_that("vectors are no longer the interface: the error says how to give them", {
  x0 <- c(0.9, 0.8, 0.7)
  e <- catch(grey_relation(x0, cbind(x1 = c(0.9, 0.7, 0.8))))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$arg, "data")
  expect_match(conditionMessage(e), "data.frame")
  # a numeric matrix with column names is data
  m <- cbind(x0 = x0, x1 = c(0.9, 0.7, 0.8), x2 = c(0.8, 0.9, 0.7))
  expect_identical(grey_relation(m, "x0", normalise = "none")$grades,
                   grey_relation(as.data.frame(m), "x0", normalise = "none")$grades)
})

test_that("classed columns are read exactly or refused (fuzz regression, issue 11)", {
  # a numeric vector with a class of its own once made data.frame() fail
  # with an unclassed error; now a known class is read and an unknown one is
  # refused with a classed error
  d <- data.frame(x0 = c(0.9, 0.8, 0.7), a = c(0.9, 0.7, 0.8))
  da <- d
  da$a <- I(d$a)
  expect_identical(grey_relation(da, "x0", normalise = "none")$grades,
                   grey_relation(d, "x0", normalise = "none")$grades)
  dw <- d
  dw$a <- structure(d$a, class = "weird")
  expect_error(grey_relation(dw, "x0", normalise = "none"), class = "coagg_foreign_number")
})

test_that("extreme and denormal sequences (issue 11)", {
  # differences of denormal sequences: before, rho * dmax underflowed to 0
  # and a coefficient was 0 / 0 = NaN
  d <- data.frame(x0 = c(0, 0, 0), a = c(0, 5e-324, 0))
  g <- grey_relation(d, "x0", normalise = "none")
  gs <- grey_relation(data.frame(x0 = c(0, 0, 0), a = c(0, 1, 0)), "x0", normalise = "none")
  expect_identical(g$grades$estimate, gs$grades$estimate)
  expect_equal(g$grades$estimate, 7 / 9, tolerance = 1e-15)
  # values near the largest double: the same grades as the data / 2^1000
  big <- data.frame(x0 = c(1e308, -1e308, 5e307), a = c(-1e308, 1e308, 1e307),
                    b = c(9e307, -8e307, 4e307))
  near <- data.frame(x0 = c(1e308, 9e307, 5e307), a = c(8e307, 1e308, 1e307),
                     b = c(9e307, 7e307, 4e307))
  for (op in c("mean", "minmax", "none")) {
    d <- if (op == "none") near else big
    g <- grey_relation(d, "x0", normalise = op)
    expect_identical(g$grades$estimate,
                     grey_relation(d / 2^1000, "x0", normalise = op)$grades$estimate,
                     info = op)
    expect_true(all(is.finite(g$grades$estimate)), info = op)
  }
  # before: the range of x0 overflowed and the min-max transform was NaN
  g <- grey_relation(big, "x0", normalise = "minmax")
  expect_equal(g$settings$delta_max, 1, tolerance = 1e-15)
  # a ratio no double can hold is a classed error naming column and row
  e <- catch(grey_relation(data.frame(x0 = c(1, 2, 3), a = c(1e-300, 1, 1e300)), "x0"))
  expect_s3_class(e, "coagg_scale")
  expect_identical(e$column, "a")
  expect_identical(e$row, 3L)
  # "none" on values whose differences exceed the double range
  e <- catch(grey_relation(data.frame(x0 = c(1.5e308, 0), a = c(-1.5e308, 0)), "x0",
                           normalise = "none"))
  expect_s3_class(e, "coagg_scale")
  expect_identical(e$column, "a")
})

test_that("missing values: an error by default, dropped with na_action = \"omit\"", {
  d <- data.frame(year = 2001:2005, r = c(1, 2, 3, 4, 5), a = c(1, NA, 3, 5, 4))
  e <- catch(grey_relation(d, "r", index = "year"))
  expect_s3_class(e, "coagg_missing_value")
  expect_identical(e$column, "a")
  expect_identical(e$row, 2L)
  g <- grey_relation(d, "r", index = "year", na_action = "omit")
  expect_identical(g$grades, grey_relation(d[-2, ], "r", index = "year")$grades)
  expect_match(g$notes, "1 of 5 rows dropped")
})

test_that("bad input is a classed error naming the argument", {
  d <- data.frame(r = c(0, 1, 2), a = 1:3)
  e <- catch(grey_relation(d, "r", normalise = "initial"))
  expect_identical(e$arg, "reference")
  expect_identical(e$row, 1L)
  expect_error(grey_relation(data.frame(r = 1:3, a = 3:1), "r", rho = 0),
               class = "coagg_input_error")
  e <- catch(grey_relation(data.frame(r = 1:4, k = rep(2, 4)), "r", normalise = "minmax"))
  expect_identical(e$column, "k")
  expect_error(grey_relation(data.frame(r = 1:3, a = 3:1)), class = "coagg_input_error")
  expect_error(grey_relation(data.frame(r = 1:3, a = 3:1), c("r", "a")),
               class = "coagg_input_error")
  e <- catch(grey_relation(data.frame(r = 1:3, a = 3:1), "r", c("a", "r")))
  expect_identical(e$column, "r")
  expect_error(grey_relation(data.frame(r = 1:3, a = 3:1), "r", method = "x"),
               class = "coagg_input_error")
  expect_error(grey_relation(data.frame(r = 1:3, a = 3:1), "r", time = "x"),
               class = "coagg_foreign_argument")
})

test_that("results and print", {
  d <- cbind(ref_e, r = c(1, 2, 4, 3, 5)); d0 <- d
  g <- grey_relation(d, "r", threshold = 0.5)
  expect_identical(d, d0)
  expect_s3_class(g, "coagg_grey")
  expect_identical(as.data.frame(g), g$grades)
  expect_type(g$notes, "character")
  expect_identical(g$settings$reference, "r")
  expect_output(print(g), "selected")
  expect_output(print(g), "5 rows, in the order given")
})
