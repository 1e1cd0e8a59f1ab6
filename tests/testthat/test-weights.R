# Entropy and CRITIC weights (R/weights.R), and the input layer every
# synergy function shares: indicators, keys, directions, missing values,
# classed numbers, extreme magnitudes. Known answers are the cases of
# shared/reference/synergy-cases.md at the precision printed there;
# everything else is checked against plain R written out in the test, or as
# a property of the formulas.

test_that("entropy and CRITIC weights reproduce the reference case", {
  x <- data.frame(x1 = c(3, 5, 2, 7), x2 = c(10, 20, 15, 25))
  we <- entropy_weights(x, direction = c("positive", "negative"), shift = "rescale",
                        eps = 0.002)
  expect_equal(round(unname(weights(we)), 7), c(0.5452618, 0.4547382))
  wc <- critic_weights(x, direction = c("positive", "negative"))
  expect_equal(round(unname(weights(wc)), 7), c(0.5075187, 0.4924813))
})

test_that("entropy weights agree with a plain computation for every shift", {
  set.seed(11)
  x <- data.frame(a = rexp(12), b = runif(12, 5, 9), c = rnorm(12, 100, 10))
  dir <- c("+", "-", "+")
  z <- cbind((x$a - min(x$a)) / diff(range(x$a)),
             (max(x$b) - x$b) / diff(range(x$b)),
             (x$c - min(x$c)) / diff(range(x$c)))
  plain <- function(zs) {
    e <- numeric(3)
    for (j in 1:3) {
      p <- zs[, j] / sum(zs[, j])
      e[j] <- -sum(ifelse(p > 0, p * log(p), 0)) / log(nrow(zs))
    }
    (1 - e) / sum(1 - e)
  }
  expect_equal(unname(weights(entropy_weights(x, direction = dir, shift = "none"))), plain(z),
               tolerance = 1e-12)
  expect_equal(unname(weights(entropy_weights(x, direction = dir, shift = "add", eps = 0.01))),
               plain(z + 0.01), tolerance = 1e-12)
  expect_equal(unname(weights(entropy_weights(x, direction = dir, shift = "rescale",
                                              eps = 0.05))),
               plain(0.05 + 0.9 * z), tolerance = 1e-12)
  expect_equal(unname(weights(entropy_weights(x, direction = dir, shift = c(0.002, 1)))),
               plain(0.002 + 0.998 * z), tolerance = 1e-12)
  we <- entropy_weights(x, direction = dir, shift = "none")
  expect_equal(we$scores$estimate, drop(z %*% plain(z)), tolerance = 1e-12)
  expect_identical(we$scores$row, 1:12)
  expect_identical(we$weights$estimate, unname(weights(we)))
})

test_that("CRITIC weights agree with a plain computation", {
  set.seed(12)
  x <- data.frame(a = rexp(15), b = runif(15), c = rnorm(15), d = rpois(15, 4))
  dir <- c(a = "-", b = "+", c = "+", d = "-")
  z <- sapply(names(x), function(j) {
    v <- (x[[j]] - min(x[[j]])) / (max(x[[j]]) - min(x[[j]]))
    if (dir[[j]] == "-") 1 - v else v
  })
  info <- numeric(4)
  for (j in 1:4) {
    sj <- sqrt(sum((z[, j] - mean(z[, j]))^2) / (nrow(z) - 1))
    info[j] <- sj * sum(1 - cor(z)[, j])
  }
  expect_equal(unname(weights(critic_weights(x, direction = dir))), info / sum(info),
               tolerance = 1e-12)
})

test_that("weights sum to one", {
  set.seed(31)
  for (rep in 1:5) {
    x <- as.data.frame(matrix(rexp(40 * 5), 40, 5))
    dir <- sample(c("+", "-"), 5, replace = TRUE)
    for (s in list("rescale", "add", "none", c(0.1, 0.9))) {
      expect_equal(sum(weights(entropy_weights(x, direction = dir, shift = s))), 1,
                   tolerance = 1e-14)
    }
    w <- weights(critic_weights(x, direction = dir))
    expect_equal(sum(w), 1, tolerance = 1e-14)
    expect_true(all(w >= 0))
  }
})

