ols <- function(X, y, tol = 1e-7) .Call(coagg:::C_ols_fit, X, y, tol)

test_that("C least squares agrees with lm.fit on a full-rank design", {
  set.seed(1)
  n <- 40; X <- cbind(1, matrix(rnorm(n * 3), n)); y <- drop(X %*% c(1, 2, -1, .5)) + rnorm(n)
  f <- ols(X, y)
  ref <- lm.fit(X, y)
  expect_equal(f$coefficients, unname(ref$coefficients), tolerance = 1e-12)
  expect_equal(f$residuals, unname(ref$residuals), tolerance = 1e-12)
  expect_equal(f$rss, sum(ref$residuals^2), tolerance = 1e-12)
  expect_equal(f$xtxinv, solve(crossprod(X)), tolerance = 1e-10)
  expect_identical(f$rank, 4L)
})

test_that("C least squares drops the later member of a collinear set, as lm does", {
  set.seed(2)
  n <- 30; x1 <- rnorm(n); x2 <- rnorm(n)
  X <- cbind(1, x1, x2, x1 + 2 * x2, 0)
  y <- 1 + x1 - x2 + rnorm(n)
  f <- ols(X, y)
  ref <- lm.fit(X, y)
  expect_identical(f$rank, 3L)
  expect_identical(f$aliased, c(FALSE, FALSE, FALSE, TRUE, TRUE))
  expect_identical(is.na(f$coefficients), unname(is.na(ref$coefficients)))
  expect_equal(f$coefficients[1:3], unname(ref$coefficients[1:3]), tolerance = 1e-10)
  expect_true(all(is.na(f$xtxinv[4:5, ])) && all(is.na(f$xtxinv[, 4:5])))
  expect_equal(f$xtxinv[1:3, 1:3], unname(solve(crossprod(X[, 1:3]))), tolerance = 1e-10)
})

test_that("C least squares does not modify its inputs", {
  X <- cbind(1, c(1, 3, 2, 5)); y <- c(2, 4, 3, 7)
  X0 <- X + 0; y0 <- y + 0
  ols(X, y)
  expect_identical(X, X0); expect_identical(y, y0)
})

test_that("input errors are classed and name argument, column and row", {
  d <- data.frame(id = c("a", "a", "b"), t = c(1, 1, 1), y = c(1, NA, 3))
  e <- expect_error(coagg:::check_numeric_column(d, "y", "y"), class = "coagg_input_error")
  expect_identical(e$row, 2L); expect_identical(e$column, "y")
  expect_match(conditionMessage(e), "row 2")
  e <- expect_error(coagg:::check_panel_index(d, c("id", "t")), class = "coagg_input_error")
  expect_identical(e$row, 2L)
  expect_match(conditionMessage(e), "row 2 repeats row 1")
  e <- expect_error(coagg:::get_column(d, "Y", "y"), class = "coagg_input_error")
  expect_match(conditionMessage(e), 'Did you mean "y"')
  d$txt <- c("1", "x", "3")
  e <- expect_error(coagg:::check_numeric_column(d, "txt", "y"), class = "coagg_input_error")
  expect_identical(e$row, 2L)
  expect_error(coagg:::check_choice("wrong", c("eviews", "plm"), "convention"),
               class = "coagg_input_error")
  expect_identical(coagg:::match_convention("plm"), "plm")
})

test_that("panel index describes balance, gaps and order", {
  d <- data.frame(id = c("b", "a", "a", "b", "a"), t = c(2, 3, 1, 1, 2))
  p <- coagg:::check_panel_index(d, c("id", "t"))
  expect_identical(p$n_units, 2L)
  expect_identical(p$t_i, c(3L, 2L))
  expect_false(p$balanced)
  expect_identical(p$order, c(3L, 5L, 2L, 4L, 1L))
  d2 <- data.frame(id = c(1, 1, 2, 2), t = c(1, 3, 1, 3))
  expect_false(coagg:::check_panel_index(d2, c("id", "t"))$gaps)
})
