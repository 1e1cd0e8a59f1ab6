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

test_that("character time that holds numbers is ordered numerically, not alphabetically", {
  d <- data.frame(id = rep(c("a", "b"), each = 12), t = rep(as.character(1:12), 2))
  d <- d[c(24:13, 1:12), ]
  d0 <- d
  p <- coagg:::check_panel_index(d, c("id", "t"))
  expect_identical(d, d0)
  # sorted by (id, numeric time): "2" comes before "10"
  expect_identical(d$t[p$order], rep(as.character(1:12), 2))
  expect_identical(p$time_levels, as.character(1:12))
  expect_identical(p$time_code, as.integer(d$t) - 1L)
  expect_false(p$gaps)
  # the same description as for the numeric column
  dn <- transform(d, t = as.integer(t))
  pn <- coagg:::check_panel_index(dn, c("id", "t"))
  expect_identical(p$order, pn$order)
  expect_identical(p$time_grid, pn$time_grid)
  # two spellings of one number are one period: a duplicate
  d2 <- data.frame(id = c("a", "a", "b"), t = c("1", "01", "1"))
  e <- expect_error(coagg:::check_panel_index(d2, c("id", "t")), class = "coagg_input_error")
  expect_identical(e$row, 2L)
})

test_that("character time that is not numeric is an input error naming column and row", {
  d <- data.frame(id = c("a", "a", "b", "b"), q = c("2001", "2001Q2", "2001", "2001Q2"))
  e <- expect_error(coagg:::check_panel_index(d, c("id", "q")), class = "coagg_input_error")
  expect_identical(e$column, "q")
  expect_identical(e$row, 2L)
  expect_match(conditionMessage(e), '"2001Q2"', fixed = TRUE)
  expect_match(conditionMessage(e), "Date")
  expect_match(conditionMessage(e), "factor")
  # a factor with its levels in time order is accepted
  d$q <- factor(d$q, levels = c("2001", "2001Q2"))
  expect_identical(coagg:::check_panel_index(d, c("id", "q"))$time_levels, c("2001", "2001Q2"))
})

test_that("the calendar of whole-number periods follows the values: a year missing everywhere is a gap", {
  yrs <- c(2000:2004, 2006:2010)                  # 2005 is missing in every unit
  d <- data.frame(id = rep(1:3, each = 10), year = rep(yrs, 3))
  p <- coagg:::check_panel_index(d, c("id", "year"))
  expect_identical(p$time_code, rep(0:9, 3))       # ranks: dense, as before
  expect_identical(p$time_grid, rep(yrs - 2000L, 3))
  expect_identical(p$time_spacing, "values")
  expect_true(p$gaps)
  expect_true(p$balanced)
  expect_null(p$time_note)
  expect_match(p$time_missing, "1 period of the calendar is missing from every unit")
  expect_match(p$time_missing, "between 2004 and 2006")
  # evenly spaced census years: steps of 5, no gap
  d5 <- data.frame(id = rep(1:2, each = 3), year = rep(c(2000, 2005, 2010), 2))
  p5 <- coagg:::check_panel_index(d5, c("id", "year"))
  expect_identical(p5$time_grid, rep(0:2, 2))
  expect_false(p5$gaps)
  expect_null(p5$time_missing)
  # the same for numbers given as text
  dc <- transform(d, year = as.character(year))
  expect_identical(coagg:::check_panel_index(dc, c("id", "year"))$time_grid, p$time_grid)
  # year and month, or year and quarter, in one number: months and quarters
  ym <- c(200110, 200111, 200112, 200201, 200202)
  pm <- coagg:::check_panel_index(data.frame(id = 1, t = ym), c("id", "t"))
  expect_identical(pm$time_grid, 0:4)
  expect_identical(pm$time_spacing, "months")
  expect_null(pm$time_missing)
  yq <- c(20013, 20014, 20021, 20023)            # 2002Q2 missing
  pq <- coagg:::check_panel_index(data.frame(id = 1, t = yq), c("id", "t"))
  expect_identical(pq$time_grid, c(0L, 1L, 2L, 4L))
  expect_identical(pq$time_spacing, "quarters")
})

test_that("Dates, factors and uneven periods: calendar when it can be found, a note when not", {
  q <- seq(as.Date("2001-01-01"), by = "quarter", length.out = 8)[-4]   # one quarter missing
  d <- data.frame(id = rep(1:2, each = 7), t = rep(q, 2))
  p <- coagg:::check_panel_index(d, c("id", "t"))
  expect_identical(p$time_spacing, "months")
  expect_identical(p$time_grid, rep(c(0:2, 4:7), 2))
  expect_true(p$gaps)
  # factor levels are the calendar: an unused level between used ones is a gap
  f <- factor(c("y1", "y3"), levels = c("y1", "y2", "y3"))
  pf <- coagg:::check_panel_index(data.frame(id = c(1, 1), t = f), c("id", "t"))
  expect_identical(pf$time_grid, c(0L, 2L))
  expect_true(pf$gaps)
  # month ends: uneven days, no calendar; the caller gets a note to record
  me <- as.Date(c("2001-01-31", "2001-02-28", "2001-03-31", "2001-05-31"))
  pm <- coagg:::check_panel_index(data.frame(id = 1, t = me), c("id", "t"))
  expect_identical(pm$time_grid, 0:3)
  expect_match(pm$time_note, 'column "t"')
  expect_match(pm$time_note, "not seen as a gap")
  # uneven non-whole numbers and whole numbers far too sparse for a calendar
  expect_match(coagg:::check_panel_index(data.frame(id = 1, t = c(0.5, 1, 2.2)),
                                         c("id", "t"))$time_note, "unevenly")
  ps <- coagg:::check_panel_index(data.frame(id = 1, t = c(1, 2, 1e9)), c("id", "t"))
  expect_identical(ps$time_grid, 0:2)
  expect_match(ps$time_note, "distinct periods")
})