test_that("entropy weights do not depend on the units of an indicator", {
  x <- ref_e
  y <- transform(x, e1 = e1 * 1000, e3 = e3 / 7)
  expect_equal(weights(entropy_weights(x, direction = c("+", "+", "-"))),
               weights(entropy_weights(y, direction = c("+", "+", "-"))), tolerance = 1e-12)
})

test_that("CRITIC rejects perfectly correlated indicators consistently, rounding or not", {
  # 2 * (1:5) gives a correlation of 1 - 2.2e-16 with 1:5; c(3, 2, 1) reversed
  # gives exactly 1. Both are the same degenerate case.
  x1 <- data.frame(a = 1:5, b = 2 * (1:5))
  x2 <- data.frame(a = c(1, 2, 3), b = c(3, 2, 1))
  x3 <- data.frame(a = c(1.1, 2.7, 3.3, 4.9, 5.2), b = 3 * c(1.1, 2.7, 3.3, 4.9, 5.2) + 7)
  e1 <- catch(critic_weights(x1))
  e2 <- catch(critic_weights(x2, direction = c("+", "-")))
  e3 <- catch(critic_weights(x3))
  for (e in list(e1, e2, e3)) {
    expect_s3_class(e, "coagg_input_error")
    expect_identical(e$arg, "data")
    expect_match(conditionMessage(e), "perfectly")
  }
  expect_identical(conditionMessage(e1), conditionMessage(e2))
  expect_error(order_degree(x1, c("a", "b"), weights = "critic"), class = "coagg_input_error")
  # a genuinely imperfect correlation still gets weights, equal to a plain computation
  x4 <- data.frame(a = c(1, 2, 3, 4, 5), b = c(2, 4, 6, 8, 11))
  w <- weights(critic_weights(x4))
  z <- sapply(x4, function(v) (v - min(v)) / (max(v) - min(v)))
  info <- apply(z, 2, sd) * colSums(1 - cor(z))
  expect_equal(unname(w), unname(info / sum(info)), tolerance = 1e-12)
})

# --- the interface: indicators, keys, directions ------------------------------

test_that("indicators may be a one-sided formula with transformations", {
  x <- data.frame(a = c(3, 5, 2, 7, 4), b = c(10, 20, 15, 25, 30))
  f <- entropy_weights(x, ~ a + log(b))
  plain <- entropy_weights(data.frame(a = x$a, `log(b)` = log(x$b), check.names = FALSE))
  expect_identical(f$weights, plain$weights)
  expect_identical(f$weights$indicator, c("a", "log(b)"))
  expect_identical(weights(critic_weights(x, c("b", "a"))),
                   weights(critic_weights(x[c("b", "a")])))
  # log(0) is no number: an error naming the term and the row
  x$b[3] <- 0
  e <- catch(entropy_weights(x, ~ a + log(b)))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$column, "log(b)")
  expect_identical(e$row, 3L)
  e <- catch(entropy_weights(x, ~ a + log(nope)))
  expect_identical(e$column, "nope")
  expect_error(entropy_weights(x, ~ a:b), class = "coagg_input_error")
  expect_error(entropy_weights(x, b ~ a), class = "coagg_input_error")
})

test_that("a key column is never taken as an indicator (issue 12)", {
  p <- data.frame(city = rep(c("A", "B"), each = 3), year = rep(2020:2022, 2),
                  gdp = c(10, 12, 15, 7, 8, 8.5), energy = c(5, 4.8, 4.1, 6, 5.9, 5.5))
  # before: entropy_weights(x) counted a year column as an indicator
  e <- catch(entropy_weights(p[-1]))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$column, "year")
  expect_match(conditionMessage(e), "index =")
  e <- catch(critic_weights(p))
  expect_identical(e$column, "city")
  w <- entropy_weights(p, index = c("city", "year"))
  expect_identical(w$weights$indicator, c("gdp", "energy"))
  expect_identical(weights(w), weights(entropy_weights(p[c("gdp", "energy")])))
  # the keys label the scores, sorted by unit and time
  sh <- p[c(6, 2, 4, 1, 5, 3), ]
  ws <- entropy_weights(sh, index = c("city", "year"))
  expect_identical(names(ws$scores), c("unit", "time", "estimate"))
  expect_identical(ws$scores$unit, rep(c("A", "B"), each = 3))
  expect_identical(ws$scores$time, rep(2020:2022, 2))
  expect_equal(ws$scores$estimate, w$scores$estimate, tolerance = 1e-15)
  # named indicators: the other columns are ignored
  expect_identical(weights(entropy_weights(p, c("gdp", "energy"))), weights(w))
  # a key may not also be an indicator, and keys must be unique
  e <- catch(entropy_weights(p, c("gdp", "year"), index = c("city", "year")))
  expect_identical(e$column, "year")
  p$year[2] <- 2020L
  e <- catch(entropy_weights(p, index = c("city", "year")))
  expect_identical(e$row, 2L)
  expect_match(conditionMessage(e), "row 2 repeats row 1")
})

test_that("direction may name some indicators only; the others are positive and the print says so (issue 12)", {
  x <- data.frame(gdp = c(3, 5, 2, 7), energy_intensity = c(10, 20, 15, 25),
                  jobs = c(1, 4, 2, 3))
  # before: refused ("gives no direction for indicator ...")
  a <- entropy_weights(x, direction = c(energy_intensity = "-"))
  b <- entropy_weights(x, direction = c("+", "-", "+"))
  expect_identical(a$weights, b$weights)
  expect_identical(a$settings$direction_default, c("gdp", "jobs"))
  expect_identical(b$settings$direction_default, character())
  expect_output(print(a), "taken as positive \\(not named in `direction`\\): gdp, jobs")
  expect_output(print(entropy_weights(x)), "every indicator taken as positive")
  expect_identical(critic_weights(x, direction = c(energy_intensity = "neg"))$weights,
                   critic_weights(x, direction = c("+", "-", "+"))$weights)
  e <- catch(entropy_weights(x, direction = c(energy_intensty = "-")))
  expect_identical(e$column, "energy_intensty")
  expect_match(conditionMessage(e), 'Did you mean "energy_intensity"')
  e <- catch(entropy_weights(x, direction = c(gdp = "+", "-")))
  expect_identical(e$arg, "direction")
  e <- catch(entropy_weights(x, direction = c("+", "up", "-")))
  expect_identical(e$column, "energy_intensity")
  expect_error(critic_weights(x, direction = c("+", "-")), class = "coagg_input_error")
})

test_that("missing values: an error by default, dropped and recorded with na_action = \"omit\" (issue 11)", {
  x <- data.frame(a = c(3, 5, NA, 7, 4, 6), b = c(10, 20, 15, 25, 30, 12))
  e <- catch(entropy_weights(x))
  expect_s3_class(e, "coagg_missing_value")
  expect_identical(e$column, "a")
  expect_identical(e$row, 3L)
  expect_match(conditionMessage(e), "na_action = \"omit\"")
  w <- entropy_weights(x, na_action = "omit")
  expect_identical(weights(w), weights(entropy_weights(x[-3, ])))
  expect_identical(w$scores$row, c(1L, 2L, 4L, 5L, 6L))
  expect_identical(w$settings$rows_dropped, 3L)
  expect_match(w$notes, "1 of 6 rows dropped")
  expect_output(print(w), "rows dropped")
  c2 <- critic_weights(x, na_action = "omit")
  expect_identical(weights(c2), weights(critic_weights(x[-3, ])))
  # a missing key is missing too; an NA factor level (addNA) is a missing key
  p <- data.frame(id = addNA(factor(c("u", "u", NA, "v", "v", "v"))), t = c(1, 2, 1, 1, 2, 3),
                  a = c(3, 5, 1, 7, 4, 6), b = c(10, 20, 15, 25, 30, 12))
  e <- catch(entropy_weights(p, index = c("id", "t")))
  expect_s3_class(e, "coagg_missing_value")
  expect_identical(e$column, "id")
  expect_identical(e$row, 3L)
  w <- entropy_weights(p, index = c("id", "t"), na_action = "omit")
  expect_identical(nrow(w$scores), 5L)
  expect_false(anyNA(w$scores$unit))
  expect_identical(weights(w), weights(entropy_weights(p[-3, c("a", "b")])))
  # columns that are not used never cause a row to be dropped
  x$unused <- c(NA, 1, 2, 3, 4, 5)
  expect_identical(weights(entropy_weights(x, c("a", "b"), na_action = "omit")),
                   weights(entropy_weights(x[-3, c("a", "b")])))
})

test_that("integer64 and other classed numbers are read exactly or refused (issue 11)", {
  skip_if_no_crosscheck("bit64")
  x <- data.frame(a = c(3, 5, 2, 7), b = c(10, 20, 15, 25))
  x64 <- x
  x64$b <- bit64::as.integer64(x$b)
  expect_identical(weights(entropy_weights(x64)), weights(entropy_weights(x)))
  expect_identical(weights(critic_weights(x64)), weights(critic_weights(x)))
  big <- x64
  big$b[2] <- bit64::as.integer64("9007199254740993")
  e <- catch(entropy_weights(big))
  expect_s3_class(e, "coagg_foreign_number")
  expect_identical(e$column, "b")
  expect_identical(e$row, 2L)
  # AsIs and labelled numbers are plain numbers with a class
  xi <- x
  xi$a <- I(x$a)
  expect_identical(weights(entropy_weights(xi)), weights(entropy_weights(x)))
  # a class coagg does not know is refused, not read as raw storage
  xw <- x
  xw$a <- structure(x$a, class = "weird")
  expect_error(entropy_weights(xw), class = "coagg_foreign_number")
  # integer64 keys
  p <- data.frame(t = bit64::as.integer64(2001:2004), a = x$a, b = x$b)
  expect_identical(entropy_weights(p, index = "t")$scores$time, c(2001, 2002, 2003, 2004))
})

test_that("numbers written as text with thousands separators are refused with a hint", {
  x <- data.frame(a = c(3, 5, 2, 7), b = c("8,550", "9,120", "7,004", "10,230"))
  e <- catch(entropy_weights(x, c("a", "b")))
  expect_identical(e$column, "b")
  expect_match(conditionMessage(e), "thousands separators")
  e <- catch(entropy_weights(x))
  expect_identical(e$column, "b")
  expect_match(conditionMessage(e), "thousands separators")
})

test_that("extreme but finite values are normalised without overflow (issue 11)", {
  # before: "missing value where TRUE/FALSE needed" (unclassed), because
  # max - min overflowed to Inf
  x <- data.frame(a = c(-1e308, 1e308, 0, 5e307, -3e307), b = c(1, 4, 2, 3, 5))
  we <- entropy_weights(x)
  wc <- critic_weights(x)
  # the same data divided by 2^1000, where the range is representable
  small <- x
  small$a <- x$a / 2^1000
  expect_identical(weights(we), weights(entropy_weights(small)))
  expect_identical(weights(wc), weights(critic_weights(small)))
  # and a plain computation of the normalised column
  expect_equal(we$normalised[, "a"], (x$a / 2 + 5e307) / 1e308, tolerance = 1e-15)
  expect_true(all(is.finite(we$scores$estimate)))
  # denormal columns keep their ratios (2^1074 times the values is 1:4)
  d <- data.frame(a = c(5e-324, 1e-323, 1.5e-323, 2e-323), b = c(1, 3, 2, 4))
  expect_identical(weights(entropy_weights(d)),
                   weights(entropy_weights(data.frame(a = 1:4, b = d$b))))
  # 1e-308 next to 1: min-max of a column is exact within rounding
  t <- data.frame(a = c(1e-308, 2e-308, 3e-308), b = c(2, 1, 3))
  expect_equal(entropy_weights(t)$normalised[, "a"], c(0, 0.5, 1), tolerance = 1e-15)
})

test_that("plm, Stata and old spellings point to the new arguments", {
  x <- data.frame(year = 2001:2004, a = c(3, 5, 2, 7), b = c(10, 20, 15, 25))
  e <- tryCatch(entropy_weights(x, by = "year"), error = function(e) e)
  expect_s3_class(e, "coagg_foreign_argument")
  expect_match(conditionMessage(e), "index = ")
  expect_error(critic_weights(x, time = "year"), class = "coagg_foreign_argument")
  expect_error(entropy_weights(x, c("a", "b"), na.rm = TRUE), class = "coagg_foreign_argument")
  expect_error(entropy_weights(x, c("a", "b"), bogus = 1), class = "coagg_input_error")
  # directions where the indicators go: the message points to `direction`
  e <- catch(entropy_weights(x, index = c("+", "-")))
  expect_match(conditionMessage(e), "direction =")
})

test_that("a numeric matrix and a plm pdata.frame are read", {
  m <- cbind(x1 = c(3, 5, 2, 7), x2 = c(10, 20, 15, 25))
  expect_identical(weights(entropy_weights(m)),
                   weights(entropy_weights(as.data.frame(m))))
  skip_if_no_crosscheck("plm")
  d <- data.frame(city = rep(c("a", "b"), each = 3), year = rep(2001:2003, 2),
                  x = c(1.5, 2.5, 3.5, 4.5, 5.5, 8), y = c(3, 1, 2, 6, 4, 5))
  pd <- plm::pdata.frame(d, index = c("city", "year"))
  w <- entropy_weights(pd)
  expect_identical(w$weights$indicator, c("x", "y"))
  expect_identical(weights(w), weights(entropy_weights(d, index = c("city", "year"))))
  expect_identical(as.character(w$scores$unit), d$city)
})

test_that("bad input is a classed error naming the argument", {
  x <- transform(ref_e, e2 = 7)
  for (f in list(function() entropy_weights(x), function() critic_weights(x))) {
    e <- catch(f())
    expect_s3_class(e, "coagg_input_error")
    expect_identical(e$column, "e2")
    expect_match(conditionMessage(e), "constant")
  }
  expect_error(entropy_weights(ref_e, shift = "log"), class = "coagg_input_error")
  expect_error(entropy_weights(ref_e, shift = c(0.5, 0.2)), class = "coagg_input_error")
  expect_error(entropy_weights(ref_e[1, ]), class = "coagg_input_error")
  expect_error(entropy_weights(c(1, 2, 3)), class = "coagg_input_error")
  expect_error(entropy_weights(ref_e, c("e1", "e1")), class = "coagg_input_error")
  expect_error(critic_weights(ref_e, "e1"), class = "coagg_input_error")
  e <- catch(entropy_weights(ref_e, c("e1", "nope")))
  expect_identical(e$column, "nope")
})

test_that("results: estimate columns, notes and settings; inputs not modified; print", {
  x <- ref_e; x0 <- x
  we <- entropy_weights(x, direction = c("+", "+", "-"))
  wc <- critic_weights(x, direction = c("+", "+", "-"))
  expect_identical(x, x0)
  for (w in list(we, wc)) {
    expect_s3_class(w, "coagg_weights")
    expect_true("estimate" %in% names(w$weights))
    expect_true("estimate" %in% names(w$scores))
    expect_type(w$notes, "character")
    expect_type(w$settings, "list")
    expect_identical(as.data.frame(w), w$weights)
  }
  expect_output(print(we), "0.998")
  expect_output(print(wc), "CRITIC")
})
